package plan

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
)

// applyRenames checks Options.Renames ("table.old" or "schema.table.old"
// to the new name) against both models and renames the columns in the
// live copy, so the rest of the diff sees them under their new names. A
// rename already done (live has the new name, not the old) is skipped, so
// repeating a push does nothing; any other mismatch is an error, since a
// typo would turn a rename into a drop plus an add.
func (d *pgDiff) applyRenames() error {
	d.renamed = map[pgKey]map[string]string{}
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
		hasOld, hasNew := pgColumn(lt, old) != nil, pgColumn(lt, to) != nil
		switch {
		case !hasOld && hasNew:
			continue
		case !hasOld:
			return fmt.Errorf("rename %s=%s: live table %s has no column %s", key, to, tk, old)
		case hasNew:
			return fmt.Errorf("rename %s=%s: live table %s already has a column %s", key, to, tk, to)
		case pgColumn(wt, to) == nil:
			return fmt.Errorf("rename %s=%s: desired table %s has no column %s", key, to, tk, to)
		case pgColumn(wt, old) != nil:
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
func (d *pgDiff) renameTable(key string) (pgKey, string, error) {
	parts := strings.Split(key, ".")
	switch {
	case len(parts) == 3 && !slices.Contains(parts, ""):
		k := pgKey{parts[0], parts[1]}
		if d.live.table(k) == nil {
			return pgKey{}, "", fmt.Errorf("rename %s: no live table %s", key, k)
		}
		return k, parts[2], nil
	case len(parts) == 2 && !slices.Contains(parts, ""):
		var found []pgKey
		for _, k := range pgSorted(d.live.rels) {
			if k.name == parts[0] && d.live.table(k) != nil {
				found = append(found, k)
			}
		}
		switch len(found) {
		case 1:
			return found[0], parts[1], nil
		case 0:
			return pgKey{}, "", fmt.Errorf("rename %s: no live table %s", key, parts[0])
		}
		return pgKey{}, "", fmt.Errorf("rename %s: table %s is in several schemas (%s, %s); write schema.table.column", key, parts[0], found[0].schema, found[1].schema)
	}
	return pgKey{}, "", fmt.Errorf("rename %q: want table.column or schema.table.column", key)
}

// renameLive renames a column in the live copy: the column, its keys and
// indexes, the expressions and triggers naming it, and foreign keys of
// other tables that reference it.
func (d *pgDiff) renameLive(k pgKey, old, to string) {
	t := d.live.rels[k]
	swap := func(names []string) {
		for i, n := range names {
			if n == old {
				names[i] = to
			}
		}
	}
	pgColumn(t, old).Name = to
	swap(t.PrimaryKey)
	for i := range t.Columns {
		t.Columns[i].Generated = pgRenameIdent(t.Columns[i].Generated, old, to)
	}
	for i := range t.Uniques {
		swap(t.Uniques[i].Columns)
	}
	for i := range t.Checks {
		t.Checks[i].Expr = pgRenameIdent(t.Checks[i].Expr, old, to)
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		swap(ix.Columns)
		ix.Definition = pgRenameIdent(ix.Definition, old, to)
		if ix.Where != nil {
			w := pgRenameIdent(*ix.Where, old, to)
			ix.Where = &w
		}
	}
	for i := range t.Triggers {
		t.Triggers[i].SQL = pgRenameIdent(t.Triggers[i].SQL, old, to)
	}
	for _, ok := range pgSorted(d.live.rels) {
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
func (d *pgDiff) renameSteps(k pgKey) {
	m := d.renamed[k]
	news := make([]string, 0, len(m))
	for n := range m {
		news = append(news, n)
	}
	slices.Sort(news)
	for _, n := range news {
		d.add(phColumns, Step{SQL: "ALTER TABLE " + k.sql() + " RENAME COLUMN " + database.QuoteIdent(m[n]) + " TO " + database.QuoteIdent(n),
			Action: "rename", ObjectKind: "column", Object: k.String() + "." + n, Table: k.String(),
			Reason: "renames " + m[n] + " to " + n + " (--rename)"})
	}
}

// hintRenames suggests --rename for a table that drops some columns and
// adds others.
func (d *pgDiff) hintRenames(k pgKey, dropped, added []introspect.Column) {
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
