package migrations

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

// lateMergeEntries is issue 10's case: 0000 and 0001 applied; 0002 merged
// late with a `when` between theirs, listed last; 0003 a new migration in
// order after it.
func lateMergeEntries() []entry {
	return []entry{
		{"0000_users", 1_700_000_000_228, "CREATE TABLE users (id integer PRIMARY KEY);"},
		{"0001_posts", 1_700_000_000_698, "CREATE TABLE posts (id integer PRIMARY KEY);"},
		{"0002_late", 1_700_000_000_500, "CREATE TABLE late (id integer PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO late VALUES (1);"},
		{"0003_next", 1_700_000_000_900, "CREATE TABLE next (id integer PRIMARY KEY);"},
	}
}

func journalDialect(db *database.DB) string {
	return map[database.Dialect]string{database.SQLite: "sqlite", database.Postgres: "postgresql"}[db.Dialect()]
}

func testLateMerge(t *testing.T, db *database.DB) {
	ctx := context.Background()
	es := lateMergeEntries()
	dir := t.TempDir()
	mustApply(t, db, mustRead(t, writeJournal(t, dir, journalDialect(db), es[:2]...)), ApplyOptions{})
	f := mustRead(t, writeJournal(t, dir, journalDialect(db), es...))

	rep := mustStatus(t, db, f, Config{})
	if got := states(rep); got != "0000_users=applied 0001_posts=applied 0002_late=out-of-order 0003_next=pending" {
		t.Fatalf("states %s", got)
	}
	if !rep.Drifted() || rep.Summary.OutOfOrder != 1 || rep.Summary.Pending != 1 {
		t.Fatalf("summary %+v", rep.Summary)
	}
	late := rep.Migrations[2]
	if !late.SkippedByDrizzle || late.OutOfOrder == nil || late.OutOfOrder.Drizzle != DrizzleSkips ||
		late.OutOfOrder.NewestCreatedAt != 1_700_000_000_698 || late.OutOfOrder.NewestName != "0001_posts" {
		t.Fatalf("late: %+v %+v", late, late.OutOfOrder)
	}

	// Refused: nothing applied, not even 0003 which is in order.
	before := historyRows(t, db, Config{})
	_, err := Apply(ctx, db, f, ApplyOptions{})
	var de *DriftError
	if !errors.Is(err, ErrOutOfOrder) || !errors.As(err, &de) || len(de.OutOfOrder) != 1 || de.OutOfOrder[0].File != "0002_late.sql" {
		t.Fatalf("want a DriftError naming 0002_late.sql, got %v", err)
	}
	for _, want := range []string{"0002_late.sql: its `when` 1700000000500", "newest recorded created_at 1700000000698", "skip it silently", "--allow-out-of-order"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if tableExists(t, db, "late") || tableExists(t, db, "next") || historyRows(t, db, Config{}) != before {
		t.Fatal("a refused run applied something")
	}

	// Allowed: applied in folder order and recorded as Drizzle would.
	res := mustApply(t, db, f, ApplyOptions{AllowOutOfOrder: true})
	if len(res.Applied) != 2 || res.Applied[0].Name != "0002_late" || res.Applied[1].Name != "0003_next" {
		t.Fatalf("applied %+v", res.Applied)
	}
	sum := sha256.Sum256([]byte(es[2].sql))
	if n := count(t, db, "SELECT count(*) FROM "+historyTable(db)+" WHERE hash = "+param1(db)+" AND created_at = 1700000000500", hex.EncodeToString(sum[:])); n != 1 {
		t.Fatalf("records of 0002_late with its when and file hash: %d\n%s", n, historyRows(t, db, Config{}))
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 4)
	if again := mustApply(t, db, f, ApplyOptions{}); len(again.Applied) != 0 {
		t.Fatalf("second run applied %d", len(again.Applied))
	}
}

// historyTable is the default history table, quoted, for db's dialect.
func historyTable(db *database.DB) string {
	return map[database.Dialect]string{database.SQLite: `"__drizzle_migrations"`, database.Postgres: `"drizzle"."__drizzle_migrations"`}[db.Dialect()]
}

// param1 is the first bind parameter in db's dialect.
func param1(db *database.DB) string {
	if db.Dialect() == database.Postgres {
		return "$1"
	}
	return "?"
}

func TestLateMergedMigrationSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	testLateMerge(t, db)
}

func TestLateMergedMigrationPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	testLateMerge(t, db)
}

// nonMonotonicEntries have `when` values that go back (0001, 0003) and
// repeat (0004), as deploystack's journal does.
func nonMonotonicEntries() []entry {
	return []entry{
		{"0000_a", 1_700_000_009_000, "CREATE TABLE a (id integer);"},
		{"0001_b", 1_700_000_001_000, "CREATE TABLE b (id integer);"},
		{"0002_c", 1_700_000_010_000, "CREATE TABLE c (id integer);"},
		{"0003_d", 1_700_000_005_000, "CREATE TABLE d (id integer);"},
		{"0004_e", 1_700_000_010_000, "CREATE TABLE e (id integer);"},
	}
}

