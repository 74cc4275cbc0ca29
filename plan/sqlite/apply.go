package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"studio/database"
	"studio/plan/step"
)

// Apply runs a SQLite plan on one pinned connection: an optional
// backup first (VACUUM INTO), foreign keys off before BEGIN when the plan
// rebuilds or drops tables (inside a transaction SQLite ignores the
// pragma, which is how other tools' rebuilds cascade-delete child rows),
// every step inside BEGIN IMMEDIATE, a foreign key check before COMMIT,
// and the previous foreign_keys setting restored afterwards, also on
// failure. plan.Apply has checked the plan's dialect and destructive
// steps.
func Apply(ctx context.Context, db *database.DB, p *step.Plan, opts step.ApplyOptions) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("pin a connection: %w", err)
	}
	defer conn.Close()
	if opts.Backup != "" {
		if err := backup(ctx, conn, opts.Backup); err != nil {
			return err
		}
	}
	if p.ForeignKeysOff {
		restore, err := foreignKeysOff(ctx, conn)
		if err != nil {
			return err
		}
		defer func() {
			if rerr := restore(); rerr != nil && err == nil {
				err = rerr
			}
		}()
	}
	return run(ctx, conn, p, opts)
}

// backup writes a copy of the database to path; path must not exist.
func backup(ctx context.Context, conn *sql.Conn, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup %s: %w", path, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// foreignKeysOff switches foreign keys off on conn (outside any
// transaction, where the pragma takes effect) and returns the function
// putting back the previous setting. If that fails the connection is
// discarded, so no pooled connection ever runs without foreign keys.
func foreignKeysOff(ctx context.Context, conn *sql.Conn) (func() error, error) {
	var on bool
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil {
		return nil, fmt.Errorf("read foreign_keys: %w", err)
	}
	if !on {
		return func() error { return nil }, nil
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return nil, fmt.Errorf("switch foreign keys off: %w", err)
	}
	return func() error {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			return fmt.Errorf("switch foreign keys back on: %w", err)
		}
		return nil
	}, nil
}

// run runs the steps in one BEGIN IMMEDIATE transaction and commits
// only when every step ran and no foreign key was broken.
func run(ctx context.Context, conn *sql.Conn, p *step.Plan, opts step.ApplyOptions) error {
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	rollback := func() {
		// A failed statement may already have ended the transaction; the
		// error of a ROLLBACK with none active means nothing more.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	}
	var before map[string]int
	if p.ForeignKeysOff {
		var err error
		if before, err = fkViolations(ctx, conn); err != nil {
			rollback()
			return err
		}
	}
	for i, s := range p.Steps {
		if opts.Progress != nil {
			opts.Progress(i, s)
		}
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			rollback()
			return &step.Error{Index: i, Step: s, Err: err}
		}
	}
	if p.ForeignKeysOff {
		if err := checkForeignKeys(ctx, conn, before); err != nil {
			rollback()
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollback()
		return fmt.Errorf("commit, nothing applied: %w", err)
	}
	return nil
}

// fkViolations counts PRAGMA foreign_key_check rows per child and
// parent table.
func fkViolations(ctx context.Context, conn *sql.Conn) (map[string]int, error) {
	rows, err := conn.QueryContext(ctx, "SELECT \"table\", parent FROM pragma_foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("check foreign keys: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			return nil, fmt.Errorf("check foreign keys: %w", err)
		}
		out[child+" -> "+parent]++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check foreign keys: %w", err)
	}
	return out, nil
}

// checkForeignKeys fails when the plan left rows pointing at missing
// parents that were not there before it ran (violations the database
// already had are not blamed on the plan).
func checkForeignKeys(ctx context.Context, conn *sql.Conn, before map[string]int) error {
	after, err := fkViolations(ctx, conn)
	if err != nil {
		return err
	}
	var bad []string
	for _, k := range sortedKeys(after) {
		if n := after[k] - before[k]; n > 0 {
			bad = append(bad, fmt.Sprintf("%d row(s) of %s", n, k))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("%w, nothing applied: the plan leaves rows whose parent row is missing: %s",
		step.ErrForeignKeys, strings.Join(bad, "; "))
}
