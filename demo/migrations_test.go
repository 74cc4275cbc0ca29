package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/migrations"
)

const (
	initialName = "0000_initial_schema"
	pendingName = "0001_topic_status"
)

// demoTables are counted before and after a migration; every row must
// survive, the FTS index's included.
var demoTables = []string{"users", "extension_instances", "extension_comments", "topics",
	"messages", "tags", "message_tags", "audit_log", "messages_fts"}

func TestEmbeddedFolderReads(t *testing.T) {
	f, err := migrations.Read(drizzleFS, drizzleDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) > 0 || len(f.Ignored) > 0 {
		t.Errorf("problems %+v, ignored %v", f.Problems, f.Ignored)
	}
	if f.Layout != migrations.LayoutJournal || f.Dialect != "sqlite" {
		t.Errorf("layout %q, dialect %q; want journal, sqlite", f.Layout, f.Dialect)
	}
	var names []string
	for _, m := range f.Migrations {
		names = append(names, m.Name)
		if !m.Breakpoints || m.CreatedAt <= 0 {
			t.Errorf("%s: breakpoints %v, when %d", m.Name, m.Breakpoints, m.CreatedAt)
		}
	}
	if want := []string{initialName, pendingName}; !slices.Equal(names, want) {
		t.Fatalf("migrations %v, want %v", names, want)
	}
	if f.Migrations[0].CreatedAt >= f.Migrations[1].CreatedAt {
		t.Error("journal `when` does not grow")
	}
	schema, search, err := schemaPhases(f.Migrations[0])
	if err != nil {
		t.Fatal(err)
	}
	// The split must put exactly the full-text objects after the load.
	for _, st := range schema {
		if strings.Contains(sqlStart(st.SQL), "messages_fts") {
			t.Errorf("statement %d mentions messages_fts but runs before the load", st.Number)
		}
	}
	for _, st := range search {
		if !strings.Contains(sqlStart(st.SQL), "messages_fts") {
			t.Errorf("statement %d runs after the load but is not about messages_fts", st.Number)
		}
	}
}

func TestCreateWritesMigrationsFolder(t *testing.T) {
	path := mustCreateDemo(t)
	dir := MigrationsDir(path)
	if dir != filepath.Join(filepath.Dir(path), "drizzle") {
		t.Errorf("MigrationsDir = %s", dir)
	}
	want := map[string][]byte{}
	err := fs.WalkDir(drizzleFS, drizzleDir, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want[strings.TrimPrefix(name, drizzleDir+"/")], err = fs.ReadFile(drizzleFS, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dir)
	if len(got) != len(want) {
		t.Errorf("folder holds %d files, want %d", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from the embedded file", name)
		}
	}
}

// readTree is every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCreateLeavesExistingMigrationsFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "drizzle")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mine := []byte("-- my own migration\n")
	if err := os.WriteFile(filepath.Join(dir, "0000_mine.sql"), mine, 0o644); err != nil {
		t.Fatal(err)
	}
	created, err := Create(context.Background(), filepath.Join(root, "demo.db"))
	if err != nil || !created {
		t.Fatalf("Create = %v, %v", created, err)
	}
	got := readTree(t, dir)
	if len(got) != 1 || !bytes.Equal(got["0000_mine.sql"], mine) {
		t.Errorf("existing folder changed: %v", got)
	}
	assertOnlyFiles(t, root, "demo.db", "drizzle")
}

func TestCreateRecordsInitialMigration(t *testing.T) {
	path := mustCreateDemo(t)
	db := sqlitetest.Open(t, path, database.Options{})
	file, err := fs.ReadFile(drizzleFS, drizzleDir+"/"+initialName+".sql")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(file)
	rows := queryStrings(t, db, `SELECT quote(id) || ' ' || hash || ' ' || created_at || ' ' || typeof(created_at) FROM "__drizzle_migrations"`)
	want := "NULL " + hex.EncodeToString(sum[:]) + " 1736151122491 integer"
	if len(rows) != 1 || rows[0] != want {
		t.Errorf("history = %q, want [%q]", rows, want)
	}
	cols := queryStrings(t, db, `SELECT name || ' ' || lower(type) || ' ' || "notnull" || ' ' || pk FROM pragma_table_info('__drizzle_migrations')`)
	if want := []string{"id serial 0 1", "hash text 1 0", "created_at numeric 0 0"}; !slices.Equal(cols, want) {
		t.Errorf("history columns %v, want %v", cols, want)
	}
	rep := mustStatus(t, db, path)
	states := map[string]migrations.State{}
	for _, m := range rep.Migrations {
		states[m.Name] = m.State
	}
	if states[initialName] != migrations.Applied || states[pendingName] != migrations.Pending || len(states) != 2 {
		t.Errorf("states %v, want %s applied and %s pending", states, initialName, pendingName)
	}
	if rep.Drifted() || len(rep.Problems) > 0 {
		t.Errorf("drifted %v, problems %+v", rep.Drifted(), rep.Problems)
	}
}

