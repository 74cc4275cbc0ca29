package review

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
)

// dropBreaks warns about what a SQLite DROP TABLE leaves broken: views
// that read the table and other tables' triggers that name it. SQLite
// keeps both and fails whenever they are used. A table of the same name
// created again later in the batch mends them.
func (a *analyzer) dropBreaks(i int, r *rel) {
	if a.dialect != database.SQLite || r.live == nil || r.live.t == nil || a.recreatedLater(i, r.live.name) {
		return
	}
	for _, v := range a.cat.viewsReading(*r.live) {
		if a.droppedViews[a.cat.key(v.schema, v.name)] || a.dropsLater(i, opDropView, v.name) {
			continue
		}
		a.warn(&a.acts[i], "drop-table-breaks-view", SeverityError, &v, -1, fmt.Sprintf(
			"DROP TABLE %s leaves view %s reading a table that no longer exists: every query of the view fails "+
				"(\"no such table\"); drop or recreate the view in this migration", a.relDisp(r), database.QuoteIdent(v.name)))
	}
	a.cat.all(func(o liveTable) {
		if a.cat.key(o.schema, o.name) == a.cat.key(r.live.schema, r.live.name) || a.gone[a.cat.key(o.schema, o.name)] {
			return
		}
		for _, tg := range o.t.Triggers {
			if !namesIdent(tg.SQL, r.live.name, database.SQLite) || a.dropsLater(-1, opDropTrigger, tg.Name) {
				continue
			}
			a.warn(&a.acts[i], "drop-table-breaks-trigger", SeverityError, &o, -1, fmt.Sprintf(
				"DROP TABLE %s leaves trigger %s on %s naming it: every write to %s that fires the trigger fails; "+
					"drop or rewrite the trigger in this migration", a.relDisp(r), database.QuoteIdent(tg.Name),
				a.disp(&o), a.disp(&o)))
		}
	})
}

// recreatedLater reports whether a table called name is created (or
// renamed to name) after action i.
func (a *analyzer) recreatedLater(i int, name string) bool {
	return a.later(i, func(b *action) bool {
		return (b.op == opCreateTable && a.cat.fold(b.target.name) == a.cat.fold(name)) ||
			(b.op == opRenameTable && a.cat.fold(b.to) == a.cat.fold(name))
	}) >= 0
}

// dropsLater reports whether an action of op drops name after action i.
func (a *analyzer) dropsLater(i int, o op, name string) bool {
	return a.later(i, func(b *action) bool { return b.op == o && a.cat.fold(b.target.name) == a.cat.fold(name) }) >= 0
}

// namesIdent reports whether sql names ident as an identifier token.
func namesIdent(sql, ident string, d database.Dialect) bool {
	for _, t := range tokenize(sql, d) {
		if isIdent(t) && strings.EqualFold(identValue(t), ident) {
			return true
		}
	}
	return false
}

// dropColumnRefused says why SQLite refuses DROP COLUMN col of r, "" when
// it does not: the column is indexed, in a key, or named by a CHECK, a
// view or a trigger.
func (a *analyzer) dropColumnRefused(r *rel, col string) string {
	t := r.live.t
	same := func(c string) bool { return strings.EqualFold(c, col) }
	for _, ix := range t.Indexes {
		if ix.Origin == "primary" || a.droppedIndexes[a.cat.key(r.live.schema, ix.Name)] {
			continue
		}
		if slices.ContainsFunc(ix.Columns, same) || (ix.Where != nil && namesIdent(*ix.Where, col, database.SQLite)) {
			if ix.Origin == "unique" {
				return "it is in a UNIQUE constraint"
			}
			return "index " + database.QuoteIdent(ix.Name) + " uses it"
		}
	}
	switch {
	case slices.ContainsFunc(t.PrimaryKey, same):
		return "it is in the primary key"
	case slices.ContainsFunc(t.Uniques, func(u introspectUnique) bool { return slices.ContainsFunc(u.Columns, same) }):
		return "it is in a UNIQUE constraint"
	case slices.ContainsFunc(t.ForeignKeys, func(fk introspectFK) bool { return slices.ContainsFunc(fk.Columns, same) }):
		return "it is in a foreign key"
	}
	for _, ck := range t.Checks {
		if namesIdent(ck.Expr, col, database.SQLite) {
			return "a CHECK constraint names it"
		}
	}
	for _, tg := range t.Triggers {
		if namesIdent(tg.SQL, col, database.SQLite) {
			return "trigger " + database.QuoteIdent(tg.Name) + " names it"
		}
	}
	for _, v := range a.cat.viewsReading(*r.live) {
		if !a.droppedViews[a.cat.key(v.schema, v.name)] && namesIdent(v.t.DDL+" "+v.t.Definition, col, database.SQLite) {
			return "view " + database.QuoteIdent(v.name) + " names it"
		}
	}
	return ""
}

