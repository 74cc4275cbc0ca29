package introspect

import "strings"

// tableDDL is what a CREATE TABLE statement tells beyond SQLite's pragmas:
// declared types as written, collations, generated expressions, CHECK and
// UNIQUE constraints with their names, and AUTOINCREMENT.
type tableDDL struct {
	columns       map[string]columnDDL // keyed by lower-case column name
	checks        []Check
	uniques       []Unique
	autoIncrement bool
}

// columnDDL is one column definition's text parts.
type columnDDL struct {
	typ, collation, generated string
	dflt                      *string
}

// parseCreateTable reads the column definitions and table constraints of
// a CREATE TABLE statement. Text it does not understand is skipped, never
// an error: the pragmas stay the source of truth for structure.
func parseCreateTable(src string) tableDDL {
	d := tableDDL{columns: map[string]columnDDL{}}
	toks := tokenize(src)
	open := -1
	for i, t := range toks {
		if t.is("AUTOINCREMENT") {
			d.autoIncrement = true
		}
		if open < 0 && t.isPunct("(") {
			open = i
		}
	}
	if open < 0 {
		return d
	}
	closing := matching(toks, open)
	for _, item := range splitTop(toks[open+1 : closing]) {
		if len(item) == 0 {
			continue
		}
		if startsTableConstraint(item[0]) {
			d.tableConstraint(src, item)
		} else {
			d.column(src, item)
		}
	}
	return d
}

func startsTableConstraint(t token) bool {
	for _, kw := range []string{"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"} {
		if t.is(kw) {
			return true
		}
	}
	return false
}

// startsColumnConstraint reports the words that end a column's type.
func startsColumnConstraint(t token) bool {
	for _, kw := range []string{"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
		"DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"} {
		if t.is(kw) {
			return true
		}
	}
	return false
}

// column reads one column definition: name, type, then constraints.
func (d *tableDDL) column(src string, item []token) {
	name := item[0].ident()
	var c columnDDL
	i := 1
	for i < len(item) && !startsColumnConstraint(item[i]) {
		if item[i].isPunct("(") {
			i = matching(item, i)
		}
		i++
	}
	c.typ = span(src, item[1:min(i, len(item))])
	pending := "" // the name given by CONSTRAINT to the next constraint
	for ; i < len(item); i++ {
		t := item[i]
		switch {
		case t.is("CONSTRAINT") && i+1 < len(item):
			pending = item[i+1].ident()
			i++
			continue
		case t.isPunct("("):
			i = matching(item, i)
			continue
		case t.is("CHECK") && i+1 < len(item) && item[i+1].isPunct("("):
			end := matching(item, i+1)
			d.checks = append(d.checks, Check{Name: pending, Expr: between(src, item, i+1, end)})
			i = end
		case t.is("AS") && i+1 < len(item) && item[i+1].isPunct("("):
			end := matching(item, i+1)
			c.generated = between(src, item, i+1, end)
			i = end
		case t.is("COLLATE") && i+1 < len(item):
			c.collation = item[i+1].ident()
			i++
		case t.is("DEFAULT") && i+1 < len(item):
			end := defaultEnd(item, i+1)
			text := span(src, item[i+1:end+1])
			c.dflt = &text
			i = end
		case t.is("UNIQUE"):
			d.uniques = append(d.uniques, Unique{Name: pending, Columns: []string{name}})
		}
		if startsColumnConstraint(t) {
			pending = ""
		}
	}
	d.columns[strings.ToLower(name)] = c
}

// defaultEnd returns the index of the last token of the DEFAULT value
// starting at item[i]: a parenthesised expression, a signed number, or a
// single literal.
func defaultEnd(item []token, i int) int {
	switch {
	case item[i].isPunct("("):
		return min(matching(item, i), len(item)-1)
	case (item[i].isPunct("-") || item[i].isPunct("+")) && i+1 < len(item):
		return i + 1
	}
	return i
}

// tableConstraint reads a table-level CHECK or UNIQUE constraint.
func (d *tableDDL) tableConstraint(src string, item []token) {
	name, i := "", 0
	if item[0].is("CONSTRAINT") && len(item) > 1 {
		name, i = item[1].ident(), 2
	}
	if i+1 >= len(item) || !item[i+1].isPunct("(") {
		return
	}
	end := matching(item, i+1)
	switch {
	case item[i].is("CHECK"):
		d.checks = append(d.checks, Check{Name: name, Expr: between(src, item, i+1, end)})
	case item[i].is("UNIQUE"):
		var cols []string
		for _, part := range splitTop(item[i+2 : end]) {
			if len(part) > 0 {
				cols = append(cols, part[0].ident())
			}
		}
		d.uniques = append(d.uniques, Unique{Name: name, Columns: cols})
	}
}

// indexDDL is what a CREATE INDEX statement tells: the text of each
// indexed part, in order, and the partial-index predicate.
type indexDDL struct {
	parts []string
	where *string
}

// parseCreateIndex reads the parts list after ON table and the WHERE
// clause. Each part's text drops a trailing ASC/DESC and COLLATE name.
func parseCreateIndex(src string) indexDDL {
	var d indexDDL
	toks := tokenize(src)
	open := -1
	for i := 0; i < len(toks); i++ {
		if toks[i].is("ON") {
			for j := i + 1; j < len(toks); j++ {
				if toks[j].isPunct("(") {
					open = j
					break
				}
			}
			break
		}
	}
	if open < 0 {
		return d
	}
	closing := matching(toks, open)
	for _, part := range splitTop(toks[open+1 : closing]) {
		d.parts = append(d.parts, indexPartText(src, part))
	}
	if closing+1 < len(toks) && toks[closing+1].is("WHERE") {
		w := strings.TrimRight(strings.TrimSpace(src[toks[closing+1].end:]), ";")
		w = strings.TrimSpace(w)
		d.where = &w
	}
	return d
}

func indexPartText(src string, part []token) string {
	n := len(part)
	if n > 0 && (part[n-1].is("ASC") || part[n-1].is("DESC")) {
		n--
	}
	if n >= 2 && part[n-2].is("COLLATE") {
		n -= 2
	}
	return span(src, part[:n])
}

// parseViewSelect returns the SELECT of a CREATE VIEW statement: the text
// after the first AS outside parentheses (a column list may precede it).
func parseViewSelect(src string) string {
	toks := tokenize(src)
	for i := 0; i < len(toks); i++ {
		if toks[i].isPunct("(") {
			i = matching(toks, i)
			continue
		}
		if toks[i].is("AS") {
			return strings.TrimSpace(src[toks[i].end:])
		}
	}
	return ""
}

// parseModule returns the lower-cased module of a CREATE VIRTUAL TABLE
// statement, e.g. "fts5".
func parseModule(src string) string {
	toks := tokenize(src)
	for i, t := range toks {
		if t.is("USING") && i+1 < len(toks) {
			return strings.ToLower(toks[i+1].ident())
		}
	}
	return ""
}
