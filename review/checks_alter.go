package review

import (
	"fmt"

	"studio/database"
)

// lock warns that action i holds a PostgreSQL lock on r for as long as it
// takes: "warning" from BigTable rows, "info" below, nothing for a table
// that is empty or created in the batch.
func (a *analyzer) lock(i int, r *rel, msg string) {
	if a.dialect == database.SQLite || r == nil || r.live == nil {
		return
	}
	est, size := a.estimate(r.live), ""
	switch {
	case est == 0:
		return
	case est < 0:
		size = "its size is unknown"
	case r.live.t != nil && r.live.t.RowEstimate >= 0:
		size = fmt.Sprintf("%s holds about %s", a.relDisp(r), rowsText(est, "row"))
	default:
		size = fmt.Sprintf("%s holds %s", a.relDisp(r), rowsText(est, "row"))
	}
	sev := SeverityInfo
	if est >= BigTable {
		sev = SeverityWarning
		if a.firstBigLock < 0 {
			a.firstBigLock = i
		}
	}
	a.warn(&a.acts[i], KindLock, sev, r.live, est, msg+" ("+size+")")
}

// lockTimeout notes, once, that a batch taking locks on big tables sets
// no lock_timeout: a statement queued behind a long query for its lock
// blocks every query that arrives after it.
func (a *analyzer) lockTimeout() {
	if a.firstBigLock < 0 {
		return
	}
	if set := a.later(-1, func(b *action) bool { return b.op == opLockTimeout }); set >= 0 && set < a.firstBigLock {
		return
	}
	a.warn(&a.acts[a.firstBigLock], KindLock, SeverityInfo, nil, -1,
		"the migration sets no lock_timeout: while a statement waits for its lock, every query on the table "+
			"queues behind it; start with SET lock_timeout = '5s' and retry on timeout")
}

// inTxnConcurrently warns about a statement PostgreSQL refuses inside a
// transaction block, where the migrator's transaction is open.
func (a *analyzer) inTxnConcurrently(i int, what string) {
	if a.dialect == database.SQLite || !a.inTxn {
		return
	}
	a.warn(&a.acts[i], KindTransaction, SeverityWarning, nil, -1, what+
		" CONCURRENTLY cannot run inside a transaction block: Drizzle's migrator fails here; studio migrate commits "+
		"the work so far, runs it alone and begins a new transaction, so the run is no longer all or nothing")
}

func (a *analyzer) createIndex(i int) {
	act := &a.acts[i]
	r := a.lookup(act.onTable)
	if act.concurrently {
		a.inTxnConcurrently(i, "CREATE INDEX")
	}
	if r == nil {
		return
	}
	if act.target.name != "" {
		k := a.cat.key(r.schema, act.target.name)
		if _, exists := a.cat.index[k]; exists && !a.droppedIndexes[k] {
			return // IF NOT EXISTS on an index that is there: nothing is built
		}
		a.createdIndexes[k] = true
	}
	if act.concurrently || r.live == nil {
		return
	}
	name := "CREATE INDEX " + database.QuoteIdent(act.target.name)
	if act.target.name == "" {
		name = "CREATE INDEX ON " + a.relDisp(r)
	}
	a.lock(i, r, fmt.Sprintf("%s blocks writes to %s while it builds; CREATE INDEX CONCURRENTLY does not",
		name, a.relDisp(r)))
}

func (a *analyzer) dropIndex(i int) {
	act := &a.acts[i]
	if a.dialect == database.SQLite {
		return
	}
	schema := act.target.schema
	if schema == "" {
		schema = a.cat.indexSchema(act.target.name)
	}
	k := a.cat.key(schema, act.target.name)
	if act.concurrently {
		a.inTxnConcurrently(i, "DROP INDEX")
	}
	lt, live := a.cat.index[k]
	if a.createdIndexes[k] || !live || a.droppedIndexes[k] {
		return
	}
	a.droppedIndexes[k] = true
	if act.concurrently {
		return
	}
	if r := a.lookup(qname{schema: lt.schema, name: lt.name}); r != nil {
		a.lock(i, r, fmt.Sprintf("DROP INDEX %s blocks all reads and writes of %s while it waits for running queries; "+
			"DROP INDEX CONCURRENTLY does not", database.QuoteIdent(act.target.name), a.relDisp(r)))
	}
}

func (a *analyzer) addColumn(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || act.def == nil {
		return
	}
	d := act.def
	r.added[a.cat.fold(d.name)] = true
	if r.live == nil {
		return
	}
	col := database.QuoteIdent(d.name)
	if (d.notNull || (d.primaryKey && a.dialect != database.SQLite)) && !d.hasDefault && !d.generated && !d.volatile {
		a.addNotNull(i, r, col)
	}
	switch {
	case d.volatile:
		a.lock(i, r, fmt.Sprintf("ADD COLUMN %s with a volatile default rewrites %s under an ACCESS EXCLUSIVE lock",
			col, a.relDisp(r)))
	case d.generated:
		a.lock(i, r, fmt.Sprintf("ADD COLUMN %s GENERATED rewrites %s under an ACCESS EXCLUSIVE lock", col, a.relDisp(r)))
	}
}

