package postgres

import (
	"slices"

	"studio/introspect"
	"studio/plan/step"
)

func isView(t *introspect.Table) bool {
	return t != nil && (t.Kind == introspect.KindView || t.Kind == introspect.KindMaterializedView)
}

func viewWord(t *introspect.Table) string {
	if t.Kind == introspect.KindMaterializedView {
		return "MATERIALIZED VIEW"
	}
	return "VIEW"
}

// diffViews plans views and materialized views, and places the
// routines diffFunctions collected. PostgreSQL refuses to change a column
// or drop a table a view reads, so a view is dropped and created again
// when its definition changes, or when it reads a column that changes
// type or goes away, a table that goes, another view being dropped, or a
// routine dropped and created again. Drops run dependents first, creates
// dependencies first, views and routines together; dependencies are read
// from the names the definitions and signatures mention.
func (d *diff) diffViews() {
	why := map[key]string{}
	for _, k := range sorted(d.live.rels) {
		l, w := d.live.rels[k], d.want.rels[k]
		if isView(l) && (w == nil || w.Kind != l.Kind || w.Definition != l.Definition) {
			why[k] = "its definition changes"
		}
	}
	var redo map[string]Function
	for changed := true; changed; {
		changed = false
		for _, k := range sorted(d.live.rels) {
			if l := d.live.rels[k]; isView(l) && why[k] == "" && d.readsChanged(l.Definition, why) {
				why[k], changed = "it reads a table, column or view that changes", true
			}
		}
		n := len(why)
		redo = d.routineDeps(why)
		changed = changed || len(why) != n
	}
	created := map[key]bool{}
	var made []string
	for _, k := range sorted(d.want.rels) {
		w, l := d.want.rels[k], d.live.rels[k]
		if isView(w) && (l == nil || why[k] != "" || l.Kind != w.Kind) {
			created[k] = true
		}
		if created[k] || l == nil || l.Kind != w.Kind || d.replaced[k] {
			made = append(made, k.name)
		}
	}
	d.viewDropped, d.viewCreated = map[key]bool{}, created
	dropNodes, createNodes := d.placeRoutines(redo, made)
	for _, k := range sorted(why) {
		d.viewDropped[k] = true
		dropNodes = append(dropNodes, node{name: k.name, text: d.live.rels[k].Definition, steps: []step.Step{d.dropView(k, created[k], why[k])}})
	}
	drops := topo(dropNodes)
	slices.Reverse(drops)
	for _, n := range drops {
		for _, s := range n.steps {
			d.add(phDropViews, s)
		}
	}
	for _, k := range sorted(created) {
		createNodes = append(createNodes, node{name: k.name, text: d.want.rels[k].Definition, steps: d.createView(k)})
	}
	for _, n := range topo(createNodes) {
		for _, s := range n.steps {
			d.add(phCreateViews, s)
		}
	}
}

// createView is the CREATE statement of a wanted view and those of its
// indexes.
func (d *diff) createView(k key) []step.Step {
	w := d.want.rels[k]
	steps := []step.Step{{SQL: "CREATE " + viewWord(w) + " " + k.sql() + " AS\n" + w.Definition, Action: "create",
		ObjectKind: objectKind(w), Object: k.String()}}
	for _, ix := range w.Indexes {
		if ix.Origin == "index" {
			steps = append(steps, step.Step{SQL: ix.Definition, Action: "create", ObjectKind: "index", Object: k.schema + "." + ix.Name, Table: k.String()})
		}
	}
	return steps
}

// relWord is how COMMENT ON names a relation's kind.
func relWord(t *introspect.Table) string {
	if isView(t) {
		return viewWord(t)
	}
	return "TABLE"
}

func objectKind(t *introspect.Table) string {
	if t.Kind == introspect.KindMaterializedView {
		return "materialized view"
	}
	return t.Kind
}

func (d *diff) dropView(k key, again bool, why string) step.Step {
	l := d.live.rels[k]
	s := step.Step{SQL: "DROP " + viewWord(l) + " " + k.sql(), Action: "drop", ObjectKind: objectKind(l), Object: k.String()}
	switch {
	case again:
		s.Reason = "dropped and created again: " + why
	case l.Kind == introspect.KindMaterializedView:
		s.Destructive, s.Reason, s.Table = true, "drops materialized view "+k.String()+" and the rows it computed", k.String()
	}
	return s
}

// readsChanged reports whether a live view definition names a table that
// goes or one of its columns that changes, or a view being dropped.
func (d *diff) readsChanged(def string, dropped map[key]string) bool {
	for _, tk := range sorted(d.altered) {
		if !mentions(def, tk.name) {
			continue
		}
		cols := d.alteredCols[tk]
		if len(cols) == 0 || mentions(def, sortedNames(cols)...) {
			return true
		}
	}
	for _, vk := range sorted(dropped) {
		if dropped[vk] != "" && mentions(def, vk.name) {
			return true
		}
	}
	return false
}
