package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
	"studio/migrations"
)

// lateMergeFolder is issue 10's folder: 0000 and 0001, then 0002 merged
// late with a `when` between theirs (listed last), then 0003 in order.
func lateMergeFolder(t *testing.T, dialect string) string {
	t.Helper()
	dir := t.TempDir()
	files := []struct {
		tag  string
		when int64
	}{{"0000_users", 1_700_000_000_228}, {"0001_posts", 1_700_000_000_698}, {"0002_late", 1_700_000_000_500}, {"0003_next", 1_700_000_000_900}}
	var entries []string
	for i, f := range files {
		table := strings.SplitN(f.tag, "_", 2)[1]
		writeTestFile(t, filepath.Join(dir, f.tag+".sql"), "CREATE TABLE "+table+"_t (id integer PRIMARY KEY);")
		entries = append(entries, fmt.Sprintf(`{"idx":%d,"version":"7","when":%d,"tag":%q,"breakpoints":true}`, i, f.when, f.tag))
	}
	writeTestFile(t, filepath.Join(dir, "meta", "_journal.json"), `{"version":"7","dialect":"`+dialect+`","entries":[`+strings.Join(entries, ",")+`]}`)
	return dir
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lateMergeDB is a database migrated before 0002 was merged: 0000 and
// 0001 applied.
func lateMergeDB(t *testing.T, dialect database.Dialect) (*database.DB, string) {
	t.Helper()
	var db *database.DB
	if dialect == database.Postgres {
		db = openPG(t, "SELECT 1")
	} else {
		db = sqlitetest.Open(t, filepath.Join(t.TempDir(), "m.db"), database.Options{Create: true})
	}
	dir := lateMergeFolder(t, map[database.Dialect]string{database.SQLite: "sqlite", database.Postgres: "postgresql"}[dialect])
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	early := *f
	early.Migrations = []*migrations.Migration{f.Migrations[0], f.Migrations[1]}
	if _, err := migrations.Apply(context.Background(), db, &early, migrations.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	return db, dir
}

func hasTable(t *testing.T, db *database.DB, name string) bool {
	t.Helper()
	q := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if db.Dialect() == database.Postgres {
		q = "SELECT count(*) FROM pg_tables WHERE tablename = $1"
	}
	var n int
	if err := db.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

func TestMigrationsPageOutOfOrder(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) { testMigrationsPageOutOfOrder(t, dialect) })
	}
}

func testMigrationsPageOutOfOrder(t *testing.T, dialect database.Dialect) {
	db, dir := lateMergeDB(t, dialect)
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})

	_, body := do(t, app, "GET", "/migrations", nil, nil)
	page := parse(t, body)
	for _, want := range []string{`[data-state="out-of-order"]`, `[data-testid="out-of-order"]`, `[data-drizzle="skip"]`, `[data-testid="allow-out-of-order"]`} {
		if !page.has(want) {
			t.Errorf("history page lacks %s", want)
		}
	}
	for _, want := range []string{"0002_late.sql", "is not later than the newest recorded created_at 1700000000698", "skips it silently, on every run",
		"--allow-out-of-order", "drizzle-orm skips it, silently", "Migrate refuses to run while they are"} {
		if !page.shows(want) {
			t.Errorf("history page lacks %q", want)
		}
	}
	_, body = do(t, app, "GET", "/migrations/m/0002_late", nil, nil)
	if page := parse(t, body); !page.has(`[data-testid="out-of-order"]`) || !page.shows("skips it silently") || !page.has(`[data-testid="allow-out-of-order"]`) {
		t.Errorf("preview does not explain the out-of-order state:\n%s", body)
	}
	_, body = do(t, app, "GET", "/api/migrations/status", nil, nil)
	var rep migrations.Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil || len(rep.Migrations) != 4 || rep.Migrations[2].State != migrations.OutOfOrder ||
		rep.Migrations[2].OutOfOrder == nil || rep.Migrations[2].OutOfOrder.Drizzle != migrations.DrizzleSkips {
		t.Fatalf("status JSON: %v\n%s", err, body)
	}

	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr, "Accept": "application/x-ndjson, application/json"}
	resp, body := do(t, app, "POST", "/migrations/apply", strings.NewReader("confirm=yes"), form)
	if resp.StatusCode != 409 || !strings.Contains(body, "0002_late.sql") || !strings.Contains(body, "--allow-out-of-order") {
		t.Fatalf("migrate without allowing: %d %s", resp.StatusCode, body)
	}
	if hasTable(t, db, "late_t") || hasTable(t, db, "next_t") {
		t.Fatal("a refused run applied something")
	}
	_, body = do(t, app, "POST", "/migrations/dry-run", nil, form)
	if page := parse(t, body); !page.has(`[data-testid="run-error"]`) || !page.shows("0002_late.sql") {
		t.Fatalf("dry run without allowing is not refused: %s", body)
	}
	_, body = do(t, app, "POST", "/migrations/dry-run", strings.NewReader("allow-out-of-order=yes"), form)
	if page := parse(t, body); page.has(`[data-testid="run-error"]`) || !page.shows("rolled back") || !page.shows("0002_late") {
		t.Fatalf("dry run with the box ticked: %s", body)
	}

	resp, body = do(t, app, "POST", "/migrations/apply", strings.NewReader("confirm=yes&allow-out-of-order=yes"), form)
	if resp.StatusCode != 200 || !strings.Contains(body, `"kind":"finished"`) || !strings.Contains(body, "2 migration(s) applied") {
		t.Fatalf("migrate with the box ticked: %d %s", resp.StatusCode, body)
	}
	_, body = do(t, app, "GET", "/api/migrations/status", nil, nil)
	if err := json.Unmarshal([]byte(body), &rep); err != nil || rep.Summary.Applied != 4 || !rep.InSync() {
		t.Fatalf("after: %v %s", err, body)
	}
}

func TestMigrationsStudioStartedWithAllowOutOfOrder(t *testing.T) {
	db, dir := lateMergeDB(t, database.SQLite)
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir, AllowOutOfOrder: true}})
	_, body := do(t, app, "GET", "/migrations", nil, nil)
	if page := parse(t, body); !page.has(`[data-testid="out-of-order-allowed"]`) || page.has(`[data-testid="allow-out-of-order"]`) {
		t.Fatalf("page does not say the studio applies out-of-order migrations:\n%s", body)
	}
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr}
	resp, body := do(t, app, "POST", "/migrations/apply", strings.NewReader("confirm=yes"), form)
	if resp.StatusCode != 200 || !strings.Contains(body, "2 migration(s) applied") {
		t.Fatalf("migrate: %d %s", resp.StatusCode, body)
	}
}

func TestMigrateRefusesModifiedWith409(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	writeTestFile(t, filepath.Join(dir, "0000_init.sql"), "-- edited\nCREATE TABLE other (id integer);")
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr, "Accept": "application/json"}
	resp, body := do(t, app, "POST", "/migrations/apply", strings.NewReader("confirm=yes&allow-out-of-order=yes"), form)
	if resp.StatusCode != 409 || !strings.Contains(body, "--allow-modified") {
		t.Fatalf("migrate over a modified migration: %d %s", resp.StatusCode, body)
	}
}
