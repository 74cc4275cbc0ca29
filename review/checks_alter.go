package review

import (
	"fmt"

	"studio/database"
)

// inTxnConcurrently warns about a statement PostgreSQL refuses inside a
// transaction block, where the migrator's transaction is open.
func (a *analyzer) inTxnConcurrently(i int, what string) {
	if a.dialect == database.SQLite || !a.inTxn {
		return
	}
	a.warn(&a.acts[i], "concurrently-in-transaction", SeverityWarning, nil, -1, what+
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
	if r.live == nil {
		return
	}
	if act.unique {
		a.uniqueOver(i, r, act.conCols, act.exprs, act.pred, "CREATE UNIQUE INDEX")
	}
	if act.concurrently {
		return
	}
	name := "CREATE INDEX " + database.QuoteIdent(act.target.name)
	if act.target.name == "" {
		name = "CREATE INDEX ON " + a.relDisp(r)
	}
	a.lock(i, r, "index-not-concurrent", fmt.Sprintf("%s blocks writes to %s while it builds; CREATE INDEX CONCURRENTLY does not",
		name, a.relDisp(r)))
}

// uniqueOver warns when the live rows of r hold duplicates of the index
// elements (exprs, SQL; cols the plain column names, "" for expressions).
func (a *analyzer) uniqueOver(i int, r *rel, cols, exprs []string, pred, what string) {
	if len(exprs) == 0 || r.emptied || r.rebuilt {
		return
	}
	for j, c := range cols {
		if c == "" && exprs[j] == "" {
			return
		}
		if c != "" {
			live := a.colLive(r, c)
			if live == "" {
				return // a column the batch added: no values yet
			}
			exprs[j] = database.QuoteIdent(live)
		}
	}
	res := a.duplicates(r.live, exprs, pred)
	if res.n <= 0 {
		return
	}
	w := a.warn(&a.acts[i], "unique-duplicates", SeverityError, r.live, res.n, fmt.Sprintf(
		"%s on %s fails: %s %s held by more than one row, e.g. %s", what, a.relDisp(r),
		rowsText(res.n, "value"), plural(res.n, "is", "are"), keyDisp(displayCols(cols, exprs), res.sample)))
	w.Sample = res.sample
}

// displayCols names index elements for a message: the column, or the
// expression's SQL.
func displayCols(cols, exprs []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c
		if c == "" {
			out[i] = exprs[i]
		}
	}
	return out
}

