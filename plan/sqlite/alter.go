package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
	"studio/sqliteddl"
)

// alterPath returns the ALTER TABLE statements that turn the live table
// into the desired one, when ALTER alone can: columns renamed (only as
// Options.Renames says), dropped where SQLite allows DROP COLUMN, and
// appended where it allows ADD COLUMN, with every other column, every
// table constraint and the table options identical. ok is false when a
// rebuild is needed.
func (d *diff) alterPath(c *tableChange, lc, wc *sqliteddl.Table) (steps []step.Step, ok bool) {
	ren := d.renames[c.name]
	if norm(lc.Tail, nil) != norm(wc.Tail, nil) || len(lc.Constraints) != len(wc.Constraints) {
		return nil, false
	}
	for i := range lc.Constraints {
		if norm(lc.Constraints[i].Toks, ren) != norm(wc.Constraints[i].Toks, nil) {
			return nil, false
		}
	}
	var kept, dropped []sqliteddl.Item
	for _, it := range lc.Columns {
		if _, ok := wc.Column(renamed(ren, it.Name)); ok {
			kept = append(kept, it)
		} else {
			dropped = append(dropped, it)
		}
	}
	if len(wc.Columns) < len(kept) {
		return nil, false
	}
	for i, it := range kept {
		if norm(it.Toks, ren) != norm(wc.Columns[i].Toks, nil) {
			return nil, false // changed or moved
		}
	}
	added := wc.Columns[len(kept):]
	for _, it := range added {
		if !addable(c.want, it) {
			return nil, false
		}
	}
	for _, it := range dropped {
		if !droppable(c.live, lc, it) {
			return nil, false
		}
	}
	return d.alterSteps(c, lc, wc, dropped, added), true
}

// renamed is the name a live column has in the desired table.
func renamed(ren map[string]string, name string) string {
	if to, ok := ren[strings.ToLower(name)]; ok {
		return to
	}
	return name
}

// alterSteps writes the renames, drops and adds, in that order.
func (d *diff) alterSteps(c *tableChange, lc, wc *sqliteddl.Table, dropped, added []sqliteddl.Item) []step.Step {
	var steps []step.Step
	table := c.want.Name
	for _, it := range lc.Columns {
		to, ok := d.renames[c.name][strings.ToLower(it.Name)]
		if !ok {
			continue
		}
		steps = append(steps, step.Step{
			SQL:    fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", database.QuoteIdent(table), database.QuoteIdent(it.Name), database.QuoteIdent(to)),
			Action: "rename", ObjectKind: "column", Object: table + "." + it.Name, Table: table,
			Reason: fmt.Sprintf("rename column %s to %s (as --rename asks)", it.Name, to),
		})
	}
	c.droppedCols = map[string]bool{}
	for _, it := range dropped {
		c.droppedCols[strings.ToLower(it.Name)] = true
		steps = append(steps, step.Step{
			SQL:    fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", database.QuoteIdent(table), database.QuoteIdent(it.Name)),
			Action: "alter", ObjectKind: "column", Object: table + "." + it.Name, Table: table,
			Destructive: true, Reason: fmt.Sprintf("drops column %s.%s and its values", table, it.Name),
			CountSQL: count(c.live.Name, database.QuoteIdent(it.Name)+" IS NOT NULL"),
		})
	}
	for _, it := range added {
		steps = append(steps, step.Step{
			SQL:    fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", database.QuoteIdent(table), it.Text(wc.Src)),
			Action: "alter", ObjectKind: "column", Object: table + "." + it.Name, Table: table,
			Reason: addReason(c.want, it.Name),
		})
	}
	return steps
}

func addReason(t *introspect.Table, name string) string {
	col := column(t, name)
	if col != nil && !col.Nullable {
		return fmt.Sprintf("new column %s.%s (NOT NULL, existing rows get the default)", t.Name, name)
	}
	return fmt.Sprintf("new column %s.%s", t.Name, name)
}

// column finds a column of t by name (case-insensitive).
func column(t *introspect.Table, name string) *introspect.Column {
	for i := range t.Columns {
		if strings.EqualFold(t.Columns[i].Name, name) {
			return &t.Columns[i]
		}
	}
	return nil
}

// addable reports whether SQLite's ADD COLUMN takes the column on a
// table with rows: no PRIMARY KEY or UNIQUE, a constant default, NOT NULL
// only with a non-NULL default, REFERENCES only with a NULL default, and
// no STORED generated column.
func addable(t *introspect.Table, it sqliteddl.Item) bool {
	col := column(t, it.Name)
	if col == nil || col.PrimaryKey || col.GeneratedKind == "STORED" {
		return false
	}
	if topLevel(it.Toks, "PRIMARY") || topLevel(it.Toks, "UNIQUE") {
		return false
	}
	if col.Default != nil && !constant(*col.Default) {
		return false
	}
	if !col.Nullable && (col.Generated != "" || isNull(col.Default)) {
		return false
	}
	if topLevel(it.Toks, "REFERENCES") && !isNull(col.Default) {
		return false
	}
	return true
}

// droppable reports whether SQLite's DROP COLUMN takes the column: not
// in the primary key, a UNIQUE constraint or a foreign key, and named by
// no other column (generated expressions, CHECKs) nor table constraint.
// Indexes on it are dropped before (the desired schema cannot keep them),
// and views and triggers naming it are dropped and recreated around it.
func droppable(t *introspect.Table, lc *sqliteddl.Table, it sqliteddl.Item) bool {
	name := strings.ToLower(it.Name)
	for _, pk := range t.PrimaryKey {
		if strings.EqualFold(pk, name) {
			return false
		}
	}
	for _, u := range t.Uniques {
		if slices.ContainsFunc(u.Columns, func(c string) bool { return strings.EqualFold(c, name) }) {
			return false
		}
	}
	for _, fk := range t.ForeignKeys {
		if slices.ContainsFunc(fk.Columns, func(c string) bool { return strings.EqualFold(c, name) }) {
			return false
		}
	}
	if topLevel(it.Toks, "PRIMARY") || topLevel(it.Toks, "UNIQUE") || topLevel(it.Toks, "REFERENCES") {
		return false
	}
	names := map[string]bool{name: true}
	for _, other := range lc.Columns {
		if !strings.EqualFold(other.Name, name) && mentions(other.Toks[1:], names) {
			return false
		}
	}
	for _, con := range lc.Constraints {
		if mentions(con.Toks, names) {
			return false
		}
	}
	return true
}
