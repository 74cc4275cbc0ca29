package rows

import (
	"strings"

	"studio/introspect"
	"studio/sqllex"
)

// constrain fills what the table's constraints say about each column:
// the values a CHECK (col IN (...)) allows, single-column uniqueness and
// the CHECK expressions that name the column, for filters and forms.
func (t *Table) constrain(it *introspect.Table) {
	eng := t.engine()
	for i := range t.Columns {
		c := &t.Columns[i]
		for _, ck := range it.Checks {
			if !mentions(eng, ck.Expr, c.Name, t.Dialect) {
				continue
			}
			c.Checks = append(c.Checks, ck.Expr)
			if vals := checkChoices(eng, ck.Expr, c.Name, t.Dialect); vals != nil && c.Choices == nil {
				c.Choices = vals
			}
		}
		c.Unique = c.Key && len(t.Key) == 1 && !t.Pseudo
		for _, u := range it.Uniques {
			c.Unique = c.Unique || len(u.Columns) == 1 && u.Columns[0] == c.Name
		}
		for _, ix := range it.Indexes {
			c.Unique = c.Unique || ix.Unique && !ix.Expression && ix.Where == nil && len(ix.Columns) == 1 && ix.Columns[0] == c.Name
		}
	}
}

// significantTokens are expr's tokens without whitespace and comments.
func significantTokens(expr string, d sqllex.Dialect) []sqllex.Token {
	var out []sqllex.Token
	for _, tok := range sqllex.Tokenize(expr, d) {
		if !tok.Trivia() {
			out = append(out, tok)
		}
	}
	return out
}

// mentions reports whether the expression names column col.
func mentions(eng engine, expr, col string, d sqllex.Dialect) bool {
	for _, tok := range significantTokens(expr, d) {
		if (tok.Kind == sqllex.Word || tok.Kind == sqllex.Quoted) && eng.resolves(col, tok) {
			return true
		}
	}
	return false
}

// checkChoices reads a CHECK that allows a list of values of column col:
// SQLite's `col IN ('a', 'b')` as written, PostgreSQL's as it prints it
// back, `((col)::text = ANY ((ARRAY['a'::character varying, ...])::text[]))`.
// Parentheses and casts carry no meaning here and are dropped; anything
// more than that one test (an OR, a second column) is no list: nil.
func checkChoices(eng engine, expr, col string, d sqllex.Dialect) []string {
	var toks []sqllex.Token
	all := significantTokens(expr, d)
	for i := 0; i < len(all); i++ {
		tok := all[i]
		switch {
		case tok.IsPunct("(") || tok.IsPunct(")"):
		case tok.IsPunct("::"):
			for i+1 < len(all) && (all[i+1].Kind == sqllex.Word || all[i+1].IsPunct("[") && i+2 < len(all) && all[i+2].IsPunct("]")) {
				if all[i+1].IsPunct("[") {
					i++
				}
				i++
			}
		default:
			toks = append(toks, tok)
		}
	}
	if len(toks) > 0 && toks[0].Is("CHECK") {
		toks = toks[1:]
	}
	if len(toks) < 3 || !(toks[0].Kind == sqllex.Word || toks[0].Kind == sqllex.Quoted) || !eng.resolves(col, toks[0]) {
		return nil
	}
	rest := toks[1:]
	switch {
	case rest[0].Is("IN"):
		rest = rest[1:]
	case len(rest) > 4 && rest[0].IsPunct("=") && rest[1].Is("ANY") && rest[2].Is("ARRAY") && rest[3].IsPunct("[") && rest[len(rest)-1].IsPunct("]"):
		rest = rest[4 : len(rest)-1]
	default:
		return nil
	}
	var vals []string
	for i, tok := range rest {
		switch {
		case i%2 == 1 && tok.IsPunct(","):
		case i%2 == 0 && tok.Kind == sqllex.String:
			vals = append(vals, tok.Ident())
		case i%2 == 0 && tok.Kind == sqllex.Number:
			vals = append(vals, tok.Text)
		default:
			return nil
		}
	}
	if len(rest)%2 == 0 {
		return nil
	}
	return vals
}

// Hints says, in a reader's words, the rules a value of c must follow
// beyond its type and NOT NULL: unique, the CHECKs naming it.
func (c Column) Hints() []string {
	var out []string
	if c.Unique {
		out = append(out, "unique")
	}
	for _, ck := range c.Checks {
		out = append(out, "check: "+strings.TrimSpace(ck))
	}
	return out
}
