package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/pgtest"
)

func TestExportTableWithGridParameters(t *testing.T) {
	db := mustSQLiteFile(t)
	code, out, errOut := runCLI(t, nil, "export", "--db", db, "--table", "b", "--query", "notnull.name=&sort=-id")
	if code != 0 || out != "id,a_id,name\r\n" {
		t.Fatalf("empty table: exit %d %q %s", code, out, errOut)
	}
	open, err := database.Open(context.Background(), database.Target{Dialect: database.SQLite, Path: db}, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open.Exec(`INSERT INTO a (id) VALUES (1); INSERT INTO b VALUES (1, 1, 'x,"y"'), (2, NULL, NULL), (3, 1, '')`); err != nil {
		t.Fatal(err)
	}
	open.Close()
	code, out, errOut = runCLI(t, nil, "export", "--db", db, "--table", "main.b", "--query", "notnull.name=&sort=-id")
	if want := "id,a_id,name\r\n3,1,\"\"\r\n1,1,\"x,\"\"y\"\"\"\r\n"; code != 0 || out != want {
		t.Errorf("filtered CSV: exit %d\n%q\nwant\n%q\n%s", code, out, want, errOut)
	}
	code, out, _ = runCLI(t, nil, "export", "--db", db, "--sql", "SELECT count(*) AS n FROM b", "--format", "ndjson")
	if code != 0 || out != "{\"n\":3}\n" {
		t.Errorf("query as NDJSON: exit %d %q", code, out)
	}
	for _, bad := range [][]string{
		{"export", "--db", db},
		{"export", "--db", db, "--table", "b", "--sql", "SELECT 1"},
		{"export", "--db", db, "--table", "nope"},
		{"export", "--db", db, "--table", "b", "--query", "sort=nope"},
		{"export", "--db", db, "--table", "b", "--format", "xml"},
	} {
		if code, _, errOut := runCLI(t, nil, bad...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, want 2 with a message", bad, code)
		}
	}
}

// TestExportToAFullDiskFailsCleanly writes to /dev/full (every write says
// "no space left on device"): the export stops with exit 1 and says why.
func TestExportToAFullDiskFailsCleanly(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	db := mustSQLiteFile(t)
	code, _, errOut := runCLI(t, nil, "export", "--db", db, "--sql",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i, 'row ' || i FROM n", "-o", "/dev/full")
	if code != 1 || !strings.Contains(errOut, "no space left on device") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// TestExportFailingMidwayLeavesNoFile fails after thousands of rows were
// written: neither the file nor its temporary twin is left behind.
func TestExportFailingMidwayLeavesNoFile(t *testing.T) {
	addr := pgtest.NewDatabase(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	code, _, errOut := runCLI(t, nil, "export", "--db", addr, "--sql",
		"SELECT i, 1 / (i - 50000) AS boom FROM generate_series(1, 100000) AS i", "-o", out)
	// The database refused the statement: exit 2, as for any statement
	// the user got wrong.
	if code != 2 || !strings.Contains(errOut, "division by zero") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	code, _, errOut = runCLI(t, nil, "export", "--db", addr, "--sql", "SELECT i FROM generate_series(1, 3) AS i", "-o", out)
	if b, _ := os.ReadFile(out); code != 0 || string(b) != "i\r\n1\r\n2\r\n3\r\n" {
		t.Fatalf("exit %d %q %s", code, b, errOut)
	}
}
