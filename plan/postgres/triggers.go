package postgres

import (
	"slices"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// diffTriggers plans triggers by their CREATE TRIGGER text. A trigger
// naming a column that changes type (UPDATE OF, WHEN) is dropped and
// created again around the change, which PostgreSQL refuses otherwise;
// triggers of recreated views are created again with them.
func (d *diff) diffTriggers() {
	keys := sorted(d.want.rels)
	for _, k := range sorted(d.live.rels) {
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
				d.add(phCreateTriggers, step.Step{SQL: tr.SQL, Action: "create", ObjectKind: "trigger", Object: k.String() + "." + tr.Name, Table: k.String()})
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

func (d *diff) triggerBlocks(k key, sql string) bool {
	cols := d.alteredCols[k]
	return len(cols) > 0 && mentions(sql, sortedNames(cols)...)
}

func (d *diff) dropTrigger(k key, name string) {
	d.add(phDropTriggers, step.Step{SQL: "DROP TRIGGER " + database.QuoteIdent(name) + " ON " + k.sql(), Action: "drop", ObjectKind: "trigger",
		Object: k.String() + "." + name, Table: k.String()})
}

// diffComments sets the comments of relations and columns that differ,
// including those of relations and columns the plan creates.
func (d *diff) diffComments() {
	for _, k := range sorted(d.want.rels) {
		w, l := d.want.rels[k], d.live.rels[k]
		if l != nil && (l.Kind != w.Kind || d.replaced[k] || d.viewCreated[k]) {
			l = nil
		}
		lc := ""
		if l != nil {
			lc = l.Comment
		}
		if w.Comment != lc {
			d.comment(k, "COMMENT ON "+relWord(w)+" "+k.sql(), w.Comment, k.String())
		}
		for _, c := range w.Columns {
			old := ""
			if l != nil && !d.remade[k][c.Name] {
				if x := l.Column(c.Name); x != nil {
					old = x.Comment
				}
			}
			if c.Comment != old {
				d.comment(k, "COMMENT ON COLUMN "+k.sql()+"."+database.QuoteIdent(c.Name), c.Comment, k.String()+"."+c.Name)
			}
		}
	}
}

func (d *diff) comment(k key, on, text, object string) {
	value := "NULL"
	if text != "" {
		value = literal(text)
	}
	kind := "table"
	if object != k.String() {
		kind = "column"
	}
	d.add(phComments, step.Step{SQL: on + " IS " + value, Action: "comment", ObjectKind: kind, Object: object, Table: k.String()})
}
