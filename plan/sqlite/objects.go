package sqlite

import (
	"slices"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
	"studio/sqliteddl"
)

// dependents finds the views and triggers that must be dropped before the
// tables change and created again after: those that changed or went, and
// those naming a relation that is rebuilt, dropped or itself dropped (a
// view over a dropped view), since SQLite refuses ALTER TABLE RENAME
// while any view or trigger names a missing table. Views and triggers
// naming a column that DROP COLUMN removes are included too.
func (d *diff) dependents() {
	seeds := map[string]bool{}
	for _, set := range []map[string]bool{d.rebuilt, d.gone, d.dropViews} {
		for n := range set {
			seeds[n] = true
		}
	}
	d.droppedColumnUsers(seeds)
	for grew := true; grew; {
		grew = false
		for _, name := range d.live.names {
			v := d.live.rels[name]
			if v.Kind != introspect.KindView || d.dropViews[name] || !mentionsAny(v.DDL, seeds) {
				continue
			}
			d.dropViews[name], seeds[name], grew = true, true, true
		}
	}
	for name, lt := range d.live.triggers {
		if d.gone[lt.table] || d.dropViews[lt.table] {
			continue // dropped with its table or view, before any table changes
		}
		// A trigger on a rebuilt table goes with it, but that may be too
		// late: its table can be rebuilt after one the trigger names.
		names := namesIn(lt.tr.SQL)
		delete(names, lt.table)
		if intersects(names, seeds) {
			d.dropTriggers[name] = true
			continue
		}
		if d.rebuilt[lt.table] {
			continue
		}
		wt, ok := d.want.triggers[name]
		if !ok || wt.table != lt.table || !sameSQL(lt.tr.SQL, wt.tr.SQL) {
			d.dropTriggers[name] = true
		}
	}
}

// droppedColumnUsers marks the views and triggers that name both a table
// and a column DROP COLUMN removes from it.
func (d *diff) droppedColumnUsers(seeds map[string]bool) {
	for _, c := range d.changed {
		if len(c.droppedCols) == 0 {
			continue
		}
		uses := func(sql string) bool {
			names := namesIn(sql)
			return names[c.name] && intersects(names, c.droppedCols)
		}
		for _, name := range d.live.names {
			if v := d.live.rels[name]; v.Kind == introspect.KindView && uses(v.DDL) {
				d.dropViews[name], seeds[name] = true, true
			}
		}
		for name, lt := range d.live.triggers {
			if uses(lt.tr.SQL) {
				d.dropTriggers[name] = true
			}
		}
	}
}

// implicitlyDropped reports a relation whose triggers and indexes go with
// it: a dropped table or view, or a rebuilt table.
func (d *diff) implicitlyDropped(rel string) bool {
	return d.gone[rel] || d.rebuilt[rel] || d.dropViews[rel]
}

// recreated reports a relation created by the plan, whose indexes and
// triggers must be created with it.
func (d *diff) recreated(rel string) bool {
	return d.added[rel] || d.rebuilt[rel] || (d.dropViews[rel] && d.want.kind(rel) == introspect.KindView)
}

func mentionsAny(sql string, set map[string]bool) bool { return intersects(namesIn(sql), set) }

func intersects(names, set map[string]bool) bool {
	for n := range set {
		if names[n] {
			return true
		}
	}
	return false
}

func (d *diff) dropTriggerSteps() []step.Step {
	var steps []step.Step
	for _, name := range sortedKeys(d.dropTriggers) {
		lt := d.live.triggers[name]
		host := d.live.rels[lt.table].Name
		steps = append(steps, step.Step{SQL: "DROP TRIGGER " + database.QuoteIdent(lt.tr.Name), Action: "drop", ObjectKind: "trigger",
			Object: lt.tr.Name, Table: host, Reason: d.objectReason(name, d.want.triggers[name].tr.Name != "", "trigger")})
	}
	return steps
}

func (d *diff) dropViewSteps() []step.Step {
	names := viewOrder(d.live, d.dropViews)
	slices.Reverse(names) // views naming others go first
	var steps []step.Step
	for _, name := range names {
		v := d.live.rels[name]
		steps = append(steps, step.Step{SQL: "DROP VIEW " + database.QuoteIdent(v.Name), Action: "drop", ObjectKind: "view",
			Object: v.Name, Table: v.Name, Reason: d.objectReason(name, d.want.kind(name) == introspect.KindView, "view")})
	}
	return steps
}

