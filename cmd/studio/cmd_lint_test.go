package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"studio/internal/pgtest"
)

// lintFolder is a SQLite project: users and posts with a view, then a
// migration a reviewer would stop (a unique index, a suppressed column
// drop, a table dropped under a view and cascading children) merged late.
func lintFolder(t *testing.T) string {
	t.Helper()
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle/0000_init.sql": "CREATE TABLE `users` (`id` integer PRIMARY KEY, `email` text, `name` text);\n--> statement-breakpoint\n" +
			"CREATE TABLE `posts` (`id` integer PRIMARY KEY, `user_id` integer REFERENCES `users`(`id`) ON DELETE cascade, `title` text);\n" +
			"--> statement-breakpoint\nCREATE VIEW `v` AS SELECT id, email FROM users;\n",
		"drizzle/0001_risky.sql": "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint\n" +
			"-- studio-ignore: drop-column the name moved to profiles\nALTER TABLE `users` DROP COLUMN `name`;--> statement-breakpoint\n" +
			"ALTER TABLE `users` ADD `age` integer NOT NULL;--> statement-breakpoint\nDROP TABLE `users`;\n",
		"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init", "0001_risky"}, []int64{1700000000000, 1690000000000}),
	})
	return wd
}

// TestLintFormatsGolden runs lint on the folder in every format and
// compares each with its golden file (go test -run TestLintFormatsGolden
// -update rewrites them).
func TestLintFormatsGolden(t *testing.T) {
	wd := lintFolder(t)
	for _, format := range []string{"text", "json", "github", "markdown", "sarif"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runIn(t, wd, nil, "lint", "drizzle/0001_risky.sql", "--format", format)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (errors found): %s", code, stderr)
			}
			out = strings.ReplaceAll(out, `"version": "`+version+`"`, `"version": "VERSION"`)
			golden := filepath.Join("testdata", "lint", format+".golden")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if out != string(want) {
				t.Errorf("%s output differs from %s (run with -update after checking):\n%s", format, golden, out)
			}
		})
	}
}

