package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/introspect"
	"studio/plan"
)

const (
	benchTables = 50
	benchRows   = 1000
)

// benchSchema is a chain of tables (each a child of the previous one)
// with an index each; changed gives every even table a new column (ADD
// COLUMN) and every odd one a new CHECK (a rebuild).
func benchSchema(changed bool) string {
	var b strings.Builder
	for i := range benchTables {
		parent := ""
		if i > 0 {
			parent = fmt.Sprintf(", parent INTEGER REFERENCES t%02d(id) ON DELETE CASCADE", i-1)
		}
		extra := ""
		switch {
		case changed && i%2 == 0:
			extra = ", note TEXT"
		case changed:
			extra = ", CHECK (n >= 0)"
		}
		fmt.Fprintf(&b, "CREATE TABLE t%02d (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER%s%s);\n", i, parent, extra)
		fmt.Fprintf(&b, "CREATE INDEX t%02d_name ON t%02d (name);\n", i, i)
	}
	return b.String()
}

// benchLive writes the unchanged schema with its rows to a template
// file.
func benchLive(b *testing.B) string {
	db := sqlitetest.New(b)
	path := db.Target.Path
	mustExec(b, db, benchSchema(false))
	for i := range benchTables {
		parent, from := "", ""
		if i > 0 {
			parent, from = ", parent", ", value"
		}
		mustExec(b, db, fmt.Sprintf(`WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < %d)
			INSERT INTO t%02d (id, name, n%s) SELECT value, 'row ' || value, value%s FROM s`, benchRows, i, parent, from))
	}
	db.Close()
	return path
}

// BenchmarkDiffSQLite50Tables plans the change of 50 tables (25 ADD
// COLUMN, 25 rebuilds) from two models already read.
func BenchmarkDiffSQLite50Tables(b *testing.B) {
	db := sqlitetest.New(b)
	mustExec(b, db, benchSchema(false))
	live, desired := mustInspect(b, db), mustDesired(b, db, benchSchema(true))
	b.ResetTimer()
	for b.Loop() {
		if _, err := plan.Diff(live, desired, plan.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPushSQLite50Tables reads the live schema, plans and applies the
// change of 50 tables of 1,000 rows each (25 ADD COLUMN, 25 rebuilds with
// foreign keys off, the check before COMMIT) on a fresh copy each time.
func BenchmarkPushSQLite50Tables(b *testing.B) {
	ctx := context.Background()
	template := benchLive(b)
	seed := sqlitetest.New(b)
	desired := mustDesired(b, seed, benchSchema(true))
	raw, err := os.ReadFile(template)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	n := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		n++
		path := filepath.Join(dir, fmt.Sprintf("live%d.db", n))
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			b.Fatal(err)
		}
		db := sqlitetest.Open(b, path, database.Options{Create: true})
		b.StartTimer()
		live, err := (&introspect.SQLite{}).Inspect(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		p, err := plan.Diff(live, desired, plan.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := plan.Apply(ctx, db, p, plan.ApplyOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		os.Remove(path)
		b.StartTimer()
	}
}
