package console_test

import (
	"context"
	"testing"

	"studio/console"
	"studio/database"
	"studio/internal/sqlitetest"
)

// benchPage runs one page of a statement b.N times. Every run opens a
// fresh connection (the console never pools one a user's statement
// touched), so this includes that cost.
func benchPage(b *testing.B, db *database.DB, st console.Statement) {
	r := console.NewRunner()
	ctx := context.Background()
	for b.Loop() {
		res, err := r.Run(ctx, db, st)
		if err != nil || len(res.Rows) != 100 {
			b.Fatalf("%v, %d rows", err, len(res.Rows))
		}
	}
}

// BenchmarkConsolePage: a page of 100 rows from the 250-row fixture, and
// the page at offset 100,000 of a generated 1e8-row result (skipped while
// streaming: SQLite steps over it, PostgreSQL MOVEs the cursor).
func BenchmarkConsolePage(b *testing.B) {
	lite := sqlitetest.New(b, sqliteFixture)
	b.Run("sqlite/first", func(b *testing.B) { benchPage(b, lite, console.Statement{SQL: "SELECT * FROM t ORDER BY id"}) })
	b.Run("sqlite/offset100k", func(b *testing.B) {
		benchPage(b, lite, console.Statement{SQL: "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000000) SELECT n FROM c", Offset: 100_000})
	})
	pg := mustStartPostgres(b, false)
	b.Run("postgres/first", func(b *testing.B) { benchPage(b, pg, console.Statement{SQL: "SELECT * FROM t ORDER BY id"}) })
	b.Run("postgres/offset100k", func(b *testing.B) {
		benchPage(b, pg, console.Statement{SQL: "SELECT generate_series(1, 100000000) AS n", Offset: 100_000})
	})
}
