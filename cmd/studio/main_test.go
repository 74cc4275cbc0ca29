package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

func TestMain(m *testing.M) {
	if args := os.Getenv(cliChildEnv); args != "" {
		os.Exit(cliChild(args))
	}
	pgtest.Main(m)
}

// runCLI runs the command line in-process and returns its exit code,
// stdout and stderr.
func runCLI(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{getenv: func(k string) string { return vars[k] }, stdout: &out, stderr: &errb, workdir: t.TempDir()}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := exitCode(run(ctx, args, e), &errb)
	return code, out.String(), errb.String()
}

func mustSQLiteFile(t *testing.T) string {
	t.Helper()
	return sqlitetest.File(t, `CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id) ON DELETE CASCADE);
		CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE SET NULL, name TEXT DEFAULT 'x');
		CREATE UNIQUE INDEX b_name ON b(name) WHERE name IS NOT NULL;`)
}

func TestInspectJSONShape(t *testing.T) {
	path := mustSQLiteFile(t)
	code, out, stderr := runCLI(t, nil, "inspect", "--db", "sqlite:"+path, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m struct {
		Dialect string `json:"dialect"`
		Schemas []struct {
			Name   string `json:"name"`
			Tables []struct {
				Name        string            `json:"name"`
				Kind        string            `json:"kind"`
				Columns     []json.RawMessage `json:"columns"`
				PrimaryKey  []string          `json:"primaryKey"`
				ForeignKeys []struct {
					RefTable string `json:"refTable"`
					OnDelete string `json:"onDelete"`
					OnUpdate string `json:"onUpdate"`
				} `json:"foreignKeys"`
				Indexes []struct {
					Name  string  `json:"name"`
					Where *string `json:"where"`
				} `json:"indexes"`
				Checks   []json.RawMessage `json:"checks"`
				Triggers []json.RawMessage `json:"triggers"`
			} `json:"tables"`
			Enums []json.RawMessage `json:"enums"`
		} `json:"schemas"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if m.Dialect != "sqlite" || len(m.Schemas) != 1 || len(m.Schemas[0].Tables) != 2 {
		t.Fatalf("model: %s", out)
	}
	a := m.Schemas[0].Tables[0]
	if a.Name != "a" || a.Kind != "table" || len(a.PrimaryKey) != 1 || a.ForeignKeys[0].OnDelete != "CASCADE" || a.ForeignKeys[0].OnUpdate != "NO ACTION" {
		t.Fatalf("table a: %+v", a)
	}
	if m.Schemas[0].Enums == nil || a.Checks == nil || a.Triggers == nil {
		t.Fatalf("empty lists must be [] not null: %s", out)
	}
	b := m.Schemas[0].Tables[1]
	if len(b.Indexes) != 1 || b.Indexes[0].Where == nil {
		t.Fatalf("partial index: %+v", b.Indexes)
	}
}

func TestInspectReadableSummaryNamesCycle(t *testing.T) {
	code, out, stderr := runCLI(t, nil, "inspect", "--db", mustSQLiteFile(t))
	if code != 0 || !strings.Contains(out, "schema main") || !strings.Contains(out, "cycle") {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestInspectPostgresViaDatabaseURL(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db, err := database.Open(context.Background(), mustParse(t, url), database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA plugin_catalog; CREATE TYPE mood AS ENUM ('ok','bad');
		CREATE TABLE plugin_catalog.items (id serial PRIMARY KEY, m mood)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, stderr := runCLI(t, map[string]string{"DATABASE_URL": url}, "inspect", "--json")
	if code != 0 || !strings.Contains(out, `"plugin_catalog"`) || !strings.Contains(out, `"mood"`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
}

// TestInspectPostgresDomainsJSON: inspect --json lists each schema's
// domains as {name, baseType, nullable, default, checks}, and a column of
// a domain has the domain's name as its type.
func TestInspectPostgresDomainsJSON(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db, err := database.Open(context.Background(), mustParse(t, url), database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA cat;
		CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
		CREATE DOMAIN cat.code AS text DEFAULT 'x' NOT NULL;
		CREATE TABLE film (id integer PRIMARY KEY, release_year year)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out, stderr := runCLI(t, nil, "inspect", "--db", url); code != 0 || !strings.Contains(out, "domain year") {
		t.Fatalf("inspect: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr := runCLI(t, nil, "inspect", "--db", url, "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var m struct {
		Schemas []struct {
			Name    string            `json:"name"`
			Domains []json.RawMessage `json:"domains"`
			Tables  []struct {
				Columns []struct{ Name, Type string } `json:"columns"`
			} `json:"tables"`
		} `json:"schemas"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || len(m.Schemas) != 2 {
		t.Fatalf("inspect --json: %v\n%s", err, out)
	}
	compact := func(raw json.RawMessage) string {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := map[string]string{
		"cat":    `{"name":"code","baseType":"text","nullable":false,"default":"'x'::text","checks":[]}`,
		"public": `{"name":"year","baseType":"integer","nullable":true,"default":null,"checks":[{"name":"year_check","expr":"((VALUE \u003e= 1901) AND (VALUE \u003c= 2155))"}]}`,
	}
	for _, s := range m.Schemas {
		if len(s.Domains) != 1 || compact(s.Domains[0]) != want[s.Name] {
			t.Errorf("schema %s domains = %s, want [%s]", s.Name, s.Domains, want[s.Name])
		}
		if s.Name == "public" && s.Tables[0].Columns[1].Type != "year" {
			t.Errorf("film.release_year type = %q, want year", s.Tables[0].Columns[1].Type)
		}
	}
}

func mustParse(t *testing.T, s string) database.Target {
	t.Helper()
	tg, err := database.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestBadInputExitsTwoWithClearMessage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"inspect", "--db", "mysql://x"}, "bad database address"},
		{[]string{"inspect", "--db", filepath.Join(t.TempDir(), "missing.db")}, "does not exist"},
		{[]string{"inspect", "--db", "postgres://me:hunter2@127.0.0.1:1/db?connect_timeout=2"}, "unreachable"},
		{[]string{"inspect"}, "inspect needs a database: pass --db URL"},
		{[]string{"--host", "0.0.0.0", "--db", mustSQLiteFile(t)}, "without an access token"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"inspect", "--nope"}, "flag provided but not defined"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, nil, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
		if strings.Contains(stderr, "hunter2") || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: stderr shows a secret or a stack: %q", c.args, stderr)
		}
	}
}

