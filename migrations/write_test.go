package migrations

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/sqlitetest"
)

var writeNow = time.Date(2025, 3, 4, 5, 6, 7, 890_000_000, time.UTC)

func readText(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestWriteNextJournalAppendsEntryAndApplies(t *testing.T) {
	dir := writeJournal(t, t.TempDir(), "sqlite",
		entry{"0000_a", 1_700_000_000_000, "CREATE TABLE a (id integer PRIMARY KEY);"},
		entry{"0001_b", 1_700_000_001_000, "CREATE TABLE b (id integer);"})
	path, err := WriteNext(dir, mustRead(t, dir), "Add C-Table!", []string{"CREATE TABLE c (id integer)", "  ", "CREATE INDEX c_id ON c (id);\n"}, writeNow, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "0002_add_c_table.sql"); path != want {
		t.Fatalf("path %s, want %s", path, want)
	}
	want := "CREATE TABLE c (id integer);\n--> statement-breakpoint\nCREATE INDEX c_id ON c (id);"
	if got := readText(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	f := mustRead(t, dir)
	if len(f.Problems) != 0 || len(f.Migrations) != 3 {
		t.Fatalf("folder after write: %d migrations, problems %+v", len(f.Migrations), f.Problems)
	}
	m := f.Migrations[2]
	if m.Name != "0002_add_c_table" || m.Idx != 2 || m.CreatedAt != writeNow.UnixMilli() || !m.Breakpoints || len(m.Statements) != 2 {
		t.Fatalf("new migration %+v", m)
	}
	if !strings.Contains(readText(t, filepath.Join(dir, "meta", "_journal.json")), `"version": "7"`) {
		t.Fatal("journal lost its indentation or the entry version")
	}
	db := sqlitetest.New(t)
	if res := mustApply(t, db, f, ApplyOptions{}); len(res.Applied) != 3 {
		t.Fatalf("applied %d, want 3", len(res.Applied))
	}
}

// A journal with its own key order, tabs, idx gaps, a `when` in the future
// and a final newline keeps all of it; only the entry is new.
func TestWriteNextJournalKeepsFormatting(t *testing.T) {
	dir := t.TempDir()
	journal := "{\n\t\"dialect\": \"pg\",\n\t\"entries\": [\n\t\t{\n\t\t\t\"breakpoints\": true,\n\t\t\t\"idx\": 0,\n\t\t\t\"tag\": \"0000_a\",\n\t\t\t\"version\": \"5\",\n\t\t\t\"when\": 1700000000000\n\t\t},\n\t\t{\n\t\t\t\"breakpoints\": false,\n\t\t\t\"idx\": 7,\n\t\t\t\"tag\": \"0007_b\",\n\t\t\t\"version\": \"5\",\n\t\t\t\"when\": 1900000000000\n\t\t}\n\t],\n\t\"version\": \"5\",\n\t\"extra\": {\"kept\": [1, 2.5e3]}\n}\n"
	writeFile(t, filepath.Join(dir, "meta", "_journal.json"), journal)
	writeFile(t, filepath.Join(dir, "0000_a.sql"), "CREATE TABLE a (x int);")
	writeFile(t, filepath.Join(dir, "0007_b.sql"), "CREATE TABLE b (x int);")
	if _, err := WriteNext(dir, mustRead(t, dir), "c", []string{"CREATE TABLE c (x int)"}, writeNow, ""); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(journal, "\n\t\t}\n\t],", "\n\t\t},\n\t\t{\n\t\t\t\"breakpoints\": true,\n\t\t\t\"idx\": 8,\n\t\t\t\"tag\": \"0008_c\",\n\t\t\t\"version\": \"5\",\n\t\t\t\"when\": 1900000000001\n\t\t}\n\t],", 1)
	want = strings.Replace(want, `{"kept": [1, 2.5e3]}`, "{\n\t\t\"kept\": [\n\t\t\t1,\n\t\t\t2.5e3\n\t\t]\n\t}", 1)
	if got := readText(t, filepath.Join(dir, "meta", "_journal.json")); got != want {
		t.Fatalf("journal:\n%s\nwant:\n%s", got, want)
	}
	if f := mustRead(t, dir); f.Migrations[2].Name != "0008_c" || len(f.Problems) != 0 {
		t.Fatalf("after write: %+v %+v", f.Migrations[2], f.Problems)
	}
}

func TestWriteNextStartsAJournal(t *testing.T) {
	for _, tc := range []struct {
		dialect          database.Dialect
		spelled, version string
	}{{"postgres", "postgresql", "7"}, {"sqlite", "sqlite", "6"}} {
		dir := filepath.Join(t.TempDir(), "drizzle")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path, err := WriteNext(dir, &Folder{Layout: LayoutJournal, Dialect: tc.dialect}, "init", []string{"CREATE TABLE a (x int)"}, writeNow, "")
		if err != nil || path != filepath.Join(dir, "0000_init.sql") {
			t.Fatalf("%s: %s, %v", tc.dialect, path, err)
		}
		want := `{
  "version": "7",
  "dialect": "` + tc.spelled + `",
  "entries": [
    {
      "idx": 0,
      "version": "` + tc.version + `",
      "when": 1741064767890,
      "tag": "0000_init",
      "breakpoints": true
    }
  ]
}`
		if got := readText(t, filepath.Join(dir, "meta", "_journal.json")); got != want {
			t.Fatalf("%s journal:\n%s\nwant:\n%s", tc.dialect, got, want)
		}
		if f := mustRead(t, dir); f.Dialect != tc.dialect || len(f.Migrations) != 1 {
			t.Fatalf("%s: read back %+v", tc.dialect, f)
		}
	}
	if _, err := WriteNext(t.TempDir(), &Folder{Layout: LayoutJournal}, "init", []string{"SELECT 1"}, writeNow, ""); err == nil || !strings.Contains(err.Error(), "dialect") {
		t.Fatalf("new journal without a dialect: %v", err)
	}
}

func TestWriteNextFolders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "20250101000000_a", "migration.sql"), "CREATE TABLE a (x int);")
	path, err := WriteNext(dir, mustRead(t, dir), "b", []string{"CREATE TABLE b (x int)"}, writeNow, "")
	if want := filepath.Join(dir, "20250304050607_b", "migration.sql"); err != nil || path != want {
		t.Fatalf("%s, %v; want %s", path, err, want)
	}
	// Written in the same second again: moved one second on, so the order
	// is never a tie.
	path, err = WriteNext(dir, mustRead(t, dir), "c", []string{"CREATE TABLE c (x int)"}, writeNow, "")
	if want := filepath.Join(dir, "20250304050608_c", "migration.sql"); err != nil || path != want {
		t.Fatalf("%s, %v; want %s", path, err, want)
	}
	f := mustRead(t, dir)
	if len(f.Migrations) != 3 || f.Migrations[2].Name != "20250304050608_c" || readText(t, path) != "CREATE TABLE c (x int);" {
		t.Fatalf("after writes: %+v", f.Migrations)
	}
}

