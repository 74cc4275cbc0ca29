// Package database owns connecting to a database: parsing the address a
// user gives (URL, libpq key=value string or SQLite path), opening a pool
// with the right per-connection settings, and keeping passwords out of
// everything it prints.
package database

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"studio/sqllex"
)

// Dialect names a database engine. It is sqllex.Dialect, declared in the
// lexer (a leaf) so that every package that reads SQL shares one type.
type Dialect = sqllex.Dialect

// The dialects studio opens; their values are the names JSON outputs, URLs
// and saved files carry.
const (
	SQLite   = sqllex.SQLite
	Postgres = sqllex.Postgres
)

// DialectNamed maps the dialect names people and drizzle-kit write
// (journals, configs, the set-up form: "postgresql", "pg", "turso",
// "d1"...) to SQLite or Postgres; any other name comes back lower-cased,
// for errors to quote. It is the one place that vocabulary is read.
func DialectNamed(name string) Dialect {
	switch d := strings.ToLower(strings.TrimSpace(name)); d {
	case "pg", "postgresql", string(Postgres):
		return Postgres
	case string(SQLite), "turso", "libsql", "d1", "expo", "durable-sqlite":
		return SQLite
	default:
		return Dialect(d)
	}
}

// DrizzleName is how drizzle-kit's journals and configs spell d:
// "postgresql" or "sqlite"; "" for a dialect studio does not open.
func DrizzleName(d Dialect) string {
	switch d {
	case Postgres:
		return "postgresql"
	case SQLite:
		return string(SQLite)
	}
	return ""
}

// ErrBadAddress is wrapped by every error about a malformed database address.
var ErrBadAddress = errors.New("bad database address")

// Target is a parsed database address.
type Target struct {
	// Dialect is SQLite or Postgres.
	Dialect Dialect
	// Path is the SQLite file (empty for Postgres).
	Path string
	// ConnString is the PostgreSQL connection string as given.
	ConnString string
	// Host is the PostgreSQL host (a directory for Unix sockets); empty for SQLite.
	Host string
	// Hosts are every host the address may connect to: Host, then the
	// fallbacks of a multi-host address.
	Hosts []string
	// password is kept only to scrub it from error messages.
	password string
}

// Parse reads a database address: postgres:// or postgresql:// URLs, libpq
// key=value strings, sqlite:PATH, file:PATH, or a path ending in .db,
// .sqlite or .sqlite3.
func Parse(raw string) (Target, error) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return Target{}, fmt.Errorf("%w: empty", ErrBadAddress)
	case hasPrefixFold(s, "postgres://"), hasPrefixFold(s, "postgresql://"), looksLikeKeyValue(s):
		return parsePostgres(s)
	case hasPrefixFold(s, "sqlite://"):
		return sqliteTarget(s[len("sqlite://"):])
	case hasPrefixFold(s, "sqlite:"):
		return sqliteTarget(s[len("sqlite:"):])
	case hasPrefixFold(s, "file:"):
		return sqliteTarget(stripQuery(s[len("file:"):]))
	case hasSQLiteExt(s):
		return sqliteTarget(s)
	}
	return Target{}, fmt.Errorf("%w: %q is not a postgres:// URL, key=value string, sqlite:PATH, file:PATH or a .db/.sqlite/.sqlite3 path", ErrBadAddress, Redact(s))
}

func parsePostgres(s string) (Target, error) {
	cfg, err := pgx.ParseConfig(s)
	if err != nil {
		return Target{}, fmt.Errorf("%w: %s", ErrBadAddress, scrubConfigError(err, s))
	}
	hosts := []string{cfg.Host}
	for _, fb := range cfg.Fallbacks {
		if fb.Host != cfg.Host {
			hosts = append(hosts, fb.Host)
		}
	}
	return Target{Dialect: Postgres, ConnString: s, Host: cfg.Host, Hosts: hosts, password: cfg.Password}, nil
}

func sqliteTarget(p string) (Target, error) {
	p = strings.TrimPrefix(p, "//") // sqlite:///abs/path

	if p == "" {
		return Target{}, fmt.Errorf("%w: SQLite address has no path", ErrBadAddress)
	}
	if strings.ContainsRune(p, 0) {
		return Target{}, fmt.Errorf("%w: path contains a NUL byte", ErrBadAddress)
	}
	return Target{Dialect: SQLite, Path: filepath.Clean(p)}, nil
}

// String is the address with any password replaced by "xxxxx", safe to print.
func (t Target) String() string {
	if t.Dialect == SQLite {
		return "sqlite:" + t.Path
	}
	return t.scrub(t.ConnString)
}

