package postgres

import (
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// diffKeys plans the primary key, unique and check constraints of a table
// that stays: a changed one is dropped and added again under its name.
func (d *diff) diffKeys(k key, l, w *introspect.Table) {
	if w.PartitionOf != nil {
		return // inherited from the parent
	}
	if l.PrimaryKeyName != w.PrimaryKeyName || !slices.Equal(l.PrimaryKey, w.PrimaryKey) {
		if len(l.PrimaryKey) > 0 {
			d.dropConstraint(k, l.PrimaryKeyName)
			d.keyChanged[k] = true
		}
		if len(w.PrimaryKey) > 0 {
			s := d.addConstraint(k, w.PrimaryKeyName, primaryKey(w))
			d.countDuplicates(&s, phAddConstraints, k, w.PrimaryKey, "")
			d.add(phAddConstraints, s)
		}
	}
	lu := map[string]introspect.Unique{}
	for _, u := range l.Uniques {
		lu[u.Name] = u
	}
	wu := map[string]bool{}
	for _, u := range w.Uniques {
		wu[u.Name] = true
		old, ok := lu[u.Name]
		if ok && unique(l, old) == unique(w, u) {
			continue
		}
		if ok {
			d.dropConstraint(k, old.Name)
			d.keyChanged[k] = true
		}
		s := d.addConstraint(k, u.Name, unique(w, u))
		d.countDuplicates(&s, phAddConstraints, k, u.Columns, notNull("", u.Columns))
		d.add(phAddConstraints, s)
	}
	for _, u := range l.Uniques {
		if !wu[u.Name] {
			d.dropConstraint(k, u.Name)
			d.keyChanged[k] = true
		}
	}
	d.diffChecks(k, l, w)
}

func (d *diff) diffChecks(k key, l, w *introspect.Table) {
	lc := map[string]string{}
	for _, c := range l.Checks {
		lc[c.Name] = c.Expr
	}
	wc := map[string]bool{}
	for _, c := range w.Checks {
		wc[c.Name] = true
		expr, ok := lc[c.Name]
		if ok && expr == c.Expr {
			continue
		}
		if ok {
			d.dropConstraint(k, c.Name)
		}
		s := d.addConstraint(k, c.Name, check(c))
		s.Reason = "rows that violate the check make it fail (counted)"
		s.CountSQL = count(k, "NOT ("+c.Expr+")")
		var reads []string
		for _, col := range w.Columns {
			if mentions(c.Expr, col.Name) {
				reads = append(reads, col.Name)
			}
		}
		d.countIfUnchanged(phAddConstraints, tableColumns{k, reads})
		d.add(phAddConstraints, s)
	}
	for _, c := range l.Checks {
		if !wc[c.Name] {
			d.dropConstraint(k, c.Name)
		}
	}
}

func (d *diff) dropConstraint(k key, name string) {
	d.add(phDropConstraints, step.Step{SQL: "ALTER TABLE " + k.sql() + " DROP CONSTRAINT " + database.QuoteIdent(name), Action: "drop",
		ObjectKind: "constraint", Object: k.String() + "." + name, Table: k.String()})
}

func (d *diff) addConstraint(k key, name, def string) step.Step {
	return step.Step{SQL: "ALTER TABLE " + k.sql() + " ADD " + def, Action: "create", ObjectKind: "constraint",
		Object: k.String() + "." + name, Table: k.String()}
}

// countDuplicates makes a new key on a table with rows count the groups
// of rows that would violate it.
func (d *diff) countDuplicates(s *step.Step, ph phase, k key, cols []string, where string) {
	s.Reason = "rows repeating (" + strings.Join(cols, ", ") + ") make it fail (duplicate groups counted)"
	if where != "" {
		where = " WHERE " + where
	}
	s.CountSQL = "SELECT count(*) FROM (SELECT 1 FROM " + k.sql() + where + " GROUP BY " + idents(cols) +
		" HAVING count(*) > 1 LIMIT " + countCap + ") AS x"
	d.countIfUnchanged(ph, tableColumns{k, cols})
}

// countIfUnchanged marks the step about to be added to phase ph: its
// count runs before the plan, against the live columns, so it is kept
// only if the plan neither adds nor changes the columns it reads, which
// is known once every column step is (see finishCounts).
func (d *diff) countIfUnchanged(ph phase, reads ...tableColumns) {
	d.countsOn = append(d.countsOn, countOn{phase: ph, index: len(d.steps[ph]), reads: reads})
}

// notNull is "a IS NOT NULL AND b IS NOT NULL", the columns prefixed
// with a table alias when given ("c.").
func notNull(alias string, cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = alias + database.QuoteIdent(c) + " IS NOT NULL"
	}
	return strings.Join(parts, " AND ")
}

