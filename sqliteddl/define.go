package sqliteddl

// Column is what a column definition says beyond SQLite's pragmas: the
// declared type, collation, generated expression and DEFAULT as written.
type Column struct {
	Name, Type, Collation, Generated string
	// Default is the DEFAULT expression's text; nil when there is none.
	Default *string
}

// Check is a CHECK constraint of a column or the table; Name is "" when
// it has none.
type Check struct{ Name, Expr string }

// Unique is a UNIQUE constraint of a column or the table.
type Unique struct {
	Name    string
	Columns []string
}

// Definitions reads the column definitions and the CHECK and UNIQUE
// constraints (of columns and of the table, in order) of a table. Text it
// does not understand is skipped: the pragmas stay the source of truth
// for structure.
func (c *Table) Definitions() (cols []Column, checks []Check, uniques []Unique) {
	cols = make([]Column, len(c.Columns))
	for i, it := range c.Columns {
		cols[i] = c.column(it, &checks, &uniques)
	}
	for _, it := range c.Constraints {
		c.tableConstraint(it.Toks, &checks, &uniques)
	}
	return cols, checks, uniques
}

// startsColumnConstraint reports the words that end a column's type.
func startsColumnConstraint(t Token) bool {
	return isAny(t, "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
		"DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS")
}

// column reads one column definition: name, type, then constraints,
// whose CHECKs and UNIQUEs it appends to checks and uniques.
func (c *Table) column(it Item, checks *[]Check, uniques *[]Unique) (col Column) {
	src, item := c.Src, it.Toks
	col.Name = it.Name
	i := 1
	for i < len(item) && !startsColumnConstraint(item[i]) {
		if item[i].IsPunct("(") {
			i = Matching(item, i)
		}
		i++
	}
	col.Type = Span(src, item[1:min(i, len(item))])
	pending := "" // the name given by CONSTRAINT to the next constraint
	for ; i < len(item); i++ {
		t := item[i]
		switch {
		case t.Is("CONSTRAINT") && i+1 < len(item):
			pending = item[i+1].Ident()
			i++
			continue
		case t.IsPunct("("):
			i = Matching(item, i)
			continue
		case t.Is("CHECK") && i+1 < len(item) && item[i+1].IsPunct("("):
			end := Matching(item, i+1)
			*checks = append(*checks, Check{Name: pending, Expr: Between(src, item, i+1, end)})
			i = end
		case t.Is("AS") && i+1 < len(item) && item[i+1].IsPunct("("):
			end := Matching(item, i+1)
			col.Generated = Between(src, item, i+1, end)
			i = end
		case t.Is("COLLATE") && i+1 < len(item):
			col.Collation = item[i+1].Ident()
			i++
		case t.Is("DEFAULT") && i+1 < len(item):
			end := defaultEnd(item, i+1)
			text := Span(src, item[i+1:end+1])
			col.Default = &text
			i = end
		case t.Is("UNIQUE"):
			*uniques = append(*uniques, Unique{Name: pending, Columns: []string{it.Name}})
		}
		if startsColumnConstraint(t) {
			pending = ""
		}
	}
	return col
}

// defaultEnd returns the index of the last token of the DEFAULT value
// starting at item[i]: a parenthesised expression, a signed number, or a
// single literal.
func defaultEnd(item []Token, i int) int {
	switch {
	case item[i].IsPunct("("):
		return min(Matching(item, i), len(item)-1)
	case (item[i].IsPunct("-") || item[i].IsPunct("+")) && i+1 < len(item):
		return i + 1
	}
	return i
}

// tableConstraint reads a table-level CHECK or UNIQUE constraint into
// checks or uniques.
func (c *Table) tableConstraint(item []Token, checks *[]Check, uniques *[]Unique) {
	name, i := "", 0
	if item[0].Is("CONSTRAINT") && len(item) > 1 {
		name, i = item[1].Ident(), 2
	}
	if i+1 >= len(item) || !item[i+1].IsPunct("(") {
		return
	}
	end := Matching(item, i+1)
	switch {
	case item[i].Is("CHECK"):
		*checks = append(*checks, Check{Name: name, Expr: Between(c.Src, item, i+1, end)})
	case item[i].Is("UNIQUE"):
		var cols []string
		for _, part := range SplitTop(item[i+2 : end]) {
			if len(part) > 0 {
				cols = append(cols, part[0].Ident())
			}
		}
		*uniques = append(*uniques, Unique{Name: name, Columns: cols})
	}
}
