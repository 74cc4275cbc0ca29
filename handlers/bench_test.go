package handlers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/pgtest"
)

// mustPostgresTables creates n tables of 10 columns, each with a foreign
// key to the previous table and an index, in one round trip per 500.
func mustPostgresTables(b *testing.B, n int) *database.DB {
	b.Helper()
	url := pgtest.NewDatabase(b)
	tg, err := database.Parse(url)
	if err != nil {
		b.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "CREATE TABLE t%05d (id bigserial PRIMARY KEY, ref bigint", i)
		if i > 0 {
			fmt.Fprintf(&sb, " REFERENCES t%05d(id) ON DELETE CASCADE", i-1)
		}
		for c := 2; c < 10; c++ {
			fmt.Fprintf(&sb, ", c%d text", c)
		}
		fmt.Fprintf(&sb, "); CREATE INDEX t%05d_ref ON t%05d(ref);\n", i, i)
		if i%500 == 499 || i == n-1 {
			if _, err := db.Exec(sb.String()); err != nil {
				b.Fatal(err)
			}
			sb.Reset()
		}
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return db
}

func benchGet(b *testing.B, db *database.DB, path string) {
	b.Helper()
	app, err := handlers.NewApp(db, handlers.Options{Addr: testAddr})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = testAddr
		resp, err := app.Test(req, -1)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("GET %s: %v %v", path, resp.StatusCode, err)
		}
		resp.Body.Close()
	}
}

// BenchmarkPostgresOverview5000Tables renders the overview of a database
// with 5,000 tables through the HTTP handler (goal: at most 300 ms).
func BenchmarkPostgresOverview5000Tables(b *testing.B) {
	benchGet(b, mustPostgresTables(b, 5000), "/")
}

// BenchmarkPostgresStructurePage1000Tables renders one table's structure
// page in a database of 1,000 tables (full model: incoming FKs and cycles
// may cross schemas).
func BenchmarkPostgresStructurePage1000Tables(b *testing.B) {
	benchGet(b, mustPostgresTables(b, 1000), "/schema/public/table/t00500")
}

// BenchmarkPostgresERD50Tables draws the ER page of a 50-table schema.
func BenchmarkPostgresERD50Tables(b *testing.B) {
	benchGet(b, mustPostgresTables(b, 50), "/schema/public/erd")
}
