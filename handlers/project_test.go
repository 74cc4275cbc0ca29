package handlers_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/handlers"
	"studio/internal/sqlitetest"
	"studio/project"
)

// filteredApp serves the fixture plus temp_import, which its drizzle
// config's tablesFilter hides; get fetches a path with a cookie.
func filteredApp(t *testing.T) func(path, cookie string) (*http.Response, string) {
	t.Helper()
	wd := t.TempDir()
	if err := os.WriteFile(filepath.Join(wd, "drizzle.config.ts"), []byte(`export default { dialect: "sqlite", tablesFilter: ["!temp_*"] };`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := project.Load(wd, filepath.Join(wd, "drizzle.config.ts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := project.NewFilter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sqlitetest.New(t, fixtureSQL)
	if _, err := db.Exec(`CREATE TABLE temp_import (id integer PRIMARY KEY, user_id text REFERENCES users(id)); INSERT INTO temp_import VALUES (1, 'u1');`); err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, db, handlers.Options{Project: handlers.ProjectOptions{Label: "app.db · drizzle.config.ts", Config: "drizzle.config.ts", Filter: f}})
	return func(path, cookie string) (*http.Response, string) {
		t.Helper()
		var h map[string]string
		if cookie != "" {
			h = map[string]string{"Cookie": cookie}
		}
		return do(t, app, "GET", path, nil, h)
	}
}

// TestFiltersHoldOnEveryPage: what the config's tablesFilter hides is on
// no page (overview, structure, rows, ER diagram, the JSON model) until
// the overview's switch shows all, which a cookie keeps; the header
// names the database and where it came from.
func TestFiltersHoldOnEveryPage(t *testing.T) {
	get := filteredApp(t)
	resp, body := get("/", "")
	d := parse(t, body)
	if resp.StatusCode != 200 || d.text(`[data-testid="target"]`) != "sqlite · app.db · drizzle.config.ts" {
		t.Fatalf("overview: %d, header %q", resp.StatusCode, d.text(`[data-testid="target"]`))
	}
	if !strings.HasPrefix(d.text(`[data-testid="filter-switch"]`), "1 relation hidden by drizzle.config.ts filters") || d.attr(`[data-testid="filter-switch"] a`, "href") != "/?all=1" {
		t.Errorf("the overview's switch: %q", d.text(`[data-testid="filter-switch"]`))
	}
	if d.has(`[data-table-name="temp_import"]`) || !d.has(`[data-table-name="users"]`) {
		t.Error("the overview lists the hidden table, or not the shown one")
	}
	for _, path := range []string{"/schema/main/table/temp_import", "/schema/main/table/temp_import/rows", "/schema/main/table/temp_import/row?eq.id=1"} {
		resp, body := get(path, "")
		if resp.StatusCode != 404 || !strings.Contains(body, "hidden by the schemaFilter and tablesFilter of drizzle.config.ts (Show all on the overview shows it)") {
			t.Errorf("%s: %d, want 404 saying the filters hide it:\n%s", path, resp.StatusCode, body)
		}
	}
	if _, body := get("/schema/main/table/nope", ""); strings.Contains(body, "hidden by") {
		t.Error("a table that does not exist is said to be hidden")
	}
	for _, path := range []string{"/api/schema", "/schema/main", "/schema/main/erd.svg", "/schema/main/table/users"} {
		if _, body := get(path, ""); strings.Contains(body, "temp_import") {
			t.Errorf("%s shows the hidden table", path)
		}
	}

	resp, body = get("/?all=1", "")
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "studio_all" {
			cookie = c.Name + "=" + c.Value
		}
	}
	d = parse(t, body)
	if cookie == "" || !d.has(`[data-table-name="temp_import"]`) || d.attr(`[data-testid="filter-switch"] a`, "href") != "/?all=0" {
		t.Fatalf("show all: cookie %q, switch %q", cookie, d.text(`[data-testid="filter-switch"]`))
	}
	for _, path := range []string{"/schema/main/table/temp_import/rows", "/schema/main/table/temp_import"} {
		if resp, _ := get(path, cookie); resp.StatusCode != 200 {
			t.Errorf("%s with all shown: %d", path, resp.StatusCode)
		}
	}
	if _, body := get("/api/schema", cookie); !strings.Contains(body, "temp_import") {
		t.Error("the JSON model with all shown lacks the hidden table")
	}
	resp, _ = get("/?all=0", cookie)
	for _, c := range resp.Cookies() {
		if c.Name == "studio_all" && c.Value != "" && c.MaxAge >= 0 {
			t.Errorf("?all=0 left the cookie %+v", c)
		}
	}
}

// TestDeleteConfirmationSeesHiddenTables: the config's filters hide a
// table from the pages, not from the database: a row of it referencing
// the row to delete (NO ACTION) still refuses the delete, and the
// confirmation says so.
func TestDeleteConfirmationSeesHiddenTables(t *testing.T) {
	get := filteredApp(t)
	_, body := get("/schema/main/table/users/rows?eq.id=u1", "")
	targets := parse(t, body).attrs(`input[name="row"]`, "value")
	if len(targets) != 1 {
		t.Fatalf("targets %v", targets)
	}
	resp, body := get("/schema/main/table/users/rows/delete?row="+url.QueryEscape(targets[0]), "")
	d := parse(t, body)
	if resp.StatusCode != 200 || !strings.Contains(d.text(`[data-testid="delete-blocked"]`), "1 row of temp_import still references it") ||
		d.has(`[data-testid="delete-confirm-button"]`) {
		t.Errorf("confirmation: %d %q", resp.StatusCode, d.text("#delete-confirm"))
	}
}

// TestRefPickerIntoHiddenTable: a foreign key into a table the config's
// filters hide still offers the rows it may point to.
func TestRefPickerIntoHiddenTable(t *testing.T) {
	wd := t.TempDir()
	if err := os.WriteFile(filepath.Join(wd, "drizzle.config.ts"), []byte(`export default { dialect: "sqlite", tablesFilter: ["!users"] };`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := project.Load(wd, filepath.Join(wd, "drizzle.config.ts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := project.NewFilter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{Project: handlers.ProjectOptions{Config: "drizzle.config.ts", Filter: f}})
	resp, body := do(t, app, "GET", "/schema/main/table/posts/refs?col=author_id&q=u", nil, nil)
	if resp.StatusCode != 200 || parse(t, "<datalist>"+body+"</datalist>").attr("option", "value") != "u1" {
		t.Errorf("picker into a hidden table: %d %s", resp.StatusCode, body)
	}
}