func mustStatus(t *testing.T, db *database.DB, path string) *migrations.Report {
	t.Helper()
	rep, err := migrations.Status(context.Background(), db, mustReadFolder(t, path), migrations.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func mustReadFolder(t *testing.T, path string) *migrations.Folder {
	t.Helper()
	f, err := migrations.ReadPath(MigrationsDir(path))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestInitialMigrationBuildsDemoSchema proves the two-phase build and a
// plain run of 0000 agree: the same schema objects with the same SQL, and
// the same history row.
func TestInitialMigrationBuildsDemoSchema(t *testing.T) {
	built := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	path := filepath.Join(t.TempDir(), "empty.db")
	empty := sqlitetest.Open(t, path, database.Options{Create: true})
	folder, err := migrations.Read(drizzleFS, drizzleDir)
	if err != nil {
		t.Fatal(err)
	}
	folder.Migrations = folder.Migrations[:1]
	if _, err := migrations.Apply(context.Background(), empty, folder, migrations.ApplyOptions{}); err != nil {
		t.Fatalf("applying %s: %v", initialName, err)
	}
	for _, q := range []string{
		`SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`,
		`SELECT quote(id) || ' ' || hash || ' ' || quote(created_at) FROM "__drizzle_migrations"`,
	} {
		a, b := queryStrings(t, built, q), queryStrings(t, empty, q)
		if !slices.Equal(a, b) {
			t.Errorf("%s:\ndemo build: %q\nmigration:  %q", q, a, b)
		}
	}
	if n := len(queryStrings(t, built, `SELECT name FROM sqlite_schema`)); n < 30 {
		t.Errorf("only %d schema objects", n)
	}
}

func TestApplyPendingMigrationKeepsEveryRow(t *testing.T) {
	path := mustCreateDemo(t)
	db := sqlitetest.Open(t, path, database.Options{})
	before := tableCounts(t, db)
	triggers := `SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`
	trigBefore := queryStrings(t, db, triggers)
	res, err := migrations.Apply(context.Background(), db, mustReadFolder(t, path), migrations.ApplyOptions{})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if len(res.Applied) != 1 || res.Applied[0].Name != pendingName {
		t.Fatalf("applied %+v, want only %s", res.Applied, pendingName)
	}
	if after := tableCounts(t, db); !slices.Equal(before, after) {
		t.Errorf("row counts changed:\nbefore %v\nafter  %v", before, after)
	}
	if got := queryStrings(t, db, `SELECT "table" FROM pragma_foreign_key_check`); len(got) > 0 {
		t.Errorf("foreign_key_check: %v", got)
	}
	if got := queryStrings(t, db, "PRAGMA integrity_check"); len(got) != 1 || got[0] != "ok" {
		t.Errorf("integrity_check = %v", got)
	}
	if got := queryStrings(t, db, triggers); !slices.Equal(got, trigBefore) {
		t.Errorf("triggers %v, want %v", got, trigBefore)
	}
	checks := []struct {
		name      string
		query     string
		want      int64
		wantAbove bool
	}{
		{"every topic open", "SELECT count(*) FROM topics WHERE status = 'open'", 40, false},
		{"avatar_url dropped", "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'avatar_url'", 0, false},
		{"view rows", "SELECT count(*) FROM topic_activity WHERE status = 'open'", 40, false},
		{"view counts live messages", "SELECT sum(message_count) FROM topic_activity", 4000, true},
		{"search", "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'migration'", 0, true},
		{"status index", "SELECT count(*) FROM sqlite_schema WHERE name = 'topics_status_created_idx'", 1, false},
	}
	for _, c := range checks {
		got := queryInt(t, db, c.query)
		if (c.wantAbove && got <= c.want) || (!c.wantAbove && got != c.want) {
			t.Errorf("%s: %d, want %d (above: %v)", c.name, got, c.want, c.wantAbove)
		}
	}
	if _, err := db.Exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("fts5 integrity-check: %v", err)
	}
	if rep := mustStatus(t, db, path); !rep.InSync() {
		t.Errorf("after Apply, status is %+v", rep.Summary)
	}
}

// tableCounts is "table rows" for each of demoTables.
func tableCounts(t *testing.T, db *database.DB) []string {
	t.Helper()
	out := make([]string, len(demoTables))
	for i, name := range demoTables {
		out[i] = name + " " + itoa(queryInt(t, db, `SELECT count(*) FROM "`+name+`"`))
	}
	return out
}

func TestDryRunLeavesDemoUnchanged(t *testing.T) {
	path := mustCreateDemo(t)
	db := sqlitetest.Open(t, path, database.Options{})
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := migrations.Apply(context.Background(), db, mustReadFolder(t, path), migrations.ApplyOptions{DryRun: true})
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if !res.DryRun || len(res.Applied) != 1 || len(res.Applied[0].Statements) < 10 {
		t.Errorf("dry run result %+v, want %s with its statements", res, pendingName)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("dry run changed the database file")
	}
	rep := mustStatus(t, db, path)
	if rep.Summary.Applied != 1 || rep.Summary.Pending != 1 {
		t.Errorf("after dry run, status is %+v", rep.Summary)
	}
}

// TestPendingMigrationCascadesUnderDrizzle shows why 0001 is worth a
// reviewer's time: run as drizzle-orm's migrator runs it (foreign keys on,
// its PRAGMA foreign_keys=OFF ignored inside the transaction), dropping
// the old topics table deletes every message and message tag.
func TestPendingMigrationCascadesUnderDrizzle(t *testing.T) {
	path := mustCreateDemo(t)
	db := sqlitetest.Open(t, path, database.Options{})
	m := mustReadFolder(t, path).Migration(pendingName)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, st := range m.Statements {
		if _, err := tx.Exec(st.SQL); err != nil {
			t.Fatalf("statement %d: %v", st.Number, err)
		}
	}
	var messages, tags int64
	if err := tx.QueryRow("SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM message_tags)").Scan(&messages, &tags); err != nil {
		t.Fatal(err)
	}
	if messages != 0 || tags != 0 {
		t.Errorf("messages %d, message tags %d after a drizzle-style run; want the cascade to empty both", messages, tags)
	}
}
