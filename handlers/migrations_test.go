package handlers_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
	"studio/migrations"
)

// journalFolder writes a classic Drizzle folder: 0000 creates a parent and
// a cascading child, 0001 rebuilds the parent the way drizzle-kit does.
func journalFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"0000_init.sql": "CREATE TABLE `parent` (`id` integer PRIMARY KEY, `name` text);\n--> statement-breakpoint\n" +
			"CREATE TABLE `child` (`id` integer PRIMARY KEY, `parent_id` integer REFERENCES `parent`(`id`) ON DELETE CASCADE);\n",
		"0001_rebuild.sql": "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n" +
			"CREATE TABLE `__new_parent` (`id` integer PRIMARY KEY, `name` text NOT NULL DEFAULT '');\n--> statement-breakpoint\n" +
			"INSERT INTO `__new_parent`(`id`, `name`) SELECT `id`, coalesce(`name`, '') FROM `parent`;--> statement-breakpoint\n" +
			"DROP TABLE `parent`;--> statement-breakpoint\n" +
			"ALTER TABLE `__new_parent` RENAME TO `parent`;--> statement-breakpoint\n" +
			"PRAGMA foreign_keys=ON;",
		"meta/_journal.json": `{"version":"7","dialect":"sqlite","entries":[
			{"idx":0,"version":"6","when":1700000000000,"tag":"0000_init","breakpoints":true},
			{"idx":1,"version":"6","when":1700000100000,"tag":"0001_rebuild","breakpoints":true}]}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// migratedDB applies only 0000 and adds rows, leaving 0001 pending.
func migratedDB(t *testing.T, dir string) *database.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.db")
	db := sqlitetest.Open(t, path, database.Options{Create: true})
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := *f
	first.Migrations = f.Migrations[:1]
	if _, err := migrations.Apply(context.Background(), db, &first, migrations.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO parent VALUES (1,'a'),(2,'b'); INSERT INTO child VALUES (1,1),(2,1),(3,2)"); err != nil {
		t.Fatal(err)
	}
	return db
}

func migrationsApp(t *testing.T, readOnly bool) (*database.DB, string, func(string) (int, string)) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	app := mustApp(t, db, handlers.Options{ReadOnly: readOnly, Migrations: handlers.MigrationsOptions{Dir: dir}})
	get := func(path string) (int, string) {
		resp, body := do(t, app, "GET", path, nil, nil)
		return resp.StatusCode, body
	}
	_ = app
	return db, dir, get
}

func TestHistoryPageShowsStatesAndWarnings(t *testing.T) {
	_, _, get := migrationsApp(t, false)
	code, body := get("/migrations")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	page := parse(t, body)
	for _, want := range []string{`[data-state="applied"]`, `[data-state="pending"]`, `[data-testid="migrate"]`} {
		if !page.has(want) {
			t.Errorf("history page lacks %s", want)
		}
	}
	for _, want := range []string{"0001_rebuild", "warning"} {
		if !page.shows(want) {
			t.Errorf("history page lacks %q", want)
		}
	}
}

func TestPreviewNamesRebuildAndCascadeChildren(t *testing.T) {
	_, _, get := migrationsApp(t, false)
	code, body := get("/migrations/m/0001_rebuild")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	page := parse(t, body)
	if !page.has(`[data-kind="rebuild"]`) || !page.shows("child") || !page.shows("line 5 · rebuild") {
		t.Errorf("preview does not flag the rebuild and the cascading child:\n%s", body)
	}
	if !page.has(".sql-keyword") {
		t.Errorf("SQL is not highlighted")
	}
	if code, _ := get("/migrations/m/nope"); code != 404 {
		t.Errorf("unknown migration: %d", code)
	}
}

func TestStatusJSONIsTheCLIShape(t *testing.T) {
	_, _, get := migrationsApp(t, false)
	code, body := get("/api/migrations/status")
	var r struct {
		Layout     string `json:"layout"`
		Table      string `json:"table"`
		Migrations []struct {
			Name  string `json:"name"`
			State string `json:"state"`
		} `json:"migrations"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &r) != nil {
		t.Fatalf("%d %s", code, body)
	}
	if r.Layout != "journal" || len(r.Migrations) != 2 || r.Migrations[1].State != "pending" {
		t.Fatalf("%+v", r)
	}
}

