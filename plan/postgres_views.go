package plan

import (
	"slices"

	"studio/introspect"
)

func pgIsView(t *introspect.Table) bool {
	return t != nil && (t.Kind == introspect.KindView || t.Kind == introspect.KindMaterializedView)
}

func pgViewWord(t *introspect.Table) string {
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
func (d *pgDiff) diffViews() {
	why := map[pgKey]string{}
	for _, k := range pgSorted(d.live.rels) {
		l, w := d.live.rels[k], d.want.rels[k]
		if pgIsView(l) && (w == nil || w.Kind != l.Kind || w.Definition != l.Definition) {
			why[k] = "its definition changes"
		}
	}
	var redo map[string]PGFunction
	for changed := true; changed; {
		changed = false
		for _, k := range pgSorted(d.live.rels) {
			if l := d.live.rels[k]; pgIsView(l) && why[k] == "" && d.readsChanged(l.Definition, why) {
				why[k], changed = "it reads a table, column or view that changes", true
			}
		}
		n := len(why)
		redo = d.routineDeps(why)
		changed = changed || len(why) != n
	}
	created := map[pgKey]bool{}
	var made []string
	for _, k := range pgSorted(d.want.rels) {
		w, l := d.want.rels[k], d.live.rels[k]
		if pgIsView(w) && (l == nil || why[k] != "" || l.Kind != w.Kind) {
			created[k] = true
		}
		if created[k] || l == nil || l.Kind != w.Kind || d.replaced[k] {
			made = append(made, k.name)
		}
	}
	d.viewDropped, d.viewCreated = map[pgKey]bool{}, created
	dropNodes, createNodes := d.placeRoutines(redo, made)
	for _, k := range pgSorted(why) {
		d.viewDropped[k] = true
		dropNodes = append(dropNodes, pgNode{name: k.name, text: d.live.rels[k].Definition, steps: []Step{d.dropView(k, created[k], why[k])}})
	}
	drops := pgTopo(dropNodes)
	slices.Reverse(drops)
	for _, n := range drops {
		for _, s := range n.steps {
			d.add(phDropViews, s)
		}
	}
	for _, k := range pgSorted(created) {
		createNodes = append(createNodes, pgNode{name: k.name, text: d.want.rels[k].Definition, steps: d.createView(k)})
	}
	for _, n := range pgTopo(createNodes) {
		for _, s := range n.steps {
			d.add(phCreateViews, s)
		}
	}
}

// createView is the CREATE statement of a wanted view and those of its
// indexes.
func (d *pgDiff) createView(k pgKey) []Step {
	w := d.want.rels[k]
	steps := []Step{{SQL: "CREATE " + pgViewWord(w) + " " + k.sql() + " AS\n" + w.Definition, Action: "create",
		ObjectKind: pgObjectKind(w), Object: k.String()}}
	for _, ix := range w.Indexes {
		if ix.Origin == "index" {
			steps = append(steps, Step{SQL: ix.Definition, Action: "create", ObjectKind: "index", Object: k.schema + "." + ix.Name, Table: k.String()})
		}
	}
	return steps
}

// pgRelWord is how COMMENT ON names a relation's kind.
func pgRelWord(t *introspect.Table) string {
	if pgIsView(t) {
		return pgViewWord(t)
	}
	return "TABLE"
}

func pgObjectKind(t *introspect.Table) string {
	if t.Kind == introspect.KindMaterializedView {
		return "materialized view"
	}
	return t.Kind
}

func (d *pgDiff) dropView(k pgKey, again bool, why string) Step {
	l := d.live.rels[k]
	s := Step{SQL: "DROP " + pgViewWord(l) + " " + k.sql(), Action: "drop", ObjectKind: pgObjectKind(l), Object: k.String()}
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
func (d *pgDiff) readsChanged(def string, dropped map[pgKey]string) bool {
	for _, tk := range pgSorted(d.altered) {
		if !pgMentions(def, tk.name) {
			continue
		}
		cols := d.alteredCols[tk]
		if len(cols) == 0 || pgMentions(def, pgSortedNames(cols)...) {
			return true
		}
	}
	for _, vk := range pgSorted(dropped) {
		if dropped[vk] != "" && pgMentions(def, vk.name) {
			return true
		}
	}
	return false
}
