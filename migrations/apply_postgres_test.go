package migrations

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestApplyPostgresRecordsLikeDrizzle(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql", basicEntries()...))
	res := mustApply(t, db, f, ApplyOptions{})
	if got := res.Applied[0].Statements[1]; got.RowsAffected != 2 || strings.Join(got.Tags, ",") != "INSERT 0 2" {
		t.Fatalf("statement result %+v", got)
	}
	cols := strings.Join(must2(queryStrings(context.Background(), db, `
		SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
		FROM information_schema.columns WHERE table_schema = 'drizzle' AND table_name = '__drizzle_migrations'
		ORDER BY ordinal_position`))(t), ", ")
	want := "id integer NO nextval('drizzle.__drizzle_migrations_id_seq'::regclass), hash text NO -, created_at bigint YES -"
	if cols != want {
		t.Fatalf("columns:\n%s\nwant:\n%s", cols, want)
	}
	if n := count(t, db, `SELECT count(*) FROM drizzle.__drizzle_migrations WHERE id IN (1, 2, 3) AND hash = $1 OR created_at = 1700000200000`, f.Migrations[0].Hash); n != 2 {
		t.Fatalf("records: %d", n)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)

	// Another history in another schema, as per-plugin projects keep them.
	plugin := mustRead(t, writeJournal(t, t.TempDir(), "postgresql", entry{"0000_p", 7, "CREATE TABLE plugin_t (x int);"}))
	cfg := Config{Schema: "plugin_catalog", Table: "__drizzle_migrations"}
	mustApply(t, db, plugin, ApplyOptions{Config: cfg})
	assertAllApplied(t, mustStatus(t, db, plugin, cfg), 1)
	hs, err := Histories(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Schema != "drizzle" || hs[0].Records != 3 || hs[1].Schema != "plugin_catalog" || hs[1].Newest != 7 {
		t.Fatalf("histories %+v", hs)
	}
}

func TestStatementErrorPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	es := append(basicEntries(), entry{"0003_broken", 1_700_000_300_000,
		"CREATE TABLE fine (x int);\n--> statement-breakpoint\nALTER TABLE users\n  ADD COLUMN ok text,\n  ADD COLUMN bad nosuchtype;\n"})
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql", es...))
	_, err := Apply(context.Background(), db, f, ApplyOptions{})
	var se *StatementError
	if !errors.As(err, &se) {
		t.Fatalf("want StatementError, got %v", err)
	}
	if se.Statement != 2 || se.Line != 3 || se.ErrorLine != 5 || se.Code != "42704" || !strings.Contains(se.ErrorText, "nosuchtype") {
		t.Fatalf("fields %+v", se)
	}
	msg := se.Error()
	for _, want := range []string{`statement 2 (line 3) failed: type "nosuchtype" does not exist (SQLSTATE 42704)`, "at line 5: ADD COLUMN bad nosuchtype;", "nothing was applied"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if tableExists(t, db, "users") || count(t, db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'drizzle'") != 0 {
		t.Fatal("failed run left something behind")
	}
}

// concurrentlyFolder mirrors latitude: a file that commits Drizzle's
// transaction for CREATE INDEX CONCURRENTLY, with a BEGIN/COMMIT pair.
func concurrentlyFolder(t *testing.T, last string) string {
	return writeJournal(t, t.TempDir(), "postgresql",
		entry{"0000_t", 1, "CREATE TABLE t (a int, b int);\n--> statement-breakpoint\nINSERT INTO t VALUES (1, 1), (2, 2);"},
		entry{"0001_idx", 2, "COMMIT;\n--> statement-breakpoint\nBEGIN;\nALTER TABLE t ADD COLUMN c int;--> statement-breakpoint\nCOMMIT;\n" +
			"--> statement-breakpoint\nCREATE INDEX CONCURRENTLY t_c ON t (c);\n--> statement-breakpoint\nBEGIN;\nUPDATE t SET c = a;\nCOMMIT;"},
		entry{"0002_more", 3, last},
	)
}

func TestCommitPointsPostgres(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpenPostgres(t)
	f := mustRead(t, concurrentlyFolder(t, "CREATE TABLE u (x int);"))

	dry := mustApply(t, db, f, ApplyOptions{DryRun: true})
	if len(dry.Applied) != 3 || len(dry.Notes) != 0 || tableExists(t, db, "t") {
		t.Fatalf("dry run: notes %v, t exists %v", dry.Notes, tableExists(t, db, "t"))
	}
	if s := dry.Applied[1].Statements[4]; !strings.Contains(s.Note, "without CONCURRENTLY") {
		t.Fatalf("dry-run CONCURRENTLY statement %+v", s)
	}

	res := mustApply(t, db, f, ApplyOptions{})
	if len(res.Notes) != 2 {
		t.Fatalf("notes %v", res.Notes)
	}
	if n := count(t, db, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 't_c' AND i.indisvalid"); n != 1 {
		t.Fatal("index t_c missing or invalid")
	}
	if n := count(t, db, "SELECT count(*) FROM t WHERE c = a"); n != 2 {
		t.Fatalf("update after the index: %d rows", n)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)
	if n := count(t, db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"); n != 0 {
		t.Fatalf("%d advisory locks left", n)
	}

	// A failure after a commit point: what was committed is said.
	db2, _ := mustOpenPostgres(t)
	f2 := mustRead(t, concurrentlyFolder(t, "SELECT nosuchcolumn FROM t;"))
	_, err := Apply(ctx, db2, f2, ApplyOptions{})
	var se *StatementError
	if !errors.As(err, &se) || strings.Join(se.Committed, ",") != "0000_t,0001_idx" || se.Partial {
		t.Fatalf("want committed 0000_t,0001_idx, got %v", err)
	}
	if got := states(mustStatus(t, db2, f2, Config{})); got != "0000_t=applied 0001_idx=applied 0002_more=pending" {
		t.Fatalf("state %s", got)
	}
}

func TestDrizzleFixtureConcurrentlyPostgres(t *testing.T) {
	// drizzle's own pg-concurrently fixture cannot be applied by drizzle
	// (one transaction); the commit-point policy applies it.
	root := corpusRoot(t)
	db, _ := mustOpenPostgres(t)
	f := mustRead(t, filepath.Join(root, "drizzle-team__drizzle-orm", "integration-tests__drizzle2__pg-concurrently"))
	res := mustApply(t, db, f, ApplyOptions{})
	if len(res.Notes) != 2 {
		t.Fatalf("notes %v", res.Notes)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 2)
}

func TestSearchPathPostgres(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpenPostgres(t)
	db.SetMaxOpenConns(1)
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql",
		entry{"0000_schema", 1, `CREATE SCHEMA "app";` + "\n--> statement-breakpoint\n" + `CREATE TYPE "app"."mood" AS ENUM ('ok', 'meh');`},
		entry{"0001_use", 2, `CREATE TABLE "app"."t" ("m" "mood");`},
	))
	if _, err := Apply(ctx, db, f, ApplyOptions{}); err == nil || !strings.Contains(err.Error(), `type "mood" does not exist`) {
		t.Fatalf("without search path: %v", err)
	}
	mustApply(t, db, f, ApplyOptions{SearchPath: "app, public"})
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 2)
	var sp string
	if err := db.QueryRowContext(ctx, "SHOW search_path").Scan(&sp); err != nil || sp != `"$user", public` {
		t.Fatalf("search_path left as %q (%v)", sp, err)
	}
	if _, err := Apply(ctx, db, f, ApplyOptions{SearchPath: "a,,b"}); !errors.Is(err, ErrConfig) {
		t.Fatalf("bad search path: %v", err)
	}
}

func TestFoldersLayoutPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "20240101000000_a", "migration.sql"), "CREATE TABLE a (x int);")
	writeFile(t, filepath.Join(dir, "20240101000001_b", "migration.sql"), "CREATE TABLE b (x int);")
	f := mustRead(t, dir)
	// A 0.x history holding the first one, as drizzle-orm 0.45 wrote it.
	mustExec(t, db, `CREATE SCHEMA drizzle`)
	mustExec(t, db, `CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`)
	mustExec(t, db, `CREATE TABLE a (x int)`)
	mustExec(t, db, `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, 1704067200123)`, f.Migrations[0].Hash)
	mustApply(t, db, f, ApplyOptions{})
	rows := must2(queryStrings(context.Background(), db,
		`SELECT id || ' ' || coalesce(name, '?') || ' ' || created_at || ' ' || (applied_at IS NULL) FROM drizzle.__drizzle_migrations ORDER BY id`))(t)
	want := "1 20240101000000_a 1704067200123 true, 2 20240101000001_b 1704067201000 false"
	if got := strings.Join(rows, ", "); got != want {
		t.Fatalf("records:\n%s\nwant:\n%s", got, want)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 2)
}

func TestDryRunLeavesNothingPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql", basicEntries()...))
	res := mustApply(t, db, f, ApplyOptions{DryRun: true})
	if len(res.Applied) != 3 || res.Applied[2].Statements[0].RowsAffected != 2 {
		t.Fatalf("result %+v", res.Applied)
	}
	if tableExists(t, db, "users") || count(t, db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'drizzle'") != 0 {
		t.Fatal("dry run left something")
	}
}

func TestEnumValueUsedLaterPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql",
		entry{"0000_enum", 1, "CREATE TYPE mood AS ENUM ('ok');\n--> statement-breakpoint\nCREATE TABLE t (m mood);"},
		entry{"0001_add", 2, "ALTER TYPE mood ADD VALUE 'meh';"},
		entry{"0002_use", 3, "INSERT INTO t VALUES ('meh');"},
	))
	var events []string
	res, err := Apply(context.Background(), db, f, ApplyOptions{DryRun: true})
	var se *StatementError
	if !errors.As(err, &se) || se.Code != "55P04" || res == nil {
		t.Fatalf("dry run: want SQLSTATE 55P04, got %v", err)
	}
	res = mustApply(t, db, f, ApplyOptions{Progress: func(e Event) {
		if e.Kind == EventRetry || e.Kind == EventMigrationDone {
			events = append(events, string(e.Kind)+" "+e.Migration)
		}
	}})
	if len(res.Applied) != 3 || res.Report.Summary.Pending != 3 || !strings.Contains(strings.Join(res.Notes, "\n"), "0001_add adds enum values") {
		t.Fatalf("result: %d applied, notes %v", len(res.Applied), res.Notes)
	}
	want := "migration-done 0000_enum migration-done 0001_add retry  migration-done 0000_enum migration-done 0001_add migration-done 0002_use"
	if got := strings.Join(events, " "); got != want {
		t.Fatalf("events: %s", got)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)
}

func TestCancelledRunPostgres(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	f := mustRead(t, writeJournal(t, t.TempDir(), "postgresql",
		entry{"0000_t", 1, "CREATE TABLE t (x int);"},
		entry{"0001_slow", 2, "SELECT pg_sleep(30);"},
	))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Apply(ctx, db, f, ApplyOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second {
		t.Fatalf("want a prompt deadline error, got %v after %s", err, time.Since(start))
	}
	if tableExists(t, db, "t") {
		t.Fatal("cancelled run left a table")
	}
	mustApply(t, db, &Folder{Dir: f.Dir, Layout: f.Layout, Migrations: f.Migrations[:1]}, ApplyOptions{})
}
