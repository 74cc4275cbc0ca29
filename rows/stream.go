package rows

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"studio/database"
)

// ResultColumn describes one column of a result.
type ResultColumn struct {
	Name string
	Kind Kind
}

// Sink receives a result as it streams: the columns once, then each row.
// The values slice passed to Row is reused; copy what you keep.
type Sink struct {
	Columns func([]ResultColumn) error
	Row     func([]Value) error
}

// PGQueryer is what a PostgreSQL result is read from: *pgx.Conn or pgx.Tx.
type PGQueryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// SQLiteQueryer is what a SQLite result is read from: *sql.DB, *sql.Conn
// or *sql.Tx.
type SQLiteQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// WithPG runs fn on a pooled connection's native pgx handle.
func WithPG(ctx context.Context, db *database.DB, fn func(*pgx.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get a connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error { return fn(dc.(*stdlib.Conn).Conn()) })
}

// StreamPG reads a PostgreSQL result in text format, so every value is
// what PostgreSQL prints and nothing goes through float64 or time.Time.
func StreamPG(ctx context.Context, q PGQueryer, query string, args []any, s Sink) error {
	rs, err := q.Query(ctx, query, append([]any{pgx.QueryResultFormats{pgx.TextFormatCode}}, args...)...)
	if err != nil {
		return err
	}
	defer rs.Close()
	fds := rs.FieldDescriptions()
	if len(fds) == 0 {
		// No description: a statement without a result, or one that failed
		// as it was bound (a parameter PostgreSQL cannot read). Learn which
		// before announcing columns, so a sink never starts an answer for
		// an error.
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	kinds := make([]Kind, len(fds))
	cols := make([]ResultColumn, len(fds))
	for i, fd := range fds {
		kinds[i] = pgKind(fd.DataTypeOID)
		cols[i] = ResultColumn{Name: fd.Name, Kind: kinds[i]}
	}
	if s.Columns != nil {
		if err := s.Columns(cols); err != nil {
			return err
		}
	}
	vals := make([]Value, len(fds))
	for rs.Next() {
		for i, raw := range rs.RawValues() {
			vals[i] = pgValue(raw, kinds[i])
		}
		if err := s.Row(vals); err != nil {
			return err
		}
	}
	rs.Close()
	return rs.Err()
}

// StreamSQLite reads a SQLite result; each value keeps its storage class.
func StreamSQLite(ctx context.Context, q SQLiteQueryer, query string, args []any, s Sink) error {
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	types, err := rs.ColumnTypes()
	if err != nil {
		return fmt.Errorf("read result columns: %w", err)
	}
	declared := make([]Kind, len(types))
	cols := make([]ResultColumn, len(types))
	for i, ct := range types {
		declared[i] = sqliteKind(lower(ct.DatabaseTypeName()))
		cols[i] = ResultColumn{Name: ct.Name(), Kind: declared[i]}
	}
	if s.Columns != nil {
		if err := s.Columns(cols); err != nil {
			return err
		}
	}
	raw := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	vals := make([]Value, len(types))
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return fmt.Errorf("read row: %w", err)
		}
		for i, v := range raw {
			vals[i] = sqliteValue(v, declared[i])
		}
		if err := s.Row(vals); err != nil {
			return err
		}
	}
	return rs.Err()
}

// prepared runs a prepared statement where a SQLiteQueryer is wanted; the
// query text is already in the statement.
type prepared struct{ st *sql.Stmt }

func (p prepared) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return p.st.QueryContext(ctx, args...)
}

// streamSQLiteDriver reads a SQLite result straight from the driver's
// rows, without database/sql's per-row locking and Scan: exports read
// millions of rows, and the driver itself is most of their cost.
func streamSQLiteDriver(ctx context.Context, db *database.DB, query string, args []any, s Sink) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get a connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return StreamSQLite(ctx, db, query, args, s)
		}
		named := make([]driver.NamedValue, len(args))
		for i, a := range args {
			named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		}
		rs, err := q.QueryContext(ctx, query, named)
		if err != nil {
			return err
		}
		defer rs.Close()
		return driverRows(rs, s)
	})
}

// driverRows hands a driver's rows to a sink.
func driverRows(rs driver.Rows, s Sink) error {
	names := rs.Columns()
	declared := make([]Kind, len(names))
	cols := make([]ResultColumn, len(names))
	typed, _ := rs.(driver.RowsColumnTypeDatabaseTypeName)
	for i, n := range names {
		if typed != nil {
			declared[i] = sqliteKind(lower(typed.ColumnTypeDatabaseTypeName(i)))
		} else {
			declared[i] = KindOther
		}
		cols[i] = ResultColumn{Name: n, Kind: declared[i]}
	}
	if s.Columns != nil {
		if err := s.Columns(cols); err != nil {
			return err
		}
	}
	dest := make([]driver.Value, len(names))
	vals := make([]Value, len(names))
	for {
		if err := rs.Next(dest); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("read row: %w", err)
		}
		for i, v := range dest {
			vals[i] = sqliteValue(v, declared[i])
		}
		if err := s.Row(vals); err != nil {
			return err
		}
	}
}
