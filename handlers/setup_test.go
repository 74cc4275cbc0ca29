package handlers_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/datadir"
	"studio/handlers"
	"studio/internal/pgtest"
)

var jsonHeaders = map[string]string{"Content-Type": "application/json", "Origin": "http://" + testAddr}

func status(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("status body %q: %v", body, err)
	}
	return m
}

func TestUnconfiguredStartsOnSetupThenSQLiteSetup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "persistent_data")
	app := mustApp(t, nil, handlers.Options{Data: datadir.New(dir)})

	_, body := do(t, app, "GET", "/api/db/status", nil, nil)
	if s := status(t, body); s["configured"] != false || s["initialized"] != false || s["dialect"] != nil {
		t.Fatalf("status before setup = %v", s)
	}
	resp, _ := do(t, app, "GET", "/", nil, nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/setup" {
		t.Fatalf("overview when unconfigured: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body = do(t, app, "GET", "/setup", nil, nil)
	if resp.StatusCode != 200 || !parse(t, body).has(`[data-testid="setup-form"]`) {
		t.Fatalf("setup page: %d", resp.StatusCode)
	}

	resp, body = do(t, app, "POST", "/api/db/setup", strings.NewReader(`{"type":"sqlite"}`), jsonHeaders)
	if resp.StatusCode != 200 {
		t.Fatalf("setup: %d %s", resp.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(dir, "database", "studio.db")); err != nil {
		t.Fatalf("sqlite file not created under persistent_data/database: %v", err)
	}
	sel, err := datadir.New(dir).Load()
	if err != nil || sel.Type != "sqlite" {
		t.Fatalf("selection = %+v, %v", sel, err)
	}
	_, body = do(t, app, "GET", "/api/db/status", nil, nil)
	if s := status(t, body); s["configured"] != true || s["initialized"] != true || s["dialect"] != "sqlite" {
		t.Fatalf("status after setup = %v", s)
	}
	resp, body = do(t, app, "GET", "/", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("overview after setup (no restart): %d", resp.StatusCode)
	}
	if got := parse(t, body).text(`[data-testid="target"]`); got != "sqlite · studio.db · saved set-up choice" {
		t.Errorf("header after setup = %q, want the database and where it came from", got)
	}
	resp, _ = do(t, app, "POST", "/api/db/setup", strings.NewReader(`{"type":"sqlite"}`), jsonHeaders)
	if resp.StatusCode != 409 {
		t.Fatalf("second setup: %d, want 409", resp.StatusCode)
	}
}

func TestSetupRefusesSQLiteOutsideDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "persistent_data")
	app := mustApp(t, nil, handlers.Options{Data: datadir.New(dir)})
	for _, p := range []string{"../escape.db", "/tmp/abs.db", "database/../../x.db"} {
		body, _ := json.Marshal(map[string]string{"type": "sqlite", "path": p})
		resp, text := do(t, app, "POST", "/api/db/setup", strings.NewReader(string(body)), jsonHeaders)
		if resp.StatusCode != 400 {
			t.Errorf("path %q: %d %s", p, resp.StatusCode, text)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db.selection.json")); err == nil {
		t.Fatal("selection saved for a refused path")
	}
}

func TestSetupBadConnectionStringIs400AndSavesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "persistent_data")
	app := mustApp(t, nil, handlers.Options{Data: datadir.New(dir)})
	for _, cs := range []string{"", "not a url", "postgres://u:hunter2@127.0.0.1:1/db?connect_timeout=2", "sqlite:./x.db"} {
		body, _ := json.Marshal(map[string]string{"type": "postgres", "connectionString": cs})
		resp, text := do(t, app, "POST", "/api/db/setup", strings.NewReader(string(body)), jsonHeaders)
		if resp.StatusCode != 400 || !strings.Contains(text, `"error"`) {
			t.Errorf("%q: %d %s", cs, resp.StatusCode, text)
		}
		if strings.Contains(text, "hunter2") {
			t.Errorf("%q: the error shows the password: %s", cs, text)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db.selection.json")); err == nil {
		t.Fatal("selection saved after a failed connection")
	}
}

func TestPostgresSetupAndOverview(t *testing.T) {
	url := pgtest.NewDatabase(t)
	dir := filepath.Join(t.TempDir(), "persistent_data")
	app := mustApp(t, nil, handlers.Options{Data: datadir.New(dir)})
	body, _ := json.Marshal(map[string]string{"type": "postgres", "connectionString": url})
	resp, text := do(t, app, "POST", "/api/db/setup", strings.NewReader(string(body)), jsonHeaders)
	if resp.StatusCode != 200 {
		t.Fatalf("setup: %d %s", resp.StatusCode, text)
	}
	sel, err := datadir.New(dir).Load()
	if err != nil || sel.ConnectionString != url {
		t.Fatalf("selection %+v %v", sel, err)
	}
	info, _ := os.Stat(filepath.Join(dir, "db.selection.json"))
	if info.Mode().Perm() != 0o600 {
		t.Errorf("selection file mode %v, want 0600 (it may hold a password)", info.Mode().Perm())
	}
	_, text = do(t, app, "GET", "/api/db/status", nil, nil)
	if s := status(t, text); s["dialect"] != "postgres" || s["initialized"] != true {
		t.Fatalf("status = %v", s)
	}
}

func TestSetupFromTheHTMLForm(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "persistent_data")
	app := mustApp(t, nil, handlers.Options{Data: datadir.New(dir)})
	resp, _ := do(t, app, "POST", "/api/db/setup", strings.NewReader("type=sqlite"), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true", "Origin": "http://" + testAddr})
	if resp.StatusCode != 204 || resp.Header.Get("HX-Redirect") != "/" {
		t.Fatalf("htmx setup: %d redirect %q", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
}

func TestPostgresGoneShowsClearErrorAndServerKeepsServing(t *testing.T) {
	url := pgtest.NewDatabase(t)
	tg, _ := database.Parse(url)
	db, err := database.Open(context.Background(), tg, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	app := mustApp(t, db, handlers.Options{})
	if resp, _ := do(t, app, "GET", "/", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	admin, _ := database.Parse(strings.Replace(url, "/"+name+"?", "/postgres?", 1))
	adb, err := database.Open(context.Background(), admin, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	if _, err := adb.Exec(`DROP DATABASE "` + name + `" WITH (FORCE)`); err != nil {
		t.Fatal(err)
	}
	resp, body := do(t, app, "GET", "/", nil, nil)
	if resp.StatusCode != 503 || !parse(t, body).shows("cannot be reached") || strings.Contains(body, "goroutine") {
		t.Fatalf("database gone: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, app, "GET", "/healthz", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("the studio stopped serving: %d", resp.StatusCode)
	}
}
