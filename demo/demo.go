// Package demo owns the demo SQLite database that `studio demo` opens with
// no set-up: its schema (a chat and community app with plugins modelled on
// the apps that use drizzle-orm), the deterministic data generated into it,
// and the Drizzle migrations folder written next to it (drizzle/: 0000
// builds the schema and is recorded as applied, 0001 is pending), so the
// migration pages have a real history, preview and run to show.
package demo

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// drizzleFS holds the demo's migrations folder, drizzle/. Its 0000 file is
// the only source of the demo's schema. "all:" keeps meta/_journal.json,
// which go:embed would leave out for its leading '_'.
//
//go:embed all:drizzle
var drizzleFS embed.FS

// drizzleDir is the folder's name in drizzleFS and next to the database.
const drizzleDir = "drizzle"

// ErrNotSQLite is wrapped when the demo path holds something that is not a
// SQLite database; Create leaves it untouched.
var ErrNotSQLite = errors.New("not a SQLite database")

// sqliteHeader starts every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// MigrationsDir is the demo's migrations folder for the demo database at
// dbPath: the "drizzle" folder next to it, which Create writes.
func MigrationsDir(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), drizzleDir)
}

// Create makes the demo database at path unless something is there already.
//
// When path exists and is a SQLite database (of any content) Create leaves it
// untouched and returns false: user files are never overwritten. When it
// exists but is not a SQLite database (an empty file, a directory, other
// bytes) the error wraps ErrNotSQLite. Otherwise it creates the parent
// directory, builds the database in a temporary file next to path and moves
// it into place without replacing anything created meanwhile, so a crash or
// a cancelled ctx never leaves a half-built demo. It returns true when it
// created the file.
//
// A new demo comes with its migrations folder at MigrationsDir(path), whose
// first migration the database records as applied (as drizzle-orm's
// migrator would) and whose second is pending. The folder is written
// before the database is moved into place, and only when nothing is at
// MigrationsDir(path) yet: an existing folder is left as it is.
func Create(ctx context.Context, path string) (created bool, err error) {
	if exists, err := checkExisting(path); exists || err != nil {
		return false, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("creating demo directory: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("creating demo temp file: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer removeTemp(tmp)
	if err := build(ctx, tmp); err != nil {
		return false, err
	}
	if err := syncFile(tmp); err != nil {
		return false, err
	}
	if err := writeFolder(MigrationsDir(path)); err != nil {
		return false, err
	}
	return place(tmp, path)
}

// checkExisting reports whether a SQLite database is already at path, and
// fails when something else is.
func checkExisting(path string) (bool, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("checking demo path: %w", err)
	}
	if st.IsDir() {
		return false, fmt.Errorf("%w: %s is a directory", ErrNotSQLite, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("checking demo path: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return false, fmt.Errorf("%w: %s exists and is not one; it was left untouched, remove it or choose another path", ErrNotSQLite, path)
	}
	return true, nil
}

// place links tmp to path, which fails rather than replace a file created
// since checkExisting. Where hard links are not supported it falls back to
// a rename after checking again.
func place(tmp, path string) (bool, error) {
	err := os.Link(tmp, path)
	if errors.Is(err, fs.ErrExist) {
		// Created by someone else while we were building: the same rules as
		// when it was there from the start.
		if exists, cerr := checkExisting(path); exists || cerr != nil {
			return false, cerr
		}
		return false, fmt.Errorf("moving demo database into place: %w", err)
	}
	if err != nil {
		if exists, cerr := checkExisting(path); exists || cerr != nil {
			return false, cerr
		}
		if err := os.Rename(tmp, path); err != nil {
			return false, fmt.Errorf("moving demo database into place: %w", err)
		}
	}
	syncDir(filepath.Dir(path))
	return true, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("syncing demo database: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("syncing demo database: %w", err)
	}
	return nil
}

// syncDir makes the new directory entry durable. Errors are ignored: some
// systems (Windows) cannot open a directory for syncing, and the file itself
// is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// removeTemp deletes the temporary database and any side file SQLite may
// have left next to it.
func removeTemp(tmp string) {
	for _, p := range []string{tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
}
