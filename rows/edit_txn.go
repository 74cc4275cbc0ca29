package rows

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"studio/database"
)

// txn is one write transaction, on either dialect: reads stream through
// the same readers as pages, so values (and versions) come out identical.
type txn interface {
	query(ctx context.Context, sql string, args []any, row func([]Value) error) error
	exec(ctx context.Context, sql string, args []any) (int64, error)
}

// write runs fn in one transaction and commits only when fn succeeds.
func (e *Editor) write(ctx context.Context, fn func(txn) error) error {
	return e.Table.engine().write(ctx, e.db, fn)
}

// writePG runs fn in a READ COMMITTED transaction; the rows fn reads with
// FOR UPDATE stay locked until it ends, so a version checked is the
// version changed.
func writePG(ctx context.Context, c *pgx.Conn, fn func(txn) error) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(pgTxn{tx}); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx)) // the error that matters is fn's
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit, nothing written: %w", err)
	}
	return nil
}

// writeSQLite runs fn on one pinned connection inside BEGIN IMMEDIATE:
// SQLite's write lock is taken before the row is read, so no other writer
// can change it between the version check and the change. A connection
// whose ROLLBACK failed is discarded rather than pooled mid-transaction.
func writeSQLite(ctx context.Context, db *database.DB, fn func(txn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get a connection: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(liteTxn{conn}); err != nil {
		liteRollback(ctx, conn)
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		liteRollback(ctx, conn)
		return fmt.Errorf("commit, nothing written: %w", err)
	}
	return nil
}

func liteRollback(ctx context.Context, conn *sql.Conn) {
	_, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	// "no transaction is active" means a failed statement already ended it.
	if err != nil && !strings.Contains(err.Error(), "no transaction is active") {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

type pgTxn struct{ tx pgx.Tx }

func (t pgTxn) query(ctx context.Context, sql string, args []any, row func([]Value) error) error {
	return StreamPG(ctx, t.tx, sql, args, Sink{Row: row})
}

func (t pgTxn) exec(ctx context.Context, sql string, args []any) (int64, error) {
	tag, err := t.tx.Exec(ctx, sql, args...)
	return tag.RowsAffected(), err
}

type liteTxn struct{ conn *sql.Conn }

func (t liteTxn) query(ctx context.Context, sql string, args []any, row func([]Value) error) error {
	return StreamSQLite(ctx, t.conn, sql, args, Sink{Row: row})
}

func (t liteTxn) exec(ctx context.Context, sql string, args []any) (int64, error) {
	res, err := t.conn.ExecContext(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