func (a *analyzer) dropIndex(i int) {
	act := &a.acts[i]
	schema := act.target.schema
	if schema == "" {
		schema = a.cat.indexSchema(act.target.name)
	}
	k := a.cat.key(schema, act.target.name)
	if a.dialect == database.SQLite {
		a.droppedIndexes[k] = true
		return
	}
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
		a.lock(i, r, "drop-index-not-concurrent", fmt.Sprintf("DROP INDEX %s blocks all reads and writes of %s while it waits for running queries; "+
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
	a.styleColumn(i, r, *d)
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
		a.lock(i, r, "add-column-volatile-default", fmt.Sprintf("ADD COLUMN %s with a volatile default rewrites %s under an ACCESS EXCLUSIVE lock",
			col, a.relDisp(r)))
	case d.generated:
		a.lock(i, r, "add-column-generated", fmt.Sprintf("ADD COLUMN %s GENERATED rewrites %s under an ACCESS EXCLUSIVE lock", col, a.relDisp(r)))
	}
	if d.unique || d.primaryKey {
		a.lock(i, r, "add-column-unique", fmt.Sprintf("ADD COLUMN %s with an inline UNIQUE or PRIMARY KEY builds its index "+
			"under an ACCESS EXCLUSIVE lock on %s; add the column, then CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT ... USING INDEX",
			col, a.relDisp(r)))
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
		a.warn(&a.acts[i], "add-column-not-null", SeverityWarning, r.live, rows, fmt.Sprintf(
			"ADD COLUMN %s NOT NULL without a DEFAULT fails if %s has any rows", col, a.relDisp(r)))
		return
	}
	msg := fmt.Sprintf("ADD COLUMN %s NOT NULL without a DEFAULT fails: %s has %s", col, a.relDisp(r), rowsText(rows, "row"))
	if a.dialect == database.SQLite {
		msg += ` (SQLite: "Cannot add a NOT NULL column with default value NULL")`
	}
	a.warn(&a.acts[i], "add-column-not-null", SeverityError, r.live, rows, msg)
}

// setNotNull warns when NULLs present now make SET NOT NULL fail, unless
// an UPDATE earlier in the batch writes the column, and about the scan
// unless a validated CHECK (col IS NOT NULL) proves it.
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
	col := a.quotedCol(r, act.col)
	if n := a.nulls(r.live, live); n > 0 {
		if j, ok := r.updated[a.cat.fold(act.col)]; ok {
			a.warn(act, "set-not-null-nulls", SeverityInfo, r.live, n, fmt.Sprintf(
				"SET NOT NULL on %s needs the UPDATE at line %d to fill the %s that %s NULL now",
				col, a.line(j), rowsText(n, "row"), plural(n, "holds", "hold")))
		} else {
			res, keys := a.violating(r.live, database.QuoteIdent(live)+" IS NULL")
			msg := fmt.Sprintf("SET NOT NULL on %s fails: %s %s NULL", col, rowsText(n, "row"), plural(n, "holds", "hold"))
			if res.sample != "" {
				msg += ", e.g. " + keyDisp(keys, res.sample)
			}
			a.warn(act, "set-not-null-nulls", SeverityError, r.live, n, msg).Sample = res.sample
		}
	}
	if a.notNullProven(i, r, live) {
		return
	}
	a.lock(i, r, "set-not-null-scan", fmt.Sprintf("SET NOT NULL on %s scans every row under an ACCESS EXCLUSIVE lock; "+
		"a validated CHECK (%s IS NOT NULL) constraint lets PostgreSQL skip the scan", col, database.QuoteIdent(act.col)))
}

func (a *analyzer) dropNotNull(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil || a.colLive(r, act.col) == "" {
		return
	}
	a.warn(act, "drop-not-null", SeverityInfo, r.live, -1, fmt.Sprintf(
		"DROP NOT NULL on %s.%s: code that assumes the column is never NULL breaks once NULLs are written",
		a.relDisp(r), database.QuoteIdent(act.col)))
}

func (a *analyzer) addConstraint(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	if act.conName != "" {
		a.batchCons[a.cat.key(a.keyOf(r), act.conName)] = i
		a.conSeq[i] = a.txnSeq
	}
	if r.live == nil {
		return
	}
	t := a.relDisp(r)
	a.constraintData(i, r, act.conKind, act.conCols, act.refTable, act.refCols, act.expr, act.notValid || act.usingIndex)
	switch {
	case act.conKind == "FOREIGN KEY" && !act.notValid:
		a.lock(i, r, "fk-not-valid", fmt.Sprintf("ADD FOREIGN KEY on %s without NOT VALID checks every row while blocking writes "+
			"to it and to the referenced table; add it NOT VALID, then VALIDATE CONSTRAINT", t))
	case act.conKind == "CHECK" && !act.notValid:
		a.lock(i, r, "check-not-valid", fmt.Sprintf("ADD CHECK on %s without NOT VALID scans every row under an ACCESS EXCLUSIVE lock; "+
			"add it NOT VALID, then VALIDATE CONSTRAINT", t))
	case act.conKind == "PRIMARY KEY" && !act.usingIndex:
		a.lock(i, r, "add-primary-key-lock", fmt.Sprintf("ADD PRIMARY KEY on %s builds its index under an ACCESS EXCLUSIVE lock; build the index "+
			"with CREATE UNIQUE INDEX CONCURRENTLY and add the constraint USING INDEX", t))
	case act.conKind == "UNIQUE" && !act.usingIndex:
		a.lock(i, r, "add-unique-lock", fmt.Sprintf("ADD UNIQUE on %s builds its index under an ACCESS EXCLUSIVE lock; build the index "+
			"with CREATE UNIQUE INDEX CONCURRENTLY and add the constraint USING INDEX", t))
	case act.conKind == "EXCLUDE":
		a.lock(i, r, "add-exclude-lock", fmt.Sprintf("ADD EXCLUDE on %s builds its index under an ACCESS EXCLUSIVE lock", t))
	}
}

