package review

import (
	"fmt"
	"strings"

	"studio/database"
)

// truncate warns about TRUNCATE of a live table with rows; with CASCADE,
// PostgreSQL also empties every table with a foreign key to it.
func (a *analyzer) truncate(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil {
		return
	}
	if rows := a.rows(r.live); rows > 0 {
		a.warn(act, "truncate", SeverityError, r.live, rows, fmt.Sprintf(
			"TRUNCATE %s deletes %s", a.relDisp(r), rowsText(rows, "row")))
	} else if rows < 0 {
		a.warn(act, "truncate", SeverityWarning, r.live, rows, fmt.Sprintf(
			"TRUNCATE %s deletes every row", a.relDisp(r)))
	}
	defer func() { r.emptied = true }()
	if !act.cascade {
		return
	}
	for _, ch := range a.cat.children(*r.live) {
		lt := ch.table
		if a.gone[a.cat.key(lt.schema, lt.name)] {
			continue
		}
		if n := a.rows(&lt); n > 0 {
			a.warn(act, "truncate-cascade", SeverityError, &lt, n, fmt.Sprintf(
				"TRUNCATE %s CASCADE also deletes the %s of %s, which references it",
				a.relDisp(r), rowsText(n, "row"), a.disp(&lt)))
		}
		if cr := a.lookup(qname{schema: lt.schema, name: lt.name}); cr != nil {
			defer func() { cr.emptied = true }()
		}
	}
}

// deleteRows warns about DELETE without WHERE on a live table with rows,
// and about the rows its foreign key actions reach.
func (a *analyzer) deleteRows(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil {
		return
	}
	r.deletedAt = i
	if act.where {
		return
	}
	rows := a.rows(r.live)
	if rows == 0 {
		return
	}
	sev, every := SeverityError, "all "+rowsText(rows, "row")
	if rows < 0 {
		sev, every = SeverityWarning, "every row"
	}
	a.warn(act, "delete-without-where", sev, r.live, rows, fmt.Sprintf(
		"DELETE without WHERE deletes %s of %s", every, a.relDisp(r)))
	a.childRisk(i, r, "deleting from", KindDataLoss)
	r.emptied = true
}

// update warns about UPDATE without WHERE that overwrites live columns.
// Backfilling columns added earlier in the batch loses nothing and is not
// flagged. Every UPDATE is remembered so SET NOT NULL can see it.
func (a *analyzer) update(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	var overwritten []string
	seen := map[string]bool{}
	for _, c := range act.setCols {
		if seen[a.cat.fold(c)] {
			a.warn(act, "duplicate-column-assignment", SeverityError, r.live, -1, fmt.Sprintf(
				"UPDATE sets %s twice: PostgreSQL refuses it (\"multiple assignments to same column\"), SQLite keeps the last",
				database.QuoteIdent(c)))
		}
		seen[a.cat.fold(c)] = true
		r.updated[a.cat.fold(c)] = i
		if r.live == nil {
			continue
		}
		if live := a.colLive(r, c); live != "" {
			if _, ok := r.live.column(live, a.dialect); ok || r.live.t == nil {
				overwritten = append(overwritten, c)
			}
		}
	}
	if act.where || len(overwritten) == 0 {
		return
	}
	rows := a.rows(r.live)
	if rows == 0 {
		return
	}
	every := "every row"
	if rows > 0 {
		every = "all " + rowsText(rows, "row")
	}
	a.warn(act, "update-without-where", SeverityWarning, r.live, rows, fmt.Sprintf(
		"UPDATE without WHERE overwrites %s in %s of %s", quoteList(overwritten), every, a.relDisp(r)))
}

// dropColumn warns about DROP COLUMN of a live column, with its non-null
// values. When the batch also adds a column to the table, the pair may
// be a rename written as drop + add, which loses the values.
func (a *analyzer) dropColumn(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	live := a.colLive(r, act.col)
	delete(r.added, a.cat.fold(act.col))
	if r.live == nil || live == "" {
		return
	}
	if _, ok := r.live.column(live, a.dialect); !ok && r.live.t != nil {
		return
	}
	r.droppedCols[a.cat.fold(live)] = true
	if a.dialect == database.SQLite && r.live.t != nil {
		if why := a.dropColumnRefused(r, live); why != "" {
			a.warn(act, "drop-column-indexed", SeverityError, r.live, -1, fmt.Sprintf(
				"SQLite refuses DROP COLUMN %s of %s: %s; drop that first, or rebuild the table",
				database.QuoteIdent(act.col), a.relDisp(r), why))
		}
	}
	n := a.nonNull(r.live, live)
	col := database.QuoteIdent(act.col)
	msg := fmt.Sprintf("DROP COLUMN %s deletes %s of %s", col, rowsText(n, "non-null value"), a.relDisp(r))
	sev := SeverityError
	switch {
	case n == 0:
		msg, sev = fmt.Sprintf("DROP COLUMN %s drops a column of %s that holds no values now", col, a.relDisp(r)), SeverityInfo
	case n < 0:
		msg, sev = fmt.Sprintf("DROP COLUMN %s deletes the column's values from %s", col, a.relDisp(r)), SeverityWarning
	}
	if n != 0 && a.addsColumnTo(r) {
		msg += "; if this is a rename, RENAME COLUMN keeps the values"
	}
	a.warn(act, "drop-column", sev, r.live, n, msg)
}

// addsColumnTo reports whether the batch adds a column to r anywhere.
func (a *analyzer) addsColumnTo(r *rel) bool {
	return a.later(-1, func(b *action) bool {
		return b.op == opAddColumn && strings.EqualFold(b.target.name, r.name)
	}) >= 0
}
