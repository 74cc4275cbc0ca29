// Package sqlitetest gives tests SQLite databases: real files in the
// test's temporary folder, opened the way studio opens them (through
// database.Open, so foreign keys and the busy timeout are on). It is the
// SQLite counterpart of pgtest; nothing is mocked.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"studio/database"
)

// File creates app.db in a new temporary folder of t, runs each setup
// script in it (several statements at once are fine) and closes it, so
// the caller decides how to open it. It returns the file's path.
func File(t testing.TB, setup ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app.db")
	db := Open(t, path, database.Options{Create: true})
	for _, s := range setup {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("sqlitetest: setup: %v", err)
		}
	}
	db.Close()
	return path
}

// Open opens the SQLite file at path with o and closes it when the test
// ends.
func Open(t testing.TB, path string, o database.Options) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), database.Target{Dialect: database.SQLite, Path: path}, o)
	if err != nil {
		t.Fatalf("sqlitetest: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// New is File opened read-write: a fresh database holding setup. Its
// path is db.Target.Path.
func New(t testing.TB, setup ...string) *database.DB {
	t.Helper()
	return Open(t, File(t, setup...), database.Options{})
}
