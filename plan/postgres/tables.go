package postgres

import (
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// diffTables plans new, changed and dropped tables. Views are diffTables'
// business only where a name changes kind (see diffViews).
func (d *diff) diffTables() {
	var creates, partitions []key
	for _, k := range sorted(d.want.rels) {
		w := d.want.rels[k]
		if w.Kind != introspect.KindTable {
			continue
		}
		l := d.live.table(k)
		switch {
		case l == nil && w.PartitionOf != nil:
			partitions = append(partitions, k)
		case l == nil:
			creates = append(creates, k)
		case !samePartitioning(l, w):
			d.replaced[k] = true
			d.dropTable(k, l, phDropReplaced, "it is created again with its new partitioning, which PostgreSQL cannot change in place")
			creates = append(creates, k)
		default:
			d.alterTable(k, l, w)
		}
	}
	for _, k := range slices.Concat(creates, partitions) {
		w := d.want.rels[k]
		d.add(phCreateTables, step.Step{SQL: d.createTableSQL(k, w), Action: "create", ObjectKind: "table", Object: k.String(), Table: k.String()})
		if w.PartitionOf != nil && attachLater(w) {
			parent := key{w.PartitionOf.Schema, w.PartitionOf.Name}
			d.add(phAttachPartitions, step.Step{SQL: "ALTER TABLE " + parent.sql() + " ATTACH PARTITION " + k.sql() + " " + w.PartitionBound,
				Action: "alter", ObjectKind: "table", Object: k.String(), Table: k.String()})
		}
	}
	for _, k := range sorted(d.live.rels) {
		l := d.live.rels[k]
		if l.Kind != introspect.KindTable || d.replaced[k] || d.want.table(k) != nil {
			continue
		}
		if l.PartitionOf != nil && d.want.table(key{l.PartitionOf.Schema, l.PartitionOf.Name}) == nil {
			continue // dropped with its parent
		}
		if d.want.rels[k] != nil {
			d.replaced[k] = true
			d.dropTable(k, l, phDropReplaced, "a view takes its name")
			continue
		}
		d.dropTable(k, l, phDropTables, "")
	}
}

// attachLater reports a partition whose copies of its parent's indexes
// have names of their own (pg_dump keeps them): created PARTITION OF, it
// would get copies named by the server. It is created on its own, its
// indexes under their names, then attached, which adopts them (as
// pg_dump restores it).
func attachLater(t *introspect.Table) bool {
	return t.PartitionOf != nil && slices.ContainsFunc(t.Indexes, func(ix introspect.Index) bool {
		return ix.Inherited && ix.Origin == "index" && ix.Name != serverIndexName(t.Name, ix)
	})
}

// serverIndexName is the name PostgreSQL gives a table's copy of an
// index over plain columns: table_col1_col2_idx (when that fits in 63
// bytes and is free); "" for other indexes, whose names are not guessed.
func serverIndexName(table string, ix introspect.Index) string {
	if ix.Expression || len(ix.Columns) == 0 {
		return ""
	}
	name := table + "_" + strings.Join(ix.Columns, "_") + "_idx"
	if len(name) > 63 {
		return ""
	}
	return name
}

func samePartitioning(l, w *introspect.Table) bool {
	if (l.PartitionOf == nil) != (w.PartitionOf == nil) {
		return false
	}
	if l.PartitionOf != nil && (*l.PartitionOf != *w.PartitionOf || l.PartitionBound != w.PartitionBound) {
		return false
	}
	return l.PartitionKey == w.PartitionKey
}

func (d *diff) dropTable(k key, l *introspect.Table, ph phase, why string) {
	d.altered[k] = true
	d.keyChanged[k] = true
	reason := "drops table " + k.String() + " and its rows"
	if why != "" {
		reason += ": " + why
	}
	d.add(ph, step.Step{SQL: "DROP TABLE " + k.sql(), Action: "drop", ObjectKind: "table", Object: k.String(), Table: k.String(),
		Destructive: true, Reason: reason, CountSQL: count(k, "")})
}

// alterTable plans the changes of a table that stays: its keys, then
// its columns, renames first.
func (d *diff) alterTable(k key, l, w *introspect.Table) {
	d.diffKeys(k, l, w)
	if w.PartitionOf != nil {
		return // columns come from the parent
	}
	d.renameSteps(k)
	d.diffColumns(k, l, w)
}

// diffColumns plans a table's columns: dropped ones (and generated ones
// remade) first, then changed and added ones in the desired order.
func (d *diff) diffColumns(k key, l, w *introspect.Table) {
	typeChanged := map[string]bool{}
	for _, wc := range w.Columns {
		if lc := l.Column(wc.Name); lc != nil && lc.Type != wc.Type {
			typeChanged[wc.Name] = true
		}
	}
	var dropped, added []introspect.Column
	remake := map[string]bool{} // generated columns dropped and added again
	for _, lc := range l.Columns {
		wc := w.Column(lc.Name)
		switch {
		case wc == nil:
			dropped = append(dropped, lc)
			d.dropColumn(k, lc)
		case d.remakeGenerated(lc, *wc, typeChanged):
			remake[lc.Name] = true
			if d.remade[k] == nil {
				d.remade[k] = map[string]bool{}
			}
			d.remade[k][lc.Name] = true
			d.dropColumn(k, lc)
		}
	}
	for _, wc := range w.Columns {
		lc := l.Column(wc.Name)
		switch {
		case lc == nil:
			added = append(added, wc)
			d.addColumn(k, l, wc)
		case remake[wc.Name]:
			d.addColumn(k, l, wc)
		default:
			d.alterColumn(k, *lc, wc)
		}
	}
	for _, c := range dropped {
		remake[c.Name] = true
	}
	for name := range typeChanged {
		remake[name] = true
	}
	if len(remake) > 0 {
		d.alterColumns(k, remake)
	}
	if len(dropped) > 0 && len(added) > 0 {
		d.hintRenames(k, dropped, added)
	}
}

// alterColumns marks columns of k whose type changes or that go away:
// views reading them are recreated around the change.
func (d *diff) alterColumns(k key, cols map[string]bool) {
	if d.alteredCols[k] == nil {
		d.alteredCols[k] = map[string]bool{}
	}
	for c := range cols {
		d.alteredCols[k][c] = true
		d.unsafe(k, c)
	}
	d.altered[k] = true
}

// remakeGenerated reports a generated column that must be dropped and
// added again: its expression changes (PostgreSQL 15 cannot alter it),
// or a column it reads changes type.
func (d *diff) remakeGenerated(lc, wc introspect.Column, typeChanged map[string]bool) bool {
	if wc.Generated == "" {
		return false
	}
	if lc.Generated != wc.Generated || lc.GeneratedKind != wc.GeneratedKind || lc.Type != wc.Type {
		return true
	}
	for name := range typeChanged {
		if mentions(wc.Generated, name) {
			return true
		}
	}
	return false
}

func (d *diff) dropColumn(k key, c introspect.Column) {
	s := step.Step{SQL: "ALTER TABLE " + k.sql() + " DROP COLUMN " + database.QuoteIdent(c.Name), Action: "drop", ObjectKind: "column",
		Object: k.String() + "." + c.Name, Table: k.String()}
	if c.Generated != "" {
		s.Reason = "drops generated column " + c.Name + " (its values are computed, nothing is lost)"
	} else {
		s.Destructive, s.Reason = true, "drops column "+k.String()+"."+c.Name+" and its values"
		s.CountSQL = count(k, database.QuoteIdent(c.Name)+" IS NOT NULL")
	}
	d.unsafe(k, c.Name)
	d.add(phColumns, s)
}

func (d *diff) addColumn(k key, l *introspect.Table, c introspect.Column) {
	s := step.Step{SQL: "ALTER TABLE " + k.sql() + " ADD COLUMN " + d.columnDef(k, c, true), Action: "create", ObjectKind: "column",
		Object: k.String() + "." + c.Name, Table: k.String()}
	_, serial := serial(d.want, k, c)
	if !c.Nullable && c.Default == nil && c.Identity == "" && c.Generated == "" && !serial {
		s.Reason = "adds a NOT NULL column without a default: fails if the table has rows (counted)"
		s.CountSQL = count(k, "")
	}
	d.unsafe(k, c.Name)
	d.add(phColumns, s)
}

// alterColumn plans the changes of a column that stays, in the order
// PostgreSQL accepts them: identity and expression removed, old default
// dropped, type changed, NOT NULL dropped, new default, NOT NULL set,
// identity added or changed.
func (d *diff) alterColumn(k key, lc, wc introspect.Column) {
	at := "ALTER TABLE " + k.sql() + " ALTER COLUMN " + database.QuoteIdent(wc.Name) + " "
	alter := func(sql, reason string) step.Step {
		return step.Step{SQL: at + sql, Action: "alter", ObjectKind: "column", Object: k.String() + "." + wc.Name, Table: k.String(), Reason: reason}
	}
	if lc.Identity != "" && wc.Identity == "" {
		d.add(phColumns, alter("DROP IDENTITY", "the column stops being an identity (its sequence goes with it)"))
		d.remakeSequence(k, lc.Name)
	}
	if lc.Generated != "" && wc.Generated == "" {
		d.add(phColumns, alter("DROP EXPRESSION", "the column stops being generated and keeps its values"))
	}
	typeChanged := lc.Type != wc.Type || lc.Collation != wc.Collation
	ldef := lc.Default
	if ldef != nil && (typeChanged || wc.Default == nil) {
		d.add(phColumns, alter("DROP DEFAULT", ""))
		ldef = nil
	}
	if typeChanged {
		d.add(phColumns, d.typeChange(k, lc, wc))
		d.unsafe(k, wc.Name)
	}
	if !lc.Nullable && wc.Nullable {
		d.add(phColumns, alter("DROP NOT NULL", ""))
	}
	if wc.Default != nil && (ldef == nil || *ldef != *wc.Default) {
		d.add(phColumns, alter("SET DEFAULT "+*wc.Default, ""))
	}
	if lc.Nullable && !wc.Nullable {
		s := alter("SET NOT NULL", "rows holding NULL make it fail (counted)")
		s.CountSQL = count(k, database.QuoteIdent(wc.Name)+" IS NULL")
		d.add(phColumns, s)
	}
	switch {
	case wc.Identity != "" && lc.Identity == "":
		d.addIdentity(k, wc, alter)
	case wc.Identity != "" && lc.Identity != wc.Identity:
		d.add(phColumns, alter("SET GENERATED "+wc.Identity, ""))
	}
}

// remakeSequence creates, right after DROP IDENTITY took it away, a
// desired sequence named like the identity's (the serial sequence that
// replaces it); diffSequences then only sets its owner.
func (d *diff) remakeSequence(k key, col string) {
	old := identitySeq(d.live, k, col)
	if old == nil {
		return
	}
	qk := key{k.schema, old.Name}
	if w := d.want.seqs[qk]; w != nil && !d.identityOwned(d.want, qk, w) {
		d.madeSeqs[qk] = true
		d.add(phColumns, step.Step{SQL: createSequenceSQL(qk, w), Action: "create", ObjectKind: "sequence", Object: qk.String(),
			Reason: "takes the place of the identity sequence of " + k.String() + "." + col})
	}
}

// addIdentity makes a column an identity. A live sequence in the way of
// the identity's sequence name (the serial sequence it replaces) is
// dropped first, and the new sequence is moved past the existing values.
func (d *diff) addIdentity(k key, wc introspect.Column, alter func(sql, reason string) step.Step) {
	name := k.name + "_" + wc.Name + "_seq"
	if q := identitySeq(d.want, k, wc.Name); q != nil {
		name = q.Name
	}
	if qk := (key{k.schema, name}); d.live.seqs[qk] != nil {
		d.droppedSeqs[qk] = true
		d.add(phColumns, step.Step{SQL: "DROP SEQUENCE " + qk.sql(), Action: "drop", ObjectKind: "sequence", Object: qk.String(),
			Reason: "makes way for the identity sequence of " + k.String() + "." + wc.Name})
	}
	d.add(phColumns, alter("ADD GENERATED "+wc.Identity+" AS IDENTITY"+d.identityOptions(k, wc), ""))
	d.add(phColumns, step.Step{SQL: "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(" + literal(k.sql()) + ", " +
		literal(wc.Name) + "), max(" + database.QuoteIdent(wc.Name) + ")) FROM " + k.sql() + " HAVING max(" + database.QuoteIdent(wc.Name) + ") IS NOT NULL",
		Action: "alter", ObjectKind: "sequence", Object: k.String() + "." + wc.Name, Table: k.String(),
		Reason: "moves the new identity sequence past the values the column holds"})
}
