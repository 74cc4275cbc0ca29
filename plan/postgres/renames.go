package postgres

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// applyRenames checks Options.Renames ("table.old" or "schema.table.old"
// to the new name) against both models and renames the columns in the
// live copy, so the rest of the diff sees them under their new names. A
// rename already done (live has the new name, not the old) is skipped, so
// repeating a push does nothing; any other mismatch is an error, since a
// typo would turn a rename into a drop plus an add.
func (d *diff) applyRenames() error {
	d.renamed = map[key]map[string]string{}
	keys := make([]string, 0, len(d.opts.Renames))
	for k := range d.opts.Renames {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		to := d.opts.Renames[key]
		tk, old, err := d.renameTable(key)
		if err != nil {
			return err
		}
		lt, wt := d.live.table(tk), d.want.table(tk)
		if wt == nil {
			return fmt.Errorf("rename %s=%s: table %s is not in the desired schema", key, to, tk)
		}
		hasOld, hasNew := lt.Column(old) != nil, lt.Column(to) != nil
		switch {
		case !hasOld && hasNew:
			continue
		case !hasOld:
			return fmt.Errorf("rename %s=%s: live table %s has no column %s", key, to, tk, old)
		case hasNew:
			return fmt.Errorf("rename %s=%s: live table %s already has a column %s", key, to, tk, to)
		case wt.Column(to) == nil:
			return fmt.Errorf("rename %s=%s: desired table %s has no column %s", key, to, tk, to)
		case wt.Column(old) != nil:
			return fmt.Errorf("rename %s=%s: desired table %s still has column %s", key, to, tk, old)
		}
		if d.renamed[tk] == nil {
			d.renamed[tk] = map[string]string{}
		}
		d.renamed[tk][to] = old
		d.renameLive(tk, old, to)
	}
	return nil
}

// renameTable resolves the table of a rename key: schema.table.old, or
// table.old when exactly one live schema has such a table.
func (d *diff) renameTable(rename string) (key, string, error) {
	parts := strings.Split(rename, ".")
	switch {
	case len(parts) == 3 && !slices.Contains(parts, ""):
		k := key{parts[0], parts[1]}
		if d.live.table(k) == nil {
			return key{}, "", fmt.Errorf("rename %s: no live table %s", rename, k)
		}
		return k, parts[2], nil
	case len(parts) == 2 && !slices.Contains(parts, ""):
		var found []key
		for _, k := range sorted(d.live.rels) {
			if k.name == parts[0] && d.live.table(k) != nil {
				found = append(found, k)
			}
		}
		switch len(found) {
		case 1:
			return found[0], parts[1], nil
		case 0:
			return key{}, "", fmt.Errorf("rename %s: no live table %s", rename, parts[0])
		}
		return key{}, "", fmt.Errorf("rename %s: table %s is in several schemas (%s, %s); write schema.table.column", rename, parts[0], found[0].schema, found[1].schema)
	}
	return key{}, "", fmt.Errorf("rename %q: want table.column or schema.table.column", rename)
}

// renameLive renames a column in the live copy: the column, its keys and
// indexes, the expressions and triggers naming it, and foreign keys of
// other tables that reference it.
func (d *diff) renameLive(k key, old, to string) {
	t := d.live.rels[k]
	swap := func(names []string) {
		for i, n := range names {
			if n == old {
				names[i] = to
			}
		}
	}
	t.Column(old).Name = to
	swap(t.PrimaryKey)
	for i := range t.Columns {
		t.Columns[i].Generated = renameIdent(t.Columns[i].Generated, old, to)
	}
	for i := range t.Uniques {
		swap(t.Uniques[i].Columns)
	}
	for i := range t.Checks {
		t.Checks[i].Expr = renameIdent(t.Checks[i].Expr, old, to)
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		swap(ix.Columns)
		ix.Definition = renameIdent(ix.Definition, old, to)
		if ix.Where != nil {
			w := renameIdent(*ix.Where, old, to)
			ix.Where = &w
		}
	}
	for i := range t.Triggers {
		t.Triggers[i].SQL = renameIdent(t.Triggers[i].SQL, old, to)
	}
	for _, ok := range sorted(d.live.rels) {
		for i := range d.live.rels[ok].ForeignKeys {
			fk := &d.live.rels[ok].ForeignKeys[i]
			if ok == k {
				swap(fk.Columns)
			}
			if fk.RefSchema == k.schema && fk.RefTable == k.name {
				swap(fk.RefColumns)
			}
		}
	}
}

// renameSteps are the RENAME COLUMN statements of a table.
func (d *diff) renameSteps(k key) {
	m := d.renamed[k]
	news := make([]string, 0, len(m))
	for n := range m {
		news = append(news, n)
	}
	slices.Sort(news)
	for _, n := range news {
		d.add(phColumns, step.Step{SQL: "ALTER TABLE " + k.sql() + " RENAME COLUMN " + database.QuoteIdent(m[n]) + " TO " + database.QuoteIdent(n),
			Action: "rename", ObjectKind: "column", Object: k.String() + "." + n, Table: k.String(),
			Reason: "renames " + m[n] + " to " + n + " (--rename)"})
	}
}

// hintRenames suggests --rename for a table that drops some columns and
// adds others.
func (d *diff) hintRenames(k key, dropped, added []introspect.Column) {
	for _, o := range dropped {
		var same []string
		for _, n := range added {
			if n.Type == o.Type {
				same = append(same, n.Name)
			}
		}
		if len(same) == 0 {
			for _, n := range added {
				same = append(same, n.Name)
			}
		}
		if len(same) == 0 {
			continue
		}
		d.hints = append(d.hints, fmt.Sprintf("%s: column %s is dropped and %s added; if that is a rename, pass --rename %s.%s=%s to keep its values",
			k, o.Name, strings.Join(same, " / "), k, o.Name, same[0]))
	}
}
