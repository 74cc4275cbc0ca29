package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/internal/pgtest"
	"studio/migrations"
)

const postsSQL = "CREATE TABLE posts (\n  id integer PRIMARY KEY,\n  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n  title text NOT NULL\n);"

// checkFixture is a folder whose two migrations give schemaV1, and a
// SQLite database they were applied to.
func checkFixture(t *testing.T) (wd, db string) {
	t.Helper()
	wd = t.TempDir()
	writeMigrations(t, filepath.Join(wd, "drizzle"), [2]string{"0000_users", usersSQL}, [2]string{"0001_posts", postsSQL})
	writeSchema(t, wd, schemaV1)
	db = "sqlite:" + filepath.Join(wd, "app.db")
	if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	return wd, db
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, wd string)
		args   []string // after check --db DB
		code   int
		want   []string
	}{
		{"clean", nil, nil, 0, []string{"consistency: ok", "drift: ok", "history: ok", "2 applied, 0 pending", "check passed"}},
		{"pending is a notice", func(t *testing.T, wd string) {
			writeSchema(t, wd, schemaV2)
			if code, out, errOut := runIn(t, wd, nil, "generate", "--name", "email"); code != 0 {
				t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
			}
		}, nil, 0, []string{"drift: ok", "notice: 0002_email.sql is pending", "check passed"}},
		{"drift", func(t *testing.T, wd string) { writeSchema(t, wd, schemaV2) }, nil, 4, []string{
			"drift: FAIL", "users_email", "studio generate", "check FAILED: 1 error(s)"}},
		{"missing file", func(t *testing.T, wd string) { os.Remove(filepath.Join(wd, "drizzle", "0001_posts.sql")) }, nil, 4, []string{
			"error: 0001_posts.sql is in the journal but the file is missing", "drift: FAIL", "CREATE TABLE", "check FAILED"}},
		{"file not in the journal", func(t *testing.T, wd string) {
			os.WriteFile(filepath.Join(wd, "drizzle", "0002_stray.sql"), []byte("SELECT 1;"), 0o644)
		}, nil, 4, []string{"error: 0002_stray.sql is not in meta/_journal.json, so it never runs", "drift: ok"}},
		{"modified after apply", func(t *testing.T, wd string) {
			os.WriteFile(filepath.Join(wd, "drizzle", "0000_users.sql"), []byte(usersSQL+"\n-- edited after it ran"), 0o644)
		}, nil, 4, []string{"drift: ok", "history: FAIL", "error: 0000_users.sql was applied, but its file changed since", "1 modified"}},
		{"no schema: drift not checked", func(t *testing.T, wd string) { os.Remove(filepath.Join(wd, "schema.sql")) }, nil, 0, []string{
			"drift: not checked", "check passed"}},
		{"schema named but missing", nil, []string{"--schema", "nowhere.sql"}, 2, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wd, db := checkFixture(t)
			if tc.change != nil {
				tc.change(t, wd)
			}
			code, out, errOut := runIn(t, wd, nil, append([]string{"check", "--db", db}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("report lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	wd, _ := checkFixture(t)
	writeSchema(t, wd, schemaV2)
	code, out, _ := runIn(t, wd, nil, "check", "--json")
	var r checkReport
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 4 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if r.OK || r.Errors != 1 || r.Drift == nil || len(r.Drift.Steps) == 0 || r.History != nil || r.Migrations != 2 || r.Dialect != "sqlite" {
		t.Fatalf("report %+v", r)
	}
}

func TestCheckFolderConsistency(t *testing.T) {
	wd := t.TempDir()
	dir := filepath.Join(wd, "drizzle")
	writeMigrations(t, dir, [2]string{"0000_a", "CREATE TABLE a (x int);"}, [2]string{"0001_b", "CREATE TABLE b (x int);"})
	journal := filepath.Join(dir, "meta", "_journal.json")
	raw := readFile(t, journal)
	raw = strings.Replace(raw, `"idx":1`, `"idx":0`, 1)
	raw = strings.Replace(raw, `"when":1700000001000`, `"when":1600000000000`, 1)
	os.WriteFile(journal, []byte(raw), 0o644)
	code, out, _ := runIn(t, wd, nil, "check", "--dialect", "sqlite")
	for _, w := range []string{"error: 0001_b.sql has idx 0, like 0000_a", "notice: 0001_b.sql its `when` is not later", "drift: not checked"} {
		if code != 4 || !strings.Contains(out, w) {
			t.Errorf("exit %d, report lacks %q:\n%s", code, w, out)
		}
	}

	v1 := filepath.Join(wd, "v1")
	for _, name := range []string{"20240101000000_a", "20240101000000_b"} {
		os.MkdirAll(filepath.Join(v1, name), 0o755)
		os.WriteFile(filepath.Join(v1, name, "migration.sql"), []byte("CREATE TABLE "+name[15:]+" (x int);"), 0o644)
	}
	os.MkdirAll(filepath.Join(v1, "20240102000000_empty"), 0o755)
	code, out, _ = runIn(t, wd, nil, "check", "--migrations", "v1", "--dialect", "sqlite")
	for _, w := range []string{"error: 20240101000000_b/migration.sql has the same timestamp as 20240101000000_a", "notice: 20240102000000_empty/ has no migration.sql"} {
		if code != 4 || !strings.Contains(out, w) {
			t.Errorf("v1: exit %d, report lacks %q:\n%s", code, w, out)
		}
	}
	if code, _, errOut := runIn(t, wd, nil, "check", "-h"); code != 0 || !strings.Contains(errOut, "4  a check failed") {
		t.Errorf("check -h: exit %d\n%s", code, errOut)
	}
}

func TestCheckPostgres(t *testing.T) {
	url := pgtest.NewDatabase(t)
	wd := t.TempDir()
	dir := filepath.Join(wd, "drizzle")
	writeMigrations(t, dir, [2]string{"0000_users", usersSQL}, [2]string{"0001_posts", postsSQL})
	journal := filepath.Join(dir, "meta", "_journal.json")
	os.WriteFile(journal, []byte(strings.Replace(readFile(t, journal), `"sqlite"`, `"postgresql"`, 1)), 0o644)
	writeSchema(t, wd, schemaV1)
	if code, out, errOut := runIn(t, wd, nil, "check"); code != 2 || !strings.Contains(errOut, "--dev-url") {
		t.Fatalf("check of a PostgreSQL folder without a server: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", url); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runIn(t, wd, nil, "check", "--db", url)
	if code != 0 || !strings.Contains(out, "drift: ok") || !strings.Contains(out, "history: ok") {
		t.Fatalf("check: exit %d\n%s%s", code, out, errOut)
	}
	writeSchema(t, wd, schemaV3)
	code, out, _ = runIn(t, wd, nil, "check", "--dev-url", pgtest.NewDatabase(t))
	if code != 4 || !strings.Contains(out, "DROP TABLE") {
		t.Fatalf("check with drift: exit %d\n%s", code, out)
	}
}

var updateGolden = flag.Bool("update", false, "rewrite testdata golden files from the current output")

// The consistency check over every real folder of ../shared/corpus, as a
// golden file: the orphan SQL files, missing entries and non-increasing
// `when` values the corpus README lists must all show.
func TestCheckCorpusConsistency(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(root, "README.md")); err != nil {
		t.Skipf("corpus not found at %s: %v", root, err)
	}
	dirs, err := filepath.Glob(filepath.Join(root, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, dir := range dirs {
		f, err := migrations.ReadPath(dir)
		if err != nil {
			continue // README.md and the like
		}
		rel, _ := filepath.Rel(root, dir)
		items := consistency(dir, f)
		fmt.Fprintf(&b, "%s: %s, %d migrations, %s\n", rel, f.Layout, len(f.Migrations), verdict(items))
		printItems(&b, items)
	}
	golden := filepath.Join("testdata", "check_corpus.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Fatalf("consistency report differs from %s (run with -update after checking):\n%s", golden, b.String())
	}
}
