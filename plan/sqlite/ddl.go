package sqlite

import (
	"strings"

	"studio/database"
	"studio/sqliteddl"
)

// canonical is what two tables must share to be the same table: column
// definitions in order, table constraints in order, and the options after
// the list, compared as normalised tokens and without the table's name.
// Columns and constraints are kept apart because ADD COLUMN puts a new
// column before or after the constraints depending on the SQLite version.
// rename maps lower-case old column names to new ones (or is nil).
func canonical(c *sqliteddl.Table, rename map[string]string) string {
	if c.Virtual {
		return "VIRTUAL " + norm(c.Body, nil)
	}
	var b strings.Builder
	for _, it := range c.Columns {
		b.WriteString(norm(it.Toks, rename))
		b.WriteString(" ,\n")
	}
	b.WriteString("|\n")
	for _, it := range c.Constraints {
		b.WriteString(norm(it.Toks, rename))
		b.WriteString(" ,\n")
	}
	b.WriteString("| ")
	b.WriteString(norm(c.Tail, nil))
	return b.String()
}

// withName is the statement creating the same table under another name.
// References qualified with the old name inside the definition (CHECK
// ("t"."a" > 0), which drizzle-kit writes) follow it, since they must
// name the table being created; ALTER TABLE RENAME rewrites them back.
func withName(c *sqliteddl.Table, name string) string {
	old := c.Src[c.NameFrom:c.NameTo]
	oldName := sqliteddl.Tokenize(old)
	var b strings.Builder
	b.WriteString(c.Src[:c.NameFrom])
	b.WriteString(database.QuoteIdent(name))
	at := c.NameTo
	for i, t := range c.Body {
		if len(oldName) == 0 || !t.IsName() || !strings.EqualFold(t.Ident(), oldName[len(oldName)-1].Ident()) ||
			i+1 >= len(c.Body) || !c.Body[i+1].IsPunct(".") || (i > 0 && c.Body[i-1].IsPunct(".")) {
			continue
		}
		b.WriteString(c.Src[at:t.Pos])
		b.WriteString(database.QuoteIdent(name))
		at = t.End
	}
	b.WriteString(c.Src[at:])
	return b.String()
}

// topLevel reports whether toks has the keyword kw outside parentheses.
func topLevel(toks []sqliteddl.Token, kw string) bool {
	for i := 0; i < len(toks); i++ {
		if toks[i].IsPunct("(") {
			i = sqliteddl.Matching(toks, i)
			continue
		}
		if toks[i].Is(kw) {
			return true
		}
	}
	return false
}

// mentions reports whether toks name any of names (lower-case).
func mentions(toks []sqliteddl.Token, names map[string]bool) bool {
	for _, t := range toks {
		if t.IsName() && names[strings.ToLower(t.Ident())] {
			return true
		}
	}
	return false
}

// constant reports whether a DEFAULT is a constant that ALTER TABLE
// ADD COLUMN accepts: a literal, optionally signed or parenthesised.
// CURRENT_TIMESTAMP and other expressions are not.
func constant(expr string) bool {
	toks := sqliteddl.Tokenize(expr)
	if len(toks) >= 3 && toks[0].IsPunct("(") && sqliteddl.Matching(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	if len(toks) == 2 && (toks[0].IsPunct("-") || toks[0].IsPunct("+")) {
		toks = toks[1:]
		return toks[0].Kind == sqliteddl.Word && isDigit(toks[0].Text[0])
	}
	switch {
	case len(toks) == 2 && (toks[0].Is("X")) && toks[1].Kind == sqliteddl.String:
		return true
	case len(toks) != 1:
		return false
	case toks[0].Kind == sqliteddl.String:
		return true
	case toks[0].Kind == sqliteddl.Word:
		t := toks[0]
		return isDigit(t.Text[0]) || t.Is("NULL") || t.Is("TRUE") || t.Is("FALSE")
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNull reports a DEFAULT that is NULL (or none).
func isNull(dflt *string) bool {
	if dflt == nil {
		return true
	}
	toks := sqliteddl.Tokenize(*dflt)
	for len(toks) >= 3 && toks[0].IsPunct("(") && sqliteddl.Matching(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	return len(toks) == 1 && toks[0].Is("NULL")
}

// affinity is the type affinity SQLite derives from a declared type.
func affinity(typ string) string {
	t := strings.ToUpper(typ)
	switch {
	case strings.Contains(t, "INT"):
		return "INTEGER"
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return "TEXT"
	case strings.Contains(t, "BLOB"), strings.TrimSpace(t) == "":
		return "BLOB"
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}

// converts reports whether moving values from a column of type from
// to one of type to can change stored values: the new affinity converts
// them (TEXT '007' becomes INTEGER 7, large integers become REAL).
// INTEGER and NUMERIC store values alike, and BLOB converts nothing.
func converts(from, to string) bool {
	a, b := affinity(from), affinity(to)
	if a == b || b == "BLOB" {
		return false
	}
	return !((a == "INTEGER" || a == "NUMERIC") && (b == "INTEGER" || b == "NUMERIC"))
}
