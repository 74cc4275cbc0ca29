package introspect

import (
	"slices"
	"strings"
)

// finishTables adds what comes from the statements rather than the
// pragmas: CHECKs, UNIQUE constraints, triggers, AUTOINCREMENT, view
// SELECTs, and the parent key of foreign keys that name only the table.
func (c *sqliteCatalog) finishTables() {
	for _, k := range c.order {
		t := c.tables[k]
		switch t.Kind {
		case KindTable:
			d := c.tableDDL(k)
			t.Checks = d.checks
			t.AutoIncrement = d.autoIncrement
			t.Uniques = uniquesOf(t.Indexes, d.uniques)
		case KindView:
			t.Definition = parseViewSelect(t.DDL)
		}
		for i := range t.ForeignKeys {
			c.resolveRefColumns(k.schema, &t.ForeignKeys[i])
		}
	}
	for _, o := range c.triggers {
		if t := c.tables[relKey{o.schema, o.tblName}]; t != nil {
			t.Triggers = append(t.Triggers, Trigger{Name: o.name, SQL: o.sql})
		}
	}
}

// uniquesOf lists the UNIQUE constraints: one per index SQLite made for a
// UNIQUE clause, named after the clause's CONSTRAINT name when the
// statement gives one (matched on the column list), else "".
func uniquesOf(indexes []Index, declared []Unique) []Unique {
	var out []Unique
	used := make([]bool, len(declared))
	for _, ix := range indexes {
		if ix.Origin != "unique" {
			continue
		}
		u := Unique{Columns: ix.Columns}
		for i, d := range declared {
			if !used[i] && slices.EqualFunc(d.Columns, ix.Columns, strings.EqualFold) {
				u.Name, used[i] = d.Name, true
				break
			}
		}
		out = append(out, u)
	}
	return out
}

// resolveRefColumns fills in the parent's primary key for a foreign key
// written as "REFERENCES parent" with no column list.
func (c *sqliteCatalog) resolveRefColumns(schema string, fk *ForeignKey) {
	if len(fk.RefColumns) > 0 {
		return
	}
	if p := c.tables[relKey{schema, fk.RefTable}]; p != nil {
		fk.RefColumns = slices.Clone(p.PrimaryKey)
		return
	}
	// SQLite matches table names case-insensitively.
	for k, p := range c.tables {
		if k.schema == schema && strings.EqualFold(k.name, fk.RefTable) {
			fk.RefColumns = slices.Clone(p.PrimaryKey)
			return
		}
	}
}
