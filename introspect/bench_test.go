package introspect

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkPostgresInspect1000Tables reads the full model of 1,000 tables
// of 10 columns, each with a foreign key and an index (goal: ≤ 200 ms).
func BenchmarkPostgresInspect1000Tables(b *testing.B) {
	db := mustOpenPostgres(b, pgManyTables(1000))
	ctx := testContext(b)
	for b.Loop() {
		if _, err := (&Postgres{}).Inspect(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPostgresSummary5000Tables lists 5,000 tables for the overview.
func BenchmarkPostgresSummary5000Tables(b *testing.B) {
	db := mustOpenPostgres(b)
	ctx := testContext(b)
	// Plain tables, built in batches of 1,000 so no statement is huge.
	for batch := 0; batch < 5; batch++ {
		var sql strings.Builder
		for i := batch * 1000; i < (batch+1)*1000; i++ {
			fmt.Fprintf(&sql, "CREATE TABLE s%04d (id bigint PRIMARY KEY, name text NOT NULL, at timestamptz);\n", i)
		}
		if _, err := db.ExecContext(ctx, "BEGIN;\n"+sql.String()+"COMMIT;"); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		m, err := (&Postgres{}).Summary(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if n := countTables(m); n != 5000 {
			b.Fatalf("found %d tables", n)
		}
	}
}

// BenchmarkSQLiteInspect1000Tables reads the full model of 1,000 SQLite
// tables shaped like the PostgreSQL ones.
func BenchmarkSQLiteInspect1000Tables(b *testing.B) {
	conn := sqliteConn(b, sqliteManyTables(1000))
	ctx := testContext(b)
	for b.Loop() {
		if _, err := (&SQLite{}).Inspect(ctx, conn); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSQLiteSummary1000Tables lists 1,000 SQLite tables with sizes
// and row counts from dbstat.
func BenchmarkSQLiteSummary1000Tables(b *testing.B) {
	conn := sqliteConn(b, sqliteManyTables(1000))
	ctx := testContext(b)
	for b.Loop() {
		if _, err := (&SQLite{}).Summary(ctx, conn); err != nil {
			b.Fatal(err)
		}
	}
}