// rebuildData checks the new table of a SQLite rebuild against the old
// rows it is filled with: NOT NULL columns over NULLs, new UNIQUE keys
// over duplicates, new foreign keys over orphans, new CHECKs; and notes
// the foreign keys the new table no longer has.
func (a *analyzer) rebuildData(i int, r, n *rel, cp copyOf) {
	if n.createdAt < 0 || r.live.t == nil {
		return
	}
	created := &a.acts[n.createdAt]
	copied := func(col string) bool { return cp.star || cp.idents[col] || cp.idents[strings.ToLower(col)] }
	for _, d := range created.cols {
		lc, ok := r.live.column(d.name, database.SQLite)
		if d.notNull && !d.primaryKey && ok && lc.Nullable && copied(d.name) {
			a.rebuildNulls(i, r, lc.Name)
		}
		if d.unique {
			a.rebuildUnique(i, r, []string{d.name})
		}
		if d.refTable.name != "" {
			a.rebuildFK(i, r, []string{d.name}, d.refTable, d.refCols)
		}
	}
	for _, tc := range created.tcons {
		switch tc.kind {
		case "UNIQUE", "PRIMARY KEY":
			a.rebuildUnique(i, r, tc.cols)
		case "FOREIGN KEY":
			a.rebuildFK(i, r, tc.cols, tc.refTable, tc.refCols)
		case "CHECK":
			if !a.liveCheck(r, tc.expr) {
				a.checkRows(i, r, tc.expr)
			}
		}
	}
	a.rebuildDroppedFKs(i, r, created)
}

func (a *analyzer) rebuildNulls(i int, r *rel, col string) {
	res, keys := a.violating(r.live, database.QuoteIdent(col)+" IS NULL")
	if res.n <= 0 {
		return
	}
	a.warn(&a.acts[i], "rebuild-not-null-copy", SeverityError, r.live, res.n, fmt.Sprintf(
		"the rebuild makes %s.%s NOT NULL, but %s %s NULL there: copying them fails (\"NOT NULL constraint failed\")",
		a.disp(r.live), database.QuoteIdent(col), failsText(res, "row", keys), plural(res.n, "holds", "hold"))).Sample = res.sample
}

// rebuildUnique checks a key of the new table that the old one did not
// have.
func (a *analyzer) rebuildUnique(i int, r *rel, cols []string) {
	if len(cols) == 0 || slices.Contains(cols, "") || a.liveUnique(r, cols) {
		return
	}
	a.uniqueOver(i, r, cols, make([]string, len(cols)), "", "the rebuild's new UNIQUE key")
}

func (a *analyzer) rebuildFK(i int, r *rel, cols []string, ref qname, refCols []string) {
	for _, fk := range r.live.t.ForeignKeys {
		if slices.EqualFunc(fk.Columns, cols, strings.EqualFold) && strings.EqualFold(fk.RefTable, ref.name) {
			return // the old table had it
		}
	}
	a.fkOrphans(i, r, cols, ref, refCols)
}

func (a *analyzer) rebuildDroppedFKs(i int, r *rel, created *action) {
	for _, fk := range r.live.t.ForeignKeys {
		kept := false
		for _, d := range created.cols {
			kept = kept || (d.refTable.name != "" && len(fk.Columns) == 1 && strings.EqualFold(fk.Columns[0], d.name))
		}
		for _, tc := range created.tcons {
			kept = kept || (tc.kind == "FOREIGN KEY" && slices.EqualFunc(fk.Columns, tc.cols, strings.EqualFold))
		}
		if !kept {
			a.droppedFK(i, r, fk.Name, fk.RefTable)
		}
	}
}

// liveUnique reports whether the live table already has a unique key on
// exactly cols.
func (a *analyzer) liveUnique(r *rel, cols []string) bool {
	t := r.live.t
	same := func(x []string) bool { return slices.EqualFunc(x, cols, strings.EqualFold) }
	if same(t.PrimaryKey) {
		return true
	}
	for _, ix := range t.Indexes {
		if ix.Unique && ix.Where == nil && same(ix.Columns) {
			return true
		}
	}
	for _, u := range t.Uniques {
		if same(u.Columns) {
			return true
		}
	}
	return false
}

// liveCheck reports whether the live table has a CHECK with the same
// tokens as expr.
func (a *analyzer) liveCheck(r *rel, expr string) bool {
	want := tokenWords(expr)
	for _, ck := range r.live.t.Checks {
		if tokenWords(checkExpr(ck.Expr, database.SQLite)) == want || tokenWords(ck.Expr) == want {
			return true
		}
	}
	return false
}

// tokenWords is expr's significant tokens, lower-cased, outer
// parentheses dropped, for comparing expressions written differently.
func tokenWords(expr string) string {
	var parts []string
	for _, t := range significant(tokenize(expr, database.SQLite)) {
		parts = append(parts, strings.ToLower(identValue(t)))
	}
	for len(parts) >= 2 && parts[0] == "(" && parts[len(parts)-1] == ")" {
		parts = parts[1 : len(parts)-1]
	}
	return strings.Join(parts, " ")
}
