package sqliteddl

import (
	"fmt"
	"strings"
)

// Table is a parsed CREATE TABLE or CREATE VIRTUAL TABLE statement.
type Table struct {
	// Src is the statement; NameFrom and NameTo delimit "[schema.]name"
	// in it.
	Src              string
	NameFrom, NameTo int
	Virtual          bool
	// Columns and Constraints are the items of a table's parenthesised
	// list, in order (SQLite wants every column before the first table
	// constraint); Tail is what follows the list (WITHOUT ROWID, STRICT).
	Columns, Constraints []Item
	Tail                 []Token
	// Module (lower-cased) and Args are a virtual table's USING
	// module(args).
	Module string
	Args   [][]Token
	// Body is every token after the name.
	Body []Token
	// toks are all the statement's tokens.
	toks []Token
}

// Item is one column definition or table constraint.
type Item struct {
	// Name is the column's name; "" for a table constraint.
	Name string
	Toks []Token
}

// Text is the item's source text in src.
func (it Item) Text(src string) string { return Span(src, it.Toks) }

// ParseTable reads a CREATE [TEMP] [VIRTUAL] TABLE [IF NOT EXISTS]
// [schema.]name statement: a table's column list, or a virtual table's
// USING clause. A statement without a name or a balanced column list is
// an error.
func ParseTable(src string) (*Table, error) {
	toks := Tokenize(src)
	c := &Table{Src: src, toks: toks}
	i := 0
	next := func(kws ...string) bool {
		for _, kw := range kws {
			if i < len(toks) && toks[i].Is(kw) {
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
	c.Virtual = next("VIRTUAL")
	if !next("TABLE") {
		return nil, fmt.Errorf("not a CREATE TABLE statement: %.60q", src)
	}
	if i+2 < len(toks) && toks[i].Is("IF") && toks[i+1].Is("NOT") && toks[i+2].Is("EXISTS") {
		i += 3
	}
	if i >= len(toks) || !toks[i].IsName() && toks[i].Kind != String {
		return nil, fmt.Errorf("CREATE TABLE without a name: %.60q", src)
	}
	last := i
	if i+2 < len(toks) && toks[i+1].IsPunct(".") {
		last = i + 2
	}
	c.NameFrom, c.NameTo = toks[i].Pos, toks[last].End
	c.Body = toks[last+1:]
	if c.Virtual {
		c.parseUsing(c.Body)
		return c, nil
	}
	return c, c.parseItems(c.Body)
}

// parseItems splits "( items ) tail" into columns and constraints.
func (c *Table) parseItems(toks []Token) error {
	if len(toks) == 0 || !toks[0].IsPunct("(") {
		return fmt.Errorf("CREATE TABLE without a column list: %.60q", c.Src)
	}
	closing := Matching(toks, 0)
	if closing >= len(toks) {
		return fmt.Errorf("CREATE TABLE with unbalanced parentheses: %.60q", c.Src)
	}
	parts := SplitTop(toks[1:closing])
	c.Columns = make([]Item, 0, len(parts))
	for _, part := range parts {
		if len(part) == 0 {
			continue
		}
		if startsTableConstraint(part[0]) {
			c.Constraints = append(c.Constraints, Item{Toks: part})
		} else {
			c.Columns = append(c.Columns, Item{Name: part[0].Ident(), Toks: part})
		}
	}
	c.Tail = toks[closing+1:]
	return nil
}

// parseUsing reads "USING module(args)" of a virtual table.
func (c *Table) parseUsing(toks []Token) {
	if len(toks) < 2 || !toks[0].Is("USING") {
		return
	}
	c.Module = strings.ToLower(toks[1].Ident())
	if len(toks) > 2 && toks[2].IsPunct("(") {
		c.Args = SplitTop(toks[3:min(Matching(toks, 2), len(toks))])
	}
}

func startsTableConstraint(t Token) bool {
	return isAny(t, "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN")
}

// isAny reports whether t is one of the keywords kws.
func isAny(t Token, kws ...string) bool {
	for _, kw := range kws {
		if t.Is(kw) {
			return true
		}
	}
	return false
}

// Column returns the column item named name (case-insensitive).
func (c *Table) Column(name string) (Item, bool) {
	for _, it := range c.Columns {
		if strings.EqualFold(it.Name, name) {
			return it, true
		}
	}
	return Item{}, false
}

// Option returns the value of a virtual table's "key = value" argument
// (FTS content=, content_rowid=), and whether it is given.
func (c *Table) Option(key string) (string, bool) {
	for _, arg := range c.Args {
		if len(arg) >= 3 && arg[0].Is(key) && arg[1].IsPunct("=") {
			return arg[2].Ident(), true
		}
	}
	return "", false
}

// AutoIncrement reports whether the statement says AUTOINCREMENT.
func (c *Table) AutoIncrement() bool {
	for _, t := range c.toks {
		if t.Is("AUTOINCREMENT") {
			return true
		}
	}
	return false
}

// ExternalContent is the content table of an external-content FTS table
// ("" when its content is its own or it has none).
func (c *Table) ExternalContent() string {
	if !strings.HasPrefix(c.Module, "fts") {
		return ""
	}
	v, _ := c.Option("content")
	return v
}

// Contentless reports a contentless FTS table, declared with an empty
// content option: it keeps only the index, so its rows cannot be read
// back.
func (c *Table) Contentless() bool {
	v, ok := c.Option("content")
	return ok && v == ""
}
