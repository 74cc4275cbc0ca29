package bigtable_test

import (
	"context"
	"os"
	"testing"
	"time"

	"studio/database"
	"studio/internal/bigtable"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const small = 1000

// shape is what every fixture must hold, whatever the dialect.
type shape struct {
	Rows, NullScores, NullNotes, DistinctCreated int64
	ScoreSum                                     int64
}

const shapeSQL = `SELECT count(*), count(*) - count(score), count(*) - count(note),
  count(DISTINCT created_at), coalesce(sum(score), 0) FROM big`

func shapeOf(t *testing.T, db *database.DB) shape {
	t.Helper()
	var s shape
	err := db.QueryRow(shapeSQL).Scan(&s.Rows, &s.NullScores, &s.NullNotes, &s.DistinctCreated, &s.ScoreSum)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var want = shape{Rows: small, NullScores: small / 10, NullNotes: small / 7, DistinctCreated: small, ScoreSum: scoreSum(small)}

func scoreSum(n int64) int64 {
	var s int64
	for i := int64(1); i <= n; i++ {
		if i%10 != 0 {
			s += (i * 37) % 100000
		}
	}
	return s
}

func openPG(t *testing.T) *database.DB {
	t.Helper()
	tg, err := database.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgresFixture(t *testing.T) {
	db := openPG(t)
	if err := bigtable.Postgres(context.Background(), db, "big", small); err != nil {
		t.Fatal(err)
	}
	if got := shapeOf(t, db); got != want {
		t.Errorf("shape %+v, want %+v", got, want)
	}
	var tuples float64
	var indexes int
	err := db.QueryRow(`SELECT reltuples, (SELECT count(*) FROM pg_index WHERE indrelid = 'big'::regclass)
		FROM pg_class WHERE oid = 'big'::regclass`).Scan(&tuples, &indexes)
	if err != nil || tuples != small || indexes != 2 {
		t.Errorf("reltuples %v, %d indexes, %v: want analyzed, primary key and sort index", tuples, indexes, err)
	}
}

func TestPostgresNeverAnalyzedFixture(t *testing.T) {
	db := openPG(t)
	if err := bigtable.PostgresNeverAnalyzed(context.Background(), db, "big", small); err != nil {
		t.Fatal(err)
	}
	if got := shapeOf(t, db); got != want {
		t.Errorf("shape %+v, want %+v", got, want)
	}
	var autovacuum []byte
	if err := db.QueryRow(`SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'big'::regclass`).Scan(&autovacuum); err != nil || string(autovacuum) != "autovacuum_enabled=off" {
		t.Errorf("reloptions %q, %v", autovacuum, err)
	}
}

// TestSQLiteFileIsCached: the second call finds the file the first built.
func TestSQLiteFileIsCached(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, err := bigtable.SQLiteFile(ctx, dir, small)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	time.Sleep(10 * time.Millisecond)
	again, err := bigtable.SQLiteFile(ctx, dir, small)
	if err != nil || again != path {
		t.Fatalf("second call: %s, %v", again, err)
	}
	after, _ := os.Stat(path)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("the cached file was rebuilt")
	}
	db := sqlitetest.Open(t, path, database.Options{ReadOnly: true})
	if got := shapeOf(t, db); got != want {
		t.Errorf("shape %+v, want %+v", got, want)
	}
}

func TestBadSizes(t *testing.T) {
	for _, n := range []int{0, -1, 7919 * 1000} {
		if _, err := bigtable.SQLiteFile(context.Background(), t.TempDir(), n); err == nil {
			t.Errorf("%d rows accepted", n)
		}
	}
}
