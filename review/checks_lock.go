package review

import (
	"fmt"
	"strings"

	"studio/database"
)

// lock warns that action i holds a PostgreSQL lock on r for as long as it
// takes: "warning" from BigTable rows or when the size is unknown (no
// database, NoData), "info" below, nothing for a table that is empty or
// created in the batch. It also notes the lock for the timeout rules.
func (a *analyzer) lock(i int, r *rel, code, msg string) {
	if a.dialect == database.SQLite || r == nil || r.live == nil {
		return
	}
	est, size := a.estimate(r.live), ""
	switch {
	case est == 0:
		return
	case a.opts.NoData:
	case est < 0:
		size = " (its size is unknown)"
	case r.live.t != nil && r.live.t.RowEstimate >= 0:
		size = fmt.Sprintf(" (%s holds about %s)", a.relDisp(r), rowsText(est, "row"))
	default:
		size = fmt.Sprintf(" (%s holds %s)", a.relDisp(r), rowsText(est, "row"))
	}
	sev := SeverityWarning
	if est >= 0 && est < BigTable {
		sev = SeverityInfo
	}
	a.tookLock(i, r, code != "drop-index-not-concurrent" && code != "detach-partition-not-concurrent")
	a.warn(&a.acts[i], code, sev, r.live, est, msg+size)
}

// lockNote is the first statement of a file that takes a lock (long: that
// holds it while it scans or rewrites), for the timeout rules.
type lockNote struct {
	at  int
	rel *rel
}

// tookLock records that action i locks r. Only live tables count: a
// table created in the batch has no readers to block.
func (a *analyzer) tookLock(i int, r *rel, long bool) {
	if a.dialect == database.SQLite || r == nil || r.live == nil {
		return
	}
	file := a.stmts[a.acts[i].stmt].File
	if _, seen := a.firstLock[file]; !seen {
		a.firstLock[file] = lockNote{at: i, rel: r}
		a.lockFiles = append(a.lockFiles, file)
	}
	if _, seen := a.firstLong[file]; long && !seen {
		a.firstLong[file] = lockNote{at: i, rel: r}
	}
}

// lockOps are the statements that take an ACCESS EXCLUSIVE (or SHARE)
// lock on their target table, whatever else they do.
func lockOp(o op) bool {
	switch o {
	case opAddColumn, opDropColumn, opAlterType, opSetNotNull, opDropNotNull, opAddConstraint,
		opDropConstraint, opRenameTable, opRenameColumn, opDropTable, opTruncate, opVacuumFull:
		return true
	}
	return false
}

// timeouts reports, once per file, the first lock-taking statement that
// no earlier SET lock_timeout covers, and the first long one no SET
// statement_timeout covers.
func (a *analyzer) timeouts() {
	for _, file := range a.lockFiles {
		n := a.firstLock[file]
		if !a.setBefore(opLockTimeout, n.at) {
			a.timeoutWarning(n, "require-lock-timeout", SeverityWarning,
				"takes an ACCESS EXCLUSIVE lock and the migration sets no lock_timeout: while it waits for its lock "+
					"behind a running query, every query on the table queues behind it; start with SET lock_timeout = '5s'")
		}
		if l, ok := a.firstLong[file]; ok && !a.setBefore(opStatementTimeout, l.at) {
			a.timeoutWarning(l, "require-statement-timeout", SeverityInfo,
				"holds its lock while it scans or rewrites the table and the migration sets no statement_timeout; "+
					"SET statement_timeout bounds how long")
		}
	}
}

func (a *analyzer) timeoutWarning(n lockNote, code, sev, what string) {
	est, size := a.estimate(n.rel.live), ""
	switch {
	case est >= BigTable:
		sev = SeverityWarning
		size = fmt.Sprintf(" (%s holds about %s)", a.disp(n.rel.live), rowsText(est, "row"))
	case est >= 0:
		size = fmt.Sprintf(" (%s holds %s)", a.disp(n.rel.live), rowsText(est, "row"))
	case a.opts.NoData:
		sev = SeverityWarning
	}
	if est == 0 {
		return
	}
	a.warn(&a.acts[n.at], code, sev, n.rel.live, est, fmt.Sprintf("this statement on %s %s%s",
		a.disp(n.rel.live), what, size))
}

