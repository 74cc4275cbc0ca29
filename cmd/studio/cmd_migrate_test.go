package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/internal/pgtest"
)

// runIn runs the command line in-process in workdir.
func runIn(t *testing.T, workdir string, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{getenv: func(k string) string { return vars[k] }, stdout: &out, stderr: &errb, workdir: workdir}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := exitCode(run(ctx, args, e), &errb)
	return code, out.String(), errb.String()
}

// writeMigrations writes a classic Drizzle folder at dir.
func writeMigrations(t *testing.T, dir string, files ...[2]string) {
	t.Helper()
	var entries []string
	for i, f := range files {
		if err := os.MkdirAll(filepath.Join(dir, "meta"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f[0]+".sql"), []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, `{"idx":`+itoa(i)+`,"version":"7","when":`+itoa(1_700_000_000_000+i*1000)+`,"tag":"`+f[0]+`","breakpoints":true}`)
	}
	journal := `{"version":"7","dialect":"sqlite","entries":[` + strings.Join(entries, ",") + `]}`
	if err := os.WriteFile(filepath.Join(dir, "meta", "_journal.json"), []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestStatusAndMigrateCLI(t *testing.T) {
	wd := t.TempDir()
	vars := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(wd, "app.db")}
	writeMigrations(t, filepath.Join(wd, "drizzle"),
		[2]string{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n--> statement-breakpoint\nINSERT INTO users VALUES (1, 'ann');"},
		[2]string{"0001_posts", "CREATE TABLE posts (id integer PRIMARY KEY);"})

	code, out, errOut := runIn(t, wd, vars, "migrate", "--dry-run")
	if code != 0 || !strings.Contains(out, "0000_users #2 line 3: 1 rows") || !strings.Contains(out, "dry run: 2 migration(s) ran") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runIn(t, wd, vars, "status")
	if code != 3 || !strings.Contains(out, "0 applied, 2 pending") || !strings.Contains(out, "(not created yet)") {
		t.Fatalf("status before: exit %d\n%s", code, out)
	}
	code, out, errOut = runIn(t, wd, vars, "migrate")
	if code != 0 || !strings.Contains(out, "[1/2] applied 0000_users in ") || !strings.Contains(out, "(2 statements)") || !strings.Contains(out, "applied 2 migration(s)") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runIn(t, wd, vars, "status", "--json")
	var rep struct {
		Folder     string `json:"folder"`
		Layout     string `json:"layout"`
		Table      string `json:"table"`
		Migrations []struct {
			Name      string `json:"name"`
			Hash      string `json:"hash"`
			State     string `json:"state"`
			CreatedAt int64  `json:"createdAt"`
		} `json:"migrations"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 {
		t.Fatalf("status --json: exit %d, %v\n%s", code, err, out)
	}
	if rep.Layout != "journal" || rep.Table != "__drizzle_migrations" || rep.Folder != filepath.Join(wd, "drizzle") || len(rep.Migrations) != 2 ||
		rep.Migrations[1].State != "applied" || rep.Migrations[1].CreatedAt != 1_700_000_001_000 || len(rep.Migrations[1].Hash) != 64 {
		t.Fatalf("json %+v", rep)
	}

	// Edit an applied file: status 4, migrate refuses with the reason.
	if err := os.WriteFile(filepath.Join(wd, "drizzle", "0001_posts.sql"), []byte("CREATE TABLE posts (id int);"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runIn(t, wd, vars, "status")
	if code != 4 || !strings.Contains(out, "modified") || !strings.Contains(out, "file changed since applied") {
		t.Fatalf("status after edit: exit %d\n%s", code, out)
	}
	code, _, errOut = runIn(t, wd, vars, "migrate")
	if code != 4 || !strings.Contains(errOut, "--allow-modified") {
		t.Fatalf("migrate after edit: exit %d\n%s", code, errOut)
	}
}

func TestMigrateCLIErrors(t *testing.T) {
	wd := t.TempDir()
	db := "sqlite:" + filepath.Join(wd, "app.db")
	writeMigrations(t, filepath.Join(wd, "m"),
		[2]string{"0000_ok", "CREATE TABLE a (x int);"},
		[2]string{"0001_bad", "CREATE TABLE b (x int);\n--> statement-breakpoint\nINSERT INTO nowhere VALUES (1);"})
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no database", []string{"migrate", "--migrations", "m"}, 2, "migrate needs a database: pass --db URL"},
		{"bad address", []string{"status", "--db", "nonsense", "--migrations", "m"}, 2, "bad database address"},
		{"no folder", []string{"status", "--db", db}, 2, "no migrations folder found"},
		{"schema on sqlite", []string{"status", "--db", db, "--migrations", "m", "--migrations-schema", "x"}, 2, "PostgreSQL only"},
		{"failing statement", []string{"migrate", "--db", db, "--migrations", "m"}, 1, "0001_bad.sql: statement 2 (line 3) failed: SQL logic error: no such table: nowhere"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runIn(t, wd, nil, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tc.code, out, errOut, tc.want)
			}
		})
	}
	code, out, _ := runIn(t, wd, nil, "status", "--db", db, "--migrations", "m")
	if code != 3 || !strings.Contains(out, "0 applied, 2 pending") {
		t.Fatalf("failed migrate left state: exit %d\n%s", code, out)
	}
}

func TestMigrateCLIPostgres(t *testing.T) {
	url := pgtest.NewDatabase(t)
	wd := t.TempDir()
	writeMigrations(t, filepath.Join(wd, "m"), [2]string{"0000_a", "CREATE TABLE a (x int);\n--> statement-breakpoint\nINSERT INTO a VALUES (1), (2);"})
	journal := filepath.Join(wd, "m", "meta", "_journal.json")
	raw, _ := os.ReadFile(journal)
	os.WriteFile(journal, bytes.Replace(raw, []byte(`"sqlite"`), []byte(`"postgresql"`), 1), 0o644)
	args := []string{"--db", url, "--migrations", "m", "--migrations-schema", "plugin_a", "--migrations-table", "history"}
	code, out, errOut := runIn(t, wd, nil, append([]string{"migrate", "--json"}, args...)...)
	var res struct {
		Result struct {
			Applied []struct {
				Statements []struct {
					Tags []string `json:"tags"`
				} `json:"statements"`
			} `json:"applied"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || res.Result.Applied[0].Statements[1].Tags[0] != "INSERT 0 2" {
		t.Fatalf("migrate --json: exit %d %v\n%s%s", code, err, out, errOut)
	}
	code, out, _ = runIn(t, wd, nil, append([]string{"status"}, args...)...)
	if code != 0 || !strings.Contains(out, "history table plugin_a.history") {
		t.Fatalf("status: exit %d\n%s", code, out)
	}
}

// writeJournal writes a classic folder with the given `when` per file.
func writeJournal(t *testing.T, dir, dialect string, files ...struct {
	tag  string
	when int64
	sql  string
}) {
	t.Helper()
	var entries []string
	if err := os.MkdirAll(filepath.Join(dir, "meta"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.tag+".sql"), []byte(f.sql), 0o644); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, fmt.Sprintf(`{"idx":%d,"version":"7","when":%d,"tag":%q,"breakpoints":true}`, i, f.when, f.tag))
	}
	journal := `{"version":"7","dialect":"` + dialect + `","entries":[` + strings.Join(entries, ",") + `]}`
	if err := os.WriteFile(filepath.Join(dir, "meta", "_journal.json"), []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testOutOfOrderCLI is issue 10's case through the command line: 0000 and
// 0001 applied, 0002 merged late with an older `when`, listed last, and
// 0003 in order after it.
func testOutOfOrderCLI(t *testing.T, db, dialect string) {
	wd := t.TempDir()
	type file = struct {
		tag  string
		when int64
		sql  string
	}
	files := []file{
		{"0000_users", 1_700_000_000_228, "CREATE TABLE users (id integer PRIMARY KEY);"},
		{"0001_posts", 1_700_000_000_698, "CREATE TABLE posts (id integer PRIMARY KEY);"},
		{"0002_late", 1_700_000_000_500, "CREATE TABLE late (id integer PRIMARY KEY);"},
		{"0003_next", 1_700_000_000_900, "CREATE TABLE next (id integer PRIMARY KEY);"},
	}
	dir := filepath.Join(wd, "drizzle")
	args := []string{"--db", db}
	writeJournal(t, dir, dialect, files[:2]...)
	if code, out, errOut := runIn(t, wd, nil, append([]string{"migrate"}, args...)...); code != 0 {
		t.Fatalf("first migrate: exit %d\n%s%s", code, out, errOut)
	}
	writeJournal(t, dir, dialect, files...)

	code, out, _ := runIn(t, wd, nil, append([]string{"status"}, args...)...)
	for _, want := range []string{"out-of-order", "0002_late", "its `when` 1700000000500", "not later than the newest recorded created_at 1700000000698",
		"drizzle-orm's migrator would skip it silently", "2 applied, 1 pending, 0 modified, 0 missing, 1 out-of-order", "--allow-out-of-order"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q", want)
		}
	}
	if code != 4 {
		t.Fatalf("status: exit %d, want 4\n%s", code, out)
	}
	code, out, _ = runIn(t, wd, nil, append([]string{"status", "--json"}, args...)...)
	var rep struct {
		Summary struct {
			OutOfOrder int `json:"outOfOrder"`
		} `json:"summary"`
		Migrations []struct {
			Name             string `json:"name"`
			State            string `json:"state"`
			File             string `json:"file"`
			SkippedByDrizzle bool   `json:"skippedByDrizzle"`
			OutOfOrder       *struct {
				Causes          []string `json:"causes"`
				Reason          string   `json:"reason"`
				NewestCreatedAt int64    `json:"newestCreatedAt"`
				NewestName      string   `json:"newestName"`
				Drizzle         string   `json:"drizzle"`
				DrizzleNote     string   `json:"drizzleNote"`
				Studio          string   `json:"studio"`
			} `json:"outOfOrder"`
		} `json:"migrations"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 4 || len(rep.Migrations) != 4 {
		t.Fatalf("status --json: exit %d, %v\n%s", code, err, out)
	}
	late := rep.Migrations[2]
	if late.State != "out-of-order" || late.File != "0002_late.sql" || !late.SkippedByDrizzle || late.OutOfOrder == nil ||
		strings.Join(late.OutOfOrder.Causes, ",") != "not-newer-than-recorded" || late.OutOfOrder.Drizzle != "skip" ||
		late.OutOfOrder.NewestCreatedAt != 1_700_000_000_698 || late.OutOfOrder.NewestName != "0001_posts" ||
		!strings.Contains(late.OutOfOrder.DrizzleNote, "skips it silently") || !strings.Contains(late.OutOfOrder.Studio, "--allow-out-of-order") ||
		rep.Migrations[3].State != "pending" || rep.Migrations[3].OutOfOrder != nil || rep.Summary.OutOfOrder != 1 {
		t.Fatalf("json: %s", out)
	}

	// migrate refuses, names the file and why, and applies nothing.
	for _, extra := range [][]string{nil, {"--dry-run"}} {
		code, out, errOut := runIn(t, wd, nil, append(append([]string{"migrate"}, extra...), args...)...)
		if code != 4 || !strings.Contains(errOut, "0002_late.sql: its `when` 1700000000500") || !strings.Contains(errOut, "--allow-out-of-order") ||
			!strings.Contains(errOut, "nothing applied") || strings.Contains(out, "applied 0003") {
			t.Fatalf("migrate %v: exit %d\n%s%s", extra, code, out, errOut)
		}
	}
	if code, out, _ := runIn(t, wd, nil, append([]string{"status"}, args...)...); code != 4 || !strings.Contains(out, "2 applied, 1 pending, 0 modified, 0 missing, 1 out-of-order") {
		t.Fatalf("a refused migrate changed the state: exit %d\n%s", code, out)
	}

	code, out, errOut := runIn(t, wd, nil, append([]string{"migrate", "--allow-out-of-order"}, args...)...)
	if code != 0 || !strings.Contains(out, "[1/2] applied 0002_late") || !strings.Contains(out, "[2/2] applied 0003_next") {
		t.Fatalf("migrate --allow-out-of-order: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runIn(t, wd, nil, append([]string{"status", "--json"}, args...)...)
	if code != 0 || strings.Count(out, `"state": "applied"`) != 4 || !strings.Contains(out, `"createdAt": 1700000000500`) {
		t.Fatalf("status after: exit %d\n%s", code, out)
	}
}

func TestOutOfOrderCLISQLite(t *testing.T) {
	testOutOfOrderCLI(t, "sqlite:"+filepath.Join(t.TempDir(), "app.db"), "sqlite")
}

func TestOutOfOrderCLIPostgres(t *testing.T) {
	testOutOfOrderCLI(t, pgtest.NewDatabase(t), "postgresql")
}

func TestStatusAndMigrateHelpListExitCodes(t *testing.T) {
	for cmd, want := range map[string][]string{
		"status":  {"out-of-order", "4  modified, missing or out-of-order migrations", "3  pending migrations only", "skips it silently"},
		"migrate": {"4  modified, missing or out-of-order migrations not allowed (nothing applied)", "1  a statement failed", "--allow-out-of-order"},
	} {
		code, out, errOut := runIn(t, t.TempDir(), nil, cmd, "-h")
		for _, w := range want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%s -h lacks %q", cmd, w)
			}
		}
		if code != 0 {
			t.Errorf("%s -h: exit %d", cmd, code)
		}
	}
}
