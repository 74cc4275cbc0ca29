package introspect

import (
	"strings"

	"studio/sqliteddl"
)

// tableDDL is what a CREATE TABLE statement tells beyond SQLite's pragmas:
// declared types as written, collations, generated expressions, CHECK and
// UNIQUE constraints with their names, and AUTOINCREMENT.
type tableDDL struct {
	columns       map[string]sqliteddl.Column // keyed by lower-case column name
	checks        []Check
	uniques       []Unique
	autoIncrement bool
}

// parseCreateTable reads a table's CREATE TABLE with sqliteddl. A
// statement it cannot read tells nothing, never an error: the pragmas stay
// the source of truth for structure.
func parseCreateTable(src string) tableDDL {
	d := tableDDL{columns: map[string]sqliteddl.Column{}}
	t, err := sqliteddl.ParseTable(src)
	if err != nil {
		return d
	}
	d.autoIncrement = t.AutoIncrement()
	cols, checks, uniques := t.Definitions()
	for _, c := range cols {
		d.columns[strings.ToLower(c.Name)] = c
	}
	for _, c := range checks {
		d.checks = append(d.checks, Check{Name: c.Name, Expr: c.Expr})
	}
	for _, u := range uniques {
		d.uniques = append(d.uniques, Unique{Name: u.Name, Columns: u.Columns})
	}
	return d
}

// parseModule returns the lower-cased module of a CREATE VIRTUAL TABLE
// statement, e.g. "fts5".
func parseModule(src string) string {
	t, err := sqliteddl.ParseTable(src)
	if err != nil {
		return ""
	}
	return t.Module
}
