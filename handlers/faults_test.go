package handlers_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/handlers"
	"studio/internal/pgtest"
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
	path := filepath.Join(t.TempDir(), "locked.db")
	target := database.Target{Dialect: database.SQLite, Path: path}
	db, err := database.Open(ctx, target, database.Options{Create: true, BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'one')`); err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, db, handlers.Options{})
	other, err := sql.Open("sqlite", database.SQLiteDSN(path, database.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
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
