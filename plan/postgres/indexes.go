package postgres

import (
	"slices"
	"strings"

	"studio/introspect"
	"studio/plan/step"
)

// diffIndexes plans the indexes made by CREATE INDEX (those behind keys
// come with their constraints): a changed definition is dropped and
// created again. A partition's copies of its parent's indexes come from
// the parent's; its own are planned like any table's. Those of created
// materialized views come with the view.
func (d *diff) diffIndexes() {
	for _, k := range sorted(d.want.rels) {
		w := d.want.rels[k]
		if isView(w) && w.Kind != introspect.KindMaterializedView || d.viewCreated[k] {
			continue
		}
		live := d.liveIndexes(k, w)
		for _, ix := range w.Indexes {
			old, ok := live[ix.Name]
			if ix.Inherited && ix.Origin == "index" {
				d.partitionIndex(k, w, ix)
				continue
			}
			if ix.Origin != "index" || ok && old.Definition == ix.Definition {
				continue
			}
			if ok {
				d.dropIndex(k, old)
			}
			d.createIndex(k, ix, !ok && live != nil)
		}
	}
	for _, k := range sorted(d.live.rels) {
		l, w := d.live.rels[k], d.want.rels[k]
		if d.liveIndexes(k, w) == nil {
			continue
		}
		for _, ix := range l.Indexes {
			if ix.Origin == "index" && !ix.Inherited && !slices.ContainsFunc(w.Indexes, func(x introspect.Index) bool { return x.Name == ix.Name && x.Origin == "index" }) {
				d.dropIndex(k, ix)
			}
		}
	}
}

// liveIndexes are the live CREATE INDEX indexes of a relation that stays,
// by name, or nil when the relation is new or goes (its indexes go with
// it). Those behind constraints are the constraints' business.
func (d *diff) liveIndexes(k key, w *introspect.Table) map[string]introspect.Index {
	l := d.live.rels[k]
	if l == nil || w == nil || l.Kind != w.Kind || d.replaced[k] || d.viewDropped[k] || l.Kind == introspect.KindView {
		return nil
	}
	out := map[string]introspect.Index{}
	for _, ix := range l.Indexes {
		if ix.Origin == "index" && !ix.Inherited {
			out[ix.Name] = ix
		}
	}
	return out
}

// partitionIndex creates a partition's copy of a parent's index under
// its desired name before the parent's index or the partition's attaching
// adopts it: for a partition attached later, and for one that has no copy
// like it yet (the parent's index is new).
func (d *diff) partitionIndex(k key, w *introspect.Table, ix introspect.Index) {
	if l := d.live.table(k); l != nil && !d.replaced[k] {
		if slices.ContainsFunc(l.Indexes, func(x introspect.Index) bool { return x.Inherited && indexBody(x) == indexBody(ix) }) {
			return
		}
	} else if !attachLater(w) {
		return
	}
	d.add(phPartitionIndexes, step.Step{SQL: ix.Definition, Action: "create", ObjectKind: "index", Object: k.schema + "." + ix.Name, Table: k.String()})
}

// indexBody is an index definition from USING on: what two indexes of a
// table must share for one to stand for the other.
func indexBody(ix introspect.Index) string {
	if i := strings.Index(ix.Definition, " USING "); i >= 0 {
		return ix.Definition[i:]
	}
	return ix.Definition
}

func (d *diff) dropIndex(k key, ix introspect.Index) {
	if ix.Unique {
		d.keyChanged[k] = true
	}
	d.add(phDropIndexes, step.Step{SQL: "DROP INDEX " + key{k.schema, ix.Name}.sql(), Action: "drop", ObjectKind: "index",
		Object: k.schema + "." + ix.Name, Table: k.String()})
}

// createIndex creates an index; a new unique index over plain columns of
// a table with rows counts the duplicate groups that would make it fail.
func (d *diff) createIndex(k key, ix introspect.Index, count bool) {
	sql := ix.Definition
	if w := d.want.rels[k]; w.PartitionKey != "" {
		// The server prints a partitioned table's index ON ONLY, as pg_dump
		// attaches the partitions' indexes one by one; without ONLY the
		// partitions get theirs at once.
		sql = strings.Replace(sql, " ON ONLY ", " ON ", 1)
	}
	s := step.Step{SQL: sql, Action: "create", ObjectKind: "index", Object: k.schema + "." + ix.Name, Table: k.String()}
	if count && ix.Unique && !ix.Expression && ix.Where == nil && len(ix.Columns) > 0 {
		d.countDuplicates(&s, phCreateIndexes, k, ix.Columns, notNull("", ix.Columns))
	}
	d.add(phCreateIndexes, s)
}
