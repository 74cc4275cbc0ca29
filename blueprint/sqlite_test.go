package blueprint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/demo"
	"studio/internal/sqlitetest"
	"studio/introspect"
)

func TestSplitSQLite(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []liteStatement
	}{
		{"two statements", "CREATE TABLE a (x);\nCREATE TABLE b (y);\n",
			[]liteStatement{{"CREATE TABLE a (x)", 1}, {"CREATE TABLE b (y)", 2}}},
		{"no final semicolon", "CREATE TABLE a (x);\n\n  CREATE TABLE b (y)",
			[]liteStatement{{"CREATE TABLE a (x)", 1}, {"CREATE TABLE b (y)", 3}}},
		{"semicolons in strings, identifiers and comments",
			"-- a; comment\nCREATE TABLE \"a;b\" (x DEFAULT 'x;''y', [c;d], `e;f`); /* ;\n; */ SELECT 1;",
			[]liteStatement{{"CREATE TABLE \"a;b\" (x DEFAULT 'x;''y', [c;d], `e;f`)", 2}, {"SELECT 1", 3}}},
		{"line counts inside strings", "SELECT 'a\nb';\nSELECT 2;",
			[]liteStatement{{"SELECT 'a\nb'", 1}, {"SELECT 2", 3}}},
		{"trigger body with CASE ... END",
			"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  DELETE FROM b;\nEND;\nSELECT 1;",
			[]liteStatement{{"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  DELETE FROM b;\nEND", 1}, {"SELECT 1", 5}}},
		{"temp trigger", "create temp trigger t after delete on a begin select 1; end;",
			[]liteStatement{{"create temp trigger t after delete on a begin select 1; end", 1}}},
		{"BEGIN outside a trigger is a statement", "BEGIN;\nCREATE TABLE a (x);\nCOMMIT;",
			[]liteStatement{{"BEGIN", 1}, {"CREATE TABLE a (x)", 2}, {"COMMIT", 3}}},
		{"comment-only and blank pieces dropped", "-- nothing\n;\n  ;\n/* still nothing */", nil},
		{"drizzle breakpoints are comments", "CREATE TABLE a (x);--> statement-breakpoint\nCREATE INDEX i ON a (x);",
			[]liteStatement{{"CREATE TABLE a (x)", 1}, {"CREATE INDEX i ON a (x)", 2}}},
		{"unterminated comment", "SELECT 1; /* open", []liteStatement{{"SELECT 1", 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := splitSQLite(c.src)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("splitSQLite(%q)\n got %#v\nwant %#v", c.src, got, c.want)
			}
		})
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFilesSQLite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "one.sql"), "CREATE TABLE a (x);")
	writeFile(t, filepath.Join(dir, "folder", "20_b.sql"), "CREATE TABLE b (x);")
	writeFile(t, filepath.Join(dir, "folder", "10_a.SQL"), "CREATE TABLE a (x);")
	writeFile(t, filepath.Join(dir, "folder", "notes.txt"), "not sql")
	writeFile(t, filepath.Join(dir, "folder", "sub", "00.sql"), "CREATE TABLE nested (x);")
	writeFile(t, filepath.Join(dir, "nosql", "readme.md"), "x")
	writeFile(t, filepath.Join(dir, "blank", "a.sql"), "  \n")

	files, err := Files(filepath.Join(dir, "one.sql"))
	if err != nil || len(files) != 1 || files[0].SQL != "CREATE TABLE a (x);" {
		t.Fatalf("Files(one.sql) = %+v, %v", files, err)
	}
	files, err = Files(filepath.Join(dir, "folder"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f.Path))
	}
	if want := []string{"10_a.SQL", "20_b.sql"}; !reflect.DeepEqual(names, want) {
		t.Errorf("folder files = %v, want %v (name order, not recursive, .sql only)", names, want)
	}
	for _, bad := range []string{"missing.sql", "nosql", "blank"} {
		_, err := Files(filepath.Join(dir, bad))
		if !errors.Is(err, ErrNoSchema) || !strings.Contains(err.Error(), bad) {
			t.Errorf("Files(%s) = %v, want ErrNoSchema naming the path", bad, err)
		}
	}
}