// addNotNull warns about a NOT NULL column added without a default to a
// table with rows: both PostgreSQL and SQLite refuse it.
func (a *analyzer) addNotNull(i int, r *rel, col string) {
	rows := a.rows(r.live)
	switch {
	case rows == 0:
		return
	case rows < 0:
		a.warn(&a.acts[i], KindNotNull, SeverityWarning, r.live, rows, fmt.Sprintf(
			"ADD COLUMN %s NOT NULL without a DEFAULT fails if %s has any rows", col, a.relDisp(r)))
		return
	}
	msg := fmt.Sprintf("ADD COLUMN %s NOT NULL without a DEFAULT fails: %s has %s", col, a.relDisp(r), rowsText(rows, "row"))
	if a.dialect == database.SQLite {
		msg += ` (SQLite: "Cannot add a NOT NULL column with default value NULL")`
	}
	a.warn(&a.acts[i], KindNotNull, SeverityDanger, r.live, rows, msg)
}

// alterType warns about ALTER COLUMN TYPE: narrowing changes put values
// at stake, and most changes rewrite the table under a lock.
func (a *analyzer) alterType(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil {
		return
	}
	live := a.colLive(r, act.col)
	if live == "" {
		return
	}
	old := r.types[a.cat.fold(live)]
	if old == "" {
		if c, ok := r.live.column(live, a.dialect); ok {
			old = c.Type
		}
	}
	r.types[a.cat.fold(live)] = act.typ
	what := fmt.Sprintf("ALTER COLUMN %s TYPE %s", database.QuoteIdent(act.col), act.typ)
	if old == "" {
		a.lock(i, r, fmt.Sprintf("%s may rewrite %s under an ACCESS EXCLUSIVE lock", what, a.relDisp(r)))
		return
	}
	o, n := parsePGType(old), parsePGType(act.typ)
	if reason, silent, ok := narrowing(o, n); ok {
		if cnt := a.nonNull(r.live, live); cnt != 0 {
			sev := SeverityWarning
			if silent {
				sev = SeverityDanger
			}
			stake := rowsText(cnt, "non-null value") + " at stake"
			if cnt < 0 {
				stake = "its values are at stake"
			}
			a.warn(act, KindDataLoss, sev, r.live, cnt, fmt.Sprintf("%s narrows %s.%s from %s: %s; %s",
				what, a.relDisp(r), database.QuoteIdent(act.col), old, reason, stake))
		}
	}
	switch typeChange(o, n, act.using) {
	case changeRewrite:
		a.lock(i, r, fmt.Sprintf("%s rewrites %s and its indexes under an ACCESS EXCLUSIVE lock", what, a.relDisp(r)))
	case changeScan:
		a.lock(i, r, fmt.Sprintf("%s checks every row of %s under an ACCESS EXCLUSIVE lock", what, a.relDisp(r)))
	}
}

// setNotNull warns when NULLs present now make SET NOT NULL fail, unless
// an UPDATE earlier in the batch writes the column.
func (a *analyzer) setNotNull(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil {
		return
	}
	live := a.colLive(r, act.col)
	if _, ok := r.live.column(live, a.dialect); live == "" || (!ok && r.live.t != nil) {
		return
	}
	col := a.relDisp(r) + "." + database.QuoteIdent(act.col)
	if n := a.nulls(r.live, live); n > 0 {
		if j, ok := r.updated[a.cat.fold(act.col)]; ok {
			a.warn(act, KindNotNull, SeverityInfo, r.live, n, fmt.Sprintf(
				"SET NOT NULL on %s needs the UPDATE at line %d to fill the %s that %s NULL now",
				col, a.line(j), rowsText(n, "row"), plural(n, "holds", "hold")))
		} else {
			a.warn(act, KindNotNull, SeverityDanger, r.live, n, fmt.Sprintf(
				"SET NOT NULL on %s fails: %s %s NULL", col, rowsText(n, "row"), plural(n, "holds", "hold")))
		}
	}
	a.lock(i, r, fmt.Sprintf("SET NOT NULL on %s scans every row under an ACCESS EXCLUSIVE lock; "+
		"a validated CHECK (%s IS NOT NULL) constraint lets PostgreSQL skip the scan", col, database.QuoteIdent(act.col)))
}

func (a *analyzer) dropNotNull(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil || a.colLive(r, act.col) == "" {
		return
	}
	a.warn(act, KindIncompatible, SeverityInfo, r.live, -1, fmt.Sprintf(
		"DROP NOT NULL on %s.%s: code that assumes the column is never NULL breaks once NULLs are written",
		a.relDisp(r), database.QuoteIdent(act.col)))
}

func (a *analyzer) addConstraint(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil {
		return
	}
	t := a.relDisp(r)
	switch {
	case act.conKind == "FOREIGN KEY" && !act.notValid:
		a.lock(i, r, fmt.Sprintf("ADD FOREIGN KEY on %s without NOT VALID checks every row while blocking writes "+
			"to it and to the referenced table; add it NOT VALID, then VALIDATE CONSTRAINT", t))
	case act.conKind == "CHECK" && !act.notValid:
		a.lock(i, r, fmt.Sprintf("ADD CHECK on %s without NOT VALID scans every row under an ACCESS EXCLUSIVE lock; "+
			"add it NOT VALID, then VALIDATE CONSTRAINT", t))
	case (act.conKind == "PRIMARY KEY" || act.conKind == "UNIQUE") && !act.usingIndex:
		a.lock(i, r, fmt.Sprintf("ADD %s on %s builds its index under an ACCESS EXCLUSIVE lock; build the index "+
			"with CREATE UNIQUE INDEX CONCURRENTLY and add the constraint USING INDEX", act.conKind, t))
	case act.conKind == "EXCLUDE":
		a.lock(i, r, fmt.Sprintf("ADD EXCLUDE on %s builds its index under an ACCESS EXCLUSIVE lock", t))
	}
}
