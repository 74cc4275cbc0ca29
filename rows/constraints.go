package rows

import (
	"slices"
	"strconv"
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
		c.Rules = c.rules(t.Dialect)
	}
}

// bareTokens are a CHECK expression's tokens without CHECK, whitespace,
// comments, parentheses and casts: enough to recognise the simple forms
// (a list, a range, a length, a pattern) that forms can check too.
func bareTokens(expr string, d sqllex.Dialect) []sqllex.Token {
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
	return toks
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
	toks := bareTokens(expr, d)
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

// Rules are the simple rules a form can check before it submits (the
// database still checks every one): a length from varchar(n) or a CHECK
// on length(col), a range from a CHECK with BETWEEN, >=, <=, and a
// pattern from a CHECK with GLOB, as an HTML pattern. Zero values: none.
type Rules struct {
	MinLen, MaxLen int
	Min, Max       string
	Pattern        string
}

// rules reads c's declared length and the CHECKs of c that have one of
// the simple forms; other CHECKs are only shown (Hints).
func (c Column) rules(d sqllex.Dialect) Rules {
	var r Rules
	if c.Kind == KindText {
		if _, n, ok := strings.Cut(c.Type, "("); ok {
			r.MaxLen, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(n), ")"))
		}
	}
	for _, ck := range c.Checks {
		for _, part := range conjuncts(bareTokens(ck, d)) {
			r.read(c, part, engineOf(d))
		}
	}
	return r
}

// conjuncts splits a test on AND, as PostgreSQL prints a BETWEEN
// (a >= 1 AND a <= 5); a BETWEEN as written stays whole.
func conjuncts(toks []sqllex.Token) [][]sqllex.Token {
	if slices.ContainsFunc(toks, func(t sqllex.Token) bool { return t.Is("BETWEEN") }) {
		return [][]sqllex.Token{toks}
	}
	var out [][]sqllex.Token
	start := 0
	for i, t := range toks {
		if t.Is("AND") {
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	return append(out, toks[start:])
}

// read adds what one simple test of c says to r.
func (r *Rules) read(c Column, toks []sqllex.Token, eng engine) {
	length := len(toks) > 1 && toks[0].Is("length")
	if length {
		toks = toks[1:]
	}
	if len(toks) < 3 || !(toks[0].Kind == sqllex.Word || toks[0].Kind == sqllex.Quoted) || !eng.resolves(c.Name, toks[0]) {
		return
	}
	lo, hi := rangeOf(toks[1:], length || c.Kind == KindInt)
	switch {
	case length:
		if n, err := strconv.Atoi(lo); err == nil {
			r.MinLen = n
		}
		if n, err := strconv.Atoi(hi); err == nil && (r.MaxLen == 0 || n < r.MaxLen) {
			r.MaxLen = n
		}
	case lo != "" || hi != "":
		if lo != "" {
			r.Min = lo
		}
		if hi != "" {
			r.Max = hi
		}
	case len(toks) == 3 && toks[1].Is("GLOB") && toks[2].Kind == sqllex.String:
		r.Pattern = globPattern(toks[2].Ident())
	case len(toks) == 3 && toks[1].IsPunct("~") && toks[2].Kind == sqllex.String:
		r.Pattern = regexPattern(toks[2].Ident())
	}
}

// rangeOf reads "BETWEEN a AND b", ">= a", "<= b" (and, when the values
// are integers, > or <) after a column: the bounds, "" where none.
func rangeOf(toks []sqllex.Token, ints bool) (lo, hi string) {
	num := func(t sqllex.Token) bool { return t.Kind == sqllex.Number }
	switch {
	case len(toks) == 4 && toks[0].Is("BETWEEN") && num(toks[1]) && toks[2].Is("AND") && num(toks[3]):
		return toks[1].Text, toks[3].Text
	case len(toks) == 2 && num(toks[1]):
		n, err := strconv.ParseInt(toks[1].Text, 10, 64)
		if !ints {
			err = strconv.ErrSyntax
		}
		switch op := toks[0].Text; {
		case op == ">=":
			return toks[1].Text, ""
		case op == "<=":
			return "", toks[1].Text
		case op == ">" && err == nil:
			return strconv.FormatInt(n+1, 10), ""
		case op == "<" && err == nil:
			return "", strconv.FormatInt(n-1, 10)
		}
	}
	return "", ""
}

// regexPattern turns a PostgreSQL regular expression anchored at both
// ends and made of plain characters, classes, groups and counts into an
// HTML pattern ("" for anything else): '^#[0-9a-f]{6}$' becomes
// "#[0-9a-f]{6}". Backslashes and the like read differently in the
// browser, so they are left to the database.
func regexPattern(re string) string {
	body, anchored := strings.CutPrefix(re, "^")
	body, ended := strings.CutSuffix(body, "$")
	if !anchored || !ended || body == "" {
		return ""
	}
	if strings.Trim(body, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#@_ -[]{},.*+?()|") != "" {
		return ""
	}
	return body
}

// globPattern turns a GLOB made of literal characters, ? and [classes]
// of letters and digits into an HTML pattern ("" for anything else):
// '#[0-9a-f][0-9a-f]...' becomes "#[0-9a-f][0-9a-f]...".
func globPattern(g string) string {
	var b strings.Builder
	for i := 0; i < len(g); i++ {
		ch := g[i]
		switch {
		case ch == '?':
			b.WriteString(".")
		case ch == '*':
			b.WriteString(".*")
		case ch == '[':
			end := strings.IndexByte(g[i:], ']')
			if end < 2 {
				return ""
			}
			class := g[i+1 : i+end]
			if strings.Trim(class, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
				return ""
			}
			b.WriteString("[" + class + "]")
			i += end
		case ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '#' || ch == '_' || ch == ' ' || ch == '@':
			b.WriteByte(ch)
		default:
			return ""
		}
	}
	return b.String()
}
