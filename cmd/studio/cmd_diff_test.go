package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/internal/pgtest"
)

// diffFolderFiles is a two-migration folder both dialects read: the
// second adds a column and an index, and drops a column and a table.
func diffFolderFiles(dialect string) map[string]string {
	return map[string]string{
		"drizzle/0000_init.sql": `CREATE TABLE "users" ("id" integer PRIMARY KEY, "email" text);` + "\n--> statement-breakpoint\n" +
			`CREATE TABLE "posts" ("id" integer PRIMARY KEY, "title" text, "legacy" text);` + "\n",
		"drizzle/0001_more.sql": `ALTER TABLE "posts" ADD COLUMN "status" text DEFAULT 'draft' NOT NULL;` + "\n--> statement-breakpoint\n" +
			`CREATE INDEX "posts_status_idx" ON "posts" ("status");` + "\n--> statement-breakpoint\n" +
			`ALTER TABLE "posts" DROP COLUMN "legacy";` + "\n--> statement-breakpoint\n" + `DROP TABLE "users";` + "\n",
		"drizzle/meta/_journal.json": journalJSON(dialect, []string{"0000_init", "0001_more"}, []int64{1700000000000, 1700000000001}),
		"schema.sql": `CREATE TABLE "users" ("id" integer PRIMARY KEY, "email" text);` + "\n" +
			`CREATE TABLE "posts" ("id" integer PRIMARY KEY, "title" text, "legacy" text);` + "\n",
	}
}

// diffCase is one dialect's setup: the folder written, and the database
// "live" reads (also the scratch server on PostgreSQL).
type diffCase struct {
	name, wd, db string
	exec         func(t *testing.T, sql string)
}

func diffCases(t *testing.T) []diffCase {
	lite := t.TempDir()
	writeFiles(t, lite, diffFolderFiles("sqlite"))
	litePath := filepath.Join(lite, "app.db")
	pg := t.TempDir()
	writeFiles(t, pg, diffFolderFiles("postgresql"))
	url := pgtest.NewDatabase(t)
	return []diffCase{
		{"sqlite", lite, litePath, func(t *testing.T, sql string) { sqliteExec(t, litePath, sql) }},
		{"postgres", pg, url, func(t *testing.T, sql string) { pgExec(t, url, sql) }},
	}
}

// TestDiff compares folder points, empty and a schema file, in each
// format, and the exit codes, on SQLite and PostgreSQL.
func TestDiff(t *testing.T) {
	for _, c := range diffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			db := []string{"--db", c.db}
			code, out, errb := runIn(t, c.wd, nil, append([]string{"diff", "--from", "0000_init", "--to", "0001_more"}, db...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, out, errb)
			}
			for _, want := range []string{"-- studio diff: migration from 0000_init to 0001_more", `"status"`, "posts_status_idx",
				"-- DATA LOSS: drops table", "--> statement-breakpoint"} {
				if !strings.Contains(out, want) {
					t.Errorf("sql lacks %q:\n%s", want, out)
				}
			}
			if code, _, _ := runIn(t, c.wd, nil, append([]string{"diff", "--from", "0000_init", "--to", "0001_more", "--exit-code"}, db...)...); code != 1 {
				t.Errorf("--exit-code with differences: exit %d, want 1", code)
			}
			code, out, errb = runIn(t, c.wd, nil, append([]string{"diff", "--from", "0000_init", "--to", "schema.sql", "--exit-code"}, db...)...)
			if code != 0 || !strings.Contains(out, "-- no differences") {
				t.Errorf("the folder's first point against the same schema.sql: exit %d\n%s%s", code, out, errb)
			}
			code, out, errb = runIn(t, c.wd, nil, append([]string{"diff", "--from", "empty", "--to", "0000_init", "--format", "json"}, db...)...)
			var rep struct {
				Rollback   bool             `json:"rollback"`
				Changes    []map[string]any `json:"changes"`
				Statements []map[string]any `json:"statements"`
			}
			if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil {
				t.Fatalf("json: exit %d, %v\n%s%s", code, err, out, errb)
			}
			if len(rep.Changes) != 2 || rep.Changes[0]["kind"] != "table-added" || len(rep.Statements) != 2 || rep.Rollback {
				t.Errorf("empty to 0000_init: %s", out)
			}
			for _, k := range []string{"kind", "schema", "table"} {
				if _, ok := rep.Changes[0][k]; !ok {
					t.Errorf("change without %q: %v", k, rep.Changes[0])
				}
			}
			code, out, _ = runIn(t, c.wd, nil, append([]string{"diff", "--from", "0001_more", "--to", "0000_init", "--format", "markdown"}, db...)...)
			for _, want := range []string{"## studio diff: Rollback from `0001_more` to `0000_init`", "- table-added `users`",
				"- column-dropped `posts.status`", "that cannot bring data back", "```sql"} {
				if !strings.Contains(out, want) {
					t.Errorf("markdown lacks %q (exit %d):\n%s", want, code, out)
				}
			}
		})
	}
}