// setBefore reports whether an action of op comes before action i.
func (a *analyzer) setBefore(o op, i int) bool {
	j := a.later(-1, func(b *action) bool { return b.op == o })
	return j >= 0 && j < i
}

// maintenance warns about REINDEX, VACUUM FULL and CLUSTER.
func (a *analyzer) maintenance(i int) {
	act := &a.acts[i]
	if a.dialect == database.SQLite {
		return
	}
	var r *rel
	if act.target.name != "" && act.op == opVacuumFull {
		r = a.lookup(act.target)
	}
	switch {
	case act.op == opReindex && act.concurrently:
		a.inTxnConcurrently(i, "REINDEX")
	case act.op == opReindex:
		a.warn(act, "reindex-not-concurrent", SeverityWarning, nil, -1,
			"REINDEX blocks writes to the table while it rebuilds; REINDEX CONCURRENTLY does not (PostgreSQL 12+)")
	default:
		msg := act.to + " rewrites the whole table under an ACCESS EXCLUSIVE lock; run it by hand or use pg_repack"
		if act.to == "VACUUM FULL" && a.inTxn {
			msg += "; VACUUM cannot run inside a transaction block, so Drizzle's migrator fails here"
		}
		a.tookLock(i, r, true)
		a.warn(act, "vacuum-full-or-cluster", SeverityWarning, nil, -1, msg)
	}
}

// detachPartition warns about ALTER TABLE ... DETACH PARTITION.
func (a *analyzer) detachPartition(i int) {
	act := &a.acts[i]
	if act.concurrently {
		a.inTxnConcurrently(i, "DETACH PARTITION")
		return
	}
	if r := a.lookup(act.target); r != nil && r.live != nil {
		a.lock(i, r, "detach-partition-not-concurrent", fmt.Sprintf(
			"DETACH PARTITION takes an ACCESS EXCLUSIVE lock on %s, blocking every query on all its partitions; "+
				"DETACH PARTITION ... CONCURRENTLY does not (PostgreSQL 14+)", a.relDisp(r)))
		return
	}
	a.warn(act, "detach-partition-not-concurrent", SeverityWarning, nil, -1,
		"DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the parent table; DETACH PARTITION ... CONCURRENTLY does not")
}

// dropDatabase and domainConstraint need no state.
func (a *analyzer) dropDatabase(i int) {
	a.warn(&a.acts[i], "drop-database", SeverityError, nil, -1,
		"DROP DATABASE in a migration deletes a whole database (and cannot run inside the migration's transaction)")
}

func (a *analyzer) domainConstraint(i int) {
	a.warn(&a.acts[i], "domain-constraint", SeverityWarning, nil, -1,
		"a constraint on a domain is checked against every column of that type in every table, under locks, "+
			"and cannot be added NOT VALID and validated later; put the CHECK on the tables")
}

// sessionUTC reports whether the session's TimeZone is a fixed zone at
// offset 0 when action i runs: the last SET TimeZone before it, else
// the server's setting.
func (a *analyzer) sessionUTC(i int) bool {
	tz := ""
	for j := i - 1; j >= 0; j-- {
		if a.acts[j].op == opTimeZone {
			tz = a.acts[j].to
			break
		}
	}
	if tz == "" {
		tz = a.catalogValue("SELECT pg_catalog.current_setting('TimeZone')")
	}
	switch strings.ToUpper(strings.TrimPrefix(strings.TrimPrefix(tz, "Etc/"), "ETC/")) {
	case "UTC", "UCT", "GMT", "UNIVERSAL", "ZULU", "GREENWICH", "GMT0", "GMT+0", "GMT-0", "Z":
		return true
	}
	return false
}

// quotedCol is schema.table.column for messages.
func (a *analyzer) quotedCol(r *rel, col string) string {
	return a.relDisp(r) + "." + database.QuoteIdent(col)
}