func TestWriteNextRefuses(t *testing.T) {
	dir := writeJournal(t, t.TempDir(), "sqlite", entry{"0000_a", 1_700_000_000_000, "CREATE TABLE a (x int);"})
	writeFile(t, filepath.Join(dir, "0001_b.sql"), "-- someone else's file")
	journal := readText(t, filepath.Join(dir, "meta", "_journal.json"))
	cases := []struct {
		name, mig string
		stmts     []string
		want      error
	}{
		{"no statements", "x", []string{" ", ""}, ErrNoStatements},
		{"empty name", " -- ", []string{"SELECT 1"}, ErrBadName},
		{"non-ascii name", "ÄÖ", []string{"SELECT 1"}, ErrBadName},
		{"file exists", "b", []string{"SELECT 1"}, fs.ErrExist},
	}
	for _, tc := range cases {
		_, err := WriteNext(dir, mustRead(t, dir), tc.mig, tc.stmts, writeNow, "")
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	if got := readText(t, filepath.Join(dir, "meta", "_journal.json")); got != journal {
		t.Fatalf("journal changed after refused writes:\n%s", got)
	}
	if got := readText(t, filepath.Join(dir, "0001_b.sql")); got != "-- someone else's file" {
		t.Fatalf("existing file overwritten: %q", got)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Fatalf("stray files left: %v", ents)
	}
}

func TestSanitizeName(t *testing.T) {
	for in, want := range map[string]string{
		"add users":        "add_users",
		"Add-Users_Table!": "add_users_table",
		"__x__":            "x",
		"v2 ÄÖ index":      "v2_index",
	} {
		if got, err := sanitizeName(in); err != nil || got != want {
			t.Errorf("sanitizeName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestWriteNextPrefixes names files as drizzle-kit's migrations.prefix
// does (prepareMigrationMetadata): the journal keeps listing them in
// order, so the folder reads and applies whatever the prefix.
func TestWriteNextPrefixes(t *testing.T) {
	for _, tc := range []struct {
		prefix Prefix
		want   string
	}{
		{"", "0000_init"},
		{PrefixIndex, "0000_init"},
		{PrefixTimestamp, "20250304050607_init"},
		{PrefixSupabase, "20250304050607_init"},
		{PrefixUnix, "1741064767_init"},
		{PrefixNone, "_init"},
	} {
		t.Run(string(tc.prefix), func(t *testing.T) {
			dir := t.TempDir()
			path, err := WriteNext(dir, &Folder{Layout: LayoutJournal, Dialect: "sqlite"}, "init", []string{"CREATE TABLE a (x int)"}, writeNow, tc.prefix)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(path) != tc.want+".sql" {
				t.Fatalf("wrote %s, want %s.sql", filepath.Base(path), tc.want)
			}
			f := mustRead(t, dir)
			path, err = WriteNext(dir, f, "next", []string{"CREATE TABLE b (x int)"}, writeNow.Add(time.Hour), tc.prefix)
			if err != nil {
				t.Fatal(err)
			}
			f = mustRead(t, dir)
			if len(f.Problems) != 0 || len(f.Migrations) != 2 || f.Migrations[0].Name != tc.want || filepath.Join(dir, f.Migrations[1].File) != path {
				t.Fatalf("folder after two writes: %+v, problems %+v", f.Migrations, f.Problems)
			}
		})
	}
	_, err := WriteNext(t.TempDir(), &Folder{Layout: LayoutJournal, Dialect: "sqlite"}, "init", []string{"SELECT 1"}, writeNow, "random")
	if err == nil || !strings.Contains(err.Error(), `"random" is not one of`) {
		t.Fatalf("an unknown prefix: %v", err)
	}
}
