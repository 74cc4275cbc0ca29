package sqlite

import (
	"fmt"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
	"studio/sqliteddl"
)

// rebuild writes SQLite's documented table rebuild: create the desired
// table under a new name, copy the rows, drop the old table, rename the
// new one. Foreign keys are off for the whole plan (Apply switches them
// off before BEGIN), so the drop fires no ON DELETE action and child rows
// stay; indexes, triggers and views come back in later phases, and the
// AUTOINCREMENT counter is carried over. Nothing is deleted to make the
// copy pass: rows that break a new constraint make it fail, and the plan
// with it.
func (d *diff) rebuild(c *tableChange, lc, wc *sqliteddl.Table) []step.Step {
	d.rebuilt[c.name], d.fkOff = true, true
	table, tmp := c.want.Name, d.tempName(c.want.Name)
	why := why(c.live, c.want, d.renames[c.name])
	steps := []step.Step{{
		SQL:    withName(wc, tmp),
		Action: "rebuild", ObjectKind: "table", Object: table, Table: table,
		Reason: "SQLite cannot ALTER this change, so the table is rebuilt: " + why,
	}}
	if c.live.AutoIncrement && c.want.AutoIncrement {
		steps = append(steps, step.Step{
			SQL: fmt.Sprintf("INSERT INTO sqlite_sequence (name, seq) SELECT %s, seq FROM sqlite_sequence WHERE name = %s",
				literal(tmp), literal(c.live.Name)),
			Action: "copy", ObjectKind: "table", Object: table, Table: table,
			Reason: "keep the AUTOINCREMENT counter, so ids of deleted rows are not reused",
		})
	}
	if copyStep, ok := d.copyStep(c, tmp); ok {
		steps = append(steps, copyStep)
	}
	return append(steps,
		step.Step{
			SQL:    "DROP TABLE " + database.QuoteIdent(c.live.Name),
			Action: "drop", ObjectKind: "table", Object: table, Table: table,
			Reason: "the old table, replaced by its copy (foreign keys are off: no ON DELETE action fires)",
		},
		step.Step{
			SQL:    fmt.Sprintf("ALTER TABLE %s RENAME TO %s", database.QuoteIdent(tmp), database.QuoteIdent(table)),
			Action: "rename", ObjectKind: "table", Object: table, Table: table,
			Reason: "the copy takes the table's name",
		})
}

// tempName is "__new_<table>", made unique against both schemas.
func (d *diff) tempName(table string) string {
	name := "__new_" + table
	for n := 2; d.live.rels[strings.ToLower(name)] != nil || d.want.rels[strings.ToLower(name)] != nil; n++ {
		name = fmt.Sprintf("__new_%s_%d", table, n)
	}
	return name
}

// concern is something a copy puts at stake: the rows matching cond.
type concern struct{ cond, reason string }

// copyStep is INSERT INTO tmp (columns) SELECT (expressions) FROM table
// over the columns both tables share (renamed ones under their new name).
// It is destructive when values are lost or rows may fail: dropped
// columns with values, a new NOT NULL without default over NULLs, values
// an affinity change converts. ok is false when no column survives.
func (d *diff) copyStep(c *tableChange, tmp string) (step.Step, bool) {
	cols, exprs, concerns := copyColumns(c.live, c.want, d.renames[c.name])
	table := c.want.Name
	s := step.Step{
		Action: "copy", ObjectKind: "table", Object: table, Table: table,
		Reason: "copy every row into the rebuilt table",
	}
	if len(concerns) > 0 {
		conds, reasons := make([]string, len(concerns)), make([]string, len(concerns))
		for i, k := range concerns {
			conds[i], reasons[i] = "("+k.cond+")", k.reason
		}
		s.Destructive, s.Reason = true, s.Reason+": "+strings.Join(reasons, "; ")
		s.CountSQL = count(c.live.Name, strings.Join(conds, " OR "))
	}
	if len(cols) == 0 {
		return s, false
	}
	s.SQL = fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", database.QuoteIdent(tmp),
		strings.Join(cols, ", "), strings.Join(exprs, ", "), database.QuoteIdent(c.live.Name))
	return s, true
}

