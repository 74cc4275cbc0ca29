package sqlite

import (
	"fmt"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
	"studio/sqliteddl"
)

// virtualChange recreates a changed virtual table (they cannot be
// altered). An external-content FTS table is dropped, created and
// re-indexed from its content table, losing nothing; an FTS table that
// keeps its own content is rebuilt by copying its rows; anything else is
// dropped and created, which loses its rows.
func (d *diff) virtualChange(c *tableChange, lc, wc *sqliteddl.Table) []step.Step {
	d.rebuilt[c.name] = true
	switch {
	case wc.ExternalContent() != "":
		return []step.Step{dropVirtual(c.live, lc), createVirtual(c.want), reindex(c.want, "re-index the external content")}
	case strings.HasPrefix(lc.Module, "fts") && lc.Module == wc.Module && lc.ExternalContent() == "" &&
		!lc.Contentless() && !wc.Contentless():
		return d.copyVirtual(c, wc)
	}
	return []step.Step{dropVirtual(c.live, lc), createVirtual(c.want)}
}

// copyVirtual rebuilds an FTS table that keeps its own content: create
// the new one under a temporary name, copy rowids and shared columns,
// drop the old one, rename.
func (d *diff) copyVirtual(c *tableChange, wc *sqliteddl.Table) []step.Step {
	table, tmp := c.want.Name, d.tempName(c.want.Name)
	cols := []string{"rowid"}
	var lost []string
	for _, lcol := range c.live.Columns {
		if wcol := column(c.want, lcol.Name); wcol != nil {
			cols = append(cols, database.QuoteIdent(wcol.Name))
		} else {
			lost = append(lost, database.QuoteIdent(lcol.Name)+" IS NOT NULL")
		}
	}
	list := strings.Join(cols, ", ")
	copyStep := step.Step{
		SQL:    fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", database.QuoteIdent(tmp), list, list, database.QuoteIdent(c.live.Name)),
		Action: "copy", ObjectKind: "virtual table", Object: table, Table: table,
		Reason: "copy every row into the rebuilt full-text table",
	}
	if len(lost) > 0 {
		copyStep.Destructive = true
		copyStep.Reason += ": columns that are dropped lose their values"
		copyStep.CountSQL = count(c.live.Name, strings.Join(lost, " OR "))
	}
	return []step.Step{
		{SQL: withName(wc, tmp), Action: "rebuild", ObjectKind: "virtual table", Object: table, Table: table,
			Reason: "virtual tables cannot be altered, so the table is rebuilt under a temporary name"},
		copyStep,
		{SQL: "DROP TABLE " + database.QuoteIdent(c.live.Name), Action: "drop", ObjectKind: "virtual table", Object: table, Table: table,
			Reason: "the old table, replaced by its copy"},
		{SQL: fmt.Sprintf("ALTER TABLE %s RENAME TO %s", database.QuoteIdent(tmp), database.QuoteIdent(table)),
			Action: "rename", ObjectKind: "virtual table", Object: table, Table: table,
			Reason: "the copy takes the table's name"},
	}
}

// dropVirtual drops a virtual table: destructive unless its content
// lives in another table (external-content FTS), which a rebuild reads
// back.
func dropVirtual(t *introspect.Table, lc *sqliteddl.Table) step.Step {
	s := step.Step{SQL: "DROP TABLE " + database.QuoteIdent(t.Name), Action: "drop", ObjectKind: "virtual table",
		Object: t.Name, Table: t.Name}
	if ext := lc.ExternalContent(); ext != "" {
		s.Reason = "drop the index; its content stays in table " + ext
		return s
	}
	s.Destructive, s.CountSQL = true, count(t.Name, "")
	s.Reason = fmt.Sprintf("drops virtual table %s and the rows it holds", t.Name)
	return s
}

func createVirtual(t *introspect.Table) step.Step {
	return step.Step{SQL: t.DDL, Action: "create", ObjectKind: "virtual table", Object: t.Name, Table: t.Name,
		Reason: "new " + t.Module + " virtual table"}
}

// reindex rebuilds an FTS index from its content table.
func reindex(t *introspect.Table, reason string) step.Step {
	q := database.QuoteIdent(t.Name)
	return step.Step{SQL: fmt.Sprintf("INSERT INTO %s(%s) VALUES('rebuild')", q, q), Action: "rebuild",
		ObjectKind: "virtual table", Object: t.Name, Table: t.Name, Reason: reason}
}

// virtualSteps creates new virtual tables (indexing existing content),
// recreates changed ones, and re-indexes external-content FTS tables whose
// content table was rebuilt (its rowids may have moved).
func (d *diff) virtualSteps() []step.Step {
	var steps []step.Step
	for _, name := range d.want.names {
		t := d.want.rels[name]
		if t.Kind != introspect.KindVirtual {
			continue
		}
		wc, err := sqliteddl.ParseTable(t.DDL)
		ext := ""
		if err == nil {
			ext = strings.ToLower(wc.ExternalContent())
		}
		switch {
		case d.added[name]:
			steps = append(steps, createVirtual(t))
			if ext != "" {
				steps = append(steps, reindex(t, "index the rows already in "+wc.ExternalContent()))
			}
		case d.changed[name] != nil:
			steps = append(steps, d.changed[name].steps...)
		case ext != "" && d.rebuilt[ext]:
			steps = append(steps, reindex(t, "re-index "+wc.ExternalContent()+", which was rebuilt"))
		}
	}
	return steps
}
