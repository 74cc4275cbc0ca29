package database

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsUnavailable reports whether err means the database cannot be reached
// right now (server down or restarting, connection lost, database dropped,
// pool closed) rather than a mistake in a query. Callers show it as
// "unreachable" and try again on the next request; database/sql replaces
// broken connections by itself.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnreachable) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// 08: connection exception; 57P0x: admin shutdown, crash shutdown,
		// cannot connect now, database dropped; 3D000: no such database.
		return strings.HasPrefix(pg.Code, "08") || strings.HasPrefix(pg.Code, "57P") || pg.Code == "3D000"
	}
	var ne net.Error
	if errors.As(err, &ne) || pgconn.SafeToRetry(err) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"database is closed", "connection refused", "broken pipe", "connection reset", "unexpected EOF", "conn closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// IsBusy reports whether err means another connection holds a lock the
// statement waited for in vain: SQLite's SQLITE_BUSY or SQLITE_LOCKED
// after the busy timeout, PostgreSQL's lock_not_available (lock_timeout).
// Nothing was written; the same request can succeed later.
func IsBusy(err error) bool {
	var coder interface{ Code() int }
	if errors.As(err, &coder) {
		if c := coder.Code() & 0xff; c == 5 || c == 6 {
			return true
		}
	}
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "55P03"
}

// IsUndefined reports whether err is PostgreSQL saying that a column or a
// table the statement names does not exist (undefined_column 42703,
// undefined_table 42P01). For a statement built from a schema read
// earlier, that schema is out of date.
func IsUndefined(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "42703" || pg.Code == "42P01")
}

// RefusedValue returns the database's words when err is PostgreSQL
// refusing a value the statement was given: a data exception (class 22),
// such as a value that is not a valid number, date or uuid for its column.
// ok is false for any other error.
func RefusedValue(err error) (msg string, ok bool) {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && strings.HasPrefix(pg.Code, "22") && len(pg.Code) == 5 {
		return pg.Message, true
	}
	return "", false
}
