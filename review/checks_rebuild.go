package review

import (
	"fmt"
	"strings"

	"studio/database"
)

// rebuildOf returns the table that replaces live table r in a rebuild, or
// nil, and the index of the rename that puts it in place (-1 when it was
// created under r's name). A rebuild is a table created in the batch and filled with INSERT
// ... SELECT from r, that either already carries r's live name (r was
// renamed away first: rename, create, copy, drop) or is renamed to r's
// name after r is dropped (drizzle's __new_x: create, copy, drop, rename).
func (a *analyzer) rebuildOf(i int, r *rel) (*rel, int) {
	for _, n := range a.order {
		if n.dropped || n.live != nil || !copiesFrom(n, r) {
			continue
		}
		if a.cat.key(n.schema, n.name) == a.cat.key(r.live.schema, r.live.name) {
			return n, -1
		}
		renamed := a.later(i, func(b *action) bool {
			return b.op == opRenameTable &&
				a.cat.fold(b.target.name) == a.cat.fold(n.name) &&
				(b.target.schema == "" || a.cat.fold(b.target.schema) == a.cat.fold(n.schema)) &&
				a.cat.fold(b.to) == a.cat.fold(r.name)
		})
		if renamed >= 0 {
			return n, renamed
		}
	}
	return nil, -1
}

func copiesFrom(n, r *rel) bool {
	for _, cp := range n.copies {
		if cp.src == r {
			return true
		}
	}
	return false
}

// rebuild warns about what dropping r takes with it when n replaces it:
// the columns the copy leaves out and, on SQLite, the triggers, views
// and FTS5 indexes tied to the old table and the child rows its implicit
// DELETE reaches.
func (a *analyzer) rebuild(i int, r, n *rel, renamed int) {
	act := &a.acts[i]
	var cp copyOf
	for _, c := range n.copies {
		if c.src == r {
			cp = c
		}
	}
	rows := a.rows(r.live)
	a.warn(act, "rebuild", SeverityInfo, r.live, rows, fmt.Sprintf(
		"DROP TABLE %s is part of a rebuild of %s: line %d copied its %s into %s, which takes its place",
		a.relDisp(r), a.disp(r.live), a.line(cp.at), itsRows(rows), a.relDisp(n)))
	a.lostColumns(i, r, cp)
	if a.dialect != database.SQLite || r.live.t == nil {
		return
	}
	a.rebuildData(i, r, n, cp)
	a.rebuildTriggers(i, r)
	a.rebuildViews(i, r, renamed)
	a.rebuildFTS(i, r)
	a.childRisk(i, r, "dropping", KindRebuild)
}

func (a *analyzer) rebuildTriggers(i int, r *rel) {
	for _, tg := range r.live.t.Triggers {
		same := func(b *action) bool { return a.cat.fold(b.target.name) == a.cat.fold(tg.Name) }
		if a.later(-1, func(b *action) bool { return b.op == opDropTrigger && same(b) }) >= 0 ||
			a.later(i, func(b *action) bool { return b.op == opCreateTrigger && same(b) }) >= 0 {
			continue
		}
		a.warn(&a.acts[i], "rebuild-drops-trigger", SeverityWarning, r.live, -1, fmt.Sprintf(
			"DROP TABLE %s also drops its trigger %s, and this migration does not recreate it",
			a.relDisp(r), database.QuoteIdent(tg.Name)))
	}
}

// rebuildViews warns about views reading the rebuilt table. SQLite
// checks views when a table is renamed: renaming the new table into place
// fails while a view names the dropped one, and renaming the old table
// away first rewrites the view to follow it, so dropping it breaks the view.
func (a *analyzer) rebuildViews(i int, r *rel, renamed int) {
	for _, v := range a.cat.viewsReading(*r.live) {
		if a.later(-1, func(b *action) bool {
			return b.op == opDropView && a.cat.fold(b.target.name) == a.cat.fold(v.name)
		}) >= 0 {
			continue
		}
		what := fmt.Sprintf("the rename at line %d pointed it at %s, so dropping that table breaks it",
			a.line(max(r.renamedAt, 0)), a.relDisp(r))
		if renamed >= 0 {
			what = fmt.Sprintf(`SQLite refuses the rename at line %d ("error in view %s: no such table")`,
				a.line(renamed), v.name)
		}
		a.warn(&a.acts[i], "rebuild-breaks-view", SeverityWarning, &v, -1, fmt.Sprintf(
			"view %s reads %s: %s; drop the view before the rebuild and recreate it after",
			database.QuoteIdent(v.name), a.disp(r.live), what))
	}
}

func (a *analyzer) rebuildFTS(i int, r *rel) {
	for _, f := range a.cat.ftsIndexing(*r.live) {
		name := database.QuoteIdent(f.name)
		if a.gone[a.cat.key(f.schema, f.name)] || a.later(i, func(b *action) bool {
			return b.op == opInsert && b.ftsRebuild && a.cat.fold(b.target.name) == a.cat.fold(f.name)
		}) >= 0 {
			continue
		}
		a.warn(&a.acts[i], "rebuild-stale-fts", SeverityWarning, &f, -1, fmt.Sprintf(
			"FTS5 table %s indexes %s (content='%s'): the rebuild drops the triggers that keep it in sync "+
				"and may change rowids, so the index goes stale; recreate the triggers and run "+
				"INSERT INTO %s(%s) VALUES('rebuild')",
			name, a.disp(r.live), strings.ReplaceAll(r.live.name, "'", "''"), name, name))
	}
}
