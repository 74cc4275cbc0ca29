package blueprint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/sqlitetest"
)

// FuzzLoadSQLite loads arbitrary desired-schema files into the in-memory
// scratch database: it never panics or hangs, a statement SQLite refuses
// comes back as a *SyntaxError with a line inside the file, and what loads
// can be read back as a model.
func FuzzLoadSQLite(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE a (id integer primary key, b text);",
		"CREATE TABLE a (x);\nCREATE TABLE a (y);",
		"CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;",
		"CREATE VIEW v AS SELECT 1;\n-- comment\nnot sql",
		"CREATE TABLE \"we\"\"ird\" (\"<b>\" int) WITHOUT ROWID;",
		"/* unterminated",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	live := sqlitetest.Open(f, filepath.Join(dir, "live.db"), database.Options{Create: true})
	f.Fuzz(func(t *testing.T, src string) {
		// The scratch database is in memory, but ATTACH and VACUUM INTO
		// would write files wherever the input says: not in a fuzzer.
		if low := strings.ToLower(src); strings.Contains(low, "attach") || strings.Contains(low, "vacuum") {
			return
		}
		path := filepath.Join(t.TempDir(), "schema.sql")
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		m, err := Load(ctx, live, path, "")
		var se *SyntaxError
		switch {
		case err == nil && m == nil:
			t.Fatal("no model and no error")
		case errors.As(err, &se) && (se.Line < 1 || se.Line > strings.Count(src, "\n")+1):
			t.Fatalf("error line %d outside the file: %v", se.Line, err)
		case strings.IndexByte(src, 0) >= 0 && !errors.Is(err, database.ErrNUL):
			// SQLite would read the file only up to the NUL.
			t.Fatalf("a file holding a NUL byte loaded: %v", err)
		}
	})
}
