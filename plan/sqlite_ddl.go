package plan

import (
	"fmt"
	"strings"

	"studio/database"
)

// liteCreate is a parsed CREATE TABLE or CREATE VIRTUAL TABLE statement,
// as SQLite keeps it in sqlite_schema. The planner compares tables on it
// and copies parts of it verbatim into the statements it writes.
type liteCreate struct {
	src string
	// nameFrom and nameTo delimit "[schema.]name" in src.
	nameFrom, nameTo int
	virtual          bool
	// columns and constraints are the items of a table's parenthesised
	// list; tail is what follows it (WITHOUT ROWID, STRICT).
	columns, constraints []liteItem
	tail                 []liteToken
	// module and args are a virtual table's USING module(args).
	module string
	args   [][]liteToken
	// body is everything after the name, for virtual tables.
	body []liteToken
}

// liteItem is one column definition or table constraint.
type liteItem struct {
	name string // the column's name; "" for a table constraint
	toks []liteToken
}

// text is the item's source text.
func (it liteItem) text(src string) string {
	return src[it.toks[0].pos:it.toks[len(it.toks)-1].end]
}

// parseLiteCreate reads a CREATE [TEMP] [VIRTUAL] TABLE [IF NOT EXISTS]
// [schema.]name statement.
func parseLiteCreate(src string) (*liteCreate, error) {
	toks := liteTokenize(src)
	c := &liteCreate{src: src}
	i := 0
	next := func(kws ...string) bool {
		for _, kw := range kws {
			if i < len(toks) && toks[i].is(kw) {
				i++
				return true
			}
		}
		return false
	}
	if !next("CREATE") {
		return nil, fmt.Errorf("not a CREATE TABLE statement: %.60q", src)
	}
	next("TEMP", "TEMPORARY")
	c.virtual = next("VIRTUAL")
	if !next("TABLE") {
		return nil, fmt.Errorf("not a CREATE TABLE statement: %.60q", src)
	}
	if i+2 < len(toks) && toks[i].is("IF") && toks[i+1].is("NOT") && toks[i+2].is("EXISTS") {
		i += 3
	}
	if i >= len(toks) || !toks[i].isName() && toks[i].kind != liteTokString {
		return nil, fmt.Errorf("CREATE TABLE without a name: %.60q", src)
	}
	last := i
	if i+2 < len(toks) && toks[i+1].isPunct(".") {
		last = i + 2
	}
	c.nameFrom, c.nameTo = toks[i].pos, toks[last].end
	c.body = toks[last+1:]
	if c.virtual {
		c.parseUsing(c.body)
		return c, nil
	}
	return c, c.parseItems(c.body)
}

// parseItems splits "( items ) tail" into columns and constraints.
func (c *liteCreate) parseItems(toks []liteToken) error {
	if len(toks) == 0 || !toks[0].isPunct("(") {
		return fmt.Errorf("CREATE TABLE without a column list: %.60q", c.src)
	}
	closing := liteMatching(toks, 0)
	if closing >= len(toks) {
		return fmt.Errorf("CREATE TABLE with unbalanced parentheses: %.60q", c.src)
	}
	for _, part := range liteSplitTop(toks[1:closing]) {
		if len(part) == 0 {
			continue
		}
		if liteStartsConstraint(part[0]) {
			c.constraints = append(c.constraints, liteItem{toks: part})
		} else {
			c.columns = append(c.columns, liteItem{name: part[0].ident(), toks: part})
		}
	}
	c.tail = toks[closing+1:]
	return nil
}

// parseUsing reads "USING module(args)" of a virtual table.
func (c *liteCreate) parseUsing(toks []liteToken) {
	if len(toks) < 2 || !toks[0].is("USING") {
		return
	}
	c.module = strings.ToLower(toks[1].ident())
	if len(toks) > 2 && toks[2].isPunct("(") {
		c.args = liteSplitTop(toks[3:min(liteMatching(toks, 2), len(toks))])
	}
}

func liteStartsConstraint(t liteToken) bool {
	for _, kw := range []string{"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"} {
		if t.is(kw) {
			return true
		}
	}
	return false
}

// canonical is what two tables must share to be the same table: column
// definitions in order, table constraints in order, and the options after
// the list, compared as normalised tokens and without the table's name.
// Columns and constraints are kept apart because ADD COLUMN puts a new
// column before or after the constraints depending on the SQLite version.
// rename maps lower-case old column names to new ones (or is nil).
func (c *liteCreate) canonical(rename map[string]string) string {
	if c.virtual {
		return "VIRTUAL " + liteNorm(c.body, nil)
	}
	var b strings.Builder
	for _, it := range c.columns {
		b.WriteString(liteNorm(it.toks, rename))
		b.WriteString(" ,\n")
	}
	b.WriteString("|\n")
	for _, it := range c.constraints {
		b.WriteString(liteNorm(it.toks, rename))
		b.WriteString(" ,\n")
	}
	b.WriteString("| ")
	b.WriteString(liteNorm(c.tail, nil))
	return b.String()
}