// objectReason says why a view or trigger is dropped.
func (d *diff) objectReason(name string, kept bool, kind string) string {
	if !kept {
		return kind + " removed"
	}
	var lsql, wsql string
	if kind == "view" {
		lsql, wsql = d.live.rels[name].DDL, d.want.rels[name].DDL
	} else {
		lsql, wsql = d.live.triggers[name].tr.SQL, d.want.triggers[name].tr.SQL
	}
	if !sameSQL(lsql, wsql) {
		return kind + " changed: dropped and created again"
	}
	return kind + " names a table or view that changes: dropped and created again"
}

func (d *diff) createViewSteps() []step.Step {
	create := map[string]bool{}
	for _, name := range d.want.names {
		if d.want.kind(name) == introspect.KindView && (d.added[name] || d.dropViews[name]) {
			create[name] = true
		}
	}
	var steps []step.Step
	for _, name := range viewOrder(d.want, create) {
		v := d.want.rels[name]
		steps = append(steps, step.Step{SQL: v.DDL, Action: "create", ObjectKind: "view", Object: v.Name, Table: v.Name,
			Reason: createReason(d.added[name], "view")})
	}
	return steps
}

func createReason(added bool, kind string) string {
	if added {
		return "new " + kind
	}
	return "create the " + kind + " again"
}

func (d *diff) createTriggerSteps() []step.Step {
	var steps []step.Step
	for _, name := range sortedKeys(d.want.triggers) {
		wt := d.want.triggers[name]
		lt, ok := d.live.triggers[name]
		if ok && !d.dropTriggers[name] && !d.implicitlyDropped(lt.table) && !d.recreated(wt.table) {
			continue
		}
		steps = append(steps, step.Step{SQL: wt.tr.SQL, Action: "create", ObjectKind: "trigger", Object: wt.tr.Name,
			Table: d.want.rels[wt.table].Name, Reason: createReason(!ok, "trigger")})
	}
	return steps
}

// droppedIndexes are the live indexes the plan removes: explicitly (gone
// or changed, on a table that stays) or with their table.
func (d *diff) droppedIndexes() (explicit, all map[string]bool) {
	explicit, all = map[string]bool{}, map[string]bool{}
	for name, li := range d.live.indexes {
		if d.gone[li.table] || d.rebuilt[li.table] {
			all[name] = true
			continue
		}
		wi, ok := d.want.indexes[name]
		if !ok || wi.table != li.table || !d.sameIndex(li, wi) {
			explicit[name], all[name] = true, true
		}
	}
	return explicit, all
}

// sameIndex compares definitions, with the table's column renames
// applied to the live one (RENAME COLUMN rewrites it the same way).
func (d *diff) sameIndex(li, wi index) bool {
	return norm(sqliteddl.Tokenize(li.ix.Definition), d.renames[li.table]) == norm(sqliteddl.Tokenize(wi.ix.Definition), nil)
}

func (d *diff) dropIndexSteps() []step.Step {
	explicit, _ := d.droppedIndexes()
	var steps []step.Step
	for _, name := range sortedKeys(explicit) {
		li := d.live.indexes[name]
		reason := "index removed"
		if _, ok := d.want.indexes[name]; ok {
			reason = "index changed: dropped and created again"
		}
		steps = append(steps, step.Step{SQL: "DROP INDEX " + database.QuoteIdent(li.ix.Name), Action: "drop", ObjectKind: "index",
			Object: li.ix.Name, Table: d.live.rels[li.table].Name, Reason: reason})
	}
	return steps
}

func (d *diff) createIndexSteps() []step.Step {
	_, dropped := d.droppedIndexes()
	var steps []step.Step
	for _, name := range sortedKeys(d.want.indexes) {
		wi := d.want.indexes[name]
		if _, ok := d.live.indexes[name]; ok && !dropped[name] && !d.recreated(wi.table) {
			continue
		}
		_, had := d.live.indexes[name]
		reason := createReason(!had, "index")
		if wi.ix.Unique {
			reason += " (fails if existing rows hold duplicates)"
		}
		steps = append(steps, step.Step{SQL: wi.ix.Definition, Action: "create", ObjectKind: "index", Object: wi.ix.Name,
			Table: d.want.rels[wi.table].Name, Reason: reason})
	}
	return steps
}

// viewOrder lists the views of set in an order where a view comes
// after the views it names.
func viewOrder(s *side, set map[string]bool) []string {
	deps := map[string][]string{}
	for name := range set {
		names := namesIn(s.rels[name].DDL)
		for other := range set {
			if other != name && names[other] {
				deps[name] = append(deps[name], other)
			}
		}
	}
	return topo(sortedKeys(set), deps)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
