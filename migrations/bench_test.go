package migrations

import (
	"context"
	"fmt"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

// folder500 writes 500 small migrations: a table and an index each.
func folder500(b *testing.B) string {
	b.Helper()
	es := make([]entry, 500)
	for i := range es {
		es[i] = entry{
			tag:  fmt.Sprintf("%04d_m", i),
			when: 1_700_000_000_000 + int64(i)*1000,
			sql:  fmt.Sprintf("CREATE TABLE t%d (id integer PRIMARY KEY, name text);\n--> statement-breakpoint\nCREATE INDEX t%d_name ON t%d (name);", i, i, i),
		}
	}
	return writeJournal(b, b.TempDir(), "", es...)
}

// BenchmarkStatus500 reads a 500-migration folder and compares it with
// its fully migrated database (target: 100 ms).
func BenchmarkStatus500(b *testing.B) {
	dir := folder500(b)
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			db := benchDB(b, dialect)
			mustApply(b, db, mustRead(b, dir), ApplyOptions{})
			b.ResetTimer()
			for b.Loop() {
				f, err := ReadPath(dir)
				if err != nil {
					b.Fatal(err)
				}
				rep, err := Status(context.Background(), db, f, Config{})
				if err != nil || rep.Summary.Applied != 500 {
					b.Fatal(err, rep.Summary)
				}
			}
		})
	}
}

// BenchmarkApply500SQLite applies 500 small migrations to a fresh SQLite
// file (target: 2 s).
func BenchmarkApply500SQLite(b *testing.B) { benchApply500(b, database.SQLite) }

// BenchmarkApply500Postgres applies 500 small migrations to a fresh
// PostgreSQL database (target: 2 s).
func BenchmarkApply500Postgres(b *testing.B) { benchApply500(b, database.Postgres) }

func benchApply500(b *testing.B, dialect database.Dialect) {
	dir := folder500(b)
	for b.Loop() {
		b.StopTimer()
		db := benchDB(b, dialect)
		b.StartTimer()
		f, err := ReadPath(dir)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Apply(context.Background(), db, f, ApplyOptions{})
		if err != nil || len(res.Applied) != 500 {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

func benchDB(b *testing.B, dialect database.Dialect) *database.DB {
	b.Helper()
	if dialect == database.SQLite {
		return sqlitetest.New(b)
	}
	db, _ := mustOpenPostgres(b)
	return db
}
