package postgres

import (
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// diffSequences plans the sequences that are not an identity column's
// (those come and go with their column) nor made by a serial column the
// plan creates: standalone ones and the serial sequences of columns that
// stay. New ones are created before the tables whose defaults call them,
// and owned by their column once it exists.
func (d *diff) diffSequences() {
	for _, k := range sorted(d.want.seqs) {
		w := d.want.seqs[k]
		l := d.live.seqs[k]
		if d.identityOwned(d.want, k, w) {
			if l != nil && d.identityOwned(d.live, k, l) {
				d.alterSequence(k, l, w)
			}
			continue
		}
		if d.serialCreated(k, w) {
			continue
		}
		if l == nil || d.droppedSeqs[k] || d.madeSeqs[k] {
			if !d.madeSeqs[k] {
				d.add(phCreateSequences, step.Step{SQL: createSequenceSQL(k, w), Action: "create", ObjectKind: "sequence", Object: k.String()})
			}
			if w.OwnedBy != "" {
				d.ownSequence(k, w.OwnedBy)
				d.catchUp(k, w)
			}
			continue
		}
		d.alterSequence(k, l, w)
		if l.OwnedBy != w.OwnedBy {
			d.ownSequence(k, w.OwnedBy)
		}
	}
	for _, k := range sorted(d.live.seqs) {
		l := d.live.seqs[k]
		if d.want.seqs[k] != nil || d.droppedSeqs[k] || d.madeSeqs[k] || d.identityOwned(d.live, k, l) || d.goesWithColumn(k, l) {
			continue
		}
		d.add(phDropSequences, step.Step{SQL: "DROP SEQUENCE " + k.sql(), Action: "drop", ObjectKind: "sequence", Object: k.String(),
			Reason: "drops the sequence (and its current value)"})
	}
}

// ownerOf splits a sequence's OwnedBy ("table.column") into the table,
// in the sequence's schema, and the column.
func ownerOf(k key, q *introspect.Sequence) (key, string, bool) {
	table, col, ok := strings.Cut(q.OwnedBy, ".")
	return key{k.schema, table}, col, ok
}

func (d *diff) identityOwned(s *side, k key, q *introspect.Sequence) bool {
	tk, col, ok := ownerOf(k, q)
	if !ok {
		return false
	}
	c := s.column(tk, col)
	return c != nil && c.Identity != ""
}

// serialCreated reports a desired serial sequence whose column the plan
// creates (with its table or by ADD COLUMN): writing the column as serial
// creates the sequence.
func (d *diff) serialCreated(k key, q *introspect.Sequence) bool {
	tk, col, ok := ownerOf(k, q)
	if !ok {
		return false
	}
	wc := d.want.column(tk, col)
	if wc == nil {
		return false
	}
	if _, serial := serial(d.want, tk, *wc); !serial {
		return false
	}
	return d.live.table(tk) == nil || d.replaced[tk] || d.live.column(tk, col) == nil
}

// goesWithColumn reports a live sequence owned by a column or table the
// plan drops: PostgreSQL drops it along.
func (d *diff) goesWithColumn(k key, q *introspect.Sequence) bool {
	tk, col, ok := ownerOf(k, q)
	if !ok {
		return false
	}
	return d.want.table(tk) == nil || d.replaced[tk] || d.want.column(tk, col) == nil
}

func (d *diff) alterSequence(k key, l, w *introspect.Sequence) {
	if sql := alterSequenceSQL(k, l, w); sql != "" {
		d.add(phSequences, step.Step{SQL: sql, Action: "alter", ObjectKind: "sequence", Object: k.String()})
	}
}

// catchUp moves a new sequence owned by a column that already holds
// values past them, so the next default does not collide.
func (d *diff) catchUp(k key, q *introspect.Sequence) {
	tk, col, ok := ownerOf(k, q)
	if !ok || d.live.column(tk, col) == nil || d.replaced[tk] {
		return
	}
	c := database.QuoteIdent(col)
	d.add(phSequences, step.Step{SQL: "SELECT pg_catalog.setval(" + literal(k.sql()) + ", max(" + c + ")) FROM " + tk.sql() +
		" HAVING max(" + c + ") IS NOT NULL", Action: "alter", ObjectKind: "sequence", Object: k.String(), Table: tk.String(),
		Reason: "moves the new sequence past the values " + tk.String() + "." + col + " holds"})
}

func (d *diff) ownSequence(k key, owner string) {
	to := "NONE"
	if table, col, ok := strings.Cut(owner, "."); ok {
		to = key{k.schema, table}.sql() + "." + database.QuoteIdent(col)
	}
	d.add(phSequences, step.Step{SQL: "ALTER SEQUENCE " + k.sql() + " OWNED BY " + to, Action: "alter", ObjectKind: "sequence", Object: k.String()})
}
