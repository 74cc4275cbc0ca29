package project

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"studio/database"
)

// Database is where a config's database is: an address database.Parse
// accepts, and where it came from.
type Database struct {
	// Address is a postgresql:// URL or sqlite:PATH.
	Address string
	// Dialect is database.Postgres or database.SQLite.
	Dialect database.Dialect
	// From names where the address came from, for people: the config file,
	// then the .env files (or $VARIABLES of the environment) it read, e.g.
	// ["drizzle.config.ts", ".env"].
	From []string
	// D1 is set for a Cloudflare D1 database kept by wrangler.
	D1 *D1Database
}

// Source is From joined for a header line: "drizzle.config.ts · .env".
func (d Database) Source() string { return strings.Join(d.From, " · ") }

// Database reads the config's database (dbCredentials, or for D1 the
// local file wrangler keeps). Every error names the file and says what
// to pass instead; none holds a value read from the environment.
func (c *Config) Database() (Database, error) {
	switch c.Dialect {
	case "mysql", "singlestore", "gel":
		return Database{}, fmt.Errorf("%s: `dialect` %q: %w: studio opens PostgreSQL and SQLite; pass --db URL", c.Name, c.Dialect, ErrUnsupported)
	}
	if msg, ok := driverAdvice[c.Driver]; ok {
		return Database{}, fmt.Errorf("%s: `driver` %q: %w: %s", c.Name, c.Driver, ErrUnsupported, msg)
	}
	if c.Driver == "d1-http" {
		return c.d1Database()
	}
	creds, found, err := c.field("dbCredentials")
	if err == nil && found && creds.kind != vObject {
		err = c.ev.keyErrorf(creds.off, "dbCredentials", "is %s, not an object", typeOf(creds))
	}
	if err != nil || !found {
		if c.Dialect == configSQLite && c.wranglerBeside() != "" {
			return c.d1Database() // a D1 project whose local url is computed
		}
		if err != nil {
			return Database{}, c.hint(err, "dbCredentials", "pass --db URL")
		}
		return Database{}, fmt.Errorf("%s: %w: the config has no `dbCredentials`; pass --db URL", c.Name, ErrNoDatabase)
	}
	if c.StudioDialect() == database.Postgres {
		return c.postgres(creds)
	}
	return c.sqlite(creds)
}

// driverAdvice says what to pass instead for drivers whose database
// studio cannot reach.
var driverAdvice = map[string]string{
	"expo":           "Expo SQLite lives on the device; copy the database file off it (e.g. adb pull) and pass --db PATH",
	"durable-sqlite": "a Durable Object's SQLite storage is kept by wrangler under .wrangler/state/v3/do/; pass --db PATH to its .sqlite file",
	"aws-data-api":   "studio does not speak the RDS Data API; pass --db postgres://... for the cluster",
	"pglite":         "a PGlite data folder is not a server; serve it with a PostgreSQL server (e.g. pglite-socket) and pass --db postgres://...",
}

// from lists where a value came from: the config, then each .env file (or
// $VARIABLE of the environment) of the variables it read.
func (c *Config) from(vars []string) []string {
	out := []string{c.Name}
	seen := map[string]bool{c.Name: true}
	for _, v := range vars {
		_, src, ok := c.Env.Lookup(v)
		if !ok {
			continue
		}
		if src == "environment" {
			src = "$" + v
		}
		if !seen[src] {
			seen[src] = true
			out = append(out, src)
		}
	}
	return out
}

// credString reads an optional string credential.
func (c *Config) credString(creds value, key string) (string, []string, bool, error) {
	v, found, err := c.ev.get(creds, key)
	if err != nil {
		return "", nil, false, c.hint(err, "dbCredentials."+key, "pass --db URL")
	}
	if !found || v.kind == vUndefined || v.kind == vNull {
		c.lastOff = v.off
		return "", v.vars, false, nil
	}
	c.lastOff = v.off
	if v.kind != vString {
		return "", nil, false, c.ev.keyErrorf(v.off, "dbCredentials."+key, "is %s, not a string", typeOf(v))
	}
	return v.s, v.vars, true, nil
}

