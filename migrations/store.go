package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"studio/database"
)

// store is what differs between SQLite and PostgreSQL: the history
// table's DDL and catalog queries, how a run is locked, how a chunk is
// sent and how the database reports an error.
type store interface {
	// columnsSQL lists the history table's columns (no rows: no table).
	columnsSQL() string
	columnsArg(cfg Config) any
	// seqColumn orders records by insertion.
	seqColumn() string
	// historiesSQL finds every history-shaped table: rows of
	// (schema, table, comma-separated columns).
	historiesSQL() string

	// prepare readies the pinned connection before the first BEGIN and
	// returns how to undo it.
	prepare(ctx context.Context, conn *sql.Conn, opts ApplyOptions) (func(context.Context) error, error)
	// begin opens a transaction; first, it also waits for the run lock.
	begin(ctx context.Context, conn *sql.Conn, cfg Config, first bool) (wait time.Duration, err error)
	// holdAcrossCommits keeps the run lock over COMMITs the folder asks
	// for; release drops it at the end.
	holdAcrossCommits(ctx context.Context, conn *sql.Conn, cfg Config) error
	release(ctx context.Context, conn *sql.Conn, cfg Config) error
	ensureTable(ctx context.Context, q queryer, cfg Config, v1 bool) error
	addNameColumns(ctx context.Context, q queryer, cfg Config) error
	setName(ctx context.Context, q queryer, cfg Config, seq int64, name string) error
	insert(ctx context.Context, q queryer, cfg Config, m *Migration, v1 bool) error
	// exec sends one piece of a chunk as written.
	exec(ctx context.Context, conn *sql.Conn, text string) (execResult, error)
	// describe extracts what the database said about a failed statement.
	describe(err error, text string) dbError
	// check runs before COMMIT (SQLite: foreign keys); snapshot runs
	// before the first migration so check can ignore older damage.
	snapshot(ctx context.Context, conn *sql.Conn) (any, error)
	check(ctx context.Context, conn *sql.Conn, before any) error
}

// execResult is what the database said about one piece.
type execResult struct {
	tags []string
	rows int64
}

// dbError is a database error taken apart. Position is the 1-based
// character in the text sent (0: unknown).
type dbError struct {
	code, message, detail, hint, where string
	position                           int
}

func newStore(db *database.DB) (store, error) {
	switch db.Target.Dialect {
	case database.Postgres:
		return pgStore{}, nil
	case database.SQLite:
		return sqliteStore{}, nil
	}
	return nil, fmt.Errorf("%w: unknown dialect %q", ErrDialect, db.Dialect())
}

// checkDialect refuses a folder written for another database.
func checkDialect(f *Folder, db *database.DB) error {
	if f.Dialect == "" || f.Dialect == db.Dialect() {
		return nil
	}
	return fmt.Errorf("%w: %s is a %s folder and the database is %s", ErrDialect, f.Dir, f.Dialect, db.Dialect())
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff is the next polling interval while waiting for a lock.
func backoff(d time.Duration) time.Duration {
	if d == 0 {
		return 10 * time.Millisecond
	}
	return min(2*d, 200*time.Millisecond)
}
