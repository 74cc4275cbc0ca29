package migrations

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"time"

	"studio/database"
)

//go:embed histories_sqlite.sql
var sqliteHistoriesSQL string

// sqliteStore keeps Drizzle's SQLite history (__drizzle_migrations, no
// schema) and runs migrations with foreign keys off on a pinned
// connection inside one BEGIN IMMEDIATE transaction.
type sqliteStore struct{}

var _ store = sqliteStore{}

func (sqliteStore) columnsSQL() string        { return `SELECT name FROM pragma_table_info(?)` }
func (sqliteStore) columnsArg(cfg Config) any { return cfg.Table }
func (sqliteStore) seqColumn() string         { return "rowid" }
func (sqliteStore) historiesSQL() string      { return sqliteHistoriesSQL }

// prepare switches foreign keys off before BEGIN (inside a transaction
// SQLite ignores the pragma, which is how Drizzle's runs cascade-delete
// child rows during table rebuilds) and restores the previous setting.
func (sqliteStore) prepare(ctx context.Context, conn *sql.Conn, _ ApplyOptions) (func(context.Context) error, error) {
	var prev int
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&prev); err != nil {
		return nil, fmt.Errorf("reading PRAGMA foreign_keys: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return nil, fmt.Errorf("switching foreign keys off: %w", err)
	}
	return func(ctx context.Context) error {
		_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA foreign_keys = %d", prev))
		return err
	}, nil
}

// begin takes SQLite's write lock at once (BEGIN IMMEDIATE), so the state
// read next cannot change under the run. While another run holds it, it
// keeps retrying, beyond the connection's busy timeout, until ctx ends.
func (sqliteStore) begin(ctx context.Context, conn *sql.Conn, _ Config, _ bool) (time.Duration, error) {
	start := time.Now()
	for wait := time.Duration(0); ; wait = backoff(wait) {
		if err := sleepCtx(ctx, wait); err != nil {
			return time.Since(start), fmt.Errorf("waiting for the database write lock: %w", err)
		}
		_, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		if err == nil {
			return time.Since(start), nil
		}
		if !isBusy(err) {
			return time.Since(start), fmt.Errorf("beginning the migration transaction: %w", err)
		}
	}
}

// isBusy reports SQLITE_BUSY or SQLITE_LOCKED (any extended code).
func isBusy(err error) bool {
	var ce interface{ Code() int }
	if errors.As(err, &ce) {
		c := ce.Code() & 0xff
		return c == 5 || c == 6
	}
	return false
}

func (sqliteStore) holdAcrossCommits(context.Context, *sql.Conn, Config) error { return nil }
func (sqliteStore) release(context.Context, *sql.Conn, Config) error           { return nil }

// ensureTable creates the table exactly as drizzle-orm does: 0.x columns
// (id SERIAL, which SQLite leaves NULL) for the journal layout, 1.0
// columns (id INTEGER PRIMARY KEY) for folders.
func (sqliteStore) ensureTable(ctx context.Context, q queryer, cfg Config, v1 bool) error {
	ddl := `CREATE TABLE IF NOT EXISTS ` + cfg.qualified() + ` (
	id SERIAL PRIMARY KEY,
	hash text NOT NULL,
	created_at numeric
)`
	if v1 {
		ddl = `CREATE TABLE IF NOT EXISTS ` + cfg.qualified() + ` (
	id INTEGER PRIMARY KEY,
	hash text NOT NULL,
	created_at numeric,
	name text,
	applied_at TEXT
)`
	}
	if _, err := q.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("creating %s: %w", cfg.display(), err)
	}
	return nil
}

