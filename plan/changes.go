package plan

import (
	"fmt"
	"slices"
	"strings"

	"studio/introspect"
)

// Change is one difference between two models, as a reviewer reads a
// migration's effect: what was added, dropped or changed.
type Change struct {
	// Kind is table-added, table-dropped, column-added, column-dropped,
	// column-changed, index-added, index-dropped, fk-added, fk-dropped,
	// check-added, check-dropped, view-added, view-dropped.
	Kind   string `json:"kind"`
	Schema string `json:"schema"`
	Table  string `json:"table"`
	Name   string `json:"name,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Changes lists what turns before into after, table by table in after's
// order (dropped tables last). Renames read as a drop and an add: the
// caller knows them from the statements. A nil before is an empty
// database.
func Changes(before, after *introspect.Model) []Change {
	old := tablesOf(before)
	var out []Change
	seen := map[string]bool{}
	for _, k := range orderOf(after) {
		nt := tablesOf(after)[k]
		seen[k] = true
		ot, ok := old[k]
		if !ok {
			out = append(out, Change{Kind: relKind(nt.t) + "-added", Schema: nt.schema, Table: nt.t.Name})
			continue
		}
		out = append(out, tableChanges(nt.schema, ot.t, nt.t)...)
	}
	for _, k := range orderOf(before) {
		if !seen[k] {
			ot := old[k]
			out = append(out, Change{Kind: relKind(ot.t) + "-dropped", Schema: ot.schema, Table: ot.t.Name})
		}
	}
	return out
}

type schemaTable struct {
	schema string
	t      *introspect.Table
}

func tablesOf(m *introspect.Model) map[string]schemaTable {
	out := map[string]schemaTable{}
	if m == nil {
		return out
	}
	for si := range m.Schemas {
		s := &m.Schemas[si]
		for ti := range s.Tables {
			out[s.Name+"\x00"+s.Tables[ti].Name] = schemaTable{s.Name, &s.Tables[ti]}
		}
	}
	return out
}

func orderOf(m *introspect.Model) []string {
	var out []string
	if m == nil {
		return out
	}
	for _, s := range m.Schemas {
		for _, t := range s.Tables {
			out = append(out, s.Name+"\x00"+t.Name)
		}
	}
	return out
}

func relKind(t *introspect.Table) string {
	if t.Kind == introspect.KindView || t.Kind == introspect.KindMaterializedView {
		return "view"
	}
	return "table"
}

func tableChanges(schema string, o, n *introspect.Table) []Change {
	var out []Change
	add := func(kind, name, detail string) {
		out = append(out, Change{Kind: kind, Schema: schema, Table: n.Name, Name: name, Detail: detail})
	}
	for _, c := range n.Columns {
		oc := o.Column(c.Name)
		if oc == nil {
			add("column-added", c.Name, columnText(c))
		} else if d := columnDiff(*oc, c); d != "" {
			add("column-changed", c.Name, d)
		}
	}
	for _, c := range o.Columns {
		if n.Column(c.Name) == nil {
			add("column-dropped", c.Name, columnText(c))
		}
	}
	diffNamed(indexKeys(o), indexKeys(n), func(name, detail string, added bool) {
		add(pick(added, "index-added", "index-dropped"), name, detail)
	})
	diffNamed(fkKeys(o), fkKeys(n), func(name, detail string, added bool) {
		add(pick(added, "fk-added", "fk-dropped"), name, detail)
	})
	diffNamed(checkKeys(o), checkKeys(n), func(name, detail string, added bool) {
		add(pick(added, "check-added", "check-dropped"), name, detail)
	})
	return out
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func columnText(c introspect.Column) string {
	s := c.Type
	if !c.Nullable {
		s += " NOT NULL"
	}
	if c.Default != nil {
		s += " DEFAULT " + *c.Default
	}
	return s
}

func columnDiff(o, n introspect.Column) string {
	var parts []string
	if o.Type != n.Type {
		parts = append(parts, fmt.Sprintf("type %s -> %s", o.Type, n.Type))
	}
	if o.Nullable != n.Nullable {
		parts = append(parts, pick(n.Nullable, "NOT NULL dropped", "NOT NULL added"))
	}
	od, nd := "", ""
	if o.Default != nil {
		od = *o.Default
	}
	if n.Default != nil {
		nd = *n.Default
	}
	if od != nd {
		parts = append(parts, fmt.Sprintf("default %q -> %q", od, nd))
	}
	return strings.Join(parts, "; ")
}

// named is an object keyed by what makes it the same object: its name, or
// its definition when the dialect keeps no name (SQLite foreign keys).
type named struct{ key, name, detail string }

func diffNamed(o, n []named, f func(name, detail string, added bool)) {
	has := func(list []named, k string) bool {
		return slices.ContainsFunc(list, func(x named) bool { return x.key == k })
	}
	for _, x := range n {
		if !has(o, x.key) {
			f(x.name, x.detail, true)
		}
	}
	for _, x := range o {
		if !has(n, x.key) {
			f(x.name, x.detail, false)
		}
	}
}

func indexKeys(t *introspect.Table) []named {
	var out []named
	for _, ix := range t.Indexes {
		if ix.Origin == "primary" {
			continue
		}
		d := pick(ix.Unique, "UNIQUE ", "") + "(" + strings.Join(ix.Columns, ", ") + ")"
		if ix.Where != nil {
			d += " WHERE " + *ix.Where
		}
		out = append(out, named{key: ix.Name + "\x00" + d, name: ix.Name, detail: d})
	}
	return out
}

func fkKeys(t *introspect.Table) []named {
	var out []named
	for _, fk := range t.ForeignKeys {
		d := fmt.Sprintf("(%s) REFERENCES %s(%s) ON DELETE %s", strings.Join(fk.Columns, ", "), fk.RefTable,
			strings.Join(fk.RefColumns, ", "), fk.OnDelete)
		out = append(out, named{key: fk.Name + "\x00" + d, name: fk.Name, detail: d})
	}
	return out
}

func checkKeys(t *introspect.Table) []named {
	var out []named
	for _, ck := range t.Checks {
		out = append(out, named{key: ck.Name + "\x00" + ck.Expr, name: ck.Name, detail: ck.Expr})
	}
	return out
}
