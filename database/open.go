package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// ErrUnreachable is wrapped when the database cannot be reached or refuses
// the credentials.
var ErrUnreachable = errors.New("database unreachable")

// Options tune how a database is opened.
type Options struct {
	// ReadOnly opens SQLite read-only and makes PostgreSQL sessions default
	// to read-only transactions. Callers that run user SQL must still wrap it
	// in a READ ONLY transaction (see DB.ReadOnly).
	ReadOnly bool
	// Create allows a missing SQLite file to be created.
	Create bool
	// BusyTimeout is how long SQLite waits on a lock (default 5s).
	BusyTimeout time.Duration
}

// DB is an open database pool with the target it came from.
type DB struct {
	*sql.DB
	Target   Target
	ReadOnly bool
	stmts    stmtCache
}

// Dialect is the database's dialect, SQLite or Postgres.
func (d *DB) Dialect() Dialect { return d.Target.Dialect }

// Open connects to t and checks the connection with a ping. Errors never
// contain the password.
func Open(ctx context.Context, t Target, o Options) (*DB, error) {
	var (
		db  *sql.DB
		err error
	)
	switch t.Dialect {
	case SQLite:
		db, err = openSQLite(t, o)
	case Postgres:
		db, err = openPostgres(t, o)
	default:
		return nil, fmt.Errorf("%w: unknown dialect %q", ErrBadAddress, t.Dialect)
	}
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s: %s", ErrUnreachable, t, t.scrub(err.Error()))
	}
	return &DB{DB: db, Target: t, ReadOnly: o.ReadOnly}, nil
}

// SQLiteDSN is the modernc.org/sqlite data source for a file. Pragmas are
// per connection, so they go in the DSN where every pooled connection gets
// them.
func SQLiteDSN(path string, o Options) string {
	busy := o.BusyTimeout
	if busy == 0 {
		busy = 5 * time.Second
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	switch {
	case o.ReadOnly:
		q.Set("mode", "ro")
		q.Add("_pragma", "query_only(1)")
	case o.Create:
		q.Set("mode", "rwc")
	default:
		q.Set("mode", "rw")
	}
	u := url.URL{Scheme: "file", Opaque: url.PathEscape(path), RawQuery: q.Encode()}
	return u.String()
}

func openSQLite(t Target, o Options) (*sql.DB, error) {
	if !o.Create {
		st, err := os.Stat(t.Path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: SQLite file %s does not exist", ErrUnreachable, t.Path)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
		}
		if st.IsDir() {
			return nil, fmt.Errorf("%w: %s is a directory, not a SQLite file", ErrUnreachable, t.Path)
		}
	}
	db, err := openSQLiteDB(t.Path, o)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", t.Path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

func openPostgres(t Target, o Options) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(t.ConnString)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadAddress, scrubConfigError(err, t.ConnString))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "studio"
	}
	if o.ReadOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	plainFirstOnLoopback(cfg)
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// plainFirstOnLoopback makes sslmode=prefer (libpq's default) on a
// loopback first host try without TLS before trying with it. Loopback
// traffic never leaves the machine, and a server without TLS answers a TLS
// request with a refusal that costs a connection and a server process on
// every cold start. A server that accepts only TLS connections still gets
// one from the second attempt.
func plainFirstOnLoopback(cfg *pgx.ConnConfig) {
	if cfg.TLSConfig == nil || len(cfg.Fallbacks) == 0 || !LocalHost(cfg.Host) {
		return
	}
	fb := cfg.Fallbacks[0]
	if fb.Host != cfg.Host || fb.Port != cfg.Port || fb.TLSConfig != nil {
		return // not prefer's pair of attempts at one address
	}
	cfg.TLSConfig, fb.TLSConfig = nil, cfg.TLSConfig
}