// diffForeignKeys plans foreign keys: dropped ones first, added ones
// after every table and key exists. A key is dropped and added again when
// it changes or when the key it references is rebuilt. A partition's keys
// copied from its parent come and go with the parent's; its own are
// planned like any table's.
func (d *diff) diffForeignKeys() {
	for _, k := range sorted(d.want.rels) {
		w := d.want.rels[k]
		if w.Kind != introspect.KindTable {
			continue
		}
		live := map[string]introspect.ForeignKey{}
		if l := d.live.table(k); l != nil && !d.replaced[k] {
			for _, fk := range l.ForeignKeys {
				live[fk.Name] = fk
			}
		}
		for _, fk := range w.ForeignKeys {
			if fk.Inherited {
				continue
			}
			old, ok := live[fk.Name]
			if ok && foreignKey(old) == foreignKey(fk) && !d.keyChanged[key{fk.RefSchema, fk.RefTable}] {
				continue
			}
			if ok {
				d.dropForeignKey(k, fk.Name)
			}
			d.addForeignKey(k, fk, ok || d.live.table(k) == nil || d.replaced[k])
		}
	}
	for _, k := range sorted(d.live.rels) {
		l := d.live.table(k)
		if l == nil {
			continue
		}
		w := d.want.table(k)
		for _, fk := range l.ForeignKeys {
			ref := key{fk.RefSchema, fk.RefTable}
			switch {
			case fk.Inherited:
			case w == nil || d.replaced[k]:
				if ref != k && d.want.table(ref) == nil {
					d.dropForeignKey(k, fk.Name) // both tables go: drop the link first
				}
			case !slices.ContainsFunc(w.ForeignKeys, func(x introspect.ForeignKey) bool { return x.Name == fk.Name }):
				d.dropForeignKey(k, fk.Name)
			}
		}
	}
}

func (d *diff) dropForeignKey(k key, name string) {
	d.add(phDropForeignKeys, step.Step{SQL: "ALTER TABLE " + k.sql() + " DROP CONSTRAINT " + database.QuoteIdent(name), Action: "drop",
		ObjectKind: "constraint", Object: k.String() + "." + name, Table: k.String()})
}

// addForeignKey adds a key; a new key on a table with rows counts the
// rows without a parent, which would make it fail.
func (d *diff) addForeignKey(k key, fk introspect.ForeignKey, quiet bool) {
	s := step.Step{SQL: "ALTER TABLE " + k.sql() + " ADD " + foreignKey(fk), Action: "create", ObjectKind: "constraint",
		Object: k.String() + "." + fk.Name, Table: k.String()}
	ref := key{fk.RefSchema, fk.RefTable}
	if !quiet && d.live.table(ref) != nil && !d.gone(ref) {
		match := make([]string, len(fk.Columns))
		for i := range fk.Columns {
			match[i] = "p." + database.QuoteIdent(fk.RefColumns[i]) + " = c." + database.QuoteIdent(fk.Columns[i])
		}
		notNull := notNull("c.", fk.Columns)
		s.Reason = "rows whose parent row is missing make it fail (counted)"
		s.CountSQL = "SELECT count(*) FROM (SELECT 1 FROM " + k.sql() + " AS c WHERE " + notNull +
			" AND NOT EXISTS (SELECT 1 FROM " + ref.sql() + " AS p WHERE " + strings.Join(match, " AND ") + ") LIMIT " + countCap + ") AS x"
		d.countIfUnchanged(phAddForeignKeys, tableColumns{k, fk.Columns}, tableColumns{ref, fk.RefColumns})
	}
	d.add(phAddForeignKeys, s)
}
