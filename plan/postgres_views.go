package plan

import (
	"slices"
	"strings"

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
		s.Destructive, s.Reason = true, "drops materialized view "+k.String()+" and the rows it computed"
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

// diffIndexes plans the indexes made by CREATE INDEX (those behind keys
// come with their constraints): a changed definition is dropped and
// created again. Indexes of partitions come from the parent's; those of
// created materialized views come with the view.
func (d *pgDiff) diffIndexes() {
	for _, k := range pgSorted(d.want.rels) {
		w := d.want.rels[k]
		if pgIsView(w) && w.Kind != introspect.KindMaterializedView || w.PartitionOf != nil || d.viewCreated[k] {
			continue
		}
		live := d.liveIndexes(k, w)
		for _, ix := range w.Indexes {
			old, ok := live[ix.Name]
			if ix.Origin != "index" || ok && old.Definition == ix.Definition {
				continue
			}
			if ok {
				d.dropIndex(k, old)
			}
			d.createIndex(k, ix, !ok && live != nil)
		}
	}
	for _, k := range pgSorted(d.live.rels) {
		l, w := d.live.rels[k], d.want.rels[k]
		if l.PartitionOf != nil || d.liveIndexes(k, w) == nil {
			continue
		}
		for _, ix := range l.Indexes {
			if ix.Origin == "index" && !slices.ContainsFunc(w.Indexes, func(x introspect.Index) bool { return x.Name == ix.Name && x.Origin == "index" }) {
				d.dropIndex(k, ix)
			}
		}
	}
}

// liveIndexes are the live CREATE INDEX indexes of a relation that stays,
// by name, or nil when the relation is new or goes (its indexes go with
// it). Those behind constraints are the constraints' business.
func (d *pgDiff) liveIndexes(k pgKey, w *introspect.Table) map[string]introspect.Index {
	l := d.live.rels[k]
	if l == nil || w == nil || l.Kind != w.Kind || d.replaced[k] || d.viewDropped[k] || l.Kind == introspect.KindView {
		return nil
	}
	out := map[string]introspect.Index{}
	for _, ix := range l.Indexes {
		if ix.Origin == "index" {
			out[ix.Name] = ix
		}
	}
	return out
}

func (d *pgDiff) dropIndex(k pgKey, ix introspect.Index) {
	if ix.Unique {
		d.keyChanged[k] = true
	}
	d.add(phDropIndexes, Step{SQL: "DROP INDEX " + pgKey{k.schema, ix.Name}.sql(), Action: "drop", ObjectKind: "index",
		Object: k.schema + "." + ix.Name, Table: k.String()})
}

// createIndex creates an index; a new unique index over plain columns of
// a table with rows counts the duplicate groups that would make it fail.
func (d *pgDiff) createIndex(k pgKey, ix introspect.Index, count bool) {
	sql := ix.Definition
	if w := d.want.rels[k]; w.PartitionKey != "" {
		// The server prints a partitioned table's index ON ONLY, as pg_dump
		// attaches the partitions' indexes one by one; without ONLY the
		// partitions get theirs at once.
		sql = strings.Replace(sql, " ON ONLY ", " ON ", 1)
	}
	s := Step{SQL: sql, Action: "create", ObjectKind: "index", Object: k.schema + "." + ix.Name, Table: k.String()}
	if count && ix.Unique && !ix.Expression && ix.Where == nil && len(ix.Columns) > 0 {
		d.countDuplicates(&s, phCreateIndexes, k, ix.Columns, pgNotNull("", ix.Columns))
	}
	d.add(phCreateIndexes, s)
}

// diffTriggers plans triggers by their CREATE TRIGGER text. A trigger
// naming a column that changes type (UPDATE OF, WHEN) is dropped and
// created again around the change, which PostgreSQL refuses otherwise;
// triggers of recreated views are created again with them.
func (d *pgDiff) diffTriggers() {
	keys := pgSorted(d.want.rels)
	for _, k := range pgSorted(d.live.rels) {
		if d.want.rels[k] == nil {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		w, l := d.want.rels[k], d.live.rels[k]
		stays := l != nil && w != nil && l.Kind == w.Kind && !d.replaced[k] && !d.viewDropped[k]
		live := map[string]string{}
		if stays {
			for _, tr := range l.Triggers {
				live[tr.Name] = tr.SQL
			}
		}
		if w != nil {
			for _, tr := range w.Triggers {
				old, ok := live[tr.Name]
				if ok && old == tr.SQL && !d.triggerBlocks(k, tr.SQL) {
					continue
				}
				if ok {
					d.dropTrigger(k, tr.Name)
				}
				d.add(phCreateTriggers, Step{SQL: tr.SQL, Action: "create", ObjectKind: "trigger", Object: k.String() + "." + tr.Name, Table: k.String()})
			}
		}
		if !stays {
			continue
		}
		for _, tr := range l.Triggers {
			if !slices.ContainsFunc(w.Triggers, func(x introspect.Trigger) bool { return x.Name == tr.Name }) {
				d.dropTrigger(k, tr.Name)
			}
		}
	}
}

func (d *pgDiff) triggerBlocks(k pgKey, sql string) bool {
	cols := d.alteredCols[k]
	return len(cols) > 0 && pgMentions(sql, pgSortedNames(cols)...)
}

func (d *pgDiff) dropTrigger(k pgKey, name string) {
	d.add(phDropTriggers, Step{SQL: "DROP TRIGGER " + pgIdent(name) + " ON " + k.sql(), Action: "drop", ObjectKind: "trigger",
		Object: k.String() + "." + name, Table: k.String()})
}

// diffComments sets the comments of relations and columns that differ,
// including those of relations and columns the plan creates.
func (d *pgDiff) diffComments() {
	for _, k := range pgSorted(d.want.rels) {
		w, l := d.want.rels[k], d.live.rels[k]
		if l != nil && (l.Kind != w.Kind || d.replaced[k] || d.viewCreated[k]) {
			l = nil
		}
		lc := ""
		if l != nil {
			lc = l.Comment
		}
		if w.Comment != lc {
			d.comment(k, "COMMENT ON "+pgRelWord(w)+" "+k.sql(), w.Comment, k.String())
		}
		for _, c := range w.Columns {
			old := ""
			if l != nil && !d.remade[k][c.Name] {
				if x := pgColumn(l, c.Name); x != nil {
					old = x.Comment
				}
			}
			if c.Comment != old {
				d.comment(k, "COMMENT ON COLUMN "+k.sql()+"."+pgIdent(c.Name), c.Comment, k.String()+"."+c.Name)
			}
		}
	}
}

func (d *pgDiff) comment(k pgKey, on, text, object string) {
	value := "NULL"
	if text != "" {
		value = pgLiteral(text)
	}
	kind := "table"
	if object != k.String() {
		kind = "column"
	}
	d.add(phComments, Step{SQL: on + " IS " + value, Action: "comment", ObjectKind: kind, Object: object, Table: k.String()})
}