// TestLintJSONShape checks the contract fields of --format json.
func TestLintJSONShape(t *testing.T) {
	wd := lintFolder(t)
	_, out, _ := runIn(t, wd, nil, "lint", "0001_risky", "--format", "json", "--fail-on", "never")
	var rep struct {
		Findings   []map[string]any `json:"findings"`
		Migrations []struct {
			Name, File string
			Changes    []map[string]any
		} `json:"migrations"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 || len(rep.Migrations) != 1 || len(rep.Migrations[0].Changes) == 0 {
		t.Fatalf("report: %s", out)
	}
	suppressed := 0
	for _, f := range rep.Findings {
		for _, k := range []string{"code", "severity", "migration", "file", "line", "column", "statement", "message", "suppressed"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding without %q: %v", k, f)
			}
		}
		if f["suppressed"] == true {
			suppressed++
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed findings, want the drop-column one", suppressed)
	}
	for _, c := range rep.Migrations[0].Changes {
		for _, k := range []string{"kind", "schema", "table"} {
			if _, ok := c[k]; !ok {
				t.Errorf("change without %q: %v", k, c)
			}
		}
	}
}

// ghLine is one GitHub workflow command as lint writes it.
var ghLine = regexp.MustCompile(`^::(error|warning|notice) file=[^,:\n]+,line=[1-9][0-9]*,col=[1-9][0-9]*,title=[a-z0-9-]+::[^\r\n]+$`)

// TestLintGitHubLines checks --format github line by line, and the
// escaping of what a workflow command cannot hold.
func TestLintGitHubLines(t *testing.T) {
	wd := lintFolder(t)
	_, out, _ := runIn(t, wd, nil, "lint", "--all", "--format", "github")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("too few annotations:\n%s", out)
	}
	for _, l := range lines {
		if !ghLine.MatchString(l) {
			t.Errorf("not a workflow command: %q", l)
		}
		if strings.Contains(l, "title=drop-column::") {
			t.Errorf("a suppressed finding was annotated: %q", l)
		}
	}
	if got := ghData("50%\nnext\r"); got != "50%25%0Anext%0D" {
		t.Errorf("ghData: %q", got)
	}
	if got := ghProperty("a,b:c"); got != "a%2Cb%3Ac" {
		t.Errorf("ghProperty: %q", got)
	}
}

// TestLintSARIFShape checks --format sarif against what the SARIF 2.1.0
// schema (OASIS sarif-spec, sarif-schema-2.1.0.json) requires of the
// parts lint writes, and what GitHub code scanning reads: the version and
// $schema, the driver's name and rules, each result's ruleId, level,
// message, location and a ruleIndex that points at its rule. The checks
// are written out here so the test runs offline, in CI.
func TestLintSARIFShape(t *testing.T) {
	wd := lintFolder(t)
	_, out, _ := runIn(t, wd, nil, "lint", "--all", "--format", "sarif")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, p := range sarifProblems(doc) {
		t.Error(p)
	}
	results := doc["runs"].([]any)[0].(map[string]any)["results"].([]any)
	if len(results) < 3 {
		t.Errorf("%d results, want the folder's findings", len(results))
	}
	// The checker itself catches what it is there for.
	bad := map[string]any{"version": "2.0.0", "runs": []any{map[string]any{"tool": map[string]any{"driver": map[string]any{
		"name": "studio", "rules": []any{map[string]any{"id": "a"}}}}, "results": []any{map[string]any{
		"ruleId": "b", "ruleIndex": 0.0, "level": "fatal", "message": map[string]any{},
		"locations": []any{map[string]any{"physicalLocation": map[string]any{"artifactLocation": map[string]any{"uri": ""}, "region": map[string]any{"startLine": 0.0}}}}}}}}}
	if got := len(sarifProblems(bad)); got != 7 {
		t.Errorf("a broken log gave %d problems, want 7: %q", got, sarifProblems(bad))
	}
}

// sarifProblems lists where doc departs from the SARIF 2.1.0 shape.
func sarifProblems(doc map[string]any) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if doc["version"] != "2.1.0" {
		bad("version %v, want 2.1.0", doc["version"])
	}
	if s, _ := doc["$schema"].(string); !strings.HasPrefix(s, "https://") || !strings.Contains(s, "sarif-2.1.0") {
		bad("$schema %q", s)
	}
	runs, _ := doc["runs"].([]any)
	if len(runs) == 0 {
		return append(out, "no runs")
	}
	for i, r := range runs {
		run, _ := r.(map[string]any)
		driver := jsonPath(run, "tool", "driver")
		if name, _ := driver["name"].(string); name == "" {
			bad("runs[%d].tool.driver.name missing", i)
		}
		var ids []string
		rules, _ := driver["rules"].([]any)
		for j, x := range rules {
			id, _ := x.(map[string]any)["id"].(string)
			if id == "" {
				bad("runs[%d].tool.driver.rules[%d].id missing", i, j)
			}
			ids = append(ids, id)
		}
		results, ok := run["results"].([]any)
		if !ok {
			bad("runs[%d].results missing", i)
		}
		for j, x := range results {
			out = append(out, sarifResultProblems(fmt.Sprintf("runs[%d].results[%d]", i, j), x.(map[string]any), ids)...)
		}
	}
	return out
}

func sarifResultProblems(at string, res map[string]any, ids []string) []string {
	var out []string
	id, _ := res["ruleId"].(string)
	if id == "" {
		out = append(out, at+".ruleId missing")
	}
	if ix, ok := res["ruleIndex"].(float64); ok && (int(ix) < 0 || int(ix) >= len(ids) || ids[int(ix)] != id) {
		out = append(out, fmt.Sprintf("%s.ruleIndex %v does not point at rule %q", at, ix, id))
	}
	switch res["level"] {
	case "none", "note", "warning", "error":
	default:
		out = append(out, fmt.Sprintf("%s.level %v", at, res["level"]))
	}
	if text, _ := jsonPath(res, "message")["text"].(string); text == "" {
		out = append(out, at+".message.text missing")
	}
	locs, _ := res["locations"].([]any)
	if len(locs) == 0 {
		out = append(out, at+".locations missing")
	}
	for k, l := range locs {
		phys := jsonPath(l.(map[string]any), "physicalLocation")
		if uri, _ := jsonPath(phys, "artifactLocation")["uri"].(string); uri == "" || filepath.IsAbs(uri) {
			out = append(out, fmt.Sprintf("%s.locations[%d] uri %q, want a relative path", at, k, uri))
		}
		if line, _ := jsonPath(phys, "region")["startLine"].(float64); line < 1 {
			out = append(out, fmt.Sprintf("%s.locations[%d] startLine %v", at, k, line))
		}
	}
	for k, s := range asList(res["suppressions"]) {
		if kind := s.(map[string]any)["kind"]; kind != "inSource" && kind != "external" {
			out = append(out, fmt.Sprintf("%s.suppressions[%d].kind %v", at, k, kind))
		}
	}
	return out
}

// jsonPath walks objects by key; a missing step gives an empty object.
func jsonPath(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

func asList(v any) []any { l, _ := v.([]any); return l }

// TestLintExitCodesAndConfig covers --fail-on, studio.json and the
// studio key of package.json, and usage errors.
func TestLintExitCodesAndConfig(t *testing.T) {
	wd := lintFolder(t)
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string
		code  int
	}{
		{"errors fail by default", nil, []string{"0001_risky"}, 1},
		{"never", nil, []string{"0001_risky", "--fail-on", "never"}, 0},
		{"the first migration is clean of errors", nil, []string{"0000_init"}, 0},
		{"warnings fail with --fail-on warning", nil, []string{"0000_init", "--fail-on", "info"}, 0},
		{"rules off in studio.json", map[string]string{"studio.json": `{"lint":{"rules":{"late-journal-entry":"off","drop-table-breaks-view":"off","add-column-not-null":"info"}}}`},
			[]string{"0001_risky"}, 0},
		{"failOn in package.json", map[string]string{"package.json": `{"name":"app","studio":{"lint":{"failOn":"never"}}}`}, []string{"0001_risky"}, 0},
		{"an unknown rule in studio.json", map[string]string{"studio.json": `{"lint":{"rules":{"nope":"off"}}}`}, []string{"0001_risky"}, 2},
		{"broken studio.json", map[string]string{"studio.json": `{`}, []string{"0001_risky"}, 2},
		{"unknown migration", nil, []string{"9999_nope"}, 2},
		{"nothing named", nil, nil, 2},
		{"bad format", nil, []string{"0001_risky", "--format", "xml"}, 2},
		{"bad fail-on", nil, []string{"0001_risky", "--fail-on", "fatal"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(wd)); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, dir, tc.files)
			code, out, stderr := runIn(t, dir, nil, append([]string{"lint"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, stderr)
			}
			if code == 2 && strings.Count(stderr, "\n") != 1 {
				t.Errorf("usage error is not one line: %q", stderr)
			}
		})
	}
}

// TestLintAgainstSQLiteDatabase lints the pending migration against a
// database holding data: the unique index over duplicates and the NOT
// NULL column on a table with rows are predicted with counts and a sample.
func TestLintAgainstSQLiteDatabase(t *testing.T) {
	wd := lintFolder(t)
	db := filepath.Join(wd, "app.db")
	vars := map[string]string{"DATABASE_URL": "sqlite:" + db}
	writeFiles(t, wd, map[string]string{"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init"}, []int64{1700000000000})})
	if code, _, stderr := runIn(t, wd, vars, "migrate"); code != 0 {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	sqliteExec(t, db, "INSERT INTO users (id, email, name) VALUES (1, 'a@x', 'ann'), (2, 'a@x', 'bob'), (3, 'c@x', NULL)")
	writeFiles(t, wd, map[string]string{"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init", "0001_risky"}, []int64{1700000000000, 1700000000001})})
	code, out, stderr := runIn(t, wd, vars, "lint", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	for _, want := range []string{`"code": "unique-duplicates"`, `"sample": "a@x"`, `1 value is held by more than one row`,
		`"code": "add-column-not-null"`, `"users\" has 3 rows`, `"code": "drop-table-breaks-view"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
}

// TestLintPostgres lints on PostgreSQL twice: replayed on a --dev-url
// database (schema only), then against a live database with data.
func TestLintPostgres(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle/0000_init.sql": `CREATE TABLE "accounts" ("id" serial PRIMARY KEY, "email" text, "amount" text);`,
		"drizzle/0001_tighten.sql": `CREATE UNIQUE INDEX "accounts_email_idx" ON "accounts" ("email");--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "amount" SET DATA TYPE integer USING "amount"::integer;`,
		"drizzle/meta/_journal.json": journalJSON("postgresql", []string{"0000_init", "0001_tighten"}, []int64{1700000000000, 1700000000001}),
	})
	dev := pgtest.NewDatabase(t)
	code, out, stderr := runIn(t, wd, nil, "lint", "0001_tighten", "--dev-url", dev, "--format", "json", "--fail-on", "never")
	if code != 0 {
		t.Fatalf("replay: exit %d %s", code, stderr)
	}
	for _, want := range []string{`"code": "index-not-concurrent"`, `"code": "require-lock-timeout"`, `"kind": "index-added"`, `"kind": "column-changed"`} {
		if !strings.Contains(out, want) {
			t.Errorf("replay: no %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, `"code": "unique-duplicates"`) {
		t.Errorf("replay has no data, yet a data rule spoke:\n%s", out)
	}
	live := pgtest.NewDatabase(t)
	vars := map[string]string{"DATABASE_URL": live}
	writeFiles(t, wd, map[string]string{"drizzle/meta/_journal.json": journalJSON("postgresql", []string{"0000_init"}, []int64{1700000000000})})
	if code, _, stderr := runIn(t, wd, vars, "migrate"); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	pgExec(t, live, `INSERT INTO accounts (email, amount) VALUES ('a@x', '10'), ('a@x', 'ten'), ('b@x', NULL)`)
	writeFiles(t, wd, map[string]string{"drizzle/meta/_journal.json": journalJSON("postgresql", []string{"0000_init", "0001_tighten"}, []int64{1700000000000, 1700000000001})})
	code, out, stderr = runIn(t, wd, vars, "lint", "--format", "json")
	if code != 1 {
		t.Fatalf("live: exit %d %s", code, stderr)
	}
	for _, want := range []string{`"code": "unique-duplicates"`, `"sample": "a@x"`, `"code": "type-change-fails"`, `"sample": "ten"`} {
		if !strings.Contains(out, want) {
			t.Errorf("live: no %s in\n%s", want, out)
		}
	}
}

// TestLintWorkflow runs lint the way the README's GitHub Actions example
// does: the migration files a pull request adds, from git diff against
// the base, annotated with --format github, the summary in markdown.
func TestLintWorkflow(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	wd := lintFolder(t)
	writeFiles(t, wd, map[string]string{"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init"}, []int64{1700000000000})})
	risky, err := os.ReadFile(filepath.Join(wd, "drizzle", "0001_risky.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(wd, "drizzle", "0001_risky.sql")); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=ci", "-c", "user.email=ci@example.com"}, args...)...)
		cmd.Dir = wd
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-qm", "base")
	git("checkout", "-qb", "pr")
	writeFiles(t, wd, map[string]string{"drizzle/0001_risky.sql": string(risky),
		"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init", "0001_risky"}, []int64{1700000000000, 1700000000001})})
	git("add", ".")
	git("commit", "-qm", "add a migration")
	// The README's step: CHANGED=$(git diff --name-only --diff-filter=A "origin/$BASE"...HEAD -- '*.sql')
	changed := strings.Fields(git("diff", "--name-only", "--diff-filter=A", "main...HEAD", "--", "*.sql"))
	if len(changed) != 1 || changed[0] != "drizzle/0001_risky.sql" {
		t.Fatalf("changed files: %v", changed)
	}
	code, out, _ := runIn(t, wd, nil, append([]string{"lint", "--format", "github"}, changed...)...)
	if code != 1 || !strings.Contains(out, "::error file=drizzle/0001_risky.sql,line=5,") {
		t.Errorf("github step: exit %d\n%s", code, out)
	}
	code, out, _ = runIn(t, wd, nil, append([]string{"lint", "--format", "markdown", "--fail-on", "never"}, changed...)...)
	if code != 0 || !strings.Contains(out, "| `0001_risky` |") || !strings.Contains(out, "#### Schema changes") {
		t.Errorf("summary step: exit %d\n%s", code, out)
	}
}

