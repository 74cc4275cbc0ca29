package rows

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	if t.Dialect != database.Postgres {
		return t.sqliteEstimate(ctx, db, fs)
	}
	if len(fs) == 0 && t.RowEstimate >= 0 {
		// reltuples as the cached catalog read it (at most its TTL old).
		return Count{Value: t.RowEstimate}, nil
	}
	if len(fs) == 0 && t.Kind != "view" {
		var n float64
		err := db.QueryRowContext(ctx, "SELECT reltuples FROM pg_catalog.pg_class WHERE oid = $1::regclass", t.Ident()).Scan(&n)
		if err != nil {
			return Count{}, fmt.Errorf("read the planner's row estimate: %w", err)
		}
		if n >= 0 {
			return Count{Value: int64(n)}, nil
		}
	}
	b := newBuilder(t.Dialect)
	b.WriteString("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + t.Ident())
	b.where(t, fs)
	var out []byte
	if err := db.QueryRowContext(ctx, b.String(), b.args...).Scan(&out); err != nil {
		return Count{}, fmt.Errorf("explain the row estimate: %w", err)
	}
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal(out, &plan); err != nil || len(plan) == 0 {
		return Count{}, fmt.Errorf("read EXPLAIN output: %v", err)
	}
	return Count{Value: int64(plan[0].Plan.Rows)}, nil
}

// CountRows counts the rows matching fs, stopping at limit+1 rows when
// limit > 0, within timeout (0: the context's own deadline). A count cut
// by the timeout returns context.DeadlineExceeded (wrapped).
func (t *Table) CountRows(ctx context.Context, db *database.DB, fs []Filter, limit int64, timeout time.Duration) (Count, error) {
	b := newBuilder(t.Dialect)
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
	var n int64
	var err error
	if t.Dialect == database.Postgres {
		err = WithPG(ctx, db, func(c *pgx.Conn) error {
			return c.QueryRow(ctx, b.String(), b.args...).Scan(&n)
		})
	} else {
		err = queryRow(ctx, db, b.String(), b.args...).Scan(&n)
	}
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
	b := newBuilder(t.Dialect)
	b.WriteString("SELECT ")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if b.pg || !dateDecl(c.Type) {
			b.WriteString(quote(c.Name))
		} else {
			b.WriteString("+" + quote(c.Name) + " AS " + quote(c.Name))
		}
	}
	b.WriteString(" FROM " + t.Ident())
	b.where(t, q.Filters)
	if t.Paged() {
		t.orderBy(b, q.Sort, q.Desc)
	} else if q.Sort != "" {
		b.WriteString(" ORDER BY " + t.sortRef(q.Sort) + dir(q.Desc))
	}
	if t.Dialect == database.SQLite {
		return streamSQLiteDriver(ctx, db, b.String(), b.args, s)
	}
	return stream(ctx, db, b.String(), b.args, s.Columns, s.Row)
}

// sqliteEstimate is max(key) - min(key) + 1 for a whole table keyed by
// one integer (the rowid or an integer primary key), -1 otherwise.
func (t *Table) sqliteEstimate(ctx context.Context, db *database.DB, fs []Filter) (Count, error) {
	intKey := len(t.Key) == 1 && (t.Pseudo && t.Key[0] != "ctid" || !t.Pseudo && t.Column(t.Key[0]).Kind == KindInt)
	if len(fs) > 0 || !intKey {
		return Count{Value: -1}, nil
	}
	var span sql.NullInt64
	err := queryRow(ctx, db, t.spanSQL()).Scan(&span)
	if err != nil {
		return Count{}, fmt.Errorf("estimate rows from the key's span: %w", err)
	}
	if !span.Valid {
		return Count{Value: 0}, nil
	}
	return Count{Value: span.Int64}, nil
}

// spanSQL is max(key) - min(key) + 1 as two subqueries: SQLite answers a
// lone max() or min() from the index, but max(k) - min(k) in one select
// reads the whole table.
func (t *Table) spanSQL() string {
	k := t.keyExprs()[0]
	from := " FROM " + t.Ident() + ")"
	return "SELECT (SELECT max(" + k + ")" + from + " - (SELECT min(" + k + ")" + from + " + 1"
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
