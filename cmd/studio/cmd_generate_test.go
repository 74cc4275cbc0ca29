package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/drizzletest"
	"studio/internal/pgtest"
	"studio/migrations"
)

const usersSQL = "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name text NOT NULL\n);"

func readFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// assertDrizzleFile checks the drizzle-kit shape: statements separated by
// breakpoint lines, each ending with ";".
func assertDrizzleFile(t *testing.T, path string, minStatements int) {
	t.Helper()
	content := readFile(t, path)
	chunks := strings.Split(content, "\n--> statement-breakpoint\n")
	if len(chunks) < minStatements {
		t.Fatalf("%s has %d statement(s), want at least %d:\n%s", path, len(chunks), minStatements, content)
	}
	for _, c := range chunks {
		if !strings.HasSuffix(c, ";") {
			t.Fatalf("%s: statement does not end with ';': %q", path, c)
		}
	}
}

func TestGenerateSQLiteJournal(t *testing.T) {
	wd := t.TempDir()
	dir := filepath.Join(wd, "drizzle")
	writeMigrations(t, dir, [2]string{"0000_users", usersSQL})
	writeSchema(t, wd, schemaV2)
	code, out, errOut := runIn(t, wd, nil, "generate", "--name", "Add posts")
	file := filepath.Join(dir, "0001_add_posts.sql")
	if code != 0 || !strings.Contains(out, "wrote "+file) {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	assertDrizzleFile(t, file, 3)
	journal := readFile(t, filepath.Join(dir, "meta", "_journal.json"))
	var j struct {
		Entries []struct {
			Idx         int    `json:"idx"`
			Version     string `json:"version"`
			When        int64  `json:"when"`
			Tag         string `json:"tag"`
			Breakpoints bool   `json:"breakpoints"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(journal), &j); err != nil || len(j.Entries) != 2 {
		t.Fatalf("journal %v:\n%s", err, journal)
	}
	if e := j.Entries[1]; e.Idx != 1 || e.Tag != "0001_add_posts" || e.Version != "7" || !e.Breakpoints || time.Since(time.UnixMilli(e.When)) > time.Minute {
		t.Fatalf("new entry %+v", e)
	}

	code, out, _ = runIn(t, wd, nil, "generate", "--name", "again")
	if code != 0 || !strings.Contains(out, "no changes") || readFile(t, filepath.Join(dir, "meta", "_journal.json")) != journal {
		t.Fatalf("generate with nothing to do: exit %d\n%s", code, out)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Fatalf("files after a no-op generate: %v", ents)
	}

	migrated, pushed := "sqlite:"+filepath.Join(wd, "migrated.db"), "sqlite:"+filepath.Join(wd, "pushed.db")
	if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", migrated); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", pushed); code != 0 {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
	assertSameSchema(t, mustOpenAddr(t, migrated), mustOpenAddr(t, pushed))
	// Drizzle's history table is the migrator's: push leaves it alone.
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", migrated, "--dry-run"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("push onto the migrated database: exit %d\n%s%s", code, out, errOut)
	}

	drizzled := filepath.Join(wd, "drizzle.db")
	drizzletest.Migrate(t, drizzletest.V045, "sqlite", drizzled, dir)
	assertSameSchema(t, mustOpenAddr(t, "sqlite:"+drizzled), mustOpenAddr(t, pushed))
}

// A table rebuild (here: a new foreign key on an existing table) is
// wrapped in PRAGMA foreign_keys=OFF/ON as drizzle-kit writes it.
func TestGenerateSQLiteRebuildWrapsForeignKeys(t *testing.T) {
	wd := t.TempDir()
	dir := filepath.Join(wd, "drizzle")
	writeMigrations(t, dir, [2]string{"0000_init", usersSQL + "\n--> statement-breakpoint\nCREATE TABLE posts (id integer PRIMARY KEY, user_id integer);"})
	writeSchema(t, wd, usersSQL+"\nCREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id));\n")
	code, out, errOut := runIn(t, wd, nil, "generate", "--name", "fk")
	if code != 0 {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	content := readFile(t, filepath.Join(dir, "0001_fk.sql"))
	if !strings.HasPrefix(content, "PRAGMA foreign_keys=OFF;\n--> statement-breakpoint\n") || !strings.HasSuffix(content, "\n--> statement-breakpoint\nPRAGMA foreign_keys=ON;") {
		t.Fatalf("rebuild not wrapped:\n%s", content)
	}
	migrated, pushed := "sqlite:"+filepath.Join(wd, "migrated.db"), "sqlite:"+filepath.Join(wd, "pushed.db")
	if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", migrated); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", pushed); code != 0 {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
	assertSameSchema(t, mustOpenAddr(t, migrated), mustOpenAddr(t, pushed))
}

func TestGenerateFoldersLayout(t *testing.T) {
	wd := t.TempDir()
	dir := filepath.Join(wd, "migrations")
	if err := os.MkdirAll(filepath.Join(dir, "20240101000000_init"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "20240101000000_init", "migration.sql"), []byte(usersSQL), 0o644); err != nil {
		t.Fatal(err)
	}
	writeSchema(t, wd, schemaV1)
	code, out, errOut := runIn(t, wd, nil, "generate", "--name", "posts", "--migrations", "migrations")
	if code != 2 || !strings.Contains(errOut, "--dialect") {
		t.Fatalf("v1 folder without a snapshot and no dialect: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runIn(t, wd, nil, "generate", "--name", "posts", "--migrations", "migrations", "--dialect", "sqlite")
	if code != 0 {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	f, err := migrations.ReadPath(dir)
	if err != nil || len(f.Migrations) != 2 || !regexp.MustCompile(`^\d{14}_posts$`).MatchString(f.Migrations[1].Name) {
		t.Fatalf("folder after generate: %v %+v", err, f)
	}
	assertDrizzleFile(t, filepath.Join(dir, f.Migrations[1].File), 1)
	migrated, pushed := "sqlite:"+filepath.Join(wd, "migrated.db"), "sqlite:"+filepath.Join(wd, "pushed.db")
	if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", migrated, "--migrations", "migrations"); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", pushed); code != 0 {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
	assertSameSchema(t, mustOpenAddr(t, migrated), mustOpenAddr(t, pushed))
	drizzled := filepath.Join(wd, "drizzle.db")
	drizzletest.Migrate(t, drizzletest.V1, "sqlite", drizzled, dir)
	assertSameSchema(t, mustOpenAddr(t, "sqlite:"+drizzled), mustOpenAddr(t, pushed))
}

// With no folder anywhere, generate starts ./drizzle in the classic
// layout.
func TestGenerateStartsAFolder(t *testing.T) {
	wd := t.TempDir()
	writeSchema(t, wd, schemaV1)
	code, out, errOut := runIn(t, wd, nil, "generate", "--name", "init")
	if code != 2 || !strings.Contains(errOut, "cannot tell the dialect") {
		t.Fatalf("no dialect: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runIn(t, wd, nil, "generate", "--name", "init", "--db", "sqlite:"+filepath.Join(wd, "never-opened.db"))
	if code != 0 {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(wd, "never-opened.db")); !os.IsNotExist(err) {
		t.Fatal("generate opened the SQLite --db, which only tells the dialect")
	}
	f, err := migrations.ReadPath(filepath.Join(wd, "drizzle"))
	if err != nil || f.Dialect != "sqlite" || len(f.Migrations) != 1 || f.Migrations[0].Name != "0000_init" || len(f.Problems) != 0 {
		t.Fatalf("new folder: %v %+v", err, f)
	}
	for _, args := range [][]string{
		{"generate"},
		{"generate", "--name", "--", "--dialect", "sqlite"},
		{"generate", "--name", "x", "--dialect", "mysql"},
		{"generate", "--name", "x", "--dialect", "postgres"},
		{"generate", "--name", "x", "--dialect", "postgres", "--db", "sqlite:x.db"},
	} {
		if code, _, errOut := runIn(t, wd, nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, errOut)
		}
	}
}

func TestGeneratePostgres(t *testing.T) {
	server := pgtest.NewDatabase(t)
	wd := t.TempDir()
	dir := filepath.Join(wd, "drizzle")
	writeMigrations(t, dir, [2]string{"0000_users", strings.ReplaceAll(usersSQL, "integer", "int")})
	journal := filepath.Join(dir, "meta", "_journal.json")
	if err := os.WriteFile(journal, []byte(strings.Replace(readFile(t, journal), `"sqlite"`, `"postgresql"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	writeSchema(t, wd, schemaV2)
	code, out, errOut := runIn(t, wd, nil, "generate", "--name", "posts", "--db", server)
	if code != 0 || !strings.Contains(out, "0001_posts.sql") {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	assertDrizzleFile(t, filepath.Join(dir, "0001_posts.sql"), 3)
	devURL := pgtest.NewDatabase(t)
	code, out, errOut = runIn(t, wd, nil, "generate", "--name", "again", "--dev-url", devURL)
	if code != 0 || !strings.Contains(out, "no changes") {
		t.Fatalf("generate --dev-url with nothing to do: exit %d\n%s%s", code, out, errOut)
	}
	migrated, pushed, drizzled := pgtest.NewDatabase(t), pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", migrated); code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", pushed); code != 0 {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
	assertSameSchema(t, mustOpenAddr(t, migrated), mustOpenAddr(t, pushed))
	// The drizzle schema and its history table are the migrator's.
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", migrated, "--dry-run"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("push onto the migrated database: exit %d\n%s%s", code, out, errOut)
	}
	drizzletest.Migrate(t, drizzletest.V045, "postgres", drizzled, dir)
	assertSameSchema(t, mustOpenAddr(t, drizzled), mustOpenAddr(t, pushed))
}

// Real folders: with the desired schema dumped from a full replay,
// generate finds nothing to do on the whole folder, and writes the last
// migration again when it is taken away; migrating that folder gives the
// schema the original gives.
func TestGenerateSQLiteCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(root, "README.md")); err != nil {
		t.Skipf("corpus not found at %s: %v", root, err)
	}
	for _, name := range []string{
		"CherryHQ__cherry-studio/migrations__sqlite-drizzle",
		"CherryHQ__cherry-studio/migrations__sqlite-drizzle@6985ea2fc570",
		"homarr-labs__homarr/packages__db__migrations__sqlite",
		"drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-init@beta",
	} {
		t.Run(name, func(t *testing.T) {
			wd := t.TempDir()
			full := filepath.Join(wd, "full")
			copyDir(t, filepath.Join(root, name), full)
			original := "sqlite:" + filepath.Join(wd, "original.db")
			if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", original, "--migrations", "full"); code != 0 {
				t.Fatalf("migrate the original: exit %d\n%s%s", code, out, errOut)
			}
			writeSchema(t, wd, dumpSQLite(t, mustOpenAddr(t, original)))
			if code, out, errOut := runIn(t, wd, nil, "generate", "--migrations", "full", "--name", "none", "--dialect", "sqlite"); code != 0 || !strings.Contains(out, "no changes") {
				t.Fatalf("generate on the whole folder: exit %d\n%s%s", code, out, errOut)
			}
			cut := filepath.Join(wd, "cut")
			copyDir(t, filepath.Join(root, name), cut)
			dropLastMigration(t, cut)
			if code, out, errOut := runIn(t, wd, nil, "generate", "--migrations", "cut", "--name", "again", "--dialect", "sqlite"); code != 0 || !strings.Contains(out, "wrote ") {
				t.Fatalf("generate the last migration: exit %d\n%s%s", code, out, errOut)
			}
			regenerated := "sqlite:" + filepath.Join(wd, "regenerated.db")
			if code, out, errOut := runIn(t, wd, nil, "migrate", "--db", regenerated, "--migrations", "cut"); code != 0 {
				t.Fatalf("migrate the regenerated folder: exit %d\n%s%s", code, out, errOut)
			}
			assertSameSchema(t, mustOpenAddr(t, regenerated), mustOpenAddr(t, original))
		})
	}
}

