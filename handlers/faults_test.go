package handlers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/handlers"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

// TestPostgresDownAndBackUnderARunningStudio stops the server under a
// running studio: pages say the database cannot be reached (503), and
// work again once it is back, with no restart of the studio.
func TestPostgresDownAndBackUnderARunningStudio(t *testing.T) {
	db := openPG(t, `CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'one')`)
	app := mustApp(t, db, handlers.Options{})
	if resp, body := do(t, app, "GET", "/schema/public/table/t/rows", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("before: %d %s", resp.StatusCode, body)
	}
	cluster := pgtest.MustCluster(t)
	cluster.Down(t)
	up := false
	t.Cleanup(func() {
		if !up {
			cluster.Up(t)
		}
	})
	for _, p := range []string{"/schema/public/table/t/rows", "/", "/schema/public/table/t/row?eq.id=1"} {
		resp, body := do(t, app, "GET", p, nil, nil)
		if resp.StatusCode != 503 || !parse(t, body).shows("cannot be reached") {
			t.Errorf("%s while down: %d %.300s", p, resp.StatusCode, body)
		}
	}
	resp, body := do(t, app, "GET", "/schema/public/table/t/rows", nil, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 503 || !strings.Contains(body, `"status":503`) {
		t.Errorf("JSON while down: %d %s", resp.StatusCode, body)
	}
	cluster.Up(t)
	up = true
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, body := do(t, app, "GET", "/schema/public/table/t/rows", nil, nil)
		if resp.StatusCode == 200 && parse(t, body).shows("one") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the studio did not recover: %d %.300s", resp.StatusCode, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestSQLiteLockedByAnotherWriter holds SQLite's write lock from another
// connection: an edit waits for the busy timeout, then fails with a clear
// message and writes nothing; once the lock is gone it succeeds.
func TestSQLiteLockedByAnotherWriter(t *testing.T) {
	ctx := context.Background()
	db, lock := lockedSQLite(t, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'one')`, "BEGIN EXCLUSIVE")
	app := mustApp(t, db, handlers.Options{})
	insert := func() (int, string) {
		resp, body := do(t, app, "POST", "/schema/main/table/t/rows", strings.NewReader("val:id=2&val:name=two"),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		return resp.StatusCode, body
	}
	start := time.Now()
	code, body := insert()
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("gave up after %v, before the busy timeout", waited)
	}
	if code != 503 || !parse(t, body).shows("locked by another connection") {
		t.Errorf("insert under a lock: %d %.300s", code, body)
	}
	if _, err := lock.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	lock.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows after the refused insert: %d (%v)", n, err)
	}
	if code, body := insert(); code != 303 {
		t.Errorf("insert after the lock: %d %.300s", code, body)
	}
}

// lockedSQLite is a SQLite database (script run in it) with a short busy
// timeout, and another connection that holds a transaction begun with
// begin until the test ends: "BEGIN EXCLUSIVE" keeps readers out too,
// "BEGIN IMMEDIATE" only writers.
func lockedSQLite(t *testing.T, script, begin string) (*database.DB, *sql.Conn) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.db")
	db := sqlitetest.Open(t, path, database.Options{Create: true, BusyTimeout: 300 * time.Millisecond})
	if _, err := db.ExecContext(ctx, script); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", database.SQLiteDSN(path, database.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lock.Close(); other.Close() })
	if _, err := lock.ExecContext(ctx, begin); err != nil {
		t.Fatal(err)
	}
	return db, lock
}

// TestRunsShowOnlyTheUsersMistakesInline: a dry run and a push show the
// database refusing the user's SQL where the outcome goes (other tests),
// but a database locked by another connection is not the user's SQL: the
// error handler answers (503 or 504) with its one-line message.
func TestRunsShowOnlyTheUsersMistakesInline(t *testing.T) {
	dir := journalFolder(t)
	db, _ := lockedSQLite(t, `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, nickname TEXT)`, "BEGIN IMMEDIATE")
	schema := filepath.Join(t.TempDir(), "schema.sql")
	writeTestFile(t, schema, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, nickname TEXT);\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\n")
	app := mustApp(t, db, handlers.Options{Timeout: 2 * time.Second,
		Migrations: handlers.MigrationsOptions{Dir: dir}, Push: handlers.PushOptions{Dev: true, Schema: schema}})
	htmx := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}
	ours := func(what string, resp *http.Response, body string) {
		t.Helper()
		page := parse(t, body)
		if resp.StatusCode != 503 && resp.StatusCode != 504 || !page.has(`[data-testid="error"]`) ||
			!page.shows("locked by another connection") && !page.shows("did not answer in time") {
			t.Errorf("%s on a locked database: %d %.300s", what, resp.StatusCode, body)
		}
	}
	resp, body := do(t, app, "POST", "/migrations/dry-run", strings.NewReader(""), htmx)
	ours("dry run", resp, body)
	_, page := do(t, app, "GET", "/push", nil, nil)
	fp := parse(t, page).attr(`[name="fingerprint"]`, "value")
	if fp == "" {
		t.Fatalf("no plan on the push page: %.500s", page)
	}
	resp, body = do(t, app, "POST", "/api/push", strings.NewReader(url.Values{"fingerprint": {fp}}.Encode()), htmx)
	ours("push", resp, body)
}
