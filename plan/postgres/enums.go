package postgres

import (
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// diffEnums plans enum types. Values added (anywhere in the order) are
// ALTER TYPE ... ADD VALUE, which PostgreSQL 12+ runs inside the plan's
// transaction as long as nothing in the same transaction uses the new
// value. When something does (a default, a check, a view), or when
// values are removed or reordered, the type is rebuilt: renamed, created
// anew, its columns cast to it by text, the old one dropped at the end.
// Rows holding a removed value make the cast fail; nothing is mapped.
// It runs before diffTables, whose column steps see the rebuilt columns'
// defaults as dropped.
func (d *diff) diffEnums() {
	for _, k := range sorted(d.want.enums) {
		w := d.want.enums[k]
		l := d.live.enums[k]
		switch {
		case l == nil:
			d.add(phEnums, step.Step{SQL: "CREATE TYPE " + k.sql() + " AS ENUM (" + literals(w.Values) + ")",
				Action: "create", ObjectKind: "enum", Object: k.String()})
		case slices.Equal(l.Values, w.Values):
		case subsequence(l.Values, w.Values) && !d.usesNewValues(k, l.Values, w.Values):
			d.addEnumValues(k, l.Values, w.Values)
		default:
			d.rebuildEnum(k, l, w)
		}
	}
	for _, k := range sorted(d.live.enums) {
		if d.want.enums[k] == nil {
			d.add(phDropEnums, step.Step{SQL: "DROP TYPE " + k.sql(), Action: "drop", ObjectKind: "enum", Object: k.String()})
		}
	}
}

func literals(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = literal(v)
	}
	return strings.Join(q, ", ")
}

// subsequence reports whether every value of a is in b, in a's order.
func subsequence(a, b []string) bool {
	i := 0
	for _, v := range b {
		if i < len(a) && a[i] == v {
			i++
		}
	}
	return i == len(a)
}

// addEnumValues adds each new value after its desired predecessor (or
// before the first old value), so the order comes out as desired.
func (d *diff) addEnumValues(k key, live, want []string) {
	for i, v := range want {
		if slices.Contains(live, v) {
			continue
		}
		pos := ""
		switch {
		case i > 0:
			pos = " AFTER " + literal(want[i-1])
		case len(live) > 0:
			pos = " BEFORE " + literal(live[0])
		}
		d.add(phEnums, step.Step{SQL: "ALTER TYPE " + k.sql() + " ADD VALUE " + literal(v) + pos,
			Action: "add-value", ObjectKind: "enum", Object: k.String()})
	}
}

// usesNewValues reports whether the desired schema spells a new value as
// 'value'::type anywhere the plan could write it (defaults, generated
// columns, checks, indexes, views, triggers).
func (d *diff) usesNewValues(k key, live, want []string) bool {
	var lits []string
	for _, v := range want {
		if !slices.Contains(live, v) {
			for _, form := range printedForms(k) {
				lits = append(lits, literal(v)+"::"+form)
			}
		}
	}
	uses := func(s string) bool {
		for _, l := range lits {
			if i := strings.Index(s, l); i >= 0 && (i+len(l) == len(s) || !wordByte(s[i+len(l)])) {
				return true
			}
		}
		return false
	}
	for _, t := range d.want.rels {
		texts := []string{t.Definition}
		for _, c := range t.Columns {
			texts = append(texts, c.Generated)
			if c.Default != nil {
				texts = append(texts, *c.Default)
			}
		}
		for _, c := range t.Checks {
			texts = append(texts, c.Expr)
		}
		for _, ix := range t.Indexes {
			texts = append(texts, ix.Definition)
		}
		for _, tr := range t.Triggers {
			texts = append(texts, tr.SQL)
		}
		if slices.ContainsFunc(texts, uses) {
			return true
		}
	}
	return false
}

// rebuildEnum replaces an enum whose values cannot be added in place.
func (d *diff) rebuildEnum(k key, l, w *introspect.Enum) {
	old := key{k.schema, truncate(k.name, "__old")}
	var removed []string
	for _, v := range l.Values {
		if !slices.Contains(w.Values, v) {
			removed = append(removed, v)
		}
	}
	first := step.Step{SQL: "ALTER TYPE " + k.sql() + " RENAME TO " + database.QuoteIdent(old.name), Action: "rename", ObjectKind: "enum",
		Object: k.String(), Reason: "rebuilds the enum: PostgreSQL can only add values in place, and the new ones are used in the same transaction or the order changes"}
	if len(removed) > 0 {
		first.Destructive = true
		first.Reason = "rebuilds the enum without " + literals(removed) + ": PostgreSQL cannot remove enum values; " +
			"rows holding them make the plan fail (counted per column), and clients still writing them will break"
	}
	d.add(phEnums, first)
	d.add(phEnums, step.Step{SQL: "CREATE TYPE " + k.sql() + " AS ENUM (" + literals(w.Values) + ")", Action: "create", ObjectKind: "enum", Object: k.String()})
	for _, tk := range sorted(d.live.rels) {
		t := d.live.table(tk)
		if t == nil || d.want.table(tk) == nil || t.PartitionOf != nil {
			continue
		}
		for i := range t.Columns {
			d.castToRebuilt(k, tk, &t.Columns[i], removed)
		}
	}
	d.add(phDropEnums, step.Step{SQL: "DROP TYPE " + old.sql(), Action: "drop", ObjectKind: "enum", Object: old.String(),
		Reason: "drops the type the rebuilt enum replaced"})
}

// castToRebuilt casts a live column of the rebuilt enum (or an array of
// it) to the new type, when the desired column keeps the type; its
// default is dropped first and set again by the column's own steps.
func (d *diff) castToRebuilt(k, tk key, c *introspect.Column, removed []string) {
	base := strings.TrimRight(c.Type, "[]")
	if !slices.Contains(printedForms(k), base) {
		return
	}
	wc := d.want.column(tk, c.Name)
	if wc == nil || wc.Type != c.Type {
		return
	}
	dims := strings.Repeat("[]", (len(c.Type)-len(base))/2)
	at := "ALTER TABLE " + tk.sql() + " ALTER COLUMN " + database.QuoteIdent(c.Name) + " "
	obj := tk.String() + "." + c.Name
	if c.Default != nil {
		d.add(phEnums, step.Step{SQL: at + "DROP DEFAULT", Action: "alter", ObjectKind: "column", Object: obj, Table: tk.String(),
			Reason: "the default names the old type; it is set again below"})
		c.Default = nil
	}
	s := step.Step{SQL: at + "TYPE " + c.Type + " USING " + database.QuoteIdent(c.Name) + "::text" + dims + "::" + c.Type,
		Action: "alter", ObjectKind: "column", Object: obj, Table: tk.String(), Reason: "moves the column to the rebuilt enum"}
	if len(removed) > 0 && dims == "" {
		s.Reason = "moves the column to the rebuilt enum; rows holding a removed value make it fail (counted)"
		s.CountSQL = count(tk, database.QuoteIdent(c.Name)+"::text IN ("+literals(removed)+")")
	}
	d.add(phEnums, s)
	d.alterColumns(tk, map[string]bool{c.Name: true})
}

// truncate appends suffix to name within PostgreSQL's 63-byte limit.
func truncate(name, suffix string) string {
	if len(name)+len(suffix) > 63 {
		name = name[:63-len(suffix)]
	}
	return name + suffix
}