// dumpSQLite is a database's schema as SQL: tables (FTS5 shadow tables
// left to their virtual table), then indexes, views and triggers.
func dumpSQLite(t *testing.T, db *database.DB) string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `
		SELECT s.sql FROM sqlite_schema s
		LEFT JOIN pragma_table_list l ON l.name = s.name AND l.schema = 'main'
		WHERE s.sql IS NOT NULL AND s.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND s.name <> '__drizzle_migrations'
		  AND coalesce(l.type, '') <> 'shadow'
		ORDER BY CASE s.type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, s.rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var sql string
		if err := rows.Scan(&sql); err != nil {
			t.Fatal(err)
		}
		b.WriteString(sql + ";\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// dropLastMigration removes a folder's last migration: its journal entry
// and file, or its v1 folder.
func dropLastMigration(t *testing.T, dir string) {
	t.Helper()
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	last := f.Migrations[len(f.Migrations)-1]
	if f.Layout == migrations.LayoutFolders {
		if err := os.RemoveAll(filepath.Join(dir, last.Name)); err != nil {
			t.Fatal(err)
		}
		return
	}
	jpath := filepath.Join(dir, "meta", "_journal.json")
	var j map[string]any
	if err := json.Unmarshal([]byte(readFile(t, jpath)), &j); err != nil {
		t.Fatal(err)
	}
	entries := j["entries"].([]any)
	j["entries"] = entries[:len(entries)-1]
	raw, _ := json.MarshalIndent(j, "", "  ")
	if err := os.WriteFile(jpath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, last.File)); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
