package migrations

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/drizzletest"
	"studio/internal/sqlitetest"
)

// The interop tests run drizzle-orm's own migrator (internal/drizzletest)
// against the same database as Apply, in both directions, for both layouts.

// historyRows is the history table as text, to compare before and after.
func historyRows(t *testing.T, db *database.DB, cfg Config) string {
	t.Helper()
	cfg, _ = cfg.withDefaults(db.Target.Dialect)
	rows := must2(queryStrings(context.Background(), db,
		"SELECT coalesce(CAST(id AS text), '-') || ' ' || hash || ' ' || CAST(created_at AS text) FROM "+cfg.qualified()+" ORDER BY created_at"))(t)
	return strings.Join(rows, "\n")
}

func interopEntries() []entry {
	return []entry{
		{"0000_a", 1_700_000_000_000, "CREATE TABLE a (id integer PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO a VALUES (1);"},
		{"0001_b", 1_700_000_001_000, "CREATE TABLE b (id integer);"},
		{"0002_c", 1_700_000_002_000, "CREATE TABLE c (id integer);\n--> statement-breakpoint\nINSERT INTO c VALUES (3);"},
		{"0003_d", 1_700_000_003_000, "CREATE TABLE d (id integer);"},
	}
}

func testDrizzleInterop(t *testing.T, db *database.DB, dialect, addr string) {
	drizzletest.Modules(t) // skip early when Node.js is missing
	ctx := context.Background()
	es := interopEntries()
	dir := t.TempDir()
	journalDialect := map[string]string{"sqlite": "sqlite", "postgres": "postgresql"}[dialect]

	// drizzle writes the history; Status reads it as applied.
	writeJournal(t, dir, journalDialect, es[:2]...)
	drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
	assertAllApplied(t, mustStatus(t, db, mustRead(t, dir), Config{}), 2)

	// Apply continues; drizzle then finds nothing to do.
	f := mustRead(t, writeJournal(t, dir, journalDialect, es[:3]...))
	if res := mustApply(t, db, f, ApplyOptions{}); len(res.Applied) != 1 {
		t.Fatalf("applied %d, want 1", len(res.Applied))
	}
	before := historyRows(t, db, Config{})
	drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
	if after := historyRows(t, db, Config{}); after != before {
		t.Fatalf("drizzle changed the history after studio's run:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// drizzle continues where Apply stopped.
	f = mustRead(t, writeJournal(t, dir, journalDialect, es...))
	drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 4)
	if n := count(t, db, "SELECT count(*) FROM c"); n != 1 {
		t.Fatalf("c has %d rows: a migration ran twice", n)
	}

	// drizzle-kit up's folders layout under drizzle-orm 1.0: it upgrades
	// the table Apply and 0.45 wrote, by matching created_at seconds.
	v1 := t.TempDir()
	for _, e := range es {
		name := time.UnixMilli(e.when).UTC().Format("20060102150405") + "_" + e.tag[5:]
		writeFile(t, filepath.Join(v1, name, "migration.sql"), e.sql)
	}
	writeFile(t, filepath.Join(v1, "20231114221400_e", "migration.sql"), "CREATE TABLE e (id integer);")
	drizzletest.Migrate(t, drizzletest.V1, dialect, addr, v1)
	fv1 := mustRead(t, v1)
	assertAllApplied(t, mustStatus(t, db, fv1, Config{}), 5)
	writeFile(t, filepath.Join(v1, "20231114221500_f", "migration.sql"), "CREATE TABLE f (id integer);")
	fv1 = mustRead(t, v1)
	if res := mustApply(t, db, fv1, ApplyOptions{}); len(res.Applied) != 1 {
		t.Fatalf("v1: applied %d, want 1", len(res.Applied))
	}
	before = historyRows(t, db, Config{})
	drizzletest.Migrate(t, drizzletest.V1, dialect, addr, v1)
	if after := historyRows(t, db, Config{}); after != before {
		t.Fatalf("drizzle 1.0 changed the history after studio's run:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	var names string
	if err := db.QueryRowContext(ctx, "SELECT count(*) || '' FROM "+map[string]string{"sqlite": `"__drizzle_migrations"`, "postgres": `"drizzle"."__drizzle_migrations"`}[dialect]+" WHERE name IS NOT NULL").Scan(&names); err != nil || names != "6" {
		t.Fatalf("named records: %s (%v)", names, err)
	}
}

func TestDrizzleInteropSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	path := db.Target.Path
	mustExec(t, db, "SELECT 1") // create the file
	testDrizzleInterop(t, db, "sqlite", path)
}

func TestDrizzleInteropPostgres(t *testing.T) {
	db, url := mustOpenPostgres(t)
	testDrizzleInterop(t, db, "postgres", url)
}

// testDrizzleOutOfOrder checks what OutOfOrderInfo claims against
// drizzle-orm itself, each case on a fresh database from open: 0.45 skips
// a late-merged journal entry silently, and once Apply has recorded it
// (AllowOutOfOrder) finds nothing to do; a database 0.45 migrates from
// scratch through a journal whose `when` goes back has nothing out of
// order; 1.0 applies an out-of-order folder.
func testDrizzleOutOfOrder(t *testing.T, dialect string, open func(*testing.T) (*database.DB, string)) {
	drizzletest.Modules(t) // skip early when Node.js is missing
	t.Run("late entry", func(t *testing.T) {
		db, addr := open(t)
		es := lateMergeEntries()[:3]
		dir := t.TempDir()
		writeJournal(t, dir, journalDialect(db), es[:2]...)
		drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
		f := mustRead(t, writeJournal(t, dir, journalDialect(db), es...))
		if rep := mustStatus(t, db, f, Config{}); rep.Migrations[2].State != OutOfOrder || rep.Migrations[2].OutOfOrder.Drizzle != DrizzleSkips {
			t.Fatalf("states %s", states(rep))
		}
		before := historyRows(t, db, Config{})
		drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
		if historyRows(t, db, Config{}) != before || tableExists(t, db, "late") {
			t.Fatal("drizzle-orm ran the late entry: it is not skipped as OutOfOrderInfo says")
		}
		mustApply(t, db, f, ApplyOptions{AllowOutOfOrder: true})
		after := historyRows(t, db, Config{})
		drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
		if got := historyRows(t, db, Config{}); got != after {
			t.Fatalf("drizzle changed the history after studio applied the late entry:\nbefore:\n%s\nafter:\n%s", after, got)
		}
		if n := count(t, db, "SELECT count(*) FROM late"); n != 1 {
			t.Fatalf("late has %d rows: it ran twice", n)
		}
		assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)
	})
	t.Run("fresh database, when going back", func(t *testing.T) {
		db, addr := open(t)
		dir := writeJournal(t, t.TempDir(), journalDialect(db), nonMonotonicEntries()...)
		drizzletest.Migrate(t, drizzletest.V045, dialect, addr, dir)
		assertAllApplied(t, mustStatus(t, db, mustRead(t, dir), Config{}), len(nonMonotonicEntries()))
	})
	t.Run("drizzle-orm 1.0 applies an out-of-order folder", func(t *testing.T) {
		db, addr := open(t)
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "20240101000000_a", "migration.sql"), "CREATE TABLE a (x int);")
		writeFile(t, filepath.Join(dir, "20240101000002_c", "migration.sql"), "CREATE TABLE c (x int);")
		drizzletest.Migrate(t, drizzletest.V1, dialect, addr, dir)
		writeFile(t, filepath.Join(dir, "20240101000001_b", "migration.sql"), "CREATE TABLE b (x int);")
		f := mustRead(t, dir)
		if rep := mustStatus(t, db, f, Config{}); rep.Migrations[1].State != OutOfOrder || rep.Migrations[1].OutOfOrder.Drizzle != DrizzleApplies {
			t.Fatalf("states %s", states(rep))
		}
		drizzletest.Migrate(t, drizzletest.V1, dialect, addr, dir)
		if !tableExists(t, db, "b") {
			t.Fatal("drizzle-orm 1.0 did not apply the out-of-order folder, as OutOfOrderInfo says it does")
		}
		assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)
	})
}

func TestDrizzleOutOfOrderSQLite(t *testing.T) {
	testDrizzleOutOfOrder(t, "sqlite", func(t *testing.T) (*database.DB, string) {
		db := sqlitetest.New(t)
		path := db.Target.Path
		mustExec(t, db, "SELECT 1") // create the file
		return db, path
	})
}

func TestDrizzleOutOfOrderPostgres(t *testing.T) {
	testDrizzleOutOfOrder(t, "postgres", func(t *testing.T) (*database.DB, string) { return mustOpenPostgres(t) })
}