// IsLocal reports whether the target is on this machine: a SQLite file, or
// PostgreSQL whose every host (fallbacks too) is a loopback address, a Unix
// socket or "localhost".
func (t Target) IsLocal() bool {
	if t.Dialect == SQLite {
		return true
	}
	hosts := t.Hosts
	if len(hosts) == 0 {
		hosts = []string{t.Host}
	}
	for _, h := range hosts {
		if !LocalHost(h) {
			return false
		}
	}
	return true
}

// LocalHost reports whether h is a Unix socket directory, "localhost" or a
// loopback IP address. A name that merely starts with "127." is not.
func LocalHost(h string) bool {
	if strings.HasPrefix(h, "/") || strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	return ip != nil && ip.IsLoopback()
}

// scrub removes the password from a message.
func (t Target) scrub(msg string) string {
	if t.password != "" {
		msg = strings.ReplaceAll(msg, t.password, "xxxxx")
		if esc := url.QueryEscape(t.password); esc != t.password {
			msg = strings.ReplaceAll(msg, esc, "xxxxx")
		}
	}
	return Redact(msg)
}

// Redact hides passwords in anything that looks like a connection string:
// the userinfo of URLs, password= key/value pairs and password query
// parameters. It never fails; text it does not understand is returned as is.
func Redact(s string) string {
	out := redactURLs(s)
	return redactKeyValue(out)
}

// redactURLs replaces the password of every postgres:// URL in s. The
// userinfo runs to the last '@' of the whitespace-delimited token: a raw
// password may hold quotes, '/' or '@', and hiding too much is safer than
// hiding too little.
func redactURLs(s string) string {
	lower := ASCIILower(s)
	var b strings.Builder
	i := 0
	for {
		j := nextScheme(lower, i)
		if j < 0 {
			b.WriteString(s[i:])
			return b.String()
		}
		end := j
		for end < len(s) && !strings.ContainsRune(" \t\n\r", rune(s[end])) {
			end++
		}
		token := s[j:end]
		b.WriteString(s[i:j])
		if at := strings.LastIndex(token, "@"); at >= 0 {
			if colon := strings.Index(token[:at], ":"); colon >= 0 {
				token = token[:colon+1] + "xxxxx" + token[at:]
			}
		}
		b.WriteString(token)
		i = end
	}
}

// nextScheme finds the start of the authority of the next postgres:// or
// postgresql:// URL at or after i, or -1. lower is ASCIILower of the text,
// so its offsets are the text's.
func nextScheme(lower string, i int) int {
	best := -1
	for _, scheme := range []string{"postgres://", "postgresql://"} {
		if k := strings.Index(lower[i:], scheme); k >= 0 && (best < 0 || i+k+len(scheme) < best) {
			best = i + k + len(scheme)
		}
	}
	return best
}

func redactKeyValue(s string) string {
	lower := ASCIILower(s)
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(lower[i:], "password=")
		if j < 0 {
			b.WriteString(s[i:])
			return b.String()
		}
		j += i + len("password=")
		b.WriteString(s[i:j])
		b.WriteString("xxxxx")
		k := j
		if k < len(s) && s[k] == '\'' {
			k++
			for k < len(s) && s[k] != '\'' {
				if s[k] == '\\' {
					k++
				}
				k++
			}
			k++
		} else {
			for k < len(s) && !strings.ContainsRune(" &\t\n\"`", rune(s[k])) {
				k++
			}
		}
		if k > len(s) {
			k = len(s)
		}
		i = k
	}
}

func scrubConfigError(err error, conn string) string {
	msg := err.Error()
	if cfg, perr := pgx.ParseConfig(conn); perr == nil && cfg.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.Password, "xxxxx")
	}
	// pgx quotes the whole string in some parse errors: drop anything
	// after "cannot parse" that could hold a secret.
	if i := strings.Index(msg, "cannot parse `"); i >= 0 {
		if j := strings.Index(msg[i+len("cannot parse `"):], "`"); j >= 0 {
			msg = msg[:i] + "cannot parse the connection string" + msg[i+len("cannot parse `")+j+1:]
		}
	}
	return Redact(msg)
}

func looksLikeKeyValue(s string) bool {
	if strings.Contains(s, "://") {
		return false
	}
	lower := ASCIILower(s)
	for _, k := range []string{"host=", "dbname=", "user=", "port=", "sslmode="} {
		if strings.HasPrefix(lower, k) || strings.Contains(lower, " "+k) {
			return true
		}
	}
	return false
}

func hasSQLiteExt(s string) bool {
	for _, c := range []string{s, stripQuery(s)} {
		switch strings.ToLower(filepath.Ext(c)) {
		case ".db", ".sqlite", ".sqlite3":
			return true
		}
	}
	return false
}

func stripQuery(s string) string {
	if i := strings.IndexByte(s, '?'); i >= 0 {
		return s[:i]
	}
	return s
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
