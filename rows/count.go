package rows

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"studio/database"
)

// CountCap is where a capped count stops: it reads at most this many rows.
const CountCap = 10_000

// Count is a row count and how far it can be trusted.
type Count struct {
	// Value is the number of rows; -1 when unknown.
	Value int64 `json:"value"`
	// Exact is false for planner estimates and for capped counts that hit
	// the cap (then Value is CountCap+1 and More is true).
	Exact bool `json:"exact"`
	More  bool `json:"-"`
}

// Estimate asks the planner, never counting: PostgreSQL's reltuples for a
// whole table, EXPLAIN's row estimate when filtered or never analyzed
// (reltuples is -1 then). SQLite keeps no row count; for a whole table
// keyed by an integer the span of its keys (two index probes) bounds it
// from above. Otherwise Value is -1.
func (t *Table) Estimate(ctx context.Context, db *database.DB, fs []Filter) (Count, error) {
	fs, err := t.bind(ctx, db, fs)
	if err != nil {
		return Count{}, err
	}
	return t.engine().estimate(ctx, db, t, fs)
}

// CountRows counts the rows matching fs, stopping at limit+1 rows when
// limit > 0, within timeout (0: the context's own deadline). A count cut
// by the timeout returns context.DeadlineExceeded (wrapped).
func (t *Table) CountRows(ctx context.Context, db *database.DB, fs []Filter, limit int64, timeout time.Duration) (Count, error) {
	fs, err := t.bind(ctx, db, fs)
	if err != nil {
		return Count{}, err
	}
	b := newBuilder(t)
	if limit > 0 {
		b.WriteString("SELECT count(*) FROM (SELECT 1 FROM " + t.Ident())
		b.where(t, fs)
		b.WriteString(fmt.Sprintf(" LIMIT %d) AS capped", limit+1))
	} else {
		b.WriteString("SELECT count(*) FROM " + t.Ident())
		b.where(t, fs)
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	n, err := b.eng.count(ctx, db, b.String(), b.args)
	switch {
	case ctx.Err() != nil && (err != nil):
		return Count{}, fmt.Errorf("count rows: %w", context.DeadlineExceeded)
	case errors.Is(err, sql.ErrNoRows):
		return Count{Value: 0, Exact: true}, nil
	case err != nil:
		return Count{}, fmt.Errorf("count rows: %w", err)
	}
	if limit > 0 && n > limit {
		return Count{Value: n, More: true}, nil
	}
	return Count{Value: n, Exact: true}, nil
}

// Each streams every row matching q's filters in q's order (cursor and
// limit ignored), for exports.
func (t *Table) Each(ctx context.Context, db *database.DB, q Query, s Sink) error {
	fs, err := t.bind(ctx, db, q.Filters)
	if err != nil {
		return err
	}
	q.Filters = fs
	b := newBuilder(t)
	b.WriteString("SELECT ")
	b.columns(t)
	b.WriteString(" FROM " + t.Ident())
	b.where(t, q.Filters)
	if t.Paged() {
		t.orderBy(b, q.Sort, q.Desc)
	} else if q.Sort != "" {
		b.WriteString(" ORDER BY " + b.eng.sortRef(t, q.Sort) + dir(q.Desc))
	}
	return b.eng.export(ctx, db, b.String(), b.args, s)
}

// scanner is what a one-row query gives back.
type scanner interface{ Scan(dest ...any) error }

type failed struct{ err error }

func (f failed) Scan(...any) error { return f.err }

// queryRow runs one of our own SQLite statements through the prepared
// statement cache.
func queryRow(ctx context.Context, db *database.DB, query string, args ...any) scanner {
	st, err := db.Prepared(ctx, query)
	if err != nil {
		return failed{err}
	}
	return st.QueryRowContext(ctx, args...)
}
