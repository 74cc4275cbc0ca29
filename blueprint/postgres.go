package blueprint

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"studio/database"
)

// ErrDevNotEmpty is returned when the --dev-url database already holds
// user objects: the scratch database is filled and cleared, so it must
// start empty.
var ErrDevNotEmpty = errors.New("the dev database is not empty")

// ErrNoScratch is returned when no scratch database can be created on the
// live server (no CREATEDB privilege); a --dev-url database is then needed.
var ErrNoScratch = errors.New("cannot create a scratch database on the live server: pass --dev-url with an empty database")

// scratchPrefix names the databases newPostgresScratch creates.
const scratchPrefix = "studio_scratch_"

// cleanupTimeout bounds dropping a scratch database, which runs even when
// the caller's context is done.
const cleanupTimeout = 30 * time.Second

// newPostgresScratch makes the PostgreSQL scratch database: the empty
// database at devURL, or a new database on live's server, reached with
// live's connection settings and dropped on Close. Either way its sessions
// use live's search_path, so both sides of a diff print names alike.
func newPostgresScratch(ctx context.Context, live *database.DB, devURL string) (*Scratch, error) {
	path, err := searchPath(ctx, live)
	if err != nil {
		return nil, err
	}
	if devURL != "" {
		return openDevScratch(ctx, devURL, path)
	}
	return createScratch(ctx, live, path)
}

// searchPath is live's search_path setting.
func searchPath(ctx context.Context, live *database.DB) (string, error) {
	var path string
	if err := live.QueryRowContext(ctx, "SELECT pg_catalog.current_setting('search_path')").Scan(&path); err != nil {
		return "", fmt.Errorf("reading the live search_path: %w", err)
	}
	return path, nil
}

// createScratch creates a randomly named database on live's server and
// connects to it; Close drops it.
func createScratch(ctx context.Context, live *database.DB, path string) (*Scratch, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("naming the scratch database: %w", err)
	}
	name := scratchPrefix + hex.EncodeToString(b[:])
	connString, err := withDatabase(live.Target.ConnString, name, path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoScratch, err)
	}
	if _, err := live.ExecContext(ctx, "CREATE DATABASE "+database.QuoteIdent(name)); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			return nil, fmt.Errorf("%w (%s)", ErrNoScratch, pe.Message)
		}
		return nil, fmt.Errorf("creating scratch database %s: %w", name, err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		_, _ = live.ExecContext(ctx, "DROP DATABASE IF EXISTS "+database.QuoteIdent(name)+" WITH (FORCE)")
	}
	db, err := openTarget(ctx, connString)
	if err != nil {
		drop()
		return nil, fmt.Errorf("connecting to scratch database %s: %w", name, err)
	}
	s := &Scratch{DB: db, close: func() { db.Close(); drop() }}
	s.exec = func(ctx context.Context, f File) error { return execPG(ctx, db, f) }
	return s, nil
}

func openTarget(ctx context.Context, connString string) (*database.DB, error) {
	t, err := database.Parse(connString)
	if err != nil {
		return nil, err
	}
	return database.Open(ctx, t, database.Options{})
}

// withDatabase rewrites a connection string (URL or key=value) to name
// database name (unless empty) and set search_path at connection start,
// and checks that pgx reads it back that way.
func withDatabase(connString, name, path string) (string, error) {
	var out string
	if strings.HasPrefix(connString, "postgres://") || strings.HasPrefix(connString, "postgresql://") {
		u, err := url.Parse(connString)
		if err != nil {
			return "", fmt.Errorf("deriving a connection address: %s is not a URL pgx reads", database.Redact(connString))
		}
		q := u.Query()
		if name != "" {
			u.Path, u.RawPath = "/"+name, ""
			q.Del("dbname")
			q.Del("database")
		}
		q.Set("search_path", path)
		// pgx decodes %20 but not + as a space.
		u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
		out = u.String()
	} else {
		out = connString + " search_path=" + quoteValue(path)
		if name != "" {
			out += " dbname=" + quoteValue(name)
		}
	}
	cfg, err := pgx.ParseConfig(out)
	if err != nil || (name != "" && cfg.Database != name) || cfg.RuntimeParams["search_path"] != path {
		return "", fmt.Errorf("deriving a connection address from %s: pgx does not read it back as meant", database.Redact(connString))
	}
	return out, nil
}

// quoteValue quotes a libpq key=value value.
func quoteValue(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// execPG runs a file's statements one by one on one connection, through
// the simple protocol, and locates a refused statement in the file.
// Settings a file changes (SET search_path, pg_dump's SET lines and
// set_config) are reset afterwards. Ownership and privilege statements
// are not run (see pgStatement.Unmodelled).
func execPG(ctx context.Context, db *database.DB, f File) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting to the scratch database: %w", err)
	}
	defer conn.Close()
	for _, st := range splitPG(f.SQL) {
		if st.Unmodelled {
			continue
		}
		if skip, err := txControl(f, st); skip || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		if _, err := conn.ExecContext(ctx, st.SQL); err != nil {
			return locate(f, st, err)
		}
	}
	if _, err := conn.ExecContext(ctx, "RESET ALL"); err != nil {
		return fmt.Errorf("resetting settings after %s: %w", f.Path, err)
	}
	return nil
}

// txControl skips the BEGIN/COMMIT a schema file may be wrapped in (the
// scratch database decides about transactions) and refuses the others.
func txControl(f File, st pgStatement) (bool, error) {
	if len(st.Words) == 0 {
		return false, nil
	}
	switch w := st.Words[0]; w {
	case "BEGIN", "COMMIT", "END":
		return true, nil
	case "START":
		return len(st.Words) > 1 && st.Words[1] == "TRANSACTION", nil
	case "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE":
		return false, &SyntaxError{File: f.Path, Line: st.Line, Message: w + " does not belong in a desired schema"}
	}
	return false, nil
}

// locate turns a refused statement into a *SyntaxError at the line the
// server points at (its error position counts characters from 1), or at
// the statement's first line.
func locate(f File, st pgStatement, err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return fmt.Errorf("running %s:%d: %w", f.Path, st.Line, err)
	}
	line := st.Line
	if pe.Position > 0 {
		line += strings.Count(st.SQL[:byteOffset(st.SQL, int(pe.Position)-1)], "\n")
	}
	msg := pe.Message
	if pe.Detail != "" {
		msg += "\nDETAIL: " + pe.Detail
	}
	if pe.Hint != "" {
		msg += "\nHINT: " + pe.Hint
	}
	return &SyntaxError{File: f.Path, Line: line, Message: msg}
}

// byteOffset is the byte offset of the n-th character (0-based) of s, or
// len(s) past its end.
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
