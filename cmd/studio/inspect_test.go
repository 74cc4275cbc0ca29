package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
)

// TestInspectTextIsAligned compares `studio inspect` with a golden file:
// names, kinds and column counts stay in columns whatever their widths
// (9 and 10 columns, a long name, unicode, a name holding a newline),
// counts are right-aligned, foreign keys and enums do not widen the name
// column, and a relation without a primary key shows none.
func TestInspectTextIsAligned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aligned.db")
	db, err := database.Open(context.Background(), database.Target{Dialect: database.SQLite, Path: path}, database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	cols := func(n int) string {
		var c []string
		for i := range n {
			c = append(c, "c"+string(rune('a'+i))+" text")
		}
		return strings.Join(c, ", ")
	}
	if _, err := db.Exec(`CREATE TABLE a (id integer PRIMARY KEY, ` + cols(8) + `);
		CREATE TABLE nine_and_a_much_longer_name (id integer PRIMARY KEY, ` + cols(8) + `, a_id integer REFERENCES a(id) ON DELETE CASCADE);
		CREATE TABLE "tåble ü" (x int, y int, PRIMARY KEY (x, y));
		CREATE TABLE "two
lines" (x int);
		CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a(id), other_long_reference_column integer REFERENCES nine_and_a_much_longer_name(id) ON DELETE SET NULL);
		CREATE VIEW v AS SELECT 1 AS one;`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, stderr := runCLI(t, nil, "inspect", "--db", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden := filepath.Join("testdata", "inspect.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if out != string(want) {
		t.Fatalf("inspect output differs from %s (run with -update after checking):\n%s", golden, out)
	}
}
