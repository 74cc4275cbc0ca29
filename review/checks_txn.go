package review

import (
	"fmt"

	"studio/database"
)

// pragma follows PRAGMA foreign_keys. Inside a transaction SQLite ignores
// it, which is the Drizzle bug: its rebuilds run it inside the
// migrator's transaction, so the DROP TABLE of a parent still cascades.
// Outside one (after a COMMIT in the file) it takes effect.
func (a *analyzer) pragma(i int) {
	act := &a.acts[i]
	if a.dialect != database.SQLite {
		return
	}
	if !a.inTxn && !a.opts.D1 {
		a.fkOff = !act.on
		return
	}
	file := a.stmts[act.stmt].File
	if act.on || a.pragmaNoted[file] {
		return
	}
	a.pragmaNoted[file] = true
	if a.opts.D1 {
		a.warn(act, "pragma-in-transaction", SeverityWarning, nil, -1,
			"Cloudflare D1 ignores PRAGMA foreign_keys=OFF in migrations: foreign keys stay on, so a table rebuild's "+
				"DROP TABLE fires ON DELETE actions (or fails on RESTRICT); use PRAGMA defer_foreign_keys = on instead")
		return
	}
	a.warn(act, "pragma-in-transaction", SeverityInfo, nil, -1,
		"PRAGMA foreign_keys=OFF does nothing inside a transaction, and migrations run inside one: "+
			"under Drizzle's migrator foreign keys stay on and a table rebuild's DROP TABLE fires ON DELETE actions; "+
			"studio migrate turns foreign keys off before BEGIN and runs PRAGMA foreign_key_check before COMMIT")
}

// transaction follows BEGIN / COMMIT / ROLLBACK written into a
// migration and says what each runner does with them. inTxn follows
// Drizzle's migrator, which sends them as written; studio migrate's
// policy (see package migrations): on SQLite it skips them all, on
// PostgreSQL it skips a BEGIN ... COMMIT pair inside one file, turns a
// lone COMMIT into a commit point, and refuses ROLLBACK.
func (a *analyzer) transaction(i int) {
	act := &a.acts[i]
	file := a.stmts[act.stmt].File
	switch {
	case act.op == opRollback:
		a.warn(act, "rollback-in-migration", SeverityWarning, nil, -1,
			"ROLLBACK in a migration discards the whole run under Drizzle's migrator; studio migrate refuses the migration before running anything")
	case a.dialect == database.SQLite:
		a.sqliteTransaction(i)
	case act.op == opBegin && !a.closedLater(i, file):
		a.warn(act, "uncommitted-transaction", SeverityWarning, nil, -1,
			"BEGIN opens a transaction this file never commits: under Drizzle's migrator the statements after it stay "+
				"in that transaction until the migrator's own COMMIT; studio migrate skips the BEGIN and keeps them in the run's transaction")
	case act.op == opBegin:
		a.fileBegin[file] = i
		a.warn(act, "transaction-control", SeverityInfo, nil, -1,
			"studio migrate skips this BEGIN and the COMMIT that closes it, so the statements between stay in the run's transaction")
	default:
		if j, open := a.fileBegin[file]; open {
			delete(a.fileBegin, file)
			a.warn(act, "transaction-control", SeverityInfo, nil, -1, fmt.Sprintf(
				"COMMIT closes the BEGIN at line %d and studio migrate skips both; Drizzle's migrator commits here", a.line(j)))
			break
		}
		a.warn(act, "transaction-control", SeverityInfo, nil, -1,
			"COMMIT ends the run's transaction: studio migrate commits the work so far and begins a new transaction, "+
				"so a later failure leaves the earlier migrations applied; under Drizzle's migrator the statements after it run without a transaction")
	}
	a.txnSeq++
	switch act.op {
	case opBegin:
		a.inTxn = true
	default:
		a.inTxn = false
	}
}

// closedLater reports whether a COMMIT, END or ROLLBACK of the same file
// follows action i.
func (a *analyzer) closedLater(i int, file string) bool {
	return a.later(i, func(b *action) bool {
		return (b.op == opCommit || b.op == opRollback) && !b.inDO && a.stmts[b.stmt].File == file
	}) >= 0
}

// sqliteTransaction describes BEGIN / COMMIT in a SQLite migration:
// studio migrate skips them (foreign keys are already off outside its
// transaction, which is what files use them for); Drizzle's migrator
// runs them, and fails on a BEGIN inside its transaction or a COMMIT
// outside one.
func (a *analyzer) sqliteTransaction(i int) {
	act := &a.acts[i]
	word := "COMMIT"
	if act.op == opBegin {
		word = "BEGIN"
	}
	skip := "studio migrate skips BEGIN and COMMIT in SQLite migrations and keeps the run in one transaction " +
		"with foreign keys already off; "
	file := a.stmts[act.stmt].File
	if j, seen := a.txnNoted[file]; seen {
		skip = fmt.Sprintf("studio migrate skips this %s too (see line %d); ", word, a.line(j))
	} else {
		a.txnNoted[file] = i
	}
	switch {
	case act.op == opCommit && a.inTxn:
		a.warn(act, "transaction-control", SeverityInfo, nil, -1, skip+
			"Drizzle's migrator commits here, so a later failure leaves what ran before applied")
	case act.op == opCommit:
		a.warn(act, "transaction-control", SeverityWarning, nil, -1, skip+
			`Drizzle's migrator fails here ("cannot commit - no transaction is active")`)
	case a.inTxn:
		a.warn(act, "transaction-control", SeverityWarning, nil, -1, skip+
			`Drizzle's migrator fails here ("cannot start a transaction within a transaction")`)
	default:
		a.warn(act, "transaction-control", SeverityInfo, nil, -1, skip+
			"Drizzle's migrator opens a new transaction here, closed by its own COMMIT at the end")
	}
}
