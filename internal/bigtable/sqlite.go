package bigtable

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"studio/database"
)

// SQLite statements: the table, its rows from a recursive CTE, the sort
// index, all in the one transaction SQLiteFile opens.
const (
	liteCreate = `CREATE TABLE {t} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score INTEGER,
  amount NUMERIC, created_at DATETIME NOT NULL, note TEXT)`
	liteFill = `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n})
INSERT INTO {t}
SELECT i, 'name ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 37) % 100000 END,
  ((i * 31) % 10000000) / 100.0,
  strftime('%Y-%m-%d %H:%M:%S', 1577836800 + (i * {stride}) % {n}, 'unixepoch'),
  CASE WHEN i % 7 = 0 THEN NULL ELSE 'note ' || (i % 1000) END
FROM s`
)

// Table is the name of the table in the SQLite files.
const Table = "big"

// CacheDir is where built SQLite files are kept between runs:
// os.TempDir()/studio-bench.
func CacheDir() string { return filepath.Join(os.TempDir(), "studio-bench") }

// SQLiteFile returns the path of a SQLite file in dir holding table big
// with n rows, building it only when no file of this Version and size is
// there yet. The file is built under another name and renamed into place,
// and concurrent callers (benchmarks of several packages) wait for one
// build under a lock, so a reader never sees half a file. Open it
// read-only: it is shared.
func SQLiteFile(ctx context.Context, dir string, n int) (string, error) {
	if err := checkSize(n); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("bigtable: %w", err)
	}
	path := filepath.Join(dir, fmt.Sprintf("big-v%d-%d.db", Version, n))
	unlock, err := lock(path + ".lock")
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("bigtable: %w", err)
	}
	tmp := path + ".building"
	_ = os.Remove(tmp)
	if err := buildSQLite(ctx, tmp, n); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("bigtable: %w", err)
	}
	return path, nil
}

func buildSQLite(ctx context.Context, path string, n int) error {
	db, err := database.Open(ctx, database.Target{Dialect: database.SQLite, Path: path}, database.Options{Create: true})
	if err != nil {
		return fmt.Errorf("bigtable: %w", err)
	}
	defer db.Close()
	// A throwaway file: no journal, no syncs, a big page cache.
	return onOneConn(ctx, db, []string{
		"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144",
		"BEGIN",
		expand(liteCreate, Table, n),
		expand(liteFill, Table, n),
		expand("CREATE INDEX {idx} ON {t} (created_at)", Table, n),
		"COMMIT",
	})
}

// lock takes an exclusive advisory lock on path, waiting for it.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("bigtable: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("bigtable: lock %s: %w", path, err)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
