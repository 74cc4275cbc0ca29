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

// diffViews plans views and materialized views. PostgreSQL refuses to
// change a column or drop a table a view reads, so a view is dropped and
// created again when its definition changes, or when it reads a column
// that changes type or goes away, a table that goes, or another view
// being dropped. Drops run dependents first, creates dependencies first;
// dependencies are read from the names the definitions mention.
func (d *pgDiff) diffViews() {
	why := map[pgKey]string{}
	for _, k := range pgSorted(d.live.rels) {
		l, w := d.live.rels[k], d.want.rels[k]
		if pgIsView(l) && (w == nil || w.Kind != l.Kind || w.Definition != l.Definition) {
			why[k] = "its definition changes"
		}
	}
	for changed := true; changed; {
		changed = false
		for _, k := range pgSorted(d.live.rels) {
			if l := d.live.rels[k]; pgIsView(l) && why[k] == "" && d.readsChanged(l.Definition, why) {
				why[k], changed = "it reads a table, column or view that changes", true
			}
		}
	}
	created := map[pgKey]bool{}
	for _, k := range pgSorted(d.want.rels) {
		if w, l := d.want.rels[k], d.live.rels[k]; pgIsView(w) && (l == nil || why[k] != "" || l.Kind != w.Kind) {
			created[k] = true
		}
	}
	d.viewDropped, d.viewCreated = map[pgKey]bool{}, created
	drops := pgViewOrder(d.live.rels, why)
	slices.Reverse(drops)
	for _, k := range drops {
		d.viewDropped[k] = true
		d.dropView(k, created[k], why[k])
	}
	for _, k := range pgViewOrder(d.want.rels, created) {
		w := d.want.rels[k]
		d.add(phCreateViews, Step{SQL: "CREATE " + pgViewWord(w) + " " + k.sql() + " AS\n" + w.Definition, Action: "create",
			ObjectKind: pgObjectKind(w), Object: k.String()})
		for _, ix := range w.Indexes {
			if ix.Origin == "index" {
				d.add(phCreateViews, Step{SQL: ix.Definition, Action: "create", ObjectKind: "index", Object: k.schema + "." + ix.Name, Table: k.String()})
			}
		}
	}
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

func (d *pgDiff) dropView(k pgKey, again bool, why string) {
	l := d.live.rels[k]
	s := Step{SQL: "DROP " + pgViewWord(l) + " " + k.sql(), Action: "drop", ObjectKind: pgObjectKind(l), Object: k.String()}
	switch {
	case again:
		s.Reason = "dropped and created again: " + why
	case l.Kind == introspect.KindMaterializedView:
		s.Destructive, s.Reason, s.Table = true, "drops materialized view "+k.String()+" and the rows it computed", k.String()
	}
	d.add(phDropViews, s)
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

// pgViewOrder orders the views of rels that are in set so that each comes
// after the views of the set its definition names (a cycle, which only a
// false match can make, is broken in name order).
func pgViewOrder[V comparable](rels map[pgKey]*introspect.Table, set map[pgKey]V) []pgKey {
	var zero V
	var keys []pgKey
	for _, k := range pgSorted(set) {
		if set[k] != zero && pgIsView(rels[k]) {
			keys = append(keys, k)
		}
	}
	state := map[pgKey]int{} // 1 visiting, 2 done
	var out []pgKey
	var visit func(k pgKey)
	visit = func(k pgKey) {
		if state[k] != 0 {
			return
		}
		state[k] = 1
		for _, j := range keys {
			if j != k && pgMentions(rels[k].Definition, j.name) {
				visit(j)
			}
		}
		state[k] = 2
		out = append(out, k)
	}
	for _, k := range keys {
		visit(k)
	}
	return out
}