// constraintData predicts whether adding (or validating) a constraint
// fails on r's live rows: duplicates under a key, NULLs under a primary
// key, orphans under a foreign key, rows a CHECK rejects. skip is set for
// NOT VALID and USING INDEX, which check no existing row.
func (a *analyzer) constraintData(i int, r *rel, kind string, cols []string, ref qname, refCols []string, expr string, skip bool) {
	if skip || r.emptied || r.rebuilt {
		return
	}
	switch kind {
	case "PRIMARY KEY":
		for _, c := range cols {
			a.pkNulls(i, r, c)
		}
		a.uniqueOver(i, r, cols, make([]string, len(cols)), "", "ADD PRIMARY KEY")
	case "UNIQUE":
		a.uniqueOver(i, r, cols, make([]string, len(cols)), "", "ADD UNIQUE")
	case "FOREIGN KEY":
		a.fkOrphans(i, r, cols, ref, refCols)
	case "CHECK":
		a.checkRows(i, r, expr)
	}
}

func (a *analyzer) pkNulls(i int, r *rel, c string) {
	live := a.colLive(r, c)
	if c == "" || live == "" {
		return
	}
	res, keys := a.violating(r.live, database.QuoteIdent(live)+" IS NULL")
	if res.n <= 0 {
		return
	}
	a.warn(&a.acts[i], "primary-key-nulls", SeverityError, r.live, res.n, fmt.Sprintf(
		"ADD PRIMARY KEY on %s fails: %s %s NULL in %s", a.relDisp(r), failsText(res, "row", keys),
		plural(res.n, "holds", "hold"), database.QuoteIdent(c))).Sample = res.sample
}

// fkOrphans warns about the rows of r whose key columns name no row of
// the referenced table.
func (a *analyzer) fkOrphans(i int, r *rel, cols []string, ref qname, refCols []string) {
	parent := a.lookup(ref)
	if parent == nil || parent.live == nil || parent.emptied || len(cols) == 0 {
		return
	}
	if len(refCols) == 0 && parent.live.t != nil {
		refCols = parent.live.t.PrimaryKey
	}
	if len(refCols) != len(cols) {
		return
	}
	live := make([]string, len(cols))
	for j, c := range cols {
		if live[j] = a.colLive(r, c); c == "" || live[j] == "" {
			return
		}
	}
	res := a.orphans(r.live, live, parent.live, refCols)
	if res.n <= 0 {
		return
	}
	a.warn(&a.acts[i], "fk-orphans", SeverityError, r.live, res.n, fmt.Sprintf(
		"the foreign key from %s to %s fails: %s of %s %s no row of %s, e.g. %s", a.relDisp(r), a.relDisp(parent),
		rowsText(res.n, "row"), a.relDisp(r), plural(res.n, "references", "reference"), a.relDisp(parent),
		keyDisp(cols, res.sample))).Sample = res.sample
}

// checkRows warns about the rows of r that a CHECK rejects: NOT (expr) is
// true, so rows where expr is NULL pass, as in the database.
func (a *analyzer) checkRows(i int, r *rel, expr string) {
	if expr == "" {
		return
	}
	res, keys := a.violating(r.live, "NOT ("+expr+")")
	if res.n <= 0 {
		return
	}
	a.warn(&a.acts[i], "check-violations", SeverityError, r.live, res.n, fmt.Sprintf(
		"CHECK (%s) on %s fails: %s %s it", expr, a.relDisp(r), failsText(res, "row", keys),
		plural(res.n, "violates", "violate"))).Sample = res.sample
}