func TestDryRunThenMigrateKeepsChildRows(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr}

	resp, body := do(t, app, "POST", "/migrations/dry-run", nil, form)
	if resp.StatusCode != 200 || !parse(t, body).shows("rolled back") {
		t.Fatalf("dry run: %d %s", resp.StatusCode, body)
	}
	resp, _ = do(t, app, "GET", "/api/migrations/status", nil, nil)
	_ = resp

	resp, body = do(t, app, "POST", "/migrations/apply", strings.NewReader(""), form)
	if resp.StatusCode != 400 {
		t.Fatalf("migrate without confirm: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, app, "POST", "/migrations/apply", strings.NewReader("confirm=yes"), form)
	if resp.StatusCode != 200 || !strings.Contains(body, `"kind":"finished"`) || !strings.Contains(body, `"migration-done"`) {
		t.Fatalf("migrate: %d %s", resp.StatusCode, body)
	}
	var children int
	db.QueryRow("SELECT count(*) FROM child").Scan(&children)
	if children != 3 {
		t.Fatalf("child rows after the parent rebuild = %d, want 3 (a cascade deleted them)", children)
	}
	_, body = do(t, app, "GET", "/api/migrations/status", nil, nil)
	if strings.Contains(body, `"state":"pending"`) {
		t.Fatalf("still pending after migrate: %s", body)
	}
}

func TestReadOnlyStudioRefusesMigrations(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	app := mustApp(t, db, handlers.Options{ReadOnly: true, Migrations: handlers.MigrationsOptions{Dir: dir}})
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr}
	for _, path := range []string{"/migrations/dry-run", "/migrations/apply"} {
		resp, _ := do(t, app, "POST", path, strings.NewReader("confirm=yes"), form)
		if resp.StatusCode != 403 {
			t.Errorf("%s in read-only mode: %d", path, resp.StatusCode)
		}
	}
	_, body := do(t, app, "GET", "/migrations", nil, nil)
	if parse(t, body).has(`[data-testid="migrate"]`) {
		t.Error("read-only history page offers Migrate")
	}
}

func TestHistoryWithoutFolderExplains(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{Migrations: handlers.MigrationsOptions{FolderErr: "no migrations folder: tried ./drizzle, ./migrations"}})
	resp, body := do(t, app, "GET", "/migrations", nil, nil)
	if resp.StatusCode != 200 || !parse(t, body).shows("tried ./drizzle") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

func TestEveryHistoryTableIsListedAndReadable(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A plugin keeps its own history of the same folder, fully applied.
	if _, err := db.Exec(`CREATE TABLE "plugin_history" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
		INSERT INTO plugin_history (hash, created_at) VALUES ('` + f.Migrations[0].Hash + `', 1700000000000), ('` + f.Migrations[1].Hash + `', 1700000100000)`); err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	_, body := do(t, app, "GET", "/migrations", nil, nil)
	if page := parse(t, body); page.count(`[data-testid="history-table"]`) != 2 || !page.shows("plugin_history") {
		t.Fatalf("history tables not both listed:\n%s", body)
	}
	resp, body := do(t, app, "GET", "/migrations/records?table=plugin_history", nil, nil)
	if page := parse(t, body); resp.StatusCode != 200 || page.count(`[data-testid="record"]`) != 2 || !page.shows(f.Migrations[1].Hash) {
		t.Fatalf("records page: %d\n%s", resp.StatusCode, body)
	}
	resp, body = do(t, app, "GET", "/migrations?table=plugin_history", nil, nil)
	if page := parse(t, body); resp.StatusCode != 200 || page.has(`[data-state="pending"]`) || !page.has(`[data-testid="other-history"]`) || page.has(`[data-testid="migrate"]`) {
		t.Fatalf("plugin history view: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := do(t, app, "GET", "/migrations/records", nil, nil); resp.StatusCode != 400 {
		t.Fatalf("records without a table: %d", resp.StatusCode)
	}
}