// TestFilesRefuseBinaryData: SQLite stops reading SQL at a NUL byte, so a
// binary file (or one with a stray NUL) would load as an empty or cut
// schema and push would plan dropping the tables after it.
func TestFilesRefuseBinaryData(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "junk.sql"), "\x00\xff\xfe\x1b[2J\x89PNG")
	writeFile(t, filepath.Join(dir, "cut", "a.sql"), "CREATE TABLE a (x);\n\x00CREATE TABLE b (x);")
	for _, c := range []struct{ path, file string }{{"junk.sql", "junk.sql"}, {"cut", "a.sql"}} {
		_, err := Files(filepath.Join(dir, c.path))
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, database.ErrNUL) || filepath.Base(se.File) != c.file {
			t.Errorf("Files(%s) = %v, want a SyntaxError naming %s with ErrNUL", c.path, err, c.file)
		}
	}
}

func mustSQLiteScratch(t *testing.T) *Scratch {
	t.Helper()
	s, err := newSQLiteScratch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestScratchSQLiteSyntaxError(t *testing.T) {
	s := mustSQLiteScratch(t)
	files := []File{
		{Path: "schema/a.sql", SQL: "CREATE TABLE a (x);\n"},
		{Path: "schema/b.sql", SQL: "-- header\nCREATE TABLE b (x);\n\nCREATE TABEL c (x);\nCREATE TABLE d (x);\n"},
	}
	err := s.Exec(context.Background(), files)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Exec = %v, want *SyntaxError", err)
	}
	if se.File != "schema/b.sql" || se.Line != 4 || !strings.Contains(se.Message, `near "TABEL": syntax error`) {
		t.Errorf("SyntaxError = %+v", se)
	}
	if got := err.Error(); !strings.HasPrefix(got, "schema/b.sql:4: ") {
		t.Errorf("error text %q does not start with file:line", got)
	}
	// A refused statement that is not a syntax error is located the same way.
	err = s.Exec(context.Background(), []File{{Path: "x.sql", SQL: "\n\nCREATE INDEX i ON missing (x);"}})
	if !errors.As(err, &se) || se.Line != 3 || !strings.Contains(se.Message, "no such table") {
		t.Errorf("Exec = %v, want line 3 no such table", err)
	}
}

func TestScratchSQLiteIsolatedAndSingleConnection(t *testing.T) {
	ctx := context.Background()
	a, b := mustSQLiteScratch(t), mustSQLiteScratch(t)
	if err := a.Exec(ctx, []File{{Path: "a.sql", SQL: "CREATE TABLE only_a (x);"}}); err != nil {
		t.Fatal(err)
	}
	// Many queries at once all reach the same in-memory database.
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			var n int
			errs <- a.DB.QueryRowContext(ctx, "SELECT count(*) FROM only_a").Scan(&n)
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var fk int
	if err := a.DB.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	if _, err := b.DB.ExecContext(ctx, "SELECT * FROM only_a"); err == nil {
		t.Error("second scratch sees the first one's table")
	}
	if a.DB.Dialect() != database.SQLite || a.DB.Target.Path != ":memory:" {
		t.Errorf("target = %+v", a.DB.Target)
	}
}

// TestLoadSQLiteDemo loads the demo's first migration as a desired schema
// and checks the model equals the one of the demo database built from it.
func TestLoadSQLiteDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "demo.db")
	if _, err := demo.Create(ctx, dbPath); err != nil {
		t.Fatal(err)
	}
	live := sqlitetest.Open(t, dbPath, database.Options{Create: true})
	matches, _ := filepath.Glob(filepath.Join(demo.MigrationsDir(dbPath), "0000_*.sql"))
	if len(matches) != 1 {
		t.Fatalf("demo 0000 file: %v", matches)
	}
	desired, err := Load(ctx, live, matches[0], "")
	if err != nil {
		t.Fatal(err)
	}
	liveModel, err := (&introspect.SQLite{}).Inspect(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	got, want := comparableSQLite(desired), comparableSQLite(liveModel)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("desired model differs from the demo database's:\n got %+v\nwant %+v", got, want)
	}
	if len(got) < 8 {
		t.Errorf("only %d relations loaded", len(got))
	}
}

// comparableSQLite is a model's main tables without sizes, estimates and
// the migrations history table.
func comparableSQLite(m *introspect.Model) map[string]introspect.Table {
	out := map[string]introspect.Table{}
	for _, s := range m.Schemas {
		for _, tb := range s.Tables {
			if tb.Name == "__drizzle_migrations" {
				continue
			}
			tb.RowEstimate, tb.SizeBytes = 0, 0
			out[s.Name+"."+tb.Name] = tb
		}
	}
	return out
}
