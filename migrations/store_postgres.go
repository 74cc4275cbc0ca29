package migrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"studio/database"
)

//go:embed histories_postgres.sql
var pgHistoriesSQL string

// pgStore keeps Drizzle's PostgreSQL history: a table in its own schema
// (default drizzle.__drizzle_migrations), serialised with an advisory
// lock.
type pgStore struct{}

var _ store = pgStore{}

func (pgStore) columnsSQL() string {
	return `SELECT a.attname::text FROM pg_catalog.pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`
}

func (pgStore) columnsArg(cfg Config) any { return cfg.qualified() }
func (pgStore) seqColumn() string         { return "id" }
func (pgStore) historiesSQL() string      { return pgHistoriesSQL }

// lockKey is the advisory lock key of a history table: the first 8 bytes
// of SHA-256("drizzle-migrations" NUL schema NUL table). Every runner of
// the same table, in any process, computes the same key.
func lockKey(cfg Config) int64 {
	sum := sha256.Sum256([]byte("drizzle-migrations\x00" + cfg.Schema + "\x00" + cfg.Table))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// prepare sets the search_path for the run (session level, as a folder
// that assumes one expects) and undoes it, and anything the migrations
// set, afterwards.
func (pgStore) prepare(ctx context.Context, conn *sql.Conn, opts ApplyOptions) (func(context.Context) error, error) {
	if opts.SearchPath != "" {
		set, err := searchPathSQL(opts.SearchPath)
		if err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, set); err != nil {
			return nil, fmt.Errorf("setting search_path: %w", err)
		}
	}
	return func(ctx context.Context) error {
		_, err := conn.ExecContext(ctx, "RESET ALL")
		return err
	}, nil
}

// begin opens a transaction and, on the first, takes the run's
// transaction-level advisory lock. It polls pg_try_advisory_xact_lock
// instead of blocking in pg_advisory_xact_lock: a waiting statement holds
// a snapshot, and CREATE INDEX CONCURRENTLY in the running migration waits
// for every older snapshot, which would deadlock the two runs.
func (pgStore) begin(ctx context.Context, conn *sql.Conn, cfg Config, first bool) (time.Duration, error) {
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return 0, fmt.Errorf("beginning the migration transaction: %w", err)
	}
	if !first {
		return 0, nil
	}
	start := time.Now()
	key := lockKey(cfg)
	for wait := time.Duration(0); ; wait = backoff(wait) {
		if err := sleepCtx(ctx, wait); err != nil {
			return time.Since(start), fmt.Errorf("waiting for the migration lock: %w", err)
		}
		var got bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock($1)", key).Scan(&got); err != nil {
			return time.Since(start), fmt.Errorf("taking the migration lock: %w", err)
		}
		if got {
			return time.Since(start), nil
		}
	}
}

// holdAcrossCommits takes the same key at session level (granted at once:
// this session holds it already), so COMMITs inside the run do not let
// another runner in.
func (pgStore) holdAcrossCommits(ctx context.Context, conn *sql.Conn, cfg Config) error {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey(cfg)); err != nil {
		return fmt.Errorf("keeping the migration lock: %w", err)
	}
	return nil
}

func (pgStore) release(ctx context.Context, conn *sql.Conn, cfg Config) error {
	_, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockKey(cfg))
	return err
}

// ensureTable creates the schema (only when missing, so no CREATE
// privilege is needed otherwise) and the table exactly as drizzle-orm
// does: 0.x columns for the journal layout, 1.0 columns for folders.
func (pgStore) ensureTable(ctx context.Context, q queryer, cfg Config, v1 bool) error {
	var n int
	rows, err := q.QueryContext(ctx, "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = $1", cfg.Schema)
	if err != nil {
		return fmt.Errorf("looking up schema %s: %w", cfg.Schema, err)
	}
	for rows.Next() {
		err = rows.Scan(&n)
	}
	if err := errors.Join(err, rows.Close(), rows.Err()); err != nil {
		return fmt.Errorf("looking up schema %s: %w", cfg.Schema, err)
	}
	if n == 0 {
		if _, err := q.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+database.QuoteIdent(cfg.Schema)); err != nil {
			return fmt.Errorf("creating schema %s: %w", cfg.Schema, err)
		}
	}
	ddl := `CREATE TABLE IF NOT EXISTS ` + cfg.qualified() + ` (
	id SERIAL PRIMARY KEY,
	hash text NOT NULL,
	created_at bigint`
	if v1 {
		ddl += `,
	name text,
	applied_at timestamp with time zone DEFAULT now()`
	}
	if _, err := q.ExecContext(ctx, ddl+"\n)"); err != nil {
		return fmt.Errorf("creating %s: %w", cfg.display(), err)
	}
	return nil
}

// addNameColumns upgrades a 0.x table in place as drizzle-orm 1.0 does.
// The DEFAULT fills existing rows with the upgrade time; setName clears it
// for the rows it names, as drizzle does.
func (pgStore) addNameColumns(ctx context.Context, q queryer, cfg Config) error {
	for _, ddl := range []string{
		`ALTER TABLE ` + cfg.qualified() + ` ADD COLUMN IF NOT EXISTS "name" text`,
		`ALTER TABLE ` + cfg.qualified() + ` ADD COLUMN IF NOT EXISTS "applied_at" timestamp with time zone DEFAULT now()`,
	} {
		if _, err := q.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("upgrading %s: %w", cfg.display(), err)
		}
	}
	return nil
}

func (pgStore) setName(ctx context.Context, q queryer, cfg Config, seq int64, name string) error {
	_, err := q.ExecContext(ctx, `UPDATE `+cfg.qualified()+` SET "name" = $1, "applied_at" = NULL WHERE "id" = $2`, name, seq)
	if err != nil {
		return fmt.Errorf("upgrading %s: %w", cfg.display(), err)
	}
	return nil
}

func (pgStore) insert(ctx context.Context, q queryer, cfg Config, m *Migration, v1 bool) error {
	var err error
	if v1 {
		_, err = q.ExecContext(ctx, `INSERT INTO `+cfg.qualified()+` ("hash", "created_at", "name") VALUES ($1, $2, $3)`, m.Hash, m.CreatedAt, m.Name)
	} else {
		_, err = q.ExecContext(ctx, `INSERT INTO `+cfg.qualified()+` ("hash", "created_at") VALUES ($1, $2)`, m.Hash, m.CreatedAt)
	}
	if err != nil {
		return fmt.Errorf("recording %s in %s: %w", m.Name, cfg.display(), err)
	}
	return nil
}

// exec sends text through the simple query protocol on the raw pgx
// connection: a chunk may hold several statements, and every command tag
// is kept.
func (pgStore) exec(ctx context.Context, conn *sql.Conn, text string) (execResult, error) {
	var res execResult
	err := conn.Raw(func(dc any) error {
		mrr := dc.(*stdlib.Conn).Conn().PgConn().Exec(ctx, text)
		for mrr.NextResult() {
			tag, err := mrr.ResultReader().Close()
			if err != nil {
				break
			}
			res.tags = append(res.tags, tag.String())
			res.rows += tag.RowsAffected()
		}
		return mrr.Close()
	})
	return res, err
}

func (pgStore) describe(err error, _ string) dbError {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return dbError{message: err.Error()}
	}
	return dbError{code: pe.Code, message: pe.Message, detail: pe.Detail, hint: pe.Hint,
		where: pe.Where, position: int(pe.Position)}
}

func (pgStore) snapshot(context.Context, *sql.Conn) (any, error) { return nil, nil }
func (pgStore) check(context.Context, *sql.Conn, any) error      { return nil }