// withName is the statement creating the same table under another name.
// References qualified with the old name inside the definition (CHECK
// ("t"."a" > 0), which drizzle-kit writes) follow it, since they must
// name the table being created; ALTER TABLE RENAME rewrites them back.
func (c *liteCreate) withName(name string) string {
	old := c.src[c.nameFrom:c.nameTo]
	oldName := liteTokenize(old)
	var b strings.Builder
	b.WriteString(c.src[:c.nameFrom])
	b.WriteString(database.QuoteIdent(name))
	at := c.nameTo
	for i, t := range c.body {
		if len(oldName) == 0 || !t.isName() || !strings.EqualFold(t.ident(), oldName[len(oldName)-1].ident()) ||
			i+1 >= len(c.body) || !c.body[i+1].isPunct(".") || (i > 0 && c.body[i-1].isPunct(".")) {
			continue
		}
		b.WriteString(c.src[at:t.pos])
		b.WriteString(database.QuoteIdent(name))
		at = t.end
	}
	b.WriteString(c.src[at:])
	return b.String()
}

// column returns the column item named name (case-insensitive).
func (c *liteCreate) column(name string) (liteItem, bool) {
	for _, it := range c.columns {
		if strings.EqualFold(it.name, name) {
			return it, true
		}
	}
	return liteItem{}, false
}

// option returns the value of a virtual table's "key = value" argument
// (FTS content=, content_rowid=), and whether it is given.
func (c *liteCreate) option(key string) (string, bool) {
	for _, arg := range c.args {
		if len(arg) >= 3 && arg[0].is(key) && arg[1].isPunct("=") {
			return arg[2].ident(), true
		}
	}
	return "", false
}

// externalContent is the content table of an external-content FTS table
// ("" when its content is its own or it has none).
func (c *liteCreate) externalContent() string {
	if !strings.HasPrefix(c.module, "fts") {
		return ""
	}
	v, _ := c.option("content")
	return v
}

// contentless reports a contentless FTS table, declared with an empty
// content option: it keeps only the index, so its rows cannot be read
// back.
func (c *liteCreate) contentless() bool {
	v, ok := c.option("content")
	return ok && v == ""
}

// topLevel reports whether toks has the keyword kw outside parentheses.
func liteTopLevel(toks []liteToken, kw string) bool {
	for i := 0; i < len(toks); i++ {
		if toks[i].isPunct("(") {
			i = liteMatching(toks, i)
			continue
		}
		if toks[i].is(kw) {
			return true
		}
	}
	return false
}

// liteMentions reports whether toks name any of names (lower-case).
func liteMentions(toks []liteToken, names map[string]bool) bool {
	for _, t := range toks {
		if t.isName() && names[strings.ToLower(t.ident())] {
			return true
		}
	}
	return false
}

// liteConstant reports whether a DEFAULT is a constant that ALTER TABLE
// ADD COLUMN accepts: a literal, optionally signed or parenthesised.
// CURRENT_TIMESTAMP and other expressions are not.
func liteConstant(expr string) bool {
	toks := liteTokenize(expr)
	if len(toks) >= 3 && toks[0].isPunct("(") && liteMatching(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	if len(toks) == 2 && (toks[0].isPunct("-") || toks[0].isPunct("+")) {
		toks = toks[1:]
		return toks[0].kind == liteTokWord && liteIsDigit(toks[0].text[0])
	}
	switch {
	case len(toks) == 2 && (toks[0].is("X")) && toks[1].kind == liteTokString:
		return true
	case len(toks) != 1:
		return false
	case toks[0].kind == liteTokString:
		return true
	case toks[0].kind == liteTokWord:
		t := toks[0]
		return liteIsDigit(t.text[0]) || t.is("NULL") || t.is("TRUE") || t.is("FALSE")
	}
	return false
}

// liteIsNull reports a DEFAULT that is NULL (or none).
func liteIsNull(dflt *string) bool {
	if dflt == nil {
		return true
	}
	toks := liteTokenize(*dflt)
	for len(toks) >= 3 && toks[0].isPunct("(") && liteMatching(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	return len(toks) == 1 && toks[0].is("NULL")
}

// liteAffinity is the type affinity SQLite derives from a declared type.
func liteAffinity(typ string) string {
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

// liteConverts reports whether moving values from a column of type from
// to one of type to can change stored values: the new affinity converts
// them (TEXT '007' becomes INTEGER 7, large integers become REAL).
// INTEGER and NUMERIC store values alike, and BLOB converts nothing.
func liteConverts(from, to string) bool {
	a, b := liteAffinity(from), liteAffinity(to)
	if a == b || b == "BLOB" {
		return false
	}
	return !((a == "INTEGER" || a == "NUMERIC") && (b == "INTEGER" || b == "NUMERIC"))
}
