package introspect

import (
	"database/sql"
	"path/filepath"
	"testing"

	"studio/database"
	"studio/demo"
)

// TestSQLiteDemoGolden pins the model of the demo database `studio demo`
// opens: FTS5 with its shadow tables, cascades, a self-reference, a view,
// partial and expression indexes, triggers, WITHOUT ROWID, AUTOINCREMENT.
func TestSQLiteDemoGolden(t *testing.T) {
	ctx := testContext(t)
	path := filepath.Join(t.TempDir(), "demo.db")
	if _, err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", database.SQLiteDSN(path, database.Options{ReadOnly: true}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := (&SQLite{}).Inspect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	zeroStats(m)
	assertGolden(t, "sqlite_demo.golden.json", m)
	if cycles := m.FKCycles(); len(cycles) != 0 {
		t.Errorf("FK cycles = %v, want none: messages.parent_id is a tree, not a cycle", cycles)
	}
}