// TestDiffRollbackApplies migrates a database to the last migration,
// runs the rollback script diff prints, and finds the database back at
// the first migration's schema; the steps that cannot bring data back
// are marked.
func TestDiffRollbackApplies(t *testing.T) {
	for _, c := range diffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			if code, out, errb := runIn(t, c.wd, nil, "migrate", "--db", c.db); code != 0 {
				t.Fatalf("migrate: exit %d\n%s%s", code, out, errb)
			}
			code, out, errb := runIn(t, c.wd, nil, "diff", "--from", "0001_more", "--to", "0000_init", "--db", c.db)
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, out, errb)
			}
			for _, want := range []string{"-- studio diff: rollback from 0001_more to 0000_init",
				"users comes back empty", "posts.legacy gets its column(s) back empty", "posts.status and its values"} {
				if !strings.Contains(out, want) {
					t.Errorf("rollback lacks %q:\n%s", want, out)
				}
			}
			for _, chunk := range strings.Split(out, "--> statement-breakpoint") {
				c.exec(t, chunk)
			}
			code, out, errb = runIn(t, c.wd, nil, "diff", "--from", "0000_init", "--to", "live", "--db", c.db, "--exit-code")
			if code != 0 {
				t.Errorf("after the rollback the database still differs from 0000_init: exit %d\n%s%s", code, out, errb)
			}
		})
	}
}

// TestDiffUsage: what diff refuses, exit 2 with one line.
func TestDiffUsage(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, diffFolderFiles("sqlite"))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no --to", []string{"--from", "empty"}},
		{"unknown point", []string{"--from", "0007_nope", "--to", "empty"}},
		{"bad format", []string{"--from", "empty", "--to", "0000_init", "--format", "yaml"}},
		{"live without --db", []string{"--from", "0000_init", "--to", "live"}},
		{"broken schema file", []string{"--from", "empty", "--to", "broken.sql"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFiles(t, wd, map[string]string{"broken.sql": "CREATE TABLE (;"})
			code, out, errb := runIn(t, wd, nil, append([]string{"diff"}, tc.args...)...)
			if code != 2 || strings.Count(errb, "\n") != 1 {
				t.Errorf("exit %d, want 2 with one line\n%s%s", code, out, errb)
			}
		})
	}
}