// copyColumns maps the desired table's columns to what fills them
// from the live table, and lists what the copy puts at stake.
func copyColumns(live, want *introspect.Table, ren map[string]string) (cols, exprs []string, concerns []concern) {
	if keepRowid(live, want) {
		cols, exprs = append(cols, "rowid"), append(exprs, "rowid")
	}
	used := map[string]bool{}
	for _, wcol := range want.Columns {
		if wcol.Generated != "" {
			continue
		}
		lcol := source(live, ren, wcol.Name)
		if lcol == nil {
			if !wcol.Nullable && wcol.Default == nil && !rowidAlias(want, wcol.Name) {
				concerns = append(concerns, concern{"1", fmt.Sprintf("new column %s is NOT NULL without a default: every existing row fails the copy", wcol.Name)})
			}
			continue
		}
		used[strings.ToLower(lcol.Name)] = true
		expr, concern := copyExpr(lcol, &wcol)
		cols, exprs = append(cols, database.QuoteIdent(wcol.Name)), append(exprs, expr)
		if concern != nil {
			concerns = append(concerns, *concern)
		}
	}
	for _, lcol := range live.Columns {
		if !used[strings.ToLower(lcol.Name)] && lcol.Generated == "" {
			concerns = append(concerns, concern{database.QuoteIdent(lcol.Name) + " IS NOT NULL",
				fmt.Sprintf("drops column %s and its values", lcol.Name)})
		}
	}
	return cols, exprs, concerns
}

// source is the live column a desired column is copied from.
func source(live *introspect.Table, ren map[string]string, name string) *introspect.Column {
	for old, to := range ren {
		if strings.EqualFold(to, name) {
			return column(live, old)
		}
	}
	if col := column(live, name); col != nil {
		if _, renamed := ren[strings.ToLower(col.Name)]; !renamed {
			return col
		}
	}
	return nil
}

// copyExpr is the SELECT expression filling wcol from lcol: NULLs
// take the default when the column becomes NOT NULL and has one.
func copyExpr(lcol, wcol *introspect.Column) (string, *concern) {
	expr := database.QuoteIdent(lcol.Name)
	if lcol.Nullable && !wcol.Nullable {
		if !isNull(wcol.Default) {
			return fmt.Sprintf("coalesce(%s, %s)", expr, *wcol.Default), nil
		}
		return expr, &concern{expr + " IS NULL",
			fmt.Sprintf("column %s becomes NOT NULL without a default: rows where it is NULL fail the copy", wcol.Name)}
	}
	if converts(lcol.Type, wcol.Type) {
		return expr, &concern{expr + " IS NOT NULL",
			fmt.Sprintf("column %s changes type %s -> %s: SQLite converts stored values to %s affinity", wcol.Name,
				typeName(lcol.Type), typeName(wcol.Type), affinity(wcol.Type))}
	}
	return expr, nil
}

func typeName(t string) string {
	if t == "" {
		return "(none)"
	}
	return t
}

// rowidAlias reports whether name is the table's INTEGER PRIMARY KEY,
// which stands for the rowid and is filled in when omitted.
func rowidAlias(t *introspect.Table, name string) bool {
	return !t.WithoutRowID && len(t.PrimaryKey) == 1 && strings.EqualFold(t.PrimaryKey[0], name) &&
		strings.EqualFold(strings.TrimSpace(column(t, name).Type), "INTEGER")
}

// keepRowid reports whether the copy must carry the rowid itself:
// both tables are rowid tables without an INTEGER PRIMARY KEY (else the
// key is the rowid and is copied as a column), so rowids, which external
// FTS content and application code may hold, survive the rebuild.
func keepRowid(live, want *introspect.Table) bool {
	for _, t := range []*introspect.Table{live, want} {
		if t.WithoutRowID || (len(t.PrimaryKey) == 1 && rowidAlias(t, t.PrimaryKey[0])) {
			return false
		}
		for _, alias := range []string{"rowid", "oid", "_rowid_"} {
			if hasColumn(t, alias) {
				return false
			}
		}
	}
	return true
}
