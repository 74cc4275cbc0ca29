package console

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"studio/database"
	"studio/input"
	"studio/rows"
)

// Run runs one statement and returns one page of its result: st.Offset
// rows skipped while the result streams, st.Limit kept, and More set when
// another row followed. Paging re-runs the statement. In write mode the
// statement commits when it succeeds; read-only runs are always rolled
// back. The database's refusal comes back as a *SQLError; a cancelled or
// timed-out run wraps ErrCancelled or ErrTimeout; text with several
// statements (SQLite) or bad limits wrap input.ErrBad.
func (r *Runner) Run(ctx context.Context, db *database.DB, st Statement) (*Result, error) {
	st, err := st.normalize()
	if err != nil {
		return nil, err
	}
	dialect, err := dialectOf(db)
	if err != nil {
		return nil, err
	}
	res := &Result{Offset: st.Offset}
	start := time.Now()
	if dialect == database.SQLite {
		res.Committed, err = r.sqlite(ctx, db, st, modeFor(st, true), func(ctx context.Context, tx *sql.Tx, text string) error {
			return sqlitePage(ctx, tx, text, st, res)
		})
	} else {
		res.Committed, err = r.postgres(ctx, db, st, modeFor(st, true), func(ctx context.Context, tx pgx.Tx) error {
			return pgPage(ctx, tx, st, res)
		})
	}
	if err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// Plan is how the database will run (or, analyzed, ran) a statement.
type Plan struct {
	// Text is PostgreSQL's plan as EXPLAIN printed it.
	Text string
	// Nodes are SQLite's EXPLAIN QUERY PLAN rows in tree order.
	Nodes    []PlanNode
	Analyzed bool
	Elapsed  time.Duration
}

// PlanNode is one row of SQLite's query plan; Depth counts its ancestors.
type PlanNode struct {
	ID, Parent, Depth int
	Detail            string
}

// Explain shows the plan of one statement: PostgreSQL's EXPLAIN (FORMAT
// TEXT), with ANALYZE and BUFFERS when analyze is set, and SQLite's
// EXPLAIN QUERY PLAN. EXPLAIN ANALYZE runs the statement, so Explain's
// transaction is always rolled back, whatever the mode. SQLite has no
// ANALYZE: asking for it wraps input.ErrBad.
func (r *Runner) Explain(ctx context.Context, db *database.DB, st Statement, analyze bool) (*Plan, error) {
	st, err := st.normalize()
	if err != nil {
		return nil, err
	}
	dialect, err := dialectOf(db)
	if err != nil {
		return nil, err
	}
	p := &Plan{Analyzed: analyze}
	start := time.Now()
	if dialect == database.SQLite {
		if analyze {
			return nil, fmt.Errorf("%w: SQLite has no EXPLAIN ANALYZE; run the statement to time it", input.ErrBad)
		}
		_, err = r.sqlite(ctx, db, st, modeFor(st, false), func(ctx context.Context, tx *sql.Tx, text string) (err error) {
			p.Nodes, err = sqlitePlan(ctx, tx, text)
			return err
		})
	} else {
		_, err = r.postgres(ctx, db, st, modeFor(st, false), func(ctx context.Context, tx pgx.Tx) (err error) {
			p.Text, err = pgExplain(ctx, tx, st, analyze)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	p.Elapsed = time.Since(start)
	return p, nil
}

// Stream runs one statement and hands every row of its result to sink as
// it arrives (an export): nothing is kept, st.Offset and st.Limit are
// ignored. It is a read: the transaction is READ ONLY on PostgreSQL and
// always rolled back on both databases, in write mode too.
func (r *Runner) Stream(ctx context.Context, db *database.DB, st Statement, sink rows.Sink) error {
	st, err := st.normalize()
	if err != nil {
		return err
	}
	dialect, err := dialectOf(db)
	if err != nil {
		return err
	}
	m := txMode{readOnly: true, guard: st.ReadOnly}
	if dialect == database.SQLite {
		_, err = r.sqlite(ctx, db, st, m, func(ctx context.Context, tx *sql.Tx, text string) error {
			return userError(rows.StreamSQLite(ctx, tx, text, nil, sink), text, 0)
		})
		return err
	}
	_, err = r.postgres(ctx, db, st, m, func(ctx context.Context, tx pgx.Tx) error {
		return userError(rows.StreamPG(ctx, tx, st.SQL, []any{userSQLMode}, sink), st.SQL, 0)
	})
	return err
}