// TestCheckLiveDrift: after migrating the folder, a column and an index
// added by hand are drift (exit 4, both listed, in text and JSON, with
// the diff command that writes them); without them check passes.
func TestCheckLiveDrift(t *testing.T) {
	for _, c := range diffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(filepath.Join(c.wd, "schema.sql")) // this test is about the live database
			if code, out, errb := runIn(t, c.wd, nil, "migrate", "--db", c.db); code != 0 {
				t.Fatalf("migrate: exit %d\n%s%s", code, out, errb)
			}
			code, out, errb := runIn(t, c.wd, nil, "check", "--db", c.db)
			if code != 0 || !strings.Contains(out, "live drift: ok: the database matches the folder replayed through 0001_more") {
				t.Fatalf("clean: exit %d\n%s%s", code, out, errb)
			}
			c.exec(t, `ALTER TABLE "posts" ADD COLUMN "hotfix" integer`)
			c.exec(t, `CREATE INDEX "posts_hotfix_idx" ON "posts" ("hotfix")`)
			code, out, errb = runIn(t, c.wd, nil, "check", "--db", c.db)
			for _, want := range []string{"live drift: FAIL", "column-added posts.hotfix", "index-added posts.posts_hotfix_idx",
				"studio diff --from 0001_more --to live --format sql", "check FAILED: 1 error(s)"} {
				if !strings.Contains(out, want) {
					t.Errorf("report lacks %q:\n%s%s", want, out, errb)
				}
			}
			if code != 4 {
				t.Errorf("exit %d, want 4", code)
			}
			code, out, _ = runIn(t, c.wd, nil, "check", "--db", c.db, "--json")
			var rep struct {
				LiveDrift struct {
					Through string           `json:"through"`
					Changes []map[string]any `json:"changes"`
				} `json:"liveDrift"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 4 {
				t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
			}
			kinds := map[any]bool{}
			for _, ch := range rep.LiveDrift.Changes {
				kinds[ch["kind"]] = true
			}
			if rep.LiveDrift.Through != "0001_more" || len(rep.LiveDrift.Changes) != 2 || !kinds["column-added"] || !kinds["index-added"] {
				t.Errorf("liveDrift: %+v", rep.LiveDrift)
			}
			// The command check suggests gives the migration that records
			// the hotfix.
			code, out, errb = runIn(t, c.wd, nil, "diff", "--from", "0001_more", "--to", "live", "--format", "sql", "--db", c.db)
			if code != 0 || !strings.Contains(out, `"hotfix"`) || !strings.Contains(out, "posts_hotfix_idx") {
				t.Errorf("diff to live: exit %d\n%s%s", code, out, errb)
			}
		})
	}
}

// TestCheckLiveDriftFilter: a table the config's tablesFilter leaves out
// is not the project's, so one made by hand is no live drift (as push
// and the folder drift leave it out).
func TestCheckLiveDriftFilter(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts": `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ out: './drizzle', dialect: 'sqlite', tablesFilter: ['!_*'], dbCredentials: { url: 'file:local.db' } });
`,
		"drizzle/0000_init.sql":      "CREATE TABLE `users` (`id` integer PRIMARY KEY, `email` text NOT NULL);\n",
		"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init"}, []int64{1700000000000}),
	})
	if code, out, errb := runIn(t, wd, nil, "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errb)
	}
	sqliteExec(t, filepath.Join(wd, "local.db"), "CREATE TABLE `_cache` (`k` text PRIMARY KEY)")
	code, out, errb := runIn(t, wd, nil, "check")
	if !strings.Contains(out, "live drift: ok") || strings.Contains(out, "_cache") {
		t.Errorf("a table the filter hides is drift: exit %d\n%s%s", code, out, errb)
	}
}

// TestDiffToLiveLeavesOutHistory: the project's own history table (the
// config's migrations.table) is the migrator's, not the schema's: diff
// to live leaves it out, as check's live drift does.
func TestDiffToLiveLeavesOutHistory(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts": `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ out: './drizzle', dialect: 'sqlite', migrations: { table: 'journal' }, dbCredentials: { url: 'file:local.db' } });
`,
		"drizzle/0000_init.sql":      "CREATE TABLE `users` (`id` integer PRIMARY KEY, `email` text NOT NULL);\n",
		"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init"}, []int64{1700000000000}),
	})
	if code, out, errb := runIn(t, wd, nil, "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errb)
	}
	code, out, errb := runIn(t, wd, nil, "diff", "--from", "0000_init", "--to", "live", "--format", "sql", "--exit-code")
	if code != 0 || strings.Contains(out, "journal") {
		t.Errorf("diff to live shows the history table: exit %d\n%s%s", code, out, errb)
	}
}

// TestDiffBeforeTheFirstMigration: a project whose config names an out
// folder that does not exist yet (before its first generate) can still
// diff a schema file against empty.
func TestDiffBeforeTheFirstMigration(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts": `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ out: './drizzle', dialect: 'sqlite', dbCredentials: { url: 'file:local.db' } });
`,
		"schema.sql": "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n",
	})
	code, out, errb := runIn(t, wd, nil, "diff", "--from", "empty", "--to", "schema.sql")
	if code != 0 || !strings.Contains(out, "CREATE TABLE") {
		t.Errorf("diff before the first migration: exit %d\n%s%s", code, out, errb)
	}
}