// unset is the error for a credential that reads only unset variables.
func (c *Config) unset(key string, vars []string, off int) error {
	if len(vars) == 0 {
		return fmt.Errorf("%s: %w: `dbCredentials.%s` is empty; pass --db URL", c.Name, ErrNoDatabase, key)
	}
	looked := append([]string{"the environment"}, c.Env.Files...)
	e := c.ev.keyErrorf(off, "dbCredentials."+key, "reads %s, which is not set (looked in %s); set it or pass --db URL",
		strings.Join(vars, ", "), strings.Join(looked, ", "))
	e.Err = ErrNoDatabase
	return e
}

// postgres builds the address from url, or host/port/user/password/
// database/ssl (drizzle-kit tries the host form first).
func (c *Config) postgres(creds value) (Database, error) {
	host, hostVars, hasHost, err := c.credString(creds, "host")
	if err != nil {
		return Database{}, err
	}
	dbname, dbVars, hasDB, err := c.credString(creds, "database")
	if err != nil {
		return Database{}, err
	}
	if hasHost && hasDB {
		return c.postgresHost(creds, host, dbname, append(hostVars, dbVars...))
	}
	key := "url"
	u, vars, ok, err := c.credString(creds, "url")
	if err == nil && !ok {
		if cs, csVars, csOK, csErr := c.credString(creds, "connectionString"); csErr == nil && csOK { // drizzle-kit 0.20
			u, vars, ok, key = cs, csVars, true, "connectionString"
		}
	}
	if err != nil {
		return Database{}, err
	}
	if !ok || u == "" {
		if hasHost || hasDB {
			return Database{}, fmt.Errorf("%s: %w: `dbCredentials` needs both host and database (or url); pass --db URL", c.Name, ErrNoDatabase)
		}
		return Database{}, c.unset(key, vars, c.lastOff)
	}
	return Database{Address: u, Dialect: database.Postgres, From: c.from(vars)}, nil
}

func (c *Config) postgresHost(creds value, host, dbname string, vars []string) (Database, error) {
	user, userVars, _, err := c.credString(creds, "user")
	if err != nil {
		return Database{}, err
	}
	password, pwVars, _, err := c.credString(creds, "password")
	if err != nil {
		return Database{}, err
	}
	vars = append(append(vars, userVars...), pwVars...)
	port := ""
	if pv, found, err := c.ev.get(creds, "port"); err != nil {
		return Database{}, c.hint(err, "dbCredentials.port", "pass --db URL")
	} else if found && pv.kind != vUndefined {
		n := pv.num()
		if pv.kind == vNull || n != n || n < 1 || n > 65535 || n != float64(int(n)) {
			return Database{}, c.ev.keyErrorf(pv.off, "dbCredentials.port", "is not a port number%s; pass --db URL", readsNote(pv.vars))
		}
		port = strconv.Itoa(int(n))
		vars = append(vars, pv.vars...)
	}
	sslmode, sslVars, err := c.sslMode(creds)
	if err != nil {
		return Database{}, err
	}
	vars = append(vars, sslVars...)
	u := url.URL{Scheme: "postgresql", Path: "/" + dbname}
	q := url.Values{}
	if strings.HasPrefix(host, "/") {
		q.Set("host", host)
		if port != "" {
			q.Set("port", port)
		}
	} else if port != "" {
		u.Host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		u.Host = "[" + host + "]"
	} else {
		u.Host = host
	}
	switch {
	case user != "" && password != "":
		u.User = url.UserPassword(user, password)
	case user != "":
		u.User = url.User(user)
	case password != "":
		q.Set("password", password)
	}
	if sslmode != "" {
		q.Set("sslmode", sslmode)
	}
	u.RawQuery = q.Encode()
	return Database{Address: u.String(), Dialect: database.Postgres, From: c.from(vars)}, nil
}

