package console

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"studio/database"
	"studio/input"
	"studio/rows"
)

// sqliteRunner runs user SQL on a SQLite database.
type sqliteRunner struct {
	r  *Runner
	db *database.DB
}

func (s sqliteRunner) page(ctx context.Context, st Statement, res *Result) (bool, error) {
	return s.run(ctx, st, modeFor(st, true), func(ctx context.Context, tx *sql.Tx, text string) error {
		return sqlitePage(ctx, tx, text, st, res)
	})
}

func (s sqliteRunner) explain(ctx context.Context, st Statement, analyze bool, p *Plan) error {
	if analyze {
		return fmt.Errorf("%w: SQLite has no EXPLAIN ANALYZE; run the statement to time it", input.ErrBad)
	}
	_, err := s.run(ctx, st, modeFor(st, false), func(ctx context.Context, tx *sql.Tx, text string) (err error) {
		p.Nodes, err = sqlitePlan(ctx, tx, text)
		return err
	})
	return err
}

func (s sqliteRunner) stream(ctx context.Context, st Statement, sink rows.Sink) error {
	_, err := s.run(ctx, st, streamMode(st), func(ctx context.Context, tx *sql.Tx, text string) error {
		return userError(rows.StreamSQLite(ctx, tx, text, nil, sink), text, 0)
	})
	return err
}

// sqliteWork is what a run does inside its transaction; text is the one
// statement of the user's SQL.
type sqliteWork func(ctx context.Context, tx *sql.Tx, text string) error

// run runs work in a transaction on a connection of its own, which is
// closed afterwards so pragmas the user set (busy_timeout, query_only,
// case_sensitive_like...) never reach another request through the pool.
// The statement timeout is the context's deadline: the driver interrupts
// SQLite when it passes, and Cancel interrupts it the same way. Read-only
// is the read-only pool's (database.Open refuses every write there); the
// transaction is rolled back anyway. It reports whether it committed.
func (s sqliteRunner) run(ctx context.Context, st Statement, m txMode, work sqliteWork) (bool, error) {
	text, err := oneSQLiteStatement(st.SQL)
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(ctx, st.Timeout)
	defer cancel()
	rn, release, err := s.r.track(st.RunID, cancel)
	if err != nil {
		return false, err
	}
	defer release()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("get a connection: %w", err)
	}
	defer discard(conn)
	committed, err := sqliteTx(ctx, conn, m, func(ctx context.Context, tx *sql.Tx) error {
		return work(ctx, tx, text)
	})
	return committed, outcome(ctx, err, rn.finish(), st)
}

func sqliteTx(ctx context.Context, conn *sql.Conn, m txMode, work func(context.Context, *sql.Tx) error) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit; the connection is discarded anyway
	if err := work(ctx, tx); err != nil || !m.commit {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit: %w", userError(err, "", 0))
	}
	return true, nil
}

// discard closes the connection for good: database/sql drops a connection
// whose Raw callback reports driver.ErrBadConn instead of pooling it.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}

// sqlitePage runs the statement and keeps one page of its result. SQLite
// can stop at the row after the page: a SELECT has no effects, and an
// INSERT, UPDATE or DELETE ... RETURNING makes all its changes on the
// first step. total_changes() around it counts what a statement without a
// result changed.
func sqlitePage(ctx context.Context, tx *sql.Tx, text string, st Statement, res *Result) error {
	var before, after int64
	if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&before); err != nil {
		return fmt.Errorf("count changes: %w", err)
	}
	p := newPager(res, st.Offset, st.Limit, true)
	err := rows.StreamSQLite(ctx, tx, text, nil, p.sink())
	if err != nil && !errors.Is(err, errPageFull) {
		return userError(err, text, 0)
	}
	if len(res.Columns) > 0 {
		return nil
	}
	if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&after); err != nil {
		return fmt.Errorf("count changes: %w", err)
	}
	res.Tag = fmt.Sprintf("%d rows changed", after-before)
	return nil
}

// sqlitePlan runs EXPLAIN QUERY PLAN over the statement and returns its
// nodes in SQLite's order (depth first), each with its depth.
func sqlitePlan(ctx context.Context, tx *sql.Tx, text string) ([]PlanNode, error) {
	rs, err := tx.QueryContext(ctx, "EXPLAIN QUERY PLAN "+text)
	if err != nil {
		return nil, userError(err, text, 0)
	}
	defer rs.Close()
	depth := map[int]int{}
	var nodes []PlanNode
	for rs.Next() {
		var n PlanNode
		var unused int
		if err := rs.Scan(&n.ID, &n.Parent, &unused, &n.Detail); err != nil {
			return nil, fmt.Errorf("read the query plan: %w", err)
		}
		if d, ok := depth[n.Parent]; ok {
			n.Depth = d + 1
		}
		depth[n.ID] = n.Depth
		nodes = append(nodes, n)
	}
	if err := rs.Err(); err != nil {
		return nil, userError(err, text, 0)
	}
	return nodes, nil
}
