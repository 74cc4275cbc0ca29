package blueprint

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"studio/database"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// newSQLiteScratch opens an empty in-memory SQLite database with foreign
// keys on. Every connection to :memory: is a database of its own, so the
// pool holds exactly one connection, kept for the scratch's life.
func newSQLiteScratch(ctx context.Context) (*Scratch, error) {
	sqlDB, err := sql.Open("sqlite", database.SQLiteDSN(":memory:", database.Options{Create: true}))
	if err != nil {
		return nil, fmt.Errorf("open scratch sqlite: %w", err)
	}
	sqlDB.SetMaxOpenConns(1)
	sqlDB.SetMaxIdleConns(1)
	sqlDB.SetConnMaxLifetime(0)
	sqlDB.SetConnMaxIdleTime(0)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open scratch sqlite: %w", err)
	}
	db := &database.DB{DB: sqlDB, Target: database.Target{Dialect: database.SQLite, Path: ":memory:"}}
	return &Scratch{
		DB:    db,
		close: func() { sqlDB.Close() },
		exec:  func(ctx context.Context, f File) error { return execSQLite(ctx, db, f) },
	}, nil
}

// execSQLite runs a file statement by statement, so that a statement
// SQLite refuses is reported with the line it starts on (the driver runs
// a multi-statement string but cannot tell which statement failed).
func execSQLite(ctx context.Context, db *database.DB, f File) error {
	for _, st := range splitSQLite(f.SQL) {
		if _, err := db.ExecContext(ctx, st.sql); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("load %s: %w", f.Path, ctx.Err())
			}
			return &SyntaxError{File: f.Path, Line: st.line, Message: sqliteMessage(err)}
		}
	}
	return nil
}

// sqliteMessage is the driver's error without its result-code suffix,
// e.g. `near "TABEL": syntax error`.
func sqliteMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	return strings.TrimPrefix(msg, "SQL logic error: ")
}