func TestHelpListsCommandsAndFlags(t *testing.T) {
	code, out, _ := runCLI(t, nil, "--help")
	for _, want := range []string{"demo", "inspect", "--db", "--host", "--port", "--token", "--read-only", "DATABASE_URL", "sqlite:PATH",
		"--config PATH", "--all", "--open", "Which database, first match wins:\n  1. --db URL\n  2. the drizzle config", "  3. DATABASE_URL\n  4. (serve) the choice saved by the set-up page",
		"pass --port 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
}

// startServe runs `studio args...` in the background and returns the URL
// it prints.
func startServe(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	u, _, _ := serveProject(t, t.TempDir(), vars, args...)
	return u
}

// printedURL is the URL of the start-up line, "studio: app.db · --db →
// http://127.0.0.1:4983/".
func printedURL(line string) (string, bool) {
	_, u, ok := strings.Cut(line, " → ")
	return u, ok && strings.HasPrefix(line, "studio: ") && strings.HasPrefix(u, "http://")
}

func TestDemoServesFirstPage(t *testing.T) {
	data := t.TempDir()
	url := startServe(t, nil, "demo", "--port", "0", "--data", data)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "messages") {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(data, "demo", "demo.db")); err != nil {
		t.Fatalf("demo database not in the data folder: %v", err)
	}
}

func TestTokenURLPrintedOnceAndRequired(t *testing.T) {
	url := startServe(t, map[string]string{"STUDIO_TOKEN": "tok-123"}, "--port", "0", "--db", mustSQLiteFile(t))
	if !strings.Contains(url, "token=tok-123") {
		t.Fatalf("printed URL %q lacks the token", url)
	}
	plain := url[:strings.Index(url, "?")]
	resp, err := http.Get(plain)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("without token: %d", resp.StatusCode)
	}
}

func TestSavedSelectionIsUsedOnNextStart(t *testing.T) {
	data := t.TempDir()
	url := startServe(t, nil, "--port", "0", "--data", data)
	req, _ := http.NewRequest("POST", url+"api/db/setup", strings.NewReader(`{"type":"sqlite"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("setup: %v %v", resp, err)
	}
	resp.Body.Close()

	// A second studio on the same data folder starts configured.
	url2 := startServe(t, nil, "--port", "0", "--data", data)
	resp, err = http.Get(url2 + "api/db/status")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"configured":true`) || !strings.Contains(string(body), `"dialect":"sqlite"`) {
		t.Fatalf("second start: %s", body)
	}
}

func TestVersionFlag(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		var out bytes.Buffer
		e := &env{getenv: func(string) string { return "" }, stdout: &out, stderr: io.Discard, workdir: t.TempDir()}
		if err := run(context.Background(), args, e); err != nil || out.String() != "studio "+version+"\n" {
			t.Errorf("studio %v = %q, %v", args, out.String(), err)
		}
	}
}
