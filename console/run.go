package console

import (
	"context"
	"fmt"
	"time"

	"studio/database"
	"studio/rows"
)

// dialectRunner is what running user SQL needs from one database: a run
// that keeps one page of the result, an EXPLAIN and a stream. Runner.open
// picks it once per call by the database's dialect; sqlite.go and
// postgres.go implement it.
type dialectRunner interface {
	// page runs st and keeps one page of its result in res; it reports
	// whether the transaction was committed.
	page(ctx context.Context, st Statement, res *Result) (bool, error)
	// explain fills p with the plan of st, analyzed when analyze is set.
	explain(ctx context.Context, st Statement, analyze bool, p *Plan) error
	// stream hands every row of st's result to sink.
	stream(ctx context.Context, st Statement, sink rows.Sink) error
}

// open checks st and returns it normalized with the runner of db's
// dialect.
func (r *Runner) open(db *database.DB, st Statement) (Statement, dialectRunner, error) {
	st, err := st.normalize()
	if err != nil {
		return st, nil, err
	}
	switch db.Target.Dialect {
	case database.SQLite:
		return st, sqliteRunner{r: r, db: db}, nil
	case database.Postgres:
		return st, postgresRunner{r: r, db: db}, nil
	}
	return st, nil, fmt.Errorf("console: unknown dialect %q", db.Target.Dialect)
}

// Run runs one statement and returns one page of its result: st.Offset
// rows skipped while the result streams, st.Limit kept, and More set when
// another row followed. Paging re-runs the statement. In write mode the
// statement commits when it succeeds; read-only runs are always rolled
// back. The database's refusal comes back as a *SQLError; a cancelled or
// timed-out run wraps ErrCancelled or ErrTimeout; text with several
// statements (SQLite) or bad limits wrap input.ErrBad.
func (r *Runner) Run(ctx context.Context, db *database.DB, st Statement) (*Result, error) {
	st, dr, err := r.open(db, st)
	if err != nil {
		return nil, err
	}
	res := &Result{Offset: st.Offset}
	start := time.Now()
	if res.Committed, err = dr.page(ctx, st, res); err != nil {
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
	st, dr, err := r.open(db, st)
	if err != nil {
		return nil, err
	}
	p := &Plan{Analyzed: analyze}
	start := time.Now()
	if err := dr.explain(ctx, st, analyze, p); err != nil {
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
	st, dr, err := r.open(db, st)
	if err != nil {
		return err
	}
	return dr.stream(ctx, st, sink)
}

// streamMode is an export's transaction: read-only and rolled back, in
// write mode too; refused for unsafe roles when the studio is read-only.
func streamMode(st Statement) txMode { return txMode{readOnly: true, guard: st.ReadOnly} }