// TestLintHistoryTableFlags: with --db, lint finds the pending migrations
// in the history table --migrations-table (and --migrations-schema on
// PostgreSQL) names, as status and migrate do; without them it reads
// Drizzle's default table, where nothing is recorded.
func TestLintHistoryTableFlags(t *testing.T) {
	lite := t.TempDir()
	for _, c := range []struct {
		name, dialect, db string
		flags             []string
	}{
		{"sqlite", "sqlite", "sqlite:" + filepath.Join(lite, "app.db"), []string{"--migrations-table", "history"}},
		{"postgres", "postgresql", pgtest.NewDatabase(t), []string{"--migrations-table", "history", "--migrations-schema", "ops"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wd := t.TempDir()
			files := diffFolderFiles(c.dialect)
			files["drizzle/meta/_journal.json"] = journalJSON(c.dialect, []string{"0000_init"}, []int64{1700000000000})
			writeFiles(t, wd, files)
			if code, out, errb := runIn(t, wd, nil, append([]string{"migrate", "--db", c.db}, c.flags...)...); code != 0 {
				t.Fatalf("migrate: exit %d\n%s%s", code, out, errb)
			}
			writeFiles(t, wd, map[string]string{"drizzle/meta/_journal.json": journalJSON(c.dialect, []string{"0000_init", "0001_more"}, []int64{1700000000000, 1700000000001})})
			linted := func(args ...string) []string {
				_, out, errb := runIn(t, wd, nil, append([]string{"lint", "--db", c.db, "--format", "json", "--fail-on", "never"}, args...)...)
				var rep struct {
					Migrations []struct{ Name string } `json:"migrations"`
				}
				if err := json.Unmarshal([]byte(out), &rep); err != nil {
					t.Fatalf("%v\n%s%s", err, out, errb)
				}
				var names []string
				for _, m := range rep.Migrations {
					names = append(names, m.Name)
				}
				return names
			}
			if got := linted(c.flags...); strings.Join(got, ",") != "0001_more" {
				t.Errorf("with the history flags, linted %v, want the pending 0001_more", got)
			}
			if got := linted(); len(got) != 2 {
				t.Errorf("with Drizzle's default table (empty), linted %v, want both", got)
			}
		})
	}
	wd := t.TempDir()
	writeFiles(t, wd, diffFolderFiles("sqlite"))
	if code, _, errb := runIn(t, wd, nil, "lint", "--db", "sqlite:"+filepath.Join(wd, "x.db"), "--migrations-schema", "ops"); code != 2 || !strings.Contains(errb, "PostgreSQL only") {
		t.Errorf("--migrations-schema on SQLite: exit %d %s", code, errb)
	}
}

// TestServeRefusesBrokenLintConfig: the pages use studio.json's rule
// levels too, so serve refuses one that lint refuses, with one line.
func TestServeRefusesBrokenLintConfig(t *testing.T) {
	wd := lintFolder(t)
	for _, cfg := range []string{`{`, `{"lint":{"rules":{"nope":"off"}}}`} {
		writeFiles(t, wd, map[string]string{"studio.json": cfg})
		code, _, stderr := runIn(t, wd, nil, "serve", "--db", mustSQLiteFile(t), "--port", "0")
		if code != 2 || !strings.Contains(stderr, "studio.json") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("studio.json %s: exit %d %q", cfg, code, stderr)
		}
	}
}
