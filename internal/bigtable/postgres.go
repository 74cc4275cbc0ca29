package bigtable

import (
	"context"
	"fmt"

	"studio/database"
)

// pgCreate is the table; pgFill generates its rows in the server,
// streaming them from generate_series in the select list (in FROM it
// would first materialise all n numbers).
const (
	pgCreate = `CREATE TABLE {t} (id bigint NOT NULL, name text NOT NULL, score integer,
  amount numeric(12,2), created_at timestamptz NOT NULL, note text)`
	pgFill = `INSERT INTO {t}
SELECT i, 'name ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 37) % 100000 END,
  ((i * 31) % 10000000) / 100.0,
  timestamptz '2020-01-01 00:00:00+00' + ((i * {stride}) % {n}) * interval '1 second',
  CASE WHEN i % 7 = 0 THEN NULL ELSE 'note ' || (i % 1000) END
FROM (SELECT generate_series(1, {n}::bigint) AS i) AS s`
)

// Postgres creates table (in the search path's first schema) with n rows,
// then its primary key and the index on created_at, and vacuums and
// analyzes it so the planner knows it and index-only visibility is set.
// It runs on one connection with a large maintenance_work_mem.
func Postgres(ctx context.Context, db *database.DB, table string, n int) error {
	if err := checkSize(n); err != nil {
		return err
	}
	return onOneConn(ctx, db, []string{
		"SET maintenance_work_mem = '512MB'",
		expand(pgCreate, table, n),
		expand(pgFill, table, n),
		expand("ALTER TABLE {t} ADD PRIMARY KEY (id)", table, n),
		expand("CREATE INDEX {idx} ON {t} (created_at)", table, n),
		expand("VACUUM (ANALYZE) {t}", table, n),
	})
}

// PostgresNeverAnalyzed creates table with n rows that PostgreSQL has
// never analyzed: autovacuum is off on it before the first row goes in and
// nothing analyzes it, so pg_class.reltuples stays -1 (the planner knows
// nothing, and a naive row count would read every row). The primary key
// is declared up front: building an index afterwards would record the row
// count. It fails if reltuples is not -1 at the end.
func PostgresNeverAnalyzed(ctx context.Context, db *database.DB, table string, n int) error {
	if err := checkSize(n); err != nil {
		return err
	}
	err := onOneConn(ctx, db, []string{
		expand(pgCreate, table, n),
		expand("ALTER TABLE {t} SET (autovacuum_enabled = off, toast.autovacuum_enabled = off)", table, n),
		expand("ALTER TABLE {t} ADD PRIMARY KEY (id)", table, n),
		expand(pgFill, table, n),
	})
	if err != nil {
		return err
	}
	var tuples float64
	q := "SELECT reltuples FROM pg_catalog.pg_class WHERE oid = $1::regclass"
	if err := db.QueryRowContext(ctx, q, database.QuoteIdent(table)).Scan(&tuples); err != nil {
		return fmt.Errorf("bigtable: read reltuples of %s: %w", table, err)
	}
	if tuples != -1 {
		return fmt.Errorf("bigtable: %s has reltuples %v, want -1 (never analyzed)", table, tuples)
	}
	return nil
}

// onOneConn runs statements in order on one pooled connection, so session
// settings apply to all of them.
func onOneConn(ctx context.Context, db *database.DB, stmts []string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bigtable: get a connection: %w", err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("bigtable: %.60s...: %w", s, err)
		}
	}
	return nil
}
