package migrations

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

func basicEntries() []entry {
	return []entry{
		{"0000_users", 1_700_000_000_000, "CREATE TABLE users (id integer PRIMARY KEY, name text);\n--> statement-breakpoint\nINSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob');"},
		{"0001_posts", 1_700_000_100_000, "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id));"},
		{"0002_update", 1_700_000_200_000, "-- a data fix\nUPDATE users SET name = upper(name);\n--> statement-breakpoint\n"},
	}
}

func TestApplySQLiteRecordsLikeDrizzle(t *testing.T) {
	db := sqlitetest.New(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "sqlite", basicEntries()...))
	var events []string
	res := mustApply(t, db, f, ApplyOptions{Progress: func(e Event) {
		if e.Kind != EventStatement {
			events = append(events, string(e.Kind)+":"+e.Migration)
		}
	}})
	if len(res.Applied) != 3 || res.Applied[2].Statements[0].RowsAffected != 2 || res.Applied[2].Statements[0].Line != 2 {
		t.Fatalf("result %+v", res.Applied)
	}
	want := "locked: migration-start:0000_users migration-done:0000_users migration-start:0001_posts migration-done:0001_posts migration-start:0002_update migration-done:0002_update done:"
	if got := strings.Join(events, " "); got != want {
		t.Fatalf("events %s", got)
	}
	// Drizzle's table: id SERIAL (so NULL), hash, created_at numeric.
	cols := strings.Join(must2(queryStrings(context.Background(), db, `SELECT name || ' ' || lower(type) || ' ' || "notnull" || ' ' || pk FROM pragma_table_info('__drizzle_migrations')`))(t), ", ")
	if cols != "id serial 0 1, hash text 1 0, created_at numeric 0 0" {
		t.Fatalf("columns: %s", cols)
	}
	if n := count(t, db, `SELECT count(*) FROM __drizzle_migrations WHERE id IS NULL AND typeof(created_at) = 'integer'`); n != 3 {
		t.Fatalf("want 3 drizzle-shaped rows, got %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM __drizzle_migrations WHERE hash = ? AND created_at = 1700000100000`, f.Migrations[1].Hash); n != 1 {
		t.Fatal("record of 0001 not found")
	}
	again := mustApply(t, db, f, ApplyOptions{})
	if len(again.Applied) != 0 {
		t.Fatalf("second run applied %d", len(again.Applied))
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)
}

func must2[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// rebuildSQL is drizzle-kit's SQLite table rebuild of parent, with the
// PRAGMA that is a no-op inside Drizzle's transaction; keep filters rows.
func rebuildSQL(keep string) string {
	return "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n" +
		"CREATE TABLE `__new_parent` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL, `extra` text);--> statement-breakpoint\n" +
		"INSERT INTO `__new_parent`(`id`, `name`) SELECT `id`, `name` FROM `parent` WHERE " + keep + ";--> statement-breakpoint\n" +
		"DROP TABLE `parent`;--> statement-breakpoint\n" +
		"ALTER TABLE `__new_parent` RENAME TO `parent`;--> statement-breakpoint\n" +
		"PRAGMA foreign_keys=ON;"
}

const cascadeSchema = "CREATE TABLE parent (id integer PRIMARY KEY NOT NULL, name text NOT NULL);\n--> statement-breakpoint\n" +
	"CREATE TABLE child (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES parent(id) ON DELETE CASCADE);\n--> statement-breakpoint\n" +
	"INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');\n--> statement-breakpoint\n" +
	"INSERT INTO child (parent_id) VALUES (1), (1), (2), (3);"

func TestCascadeRebuildKeepsChildRowsSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	db.SetMaxOpenConns(1) // so the PRAGMA seen afterwards is the run's connection
	dir := t.TempDir()
	mustApply(t, db, mustRead(t, writeJournal(t, dir, "sqlite", entry{"0000_schema", 1, cascadeSchema})), ApplyOptions{})
	f := mustRead(t, writeJournal(t, dir, "sqlite", entry{"0000_schema", 1, cascadeSchema}, entry{"0001_rebuild", 2, rebuildSQL("1")}))
	mustApply(t, db, f, ApplyOptions{})
	if n := count(t, db, "SELECT count(*) FROM child"); n != 4 {
		t.Fatalf("child rows after rebuild: %d, want 4", n)
	}
	if n := count(t, db, "PRAGMA foreign_keys"); n != 1 {
		t.Fatalf("foreign_keys left at %d", n)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 2)

	// The trap this avoids: the same file inside a transaction on a
	// connection with foreign keys on (Drizzle's way) empties child.
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range f.Migrations[1].Statements {
		if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM child").Scan(&n); err != nil || n != 0 {
		t.Fatalf("drizzle-style run kept %d child rows (%v); the trap did not reproduce", n, err)
	}
}

func TestForeignKeyCheckCatchesViolationSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	db.SetMaxOpenConns(1)
	dir := t.TempDir()
	mustApply(t, db, mustRead(t, writeJournal(t, dir, "sqlite", entry{"0000_schema", 1, cascadeSchema})), ApplyOptions{})
	// An orphan from before the run is not blamed on it.
	mustExec(t, db, "PRAGMA foreign_keys = OFF")
	mustExec(t, db, "INSERT INTO child (parent_id) VALUES (99)")
	mustExec(t, db, "PRAGMA foreign_keys = ON")
	f := mustRead(t, writeJournal(t, dir, "sqlite", entry{"0000_schema", 1, cascadeSchema}, entry{"0001_rebuild", 2, rebuildSQL("id <> 2")}))
	_, err := Apply(context.Background(), db, f, ApplyOptions{})
	var fk *ForeignKeyError
	if !errors.Is(err, ErrForeignKeys) || !errors.As(err, &fk) || len(fk.Violations) != 1 ||
		fk.Violations[0] != (FKViolation{Table: "child", Parent: "parent", FKID: 0, Rows: 1}) {
		t.Fatalf("want one new violation child->parent, got %v", err)
	}
	if n := count(t, db, "SELECT count(*) FROM parent"); n != 3 {
		t.Fatalf("parent has %d rows after the failed run, want 3", n)
	}
	if n := count(t, db, "PRAGMA foreign_keys"); n != 1 {
		t.Fatalf("foreign_keys left at %d after an error", n)
	}
	if rep := mustStatus(t, db, f, Config{}); states(rep) != "0000_schema=applied 0001_rebuild=pending" {
		t.Fatalf("state %s", states(rep))
	}
}

func TestDriftStopsTheRunSQLite(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.New(t)
	dir := t.TempDir()
	es := basicEntries()
	mustApply(t, db, mustRead(t, writeJournal(t, dir, "sqlite", es[0], es[2])), ApplyOptions{})

	// 0001 has an older `when` than the applied 0002: out of order.
	f := mustRead(t, writeJournal(t, dir, "sqlite", es...))
	if got := states(mustStatus(t, db, f, Config{})); got != "0000_users=applied 0001_posts=out-of-order 0002_update=applied" {
		t.Fatalf("state %s", got)
	}
	_, err := Apply(ctx, db, f, ApplyOptions{})
	if !errors.Is(err, ErrOutOfOrder) || errors.Is(err, ErrModified) || !strings.Contains(err.Error(), "--allow-out-of-order") {
		t.Fatalf("want ErrOutOfOrder, got %v", err)
	}
	if tableExists(t, db, "posts") {
		t.Fatal("refused run created posts")
	}
	mustApply(t, db, f, ApplyOptions{AllowOutOfOrder: true})
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)

	// An applied file edited: modified, and a new pending one waits.
	es[1].sql += "\n-- edited"
	es = append(es, entry{"0003_more", 1_700_000_300_000, "CREATE TABLE more (id integer);"})
	f = mustRead(t, writeJournal(t, dir, "sqlite", es...))
	if got := states(mustStatus(t, db, f, Config{})); got != "0000_users=applied 0001_posts=modified 0002_update=applied 0003_more=pending" {
		t.Fatalf("state %s", got)
	}
	if _, err := Apply(ctx, db, f, ApplyOptions{AllowOutOfOrder: true}); !errors.Is(err, ErrModified) {
		t.Fatalf("want ErrModified, got %v", err)
	}
	mustApply(t, db, f, ApplyOptions{AllowModified: true})

	// A recorded migration without its file: missing.
	os.Remove(filepath.Join(dir, "0000_users.sql"))
	f = mustRead(t, writeJournal(t, dir, "sqlite", es[1:]...))
	rep := mustStatus(t, db, f, Config{})
	if rep.Summary.Missing != 1 || rep.Migrations[0].State != Missing {
		t.Fatalf("state %s", states(rep))
	}
	if _, err := Apply(ctx, db, f, ApplyOptions{AllowModified: true}); !errors.Is(err, ErrMissing) {
		t.Fatalf("want ErrMissing, got %v", err)
	}
	if _, err := Apply(ctx, db, f, ApplyOptions{AllowModified: true, AllowMissing: true}); err != nil {
		t.Fatal(err)
	}
}

func TestDryRunLeavesNothingSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	path := db.Target.Path
	f := mustRead(t, writeJournal(t, t.TempDir(), "sqlite", basicEntries()...))
	res := mustApply(t, db, f, ApplyOptions{DryRun: true})
	if !res.DryRun || len(res.Applied) != 3 || res.Applied[0].Statements[1].RowsAffected != 2 {
		t.Fatalf("dry run result %+v", res.Applied)
	}
	if tableExists(t, db, "users") || tableExists(t, db, DefaultTable) {
		t.Fatal("dry run left tables behind")
	}
	if st, _ := os.Stat(path + "-journal"); st != nil {
		t.Fatal("dry run left a hot journal")
	}
	bad := append(basicEntries(), entry{"0003_bad", 1_700_000_300_000, "CREATE TABLE ok (x int);\n--> statement-breakpoint\nINSERT INTO nowhere VALUES (1);"})
	f = mustRead(t, writeJournal(t, t.TempDir(), "sqlite", bad...))
	res, err := Apply(context.Background(), db, f, ApplyOptions{DryRun: true})
	var se *StatementError
	if !errors.As(err, &se) || !se.DryRun || res == nil || len(res.Applied) != 3 || !strings.Contains(se.Message, "no such table: nowhere") {
		t.Fatalf("dry run error %v, result %+v", err, res)
	}
	if tableExists(t, db, "ok") {
		t.Fatal("failed dry run left a table")
	}
}

func TestStatementErrorSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	es := append(basicEntries(), entry{"0003_broken", 1_700_000_300_000,
		"CREATE TABLE fine (x int);\n--> statement-breakpoint\n\n-- next one fails\nALTER TABLE users ADD COLUMN name text;\n"})
	f := mustRead(t, writeJournal(t, t.TempDir(), "sqlite", es...))
	res, err := Apply(context.Background(), db, f, ApplyOptions{})
	var se *StatementError
	if !errors.Is(err, ErrStatementFailed) || !errors.As(err, &se) || res == nil {
		t.Fatalf("want a StatementError, got %v", err)
	}
	if se.Migration != "0003_broken" || se.Statement != 2 || se.Line != 5 || !strings.Contains(se.Message, "duplicate column name") ||
		!strings.HasSuffix(se.File, "0003_broken.sql") || len(se.Committed) != 0 || se.Partial {
		t.Fatalf("error fields %+v", se)
	}
	msg := se.Error()
	for _, want := range []string{"0003_broken.sql: statement 2 (line 5) failed", "ALTER TABLE users ADD COLUMN name text", "nothing was applied"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if tableExists(t, db, "users") || tableExists(t, db, "fine") {
		t.Fatal("failed run left tables")
	}
}

// TestNULByteFailsTheRunSQLite: SQLite reads a statement only up to a
// NUL byte and would run the part before it without an error, then
// record the migration as applied; the run fails instead.
func TestNULByteFailsTheRunSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	es := append(basicEntries(), entry{"0003_binary", 1_700_000_300_000, "CREATE TABLE fine (x int);\x00\xff junk"})
	f := mustRead(t, writeJournal(t, t.TempDir(), "sqlite", es...))
	_, err := Apply(context.Background(), db, f, ApplyOptions{})
	if !errors.Is(err, ErrStatementFailed) || !errors.Is(err, database.ErrNUL) {
		t.Fatalf("want a failed statement holding a NUL byte, got %v", err)
	}
	if tableExists(t, db, "users") || tableExists(t, db, "fine") {
		t.Fatal("failed run left tables")
	}
}

func TestFoldersLayoutSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	dir := t.TempDir()
	// A 0.x history, as drizzle-orm 0.45 wrote it for these migrations
	// while they still had journal timestamps (ms inside the folder's second).
	mustExec(t, db, `CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`)
	writeFile(t, filepath.Join(dir, "20240101000000_a", "migration.sql"), "CREATE TABLE a (x int);")
	writeFile(t, filepath.Join(dir, "20240101000001_b", "migration.sql"), "CREATE TABLE b (x int);")
	f := mustRead(t, dir)
	mustExec(t, db, `CREATE TABLE a (x int)`)
	mustExec(t, db, `INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, 1704067200123)`, f.Migrations[0].Hash)
	if got := states(mustStatus(t, db, f, Config{})); got != "20240101000000_a=applied 20240101000001_b=pending" {
		t.Fatalf("before: %s", got)
	}
	writeFile(t, filepath.Join(dir, "20240101000002_c", "migration.sql"), "CREATE TABLE c (x int);")
	f = mustRead(t, dir)
	mustApply(t, db, f, ApplyOptions{})
	rows := must2(queryStrings(context.Background(), db,
		`SELECT coalesce(name, '?') || ' ' || created_at || ' ' || (applied_at IS NULL) FROM __drizzle_migrations ORDER BY rowid`))(t)
	want := "20240101000000_a 1704067200123 1, 20240101000001_b 1704067201000 0, 20240101000002_c 1704067202000 0"
	if got := strings.Join(rows, ", "); got != want {
		t.Fatalf("records:\n%s\nwant:\n%s", got, want)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)

	// A fresh database gets drizzle-orm 1.0's table.
	fresh := sqlitetest.New(t)
	mustApply(t, fresh, f, ApplyOptions{Config: Config{Table: "history"}})
	cols := strings.Join(must2(queryStrings(context.Background(), fresh, `SELECT name || ' ' || lower(type) || ' ' || pk FROM pragma_table_info('history')`))(t), ", ")
	if cols != "id integer 1, hash text 0, created_at numeric 0, name text 0, applied_at text 0" {
		t.Fatalf("columns %s", cols)
	}
	if n := count(t, fresh, `SELECT count(*) FROM history WHERE id IS NOT NULL AND applied_at LIKE '____-__-__T__:__:__.___Z'`); n != 3 {
		t.Fatalf("want 3 rows with id and ISO applied_at, got %d", n)
	}
}

func TestHistoriesSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "sqlite", basicEntries()...))
	mustApply(t, db, f, ApplyOptions{})
	plugin := mustRead(t, writeJournal(t, t.TempDir(), "sqlite", entry{"0000_plugin", 5, "CREATE TABLE plugin_t (x int);"}))
	mustApply(t, db, plugin, ApplyOptions{Config: Config{Table: "plugin_history"}})
	mustExec(t, db, `CREATE TABLE not_a_history (hash text, created_at int, other text)`)
	hs, err := Histories(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Table != DefaultTable || hs[1].Table != "plugin_history" || hs[0].Records != 3 || hs[0].Newest != 1_700_000_200_000 || hs[0].HasName {
		t.Fatalf("histories %+v", hs)
	}
	recs, err := Records(context.Background(), db, hs[1].Config())
	if err != nil || len(recs) != 1 || recs[0].Hash != plugin.Migrations[0].Hash || recs[0].CreatedAt != 5 {
		t.Fatalf("plugin_history records %+v, %v", recs, err)
	}
	if recs, err := Records(context.Background(), db, Config{Table: "no_such_history"}); err != nil || len(recs) != 0 {
		t.Fatalf("missing table: %+v, %v", recs, err)
	}
}

func TestDialectMismatch(t *testing.T) {
	db := sqlitetest.New(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql", basicEntries()...))
	if _, err := Apply(context.Background(), db, f, ApplyOptions{}); !errors.Is(err, ErrDialect) {
		t.Fatalf("apply: %v", err)
	}
	if _, err := Status(context.Background(), db, f, Config{}); !errors.Is(err, ErrDialect) {
		t.Fatalf("status: %v", err)
	}
}