// A fresh database applies a journal whose `when` goes back in one run;
// afterwards nothing is out of order, and a migration added later with a
// newer `when` is simply pending.
func testFreshNonMonotonic(t *testing.T, db *database.DB) {
	dir := t.TempDir()
	es := nonMonotonicEntries()
	f := mustRead(t, writeJournal(t, dir, journalDialect(db), es...))
	if rep := mustStatus(t, db, f, Config{}); rep.Summary.Pending != 5 || rep.Drifted() {
		t.Fatalf("fresh database: %s", states(rep))
	}
	mustApply(t, db, f, ApplyOptions{})
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 5)
	es = append(es, entry{"0005_f", 1_700_000_011_000, "CREATE TABLE f (id integer);"})
	f = mustRead(t, writeJournal(t, dir, journalDialect(db), es...))
	if rep := mustStatus(t, db, f, Config{}); rep.Drifted() || rep.Summary.Pending != 1 {
		t.Fatalf("after a new migration: %s", states(rep))
	}
	mustApply(t, db, f, ApplyOptions{})
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 6)
}

func TestFreshRunOfNonMonotonicJournalSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	testFreshNonMonotonic(t, db)
}

func TestFreshRunOfNonMonotonicJournalPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	testFreshNonMonotonic(t, db)
}

// TestCorpusLateEntryOutOfOrderSQLite takes Cherry Studio's folder at
// 6985ea2, whose 0007 has an older `when` than 0006 (merged late): a
// database migrated before 0007 existed has it out of order, and Drizzle
// would skip it; a database migrated from scratch has none.
func TestCorpusLateEntryOutOfOrderSQLite(t *testing.T) {
	src := filepath.Join(corpusRoot(t), "CherryHQ__cherry-studio", "migrations__sqlite-drizzle@6985ea2fc570")
	f := mustRead(t, src)
	if f.Migrations[7].Name != "0007_steep_hedge_knight" {
		t.Fatalf("corpus changed: %s", f.Migrations[7].Name)
	}
	db := sqlitetest.New(t)
	early := *f
	early.Migrations = f.Migrations[:7]
	mustApply(t, db, &early, ApplyOptions{})
	rep := mustStatus(t, db, f, Config{})
	if rep.Summary.OutOfOrder != 1 || rep.Migrations[7].State != OutOfOrder || !rep.Migrations[7].SkippedByDrizzle {
		t.Fatalf("states %s", states(rep))
	}
	if rep.Summary.Pending != len(f.Migrations)-8 {
		t.Fatalf("the entries after 0007 are newer than every record, so pending: %+v", rep.Summary)
	}
	if _, err := Apply(context.Background(), db, f, ApplyOptions{}); !errors.Is(err, ErrOutOfOrder) || !strings.Contains(err.Error(), "0007_steep_hedge_knight.sql") {
		t.Fatalf("want refusal naming 0007, got %v", err)
	}
	mustApply(t, db, f, ApplyOptions{AllowOutOfOrder: true})
	assertAllApplied(t, mustStatus(t, db, f, Config{}), len(f.Migrations))

	fresh := sqlitetest.New(t)
	mustApply(t, fresh, f, ApplyOptions{})
	assertAllApplied(t, mustStatus(t, fresh, f, Config{}), len(f.Migrations))
}

// testFoldersOutOfOrder: drizzle-kit 1.0 folders are out of order only by
// run order (drizzle-orm 1.0 applies any folder whose name is not
// recorded), and Apply records them with their name.
func testFoldersOutOfOrder(t *testing.T, db *database.DB) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "20240101000000_a", "migration.sql"), "CREATE TABLE a (x int);")
	writeFile(t, filepath.Join(dir, "20240101000002_c", "migration.sql"), "CREATE TABLE c (x int);")
	mustApply(t, db, mustRead(t, dir), ApplyOptions{})
	writeFile(t, filepath.Join(dir, "20240101000001_b", "migration.sql"), "CREATE TABLE b (x int);")
	writeFile(t, filepath.Join(dir, "20240101000002_d", "migration.sql"), "CREATE TABLE d (x int);")
	f := mustRead(t, dir)
	rep := mustStatus(t, db, f, Config{})
	if got := states(rep); got != "20240101000000_a=applied 20240101000001_b=out-of-order 20240101000002_c=applied 20240101000002_d=pending" {
		t.Fatalf("states %s", got)
	}
	info := rep.Migrations[1].OutOfOrder
	if info == nil || info.Drizzle != DrizzleApplies || rep.Migrations[1].SkippedByDrizzle || len(info.Causes) != 1 || info.Causes[0] != CauseBeforeApplied {
		t.Fatalf("info %+v", info)
	}
	if _, err := Apply(context.Background(), db, f, ApplyOptions{}); !errors.Is(err, ErrOutOfOrder) || !strings.Contains(err.Error(), "20240101000001_b/migration.sql") {
		t.Fatalf("want refusal, got %v", err)
	}
	if tableExists(t, db, "b") || tableExists(t, db, "d") {
		t.Fatal("a refused run applied something")
	}
	mustApply(t, db, f, ApplyOptions{AllowOutOfOrder: true})
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 4)
	if n := count(t, db, "SELECT count(*) FROM "+historyTable(db)+" WHERE name = '20240101000001_b' AND created_at = 1704067201000"); n != 1 {
		t.Fatalf("record of b: %d", n)
	}
}

func TestFoldersLayoutOutOfOrderSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	testFoldersOutOfOrder(t, db)
}

func TestFoldersLayoutOutOfOrderPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	testFoldersOutOfOrder(t, db)
}
