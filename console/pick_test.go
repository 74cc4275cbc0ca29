package console_test

import (
	"context"
	"errors"
	"testing"

	"studio/console"
	"studio/database"
	"studio/input"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

// TestPick: a selection runs as it is; otherwise the statement the caret
// is in (or just after) runs; one statement, or no caret, runs whole.
// Offsets are UTF-16 units, as the browser counts them.
func TestPick(t *testing.T) {
	const text = "SELECT 'é😀' AS a;\nSELECT 2 AS b;\n\nSELECT 3 -- three\n  AS c"
	tests := []struct {
		name       string
		text       string
		start, end int
		want       string
	}{
		{"no caret runs all", text, -1, -1, text},
		{"caret in the first", text, 3, 3, "SELECT 'é😀' AS a"},
		{"caret after the astral character", text, 11, 11, "SELECT 'é😀' AS a"},
		{"caret just past the first semicolon", text, 17, 17, "SELECT 'é😀' AS a"},
		{"caret in the second", text, 20, 20, "SELECT 2 AS b"},
		{"caret in the blank before the third", text, 34, 34, "SELECT 2 AS b"},
		{"caret at the end", text, 57, 57, "SELECT 3 -- three\n  AS c"},
		{"a selection", text, 19, 33, "SELECT 2 AS b;"},
		{"a blank selection is the caret", text, 33, 35, "SELECT 2 AS b"},
		{"one statement runs whole", "SELECT 1;", 2, 2, "SELECT 1;"},
		{"past the end runs all", text, 500, 500, text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := console.Pick(tt.text, database.SQLite, tt.start, tt.end); got != tt.want {
				t.Errorf("Pick(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

// TestCountRows counts a query's rows on both databases, read-only even
// in write mode: a statement that writes is refused, and writes nothing.
func TestCountRows(t *testing.T) {
	sqliteDB := sqlitetest.New(t, sqliteFixture)
	for name, db := range map[string]*database.DB{
		"sqlite":   sqliteDB,
		"postgres": mustOpenPostgres(t, pgtest.NewDatabase(t), false, true),
	} {
		t.Run(name, func(t *testing.T) {
			r := console.NewRunner()
			n, err := r.Count(context.Background(), db, console.Statement{SQL: "SELECT * FROM t WHERE id > 50 -- the tail\n;"})
			if err != nil || n != 200 {
				t.Fatalf("Count = %d, %v; want 200", n, err)
			}
			if _, err := r.Count(context.Background(), db, console.Statement{SQL: "DELETE FROM t RETURNING id"}); err == nil {
				t.Errorf("a DELETE was counted")
			}
			var left int
			if err := db.QueryRow("SELECT count(*) FROM t").Scan(&left); err != nil || left != 250 {
				t.Errorf("rows left %d (%v)", left, err)
			}
			if _, err := r.Count(context.Background(), db, console.Statement{SQL: "SELECT 1; SELECT 2"}); !errors.Is(err, input.ErrBad) {
				t.Errorf("two statements: %v", err)
			}
		})
	}
}