func readsNote(vars []string) string {
	if len(vars) == 0 {
		return ""
	}
	return " (it reads " + strings.Join(vars, ", ") + ")"
}

// sslMode maps drizzle-kit's ssl option to libpq's sslmode: true and
// node-postgres TLS options mean "require" (drizzle-kit connects with
// rejectUnauthorized: false for require, allow and prefer), false
// "disable", the four strings themselves.
func (c *Config) sslMode(creds value) (string, []string, error) {
	v, found, err := c.ev.get(creds, "ssl")
	if err != nil {
		return "", nil, c.hint(err, "dbCredentials.ssl", "pass --db URL")
	}
	if !found {
		return "", nil, nil
	}
	switch v.kind {
	case vUndefined:
		return "", v.vars, nil
	case vBool:
		if v.b {
			return "require", v.vars, nil
		}
		return "disable", v.vars, nil
	case vObject:
		return "require", nil, nil
	case vString:
		switch v.s {
		case "require", "allow", "prefer", "verify-full":
			return v.s, v.vars, nil
		}
	}
	return "", nil, c.ev.keyErrorf(v.off, "dbCredentials.ssl", "is not true, false, an object or one of require, allow, prefer, verify-full%s", readsNote(v.vars))
}

// sqlite reads url for the sqlite and turso dialects: file: URLs and
// paths open as SQLite files; remote libSQL is refused.
func (c *Config) sqlite(creds value) (Database, error) {
	u, vars, ok, err := c.credString(creds, "url")
	if err != nil {
		if c.Dialect == configSQLite && c.wranglerBeside() != "" {
			return c.d1Database()
		}
		return Database{}, err
	}
	if !ok || u == "" {
		if c.Dialect == configSQLite && len(vars) == 0 && c.wranglerBeside() != "" {
			return c.d1Database() // drizzle-kit 0.20's driver "d1", or credentials for remote D1 only
		}
		return Database{}, c.unset("url", vars, c.lastOff)
	}
	path, err := sqlitePath(u)
	if errors.Is(err, ErrRemoteLibSQL) {
		return Database{}, fmt.Errorf("%s: `dbCredentials.url`%s is a %s URL: %w; pass --db PATH to a local SQLite file (e.g. a `turso db shell --dump` loaded into one)",
			c.Name, readsNote(vars), scheme(u), ErrRemoteLibSQL)
	}
	if err != nil {
		return Database{}, fmt.Errorf("%s: `dbCredentials.url`%s %w; pass --db PATH", c.Name, readsNote(vars), err)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.workdir, path)
	}
	return Database{Address: "sqlite:" + path, Dialect: database.SQLite, From: c.from(vars)}, nil
}

// sqlitePath turns a SQLite or libSQL url into a file path, the way
// drizzle-kit does (a file: prefix removed), refusing remote libSQL and
// in-memory databases.
func sqlitePath(u string) (string, error) {
	u = strings.TrimSpace(u)
	switch s := strings.ToLower(scheme(u)); s {
	case "libsql", "http", "https", "ws", "wss":
		return "", ErrRemoteLibSQL
	case "file", "sqlite":
		u = strings.TrimPrefix(u[len(s)+1:], "//")
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		if p, err := url.PathUnescape(u); err == nil {
			u = p
		}
	}
	if u == "" || u == ":memory:" {
		return "", errors.New("names an in-memory database, which has nothing to show")
	}
	return u, nil
}

// scheme is the URL scheme of s ("" when it has none or is a path).
func scheme(s string) string {
	i := strings.IndexByte(s, ':')
	if i <= 1 { // "C:\..." is a path, not a scheme
		return ""
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return ""
		}
	}
	return s[:i]
}
