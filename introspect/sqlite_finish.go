package introspect

import (
	"slices"
	"strings"

	"studio/sqliteddl"
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
			t.Definition = sqliteddl.ViewSelect(t.DDL)
		}
		for i := range t.ForeignKeys {
			c.resolveParent(k.schema, &t.ForeignKeys[i])
		}
	}
	for _, o := range c.triggers {
		if _, t := c.lookup(o.schema, o.tblName); t != nil {
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

// resolveParent spells a foreign key's parent table as the table itself
// does, and fills in the parent's primary key for a key written as
// "REFERENCES parent" with no column list. A parent that does not exist
// is left as written.
func (c *sqliteCatalog) resolveParent(schema string, fk *ForeignKey) {
	k, p := c.lookup(schema, fk.RefTable)
	if p == nil {
		return
	}
	fk.RefTable = k.name
	if len(fk.RefColumns) == 0 {
		fk.RefColumns = slices.Clone(p.PrimaryKey)
	}
}