// addNameColumns upgrades a 0.x table in place as drizzle-orm 1.0 does.
func (sqliteStore) addNameColumns(ctx context.Context, q queryer, cfg Config) error {
	cols, err := queryStrings(ctx, q, `SELECT name FROM pragma_table_info(?)`, cfg.Table)
	if err != nil {
		return fmt.Errorf("upgrading %s: %w", cfg.display(), err)
	}
	have := map[string]bool{}
	for _, c := range cols {
		have[c] = true
	}
	for _, c := range [][2]string{{"name", "text"}, {"applied_at", "TEXT"}} {
		if have[c[0]] {
			continue
		}
		if _, err := q.ExecContext(ctx, `ALTER TABLE `+cfg.qualified()+` ADD COLUMN `+database.QuoteIdent(c[0])+` `+c[1]); err != nil {
			return fmt.Errorf("upgrading %s: %w", cfg.display(), err)
		}
	}
	return nil
}

func (sqliteStore) setName(ctx context.Context, q queryer, cfg Config, seq int64, name string) error {
	_, err := q.ExecContext(ctx, `UPDATE `+cfg.qualified()+` SET "name" = ?, "applied_at" = NULL WHERE rowid = ?`, name, seq)
	if err != nil {
		return fmt.Errorf("upgrading %s: %w", cfg.display(), err)
	}
	return nil
}

// insert records a migration; applied_at is ISO-8601 UTC with
// milliseconds, as JavaScript's toISOString writes it.
func (sqliteStore) insert(ctx context.Context, q queryer, cfg Config, m *Migration, v1 bool) error {
	var err error
	if v1 {
		now := time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
		_, err = q.ExecContext(ctx, `INSERT INTO `+cfg.qualified()+` ("hash", "created_at", "name", "applied_at") VALUES (?, ?, ?, ?)`,
			m.Hash, m.CreatedAt, m.Name, now)
	} else {
		_, err = q.ExecContext(ctx, `INSERT INTO `+cfg.qualified()+` ("hash", "created_at") VALUES (?, ?)`, m.Hash, m.CreatedAt)
	}
	if err != nil {
		return fmt.Errorf("recording %s in %s: %w", m.Name, cfg.display(), err)
	}
	return nil
}

// exec sends a chunk; rows affected come from total_changes(), since the
// driver's count is stale after DDL and covers only a chunk's last statement.
func (sqliteStore) exec(ctx context.Context, conn *sql.Conn, text string) (execResult, error) {
	if err := database.CheckNUL(text); err != nil {
		return execResult{}, err
	}
	var before, after int64
	if err := conn.QueryRowContext(ctx, "SELECT total_changes()").Scan(&before); err != nil {
		return execResult{}, err
	}
	if _, err := conn.ExecContext(ctx, text); err != nil {
		return execResult{}, err
	}
	if err := conn.QueryRowContext(ctx, "SELECT total_changes()").Scan(&after); err != nil {
		return execResult{}, err
	}
	return execResult{rows: after - before}, nil
}

func (sqliteStore) describe(err error, _ string) dbError { return dbError{message: err.Error()} }

// fkCounts counts foreign_key_check rows per (table, parent, fkid).
type fkCounts map[FKViolation]int

func (sqliteStore) snapshot(ctx context.Context, conn *sql.Conn) (any, error) {
	return foreignKeyCheck(ctx, conn)
}

// check fails when the run added foreign key violations: more rows per
// (table, parent, foreign key) than before it. Row ids are not compared:
// a rebuilt table may renumber them.
func (sqliteStore) check(ctx context.Context, conn *sql.Conn, before any) error {
	after, err := foreignKeyCheck(ctx, conn)
	if err != nil {
		return err
	}
	old, _ := before.(fkCounts)
	var out []FKViolation
	for k, n := range after {
		if n > old[k] {
			v := k
			v.Rows = n - old[k]
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].FKID < out[j].FKID
	})
	return &ForeignKeyError{Violations: out}
}

func foreignKeyCheck(ctx context.Context, conn *sql.Conn) (fkCounts, error) {
	rows, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("checking foreign keys: %w", err)
	}
	defer rows.Close()
	out := fkCounts{}
	for rows.Next() {
		var (
			table, parent string
			rowid         sql.NullInt64
			fkid          int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, fmt.Errorf("checking foreign keys: %w", err)
		}
		out[FKViolation{Table: table, Parent: parent, FKID: fkid}]++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("checking foreign keys: %w", err)
	}
	return out, nil
}
