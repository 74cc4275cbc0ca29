package rows_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"studio/database"
	"studio/internal/bigtable"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
	"studio/introspect"
	"studio/rows"
)

// The benchmarks of this file page through bigtable's 10-million-row
// table (see internal/bigtable for its columns). Each dialect is one
// top-level benchmark so the fixture is built once for all its figures;
// pick figures with a name filter, e.g. -bench 'BigPostgres/fetch'.
// PostgreSQL's fixture is built in every run (the test cluster lives as
// long as the test binary); SQLite's is cached under bigtable.CacheDir().

func BenchmarkBigPostgres(b *testing.B) {
	benchBig(b, bigPostgres(b, "big"), "public")
}

func BenchmarkBigSQLite(b *testing.B) {
	benchBig(b, bigSQLite(b), "main")
}

// bigPostgres opens a fresh PostgreSQL database holding the fixture
// table, built and analyzed (dropped with the benchmark).
func bigPostgres(b *testing.B, table string) *database.DB {
	b.Helper()
	tg, err := database.Parse(pgtest.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	start := time.Now()
	if err := bigtable.Postgres(context.Background(), db, table, bigtable.BenchRows()); err != nil {
		b.Fatal(err)
	}
	var size string
	if err := db.QueryRow("SELECT pg_size_pretty(pg_total_relation_size($1::regclass))", table).Scan(&size); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d rows in PostgreSQL in %v: %s with indexes", bigtable.BenchRows(), time.Since(start).Round(time.Second), size)
	return db
}

// bigSQLite opens the cached SQLite fixture read-only (building it once).
func bigSQLite(b *testing.B) *database.DB {
	b.Helper()
	start := time.Now()
	path, err := bigtable.SQLiteFile(context.Background(), bigtable.CacheDir(), bigtable.BenchRows())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("SQLite fixture %s ready in %v", path, time.Since(start).Round(time.Millisecond))
	return sqlitetest.Open(b, path, database.Options{ReadOnly: true})
}

func bigTable(b *testing.B, db *database.DB, schema string) *rows.Table {
	b.Helper()
	d, err := introspect.For(db.Dialect())
	if err != nil {
		b.Fatal(err)
	}
	m, err := d.Inspect(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	t, err := rows.NewTable(m, schema, bigtable.Table)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// walkPages follows "next" steps times from q and returns the query of the
// page reached and that page.
func walkPages(b *testing.B, db *database.DB, t *rows.Table, q rows.Query, steps int) (rows.Query, *rows.Page) {
	b.Helper()
	for i := 0; i < steps; i++ {
		p, err := t.Fetch(context.Background(), db, q)
		if err != nil || p.Next == nil {
			b.Fatalf("step %d: %v", i, err)
		}
		q = *p.Next
	}
	p, err := t.Fetch(context.Background(), db, q)
	if err != nil {
		b.Fatal(err)
	}
	return q, p
}

func benchBig(b *testing.B, db *database.DB, schema string) {
	t := bigTable(b, db, schema)
	ctx := context.Background()
	first := rows.Query{Limit: 100}
	sorted := rows.Query{Limit: 100, Sort: bigtable.SortColumn}
	deep, deepPage := walkPages(b, db, t, first, 1000)
	pages := []struct {
		name string
		q    rows.Query
	}{{"first", first}, {"last", rows.Query{Limit: 100, Last: true}}, {"after1000", deep}, {"sorted-first", sorted}}
	stmts := bareSQL(t, schema)
	args := map[string][]any{"after1000": rowBefore(b, db, t, deepPage, 0)}
	// A 1,000-step walk costs 1,000 first pages: skip it when one sorted
	// page is already slow (that is the finding, see sorted-first).
	if d := timeFetch(b, db, t, sorted); d < 100*time.Millisecond {
		sortedDeep, sortedPage := walkPages(b, db, t, sorted, 1000)
		pages = append(pages, struct {
			name string
			q    rows.Query
		}{"sorted-after1000", sortedDeep})
		args["sorted-after1000"] = rowBefore(b, db, t, sortedPage, 4, 0)
	} else {
		b.Logf("sorted-after1000 skipped: one sorted page takes %v", d.Round(time.Millisecond))
	}
	for _, f := range pages {
		b.Run("fetch/"+f.name, func(b *testing.B) {
			for range warmUp { // prepared on the pool's connections
				_, _ = t.Fetch(ctx, db, f.q)
			}
			for b.Loop() {
				p, err := t.Fetch(ctx, db, f.q)
				if err != nil || len(p.Rows) != 100 {
					b.Fatalf("%d rows, %v", len(p.Rows), err)
				}
			}
		})
	}
	benchStream(b, db, t, schema)
	for _, s := range stmts {
		a, ok := args[s.name]
		if s.seek && !ok {
			continue
		}
		b.Run("sql/"+s.name, func(b *testing.B) {
			a := litArgs(t, a)
			for range warmUp {
				runBare(b, db, s.sql, a)
			}
			for b.Loop() {
				if n := runBare(b, db, s.sql, a); n != 101 {
					b.Fatalf("%s: %d rows", s.sql, n)
				}
			}
		})
	}
}

// benchStream reads the first million rows in key order, as the CSV
// export does, twice: through (*Table).Each into a sink that keeps nothing,
// and as bare SQL reading raw values. Together with the handler's
// export/csv-1M they show where an export's time goes.
func benchStream(b *testing.B, db *database.DB, t *rows.Table, schema string) {
	n := min(1_000_000, bigtable.BenchRows())
	q := rows.Query{Filters: []rows.Filter{{Column: "id", Op: rows.OpLe, Value: fmt.Sprint(n)}}}
	b.Run("each/1M", func(b *testing.B) {
		for b.Loop() {
			got := 0
			err := t.Each(context.Background(), db, q, rows.Sink{Row: func([]rows.Value) error { got++; return nil }})
			if err != nil || got != n {
				b.Fatalf("%d rows, %v", got, err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	cols := `"id", "name", "score", "amount", "created_at", "note"`
	arg := any(fmt.Sprint(n))
	if t.Dialect == database.SQLite {
		cols = `"id", "name", "score", "amount", +"created_at" AS "created_at", "note"`
		arg = int64(n)
	}
	ph := map[database.Dialect]string{database.SQLite: "?", database.Postgres: "$1"}[t.Dialect]
	stmt := fmt.Sprintf(`SELECT %s FROM "%s"."big" WHERE "id" <= %s ORDER BY "id"`, cols, schema, ph)
	b.Run("sql/stream-1M", func(b *testing.B) {
		for b.Loop() {
			if got := runBare(b, db, stmt, []any{arg}); got != n {
				b.Fatalf("%d rows", got)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// warmUp runs of each statement come before the timed ones: pgx prepares
// a statement on each pooled connection the first time it runs there.
const warmUp = 5

func timeFetch(b *testing.B, db *database.DB, t *rows.Table, q rows.Query) time.Duration {
	b.Helper()
	start := time.Now()
	if _, err := t.Fetch(context.Background(), db, q); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// rowBefore returns, as the database prints them, the values of columns
// cols of the row just before page p.
func rowBefore(b *testing.B, db *database.DB, t *rows.Table, p *rows.Page, cols ...int) []any {
	b.Helper()
	if p.Prev == nil {
		b.Fatal("deep page has no previous page")
	}
	prev, err := t.Fetch(context.Background(), db, *p.Prev)
	if err != nil {
		b.Fatal(err)
	}
	last := prev.Rows[len(prev.Rows)-1]
	var out []any
	for _, c := range cols {
		out = append(out, last.Values[c].Text)
	}
	return out
}

type bare struct {
	name string
	sql  string
	seek bool // takes the cursor's values as arguments
}

// bareSQL is, written by hand, the statement rows/page.go builds for each
// page (there is no exported statement builder): the shown columns (SQLite
// selects DATETIME columns as +col AS col), the seek, ORDER BY the sort
// column and the key, LIMIT 101 (one row more tells whether a next page
// exists). For SQLite one more statement shows the sorted first page with
// the sort column qualified by the table, which the index can serve.
func bareSQL(t *rows.Table, schema string) []bare {
	cols := `"id", "name", "score", "amount", "created_at", "note"`
	ph1, ph2 := "$1", "$2"
	if t.Dialect == database.SQLite {
		cols = `"id", "name", "score", "amount", +"created_at" AS "created_at", "note"`
		ph1, ph2 = "?", "?"
	}
	from := fmt.Sprintf(`SELECT %s FROM "%s"."big"`, cols, schema)
	out := []bare{
		{"first", from + ` ORDER BY "id" LIMIT 101`, false},
		{"last", from + ` ORDER BY "id" DESC LIMIT 101`, false},
		{"after1000", from + ` WHERE "id" > ` + ph1 + ` ORDER BY "id" LIMIT 101`, true},
		{"sorted-first", from + ` ORDER BY "created_at", "id" LIMIT 101`, false},
		{"sorted-after1000", from + ` WHERE ("created_at", "id") > (` + ph1 + `, ` + ph2 + `) ORDER BY "created_at", "id" LIMIT 101`, true},
	}
	if t.Dialect == database.SQLite {
		out = append(out, bare{"sorted-first-qualified", from + ` ORDER BY "big"."created_at", "big"."id" LIMIT 101`, false})
	}
	return out
}

// litArgs turns text arguments into what the grid binds: text for
// PostgreSQL (cast by the server), the storage class for SQLite.
func litArgs(t *rows.Table, args []any) []any {
	if t.Dialect != database.SQLite {
		return args
	}
	out := make([]any, len(args))
	for i, a := range args {
		var n int64
		if _, err := fmt.Sscan(a.(string), &n); err == nil && fmt.Sprint(n) == a {
			out[i] = n
		} else {
			out[i] = a
		}
	}
	return out
}

// runBare runs one statement and reads every value as raw bytes: the
// least a client can do with the result.
func runBare(b *testing.B, db *database.DB, query string, args []any) int {
	ctx := context.Background()
	n := 0
	if db.Dialect() == database.Postgres {
		err := rows.WithPG(ctx, db, func(c *pgx.Conn) error {
			rs, err := c.Query(ctx, query, append([]any{pgx.QueryResultFormats{pgx.TextFormatCode}}, args...)...)
			if err != nil {
				return err
			}
			for rs.Next() {
				_ = rs.RawValues()
				n++
			}
			return rs.Err()
		})
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	rs, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rs.Close()
	vals := make([]sql.RawBytes, 6)
	ptrs := make([]any, 6)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rs.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}
