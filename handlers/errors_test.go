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
)

// TestPostgresStaleSchema changes a table behind the studio's cached
// schema. The grid tries once more against a fresh schema and answers; an
// insert and an export built from the stale one answer 409 (reload) and
// drop it, so the next try works.
func TestPostgresStaleSchema(t *testing.T) {
	db := openPG(t, `CREATE TABLE t (id int PRIMARY KEY, name text, a text, b text, c text);
		INSERT INTO t VALUES (1, 'one', 'a', 'b', 'c')`)
	app := mustApp(t, db, handlers.Options{})
	grid := "/schema/public/table/t/rows"
	warm := func() {
		t.Helper()
		if resp, body := do(t, app, "GET", grid, nil, nil); resp.StatusCode != 200 {
			t.Fatalf("grid: %d %.300s", resp.StatusCode, body)
		}
	}
	drop := func(col string) {
		t.Helper()
		warm() // the cached schema still has col
		if _, err := db.Exec(`ALTER TABLE t DROP COLUMN ` + col); err != nil {
			t.Fatal(err)
		}
	}
	reload := func(what string, resp int, body string) {
		t.Helper()
		if resp != 409 || !parse(t, body).shows("reload the page") {
			t.Errorf("%s against a stale schema: %d %.300s", what, resp, body)
		}
	}

	drop("a")
	resp, body := do(t, app, "GET", grid, nil, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 200 || strings.Contains(body, `"name":"a"`) || !strings.Contains(body, `"one"`) {
		t.Errorf("grid after a column went away: %d %.300s", resp.StatusCode, body)
	}

	drop("b")
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	resp, body = do(t, app, "POST", "/schema/public/table/t/rows", strings.NewReader(url.Values{"val:id": {"2"}, "val:b": {"x"}}.Encode()), form)
	reload("insert", resp.StatusCode, body)
	resp, body = do(t, app, "POST", "/schema/public/table/t/rows", strings.NewReader(url.Values{"val:id": {"2"}}.Encode()), form)
	if resp.StatusCode != 303 {
		t.Errorf("insert after the reload: %d %.300s", resp.StatusCode, body)
	}

	drop("c")
	resp, body = do(t, app, "GET", "/schema/public/table/t/export.csv", nil, nil)
	reload("export", resp.StatusCode, body)
	if resp, body := do(t, app, "GET", "/schema/public/table/t/export.csv", nil, nil); resp.StatusCode != 200 || body != "id,name\r\n1,one\r\n2,\r\n" {
		t.Errorf("export after the reload: %d %q", resp.StatusCode, body)
	}
}

// lockedSQLite is a SQLite database another connection holds a write
// lock on (readers still read) until the test ends; its busy timeout is
// short.
func lockedSQLite(t *testing.T, script string) *database.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.db")
	db, err := database.Open(ctx, database.Target{Dialect: database.SQLite, Path: path}, database.Options{Create: true, BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
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
	if _, err := lock.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRunsShowOnlyTheUsersMistakesInline: a dry run and a push show the
// database refusing the user's SQL where the outcome goes (other tests),
// but a database locked by another connection is not the user's SQL: the
// error handler answers (503 or 504) with its one-line message.
func TestRunsShowOnlyTheUsersMistakesInline(t *testing.T) {
	dir := journalFolder(t)
	db := lockedSQLite(t, `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, nickname TEXT)`)
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
