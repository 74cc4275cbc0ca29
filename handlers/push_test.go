package handlers_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// pushFixture is a SQLite database with rows and a desired schema file
// that drops one of its columns and adds a table.
func pushFixture(t *testing.T) (*database.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dev.db")
	db := sqlitetest.Open(t, path, database.Options{Create: true})
	if _, err := db.Exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, nickname TEXT);
		INSERT INTO users VALUES (1,'a@x','al'),(2,'b@x',NULL);`); err != nil {
		t.Fatal(err)
	}
	schema := filepath.Join(t.TempDir(), "schema.sql")
	desired := "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\nCREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, body TEXT);\n"
	if err := os.WriteFile(schema, []byte(desired), 0o644); err != nil {
		t.Fatal(err)
	}
	return db, schema
}

func TestPushPageDoesNotExistOutsideDevMode(t *testing.T) {
	db, schema := pushFixture(t)
	app := mustApp(t, db, handlers.Options{Push: handlers.PushOptions{Schema: schema}})
	if resp, _ := do(t, app, "GET", "/push", nil, nil); resp.StatusCode != 404 {
		t.Fatalf("GET /push outside dev mode: %d, want 404", resp.StatusCode)
	}
	resp, _ := do(t, app, "POST", "/api/push", strings.NewReader("fingerprint=x"), map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr})
	if resp.StatusCode != 403 {
		t.Fatalf("POST /api/push outside dev mode: %d, want 403", resp.StatusCode)
	}
	var n int
	db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'notes'").Scan(&n)
	if n != 0 {
		t.Fatal("push ran outside dev mode")
	}
}

func TestPushPageShowsPlanAndNeedsTypedTableForDataLoss(t *testing.T) {
	db, schema := pushFixture(t)
	app := mustApp(t, db, handlers.Options{Push: handlers.PushOptions{Dev: true, Schema: schema}})
	resp, body := do(t, app, "GET", "/push", nil, nil)
	page := parse(t, body)
	if resp.StatusCode != 200 || !page.has(`[data-destructive="true"]`) || !page.shows("nickname") {
		t.Fatalf("push page: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := do(t, app, "GET", "/push", nil, map[string]string{"Sec-Fetch-Site": "cross-site"}); resp.StatusCode != 403 {
		t.Fatalf("GET /push embedded by another site: %d, want 403", resp.StatusCode)
	}
	fp := page.attr(`[name="fingerprint"]`, "value")
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr}

	resp, _ = do(t, app, "POST", "/api/push", strings.NewReader("fingerprint="+fp), form)
	if resp.StatusCode != 400 {
		t.Fatalf("push without typing the table: %d, want 400", resp.StatusCode)
	}
	resp, _ = do(t, app, "POST", "/api/push", strings.NewReader("fingerprint=stale&confirm=main.users"), form)
	if resp.StatusCode != 409 {
		t.Fatalf("push with a stale plan: %d, want 409", resp.StatusCode)
	}
	var cols int
	db.QueryRow("SELECT count(*) FROM pragma_table_info('users')").Scan(&cols)
	if cols != 3 {
		t.Fatal("a refused push changed the table")
	}

	confirm := strings.TrimSpace(page.text("label.mono"))
	resp, out := do(t, app, "POST", "/api/push", strings.NewReader("fingerprint="+fp+"&confirm="+url.QueryEscape(confirm)), form)
	if resp.StatusCode != 200 || !parse(t, out).has(`[data-testid="push-done"]`) {
		t.Fatalf("push: %d %s", resp.StatusCode, out)
	}
	var users int
	db.QueryRow("SELECT count(*) FROM users").Scan(&users)
	db.QueryRow("SELECT count(*) FROM pragma_table_info('users')").Scan(&cols)
	if users != 2 || cols != 2 {
		t.Fatalf("after push: %d users, %d columns", users, cols)
	}
	_, body = do(t, app, "GET", "/push", nil, nil)
	if !parse(t, body).has(`[data-testid="push-empty"]`) {
		t.Fatalf("second look at push is not empty:\n%s", body)
	}
}

// pgPushFixture is a fresh PostgreSQL database holding live, and a
// schema file holding desired.
func pgPushFixture(t *testing.T, live, desired string) (*database.DB, string) {
	t.Helper()
	db := openPG(t, live)
	schema := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(schema, []byte(desired), 0o644); err != nil {
		t.Fatal(err)
	}
	return db, schema
}

// pgPushApp is a dev-mode app on pgPushFixture.
func pgPushApp(t *testing.T, live, desired string) (*database.DB, *fiber.App) {
	t.Helper()
	db, schema := pgPushFixture(t, live, desired)
	return db, mustApp(t, db, handlers.Options{Push: handlers.PushOptions{Dev: true, Schema: schema}})
}

// TestPushPageRehearsesPostgres: on PostgreSQL the Push page runs the
// plan in a rolled-back transaction before offering Apply. A plan that
// works says so; one that fails names the step, shows the first lines of
// its statement and the error, offers no Apply, and changes nothing.
func TestPushPageRehearsesPostgres(t *testing.T) {
	_, app := pgPushApp(t, "CREATE TABLE film (id integer PRIMARY KEY)",
		"CREATE TABLE customer (id integer PRIMARY KEY);\nCREATE FUNCTION rewards() RETURNS SETOF customer LANGUAGE sql AS $$ SELECT * FROM customer $$;\nCREATE TABLE film (id integer PRIMARY KEY);")
	resp, body := do(t, app, "GET", "/push", nil, nil)
	if page := parse(t, body); resp.StatusCode != 200 || !page.has(`[data-testid="push-rehearsed"]`) || !page.has(`[data-testid="push-apply"]`) {
		t.Fatalf("push page of a plan that runs: %d\n%s", resp.StatusCode, body)
	}

	body80 := strings.Repeat("  PERFORM 1;\n", 80)
	db, app := pgPushApp(t, "CREATE DOMAIN year AS integer; CREATE TABLE film (id integer PRIMARY KEY, y year); INSERT INTO film VALUES (1, NULL);",
		"CREATE DOMAIN year AS integer NOT NULL;\nCREATE TABLE film (id integer PRIMARY KEY, y year);\n"+
			"CREATE FUNCTION busy() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"+body80+"  RETURN NEW;\nEND $$;\n")
	resp, body = do(t, app, "GET", "/push", nil, nil)
	page := parse(t, body)
	failed := page.text(`[data-testid="push-rehearsal-failed"]`)
	if resp.StatusCode != 200 || !strings.Contains(failed, "fails at step") || !strings.Contains(failed, "contains null values") ||
		!strings.Contains(failed, "SET NOT NULL") || page.has(`[data-testid="push-apply"]`) || !page.has(`[data-failing="true"]`) {
		t.Fatalf("push page of a failing plan: %d\n%s", resp.StatusCode, body)
	}
	var notNull bool
	if err := db.QueryRow("SELECT typnotnull FROM pg_type WHERE typname = 'year'").Scan(&notNull); err != nil || notNull {
		t.Fatalf("the rehearsal changed the database (%v, %v)", notNull, err)
	}
}
