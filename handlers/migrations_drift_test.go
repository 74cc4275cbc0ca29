package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/migrations"
)

// driftCheck asks for the drift panel as the Migrations page's htmx
// request does, and checks it is the fragment.
func driftCheck(t *testing.T, app *fiber.App) dom {
	t.Helper()
	resp, body := do(t, app, "GET", "/migrations/drift", nil, map[string]string{"HX-Request": "true"})
	page := parse(t, body)
	if resp.StatusCode != 200 || !page.has(`section#drift[aria-labelledby="drift-title"]`) || page.has("main") {
		t.Fatalf("drift fragment: %d\n%s", resp.StatusCode, body)
	}
	return page
}

// expectHotfixDrift adds a column and an index by hand and expects the
// panel to list both.
func expectHotfixDrift(t *testing.T, app *fiber.App, db *database.DB, table string) {
	t.Helper()
	for _, sql := range []string{`ALTER TABLE "` + table + `" ADD COLUMN "hotfix" integer`, `CREATE INDEX "hotfix_idx" ON "` + table + `" ("hotfix")`} {
		if _, err := db.Exec(sql); err != nil {
			t.Fatal(err)
		}
	}
	page := driftCheck(t, app)
	if !page.has(`[data-testid="drift-found"]`) || page.count(`[data-testid="drift-change"]`) != 2 ||
		!page.shows("column-added") || !page.shows("index-added") || !page.shows(table+".hotfix") {
		t.Errorf("hotfix not listed:\n%s", page.text("#drift"))
	}
}

// TestDriftPanelSQLite: the Migrations page loads the drift check; clean
// it is one line, a hand-made column and index are listed; without
// JavaScript the link gives a page of its own.
func TestDriftPanelSQLite(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	_, body := do(t, app, "GET", "/migrations", nil, nil)
	page := parse(t, body)
	if page.attr(`[data-testid="drift"]`, "hx-get") != "/migrations/drift" || !page.has(`[data-testid="drift"] a[href="/migrations/drift"]`) {
		t.Fatalf("no drift placeholder:\n%s", body)
	}
	clean := driftCheck(t, app)
	if !clean.has(`[data-testid="drift-clean"]`) || !clean.shows("0000_init") {
		t.Errorf("clean database:\n%s", clean.text("#drift"))
	}
	resp, body := do(t, app, "GET", "/migrations/drift", nil, nil)
	if full := parse(t, body); resp.StatusCode != 200 || !full.has("main h1") || !full.has(`[data-testid="drift-clean"]`) {
		t.Errorf("drift page without htmx: %d\n%s", resp.StatusCode, body)
	}
	expectHotfixDrift(t, app, db, "parent")
}

// TestDriftPanelPostgres: outside dev mode the page makes no scratch
// database and says how to check; in dev mode it checks. The Preview
// page's change list likewise.
func TestDriftPanelPostgres(t *testing.T) {
	db := openPG(t, "SELECT 1")
	dir := t.TempDir()
	files := map[string]string{
		"0000_init.sql":      `CREATE TABLE "posts" ("id" integer PRIMARY KEY, "title" text);`,
		"meta/_journal.json": `{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Apply(context.Background(), db, f, migrations.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	plain := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	if page := driftCheck(t, plain); !page.has(`[data-testid="drift-note"]`) || !page.shows("studio check --db") {
		t.Errorf("outside dev mode:\n%s", page.text("#drift"))
	}
	dev := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}, Push: handlers.PushOptions{Dev: true}})
	if page := driftCheck(t, dev); !page.has(`[data-testid="drift-clean"]`) {
		t.Errorf("clean, dev mode:\n%s", page.text("#drift"))
	}
	resp, _ := do(t, dev, "GET", "/migrations/drift", nil, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != 403 {
		t.Errorf("cross-site drift check: %d, want 403", resp.StatusCode)
	}
	// The Preview page's change list follows the same rule.
	if _, body := do(t, plain, "GET", "/migrations/m/0000_init/changes", nil, nil); !parse(t, body).has(`[data-testid="changes-note"]`) {
		t.Errorf("change list outside dev mode:\n%s", body)
	}
	_, body := do(t, dev, "GET", "/migrations/m/0000_init/changes", nil, map[string]string{"HX-Request": "true"})
	if page := parse(t, body); !page.has(`[data-testid="change"][data-kind="table-added"]`) || !page.shows("posts") {
		t.Errorf("change list in dev mode:\n%s", body)
	}
	expectHotfixDrift(t, dev, db, "posts")
}
