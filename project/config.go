package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"studio/database"
)

// Errors a config can fail with; every message also names the file.
var (
	// ErrNoConfig: no drizzle.config.* in the folder.
	ErrNoConfig = errors.New("no drizzle.config.{ts,js,json,mts,mjs,cts,cjs} found")
	// ErrNoExport: the file has no `export default` or `module.exports =`.
	ErrNoExport = errors.New("no `export default` or `module.exports =` found")
	// ErrUnsupported: a dialect or driver studio cannot open.
	ErrUnsupported = errors.New("not supported")
	// ErrRemoteLibSQL: a libsql://, https:// or ws:// database.
	ErrRemoteLibSQL = errors.New("remote libSQL is not supported yet")
	// ErrNoDatabase: the config names no database studio can open.
	ErrNoDatabase = errors.New("no database")
)

// ConfigNames are the config files Find looks for, in order: drizzle-kit
// looks for the first three (ts, then js, then json; see
// drizzleConfigFromFile in drizzle-kit/src/cli/commands/utils.ts), the
// others need drizzle-kit's --config but are found here too.
var ConfigNames = []string{
	"drizzle.config.ts", "drizzle.config.js", "drizzle.config.json",
	"drizzle.config.mts", "drizzle.config.mjs", "drizzle.config.cts", "drizzle.config.cjs",
}

// Migrations is the config's migrations block.
type Migrations struct {
	// Table and Schema name the history table ("" for Drizzle's default).
	Table, Schema string
	// Prefix is how generate names files: index (the default), timestamp,
	// unix, supabase or none.
	Prefix string
}

// Config is a drizzle.config file read statically, in an environment.
// Fields studio always needs are evaluated by Load; the database is read
// only when asked for (Database), so `--db` still works with a config
// whose credentials come from code studio cannot run.
type Config struct {
	// Path is the config file; Name is how it is shown ("drizzle.config.ts").
	Path, Name string
	// Dialect as written: postgresql, sqlite, turso, mysql, singlestore, gel.
	Dialect string
	// Driver: d1-http, expo, durable-sqlite, aws-data-api, pglite, or "".
	Driver string
	// Out is the migrations folder as written ("" when unset).
	Out string
	// SchemaFilter, TablesFilter and ExtensionsFilters as written; a
	// string becomes a one-element list; nil when unset.
	SchemaFilter, TablesFilter, ExtensionsFilters []string
	Migrations                                    Migrations
	// Env is the environment the config was evaluated in.
	Env *Env

	workdir string
	ev      *evaluator
	root    value
	envErr  error // a call loading .env files that could not be read
	lastOff int   // where the last credential read starts, for messages
}

// Find returns the config file for workdir: explicit (drizzle-kit's
// --config, relative to workdir) when given, else the first of
// ConfigNames present. ErrNoConfig when there is none.
func Find(workdir, explicit string) (string, error) {
	if explicit != "" {
		p := explicit
		if !filepath.IsAbs(p) {
			p = filepath.Join(workdir, p)
		}
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("--config %s: %w", explicit, err)
		}
		return p, nil
	}
	for _, n := range ConfigNames {
		p := filepath.Join(workdir, n)
		st, err := os.Stat(p)
		if err == nil && !st.IsDir() {
			return p, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("look for %s: %w", n, err)
		}
	}
	return "", fmt.Errorf("%w in %s", ErrNoConfig, workdir)
}

// Load reads the config at path (never running it) in the environment
// getenv plus the .env files the config loads and those of workdir.
func Load(workdir, path string, getenv func(string) string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read drizzle config: %w", err)
	}
	src := &source{name: displayPath(workdir, path), text: string(raw)}
	parse := parseProgram
	if strings.HasSuffix(path, ".json") {
		parse = parseJSON
	}
	prog, err := parse(src)
	if err != nil {
		return nil, err
	}
	c := &Config{Path: path, Name: src.name, workdir: workdir, Env: NewEnv(getenv)}
	c.ev = &evaluator{prog: prog, env: c.Env, dir: filepath.Dir(path), workdir: workdir, active: map[string]bool{}}
	if err := c.loadEnv(); err != nil {
		return nil, err
	}
	c.ev.envErr = c.envErr
	if c.root, err = c.ev.eval(prog.export); err != nil {
		return nil, c.hint(err, "", "the exported config")
	}
	if c.root.kind != vObject {
		return nil, c.ev.errorf(c.root.off, "exports %s, not an object", typeOf(c.root))
	}
	if err := c.checkSpreads(); err != nil {
		return nil, err
	}
	if err := c.readFields(); err != nil {
		return nil, err
	}
	return c, nil
}

// checkSpreads refuses a config whose top level spreads something studio
// cannot read: any key studio needs may come from it, and guessing
// (a tablesFilter missed, push dropping the tables it hides) is worse
// than asking.
func (c *Config) checkSpreads() error {
	for _, pr := range c.root.obj.props {
		if !pr.spread {
			continue
		}
		if _, err := c.ev.eval(pr.val); err != nil {
			what := "spreads something studio cannot read (" + strings.TrimPrefix(errMsg(err), "is ") + ")"
			if pr.val.kind == nOpaque && pr.val.what == "a computed key" {
				what = "has a computed key studio cannot read"
			}
			return c.ev.errorf(pr.keyOff, "the config %s: any key may come from it; "+
				"write dialect, driver, dbCredentials, out, schemaFilter, tablesFilter and migrations in this file, or pass --db URL", what)
		}
	}
	return nil
}

// hint completes an evaluation error with the key it was for and what to
// do instead.
func (c *Config) hint(err error, key, instead string) error {
	var ee *EvalError
	if !errors.As(err, &ee) {
		return err
	}
	e := *ee
	if e.Key == "" {
		e.Key = key
	}
	if instead != "" && !strings.Contains(e.Msg, "; ") {
		e.Msg += "; " + instead
	}
	return &e
}

// field evaluates one top-level key (dotted for nested ones); found is
// false when the key is absent or undefined.
func (c *Config) field(path string) (value, bool, error) {
	v := c.root
	for _, k := range strings.Split(path, ".") {
		if v.kind != vObject {
			return value{}, false, nil
		}
		var found bool
		var err error
		if v, found, err = c.ev.get(v, k); err != nil || !found {
			return value{}, false, err
		}
	}
	return v, v.kind != vUndefined, nil
}

// stringField reads an optional string key.
func (c *Config) stringField(path string) (string, error) {
	v, ok, err := c.field(path)
	if err != nil {
		return "", c.hint(err, path, "write it as a string literal")
	}
	if !ok {
		return "", nil
	}
	if v.kind != vString {
		return "", c.ev.keyErrorf(v.off, path, "is %s, not a string", typeOf(v))
	}
	return v.s, nil
}

// listField reads a key that may be a string or an array of strings.
func (c *Config) listField(path string) ([]string, error) {
	v, ok, err := c.field(path)
	if err != nil {
		return nil, c.hint(err, path, "write it as a string or an array of strings")
	}
	if !ok {
		return nil, nil
	}
	if v.kind == vString {
		return []string{v.s}, nil
	}
	if v.kind != vArray {
		return nil, c.ev.keyErrorf(v.off, path, "is %s, not a string or an array of strings", typeOf(v))
	}
	out := []string{}
	for _, x := range v.arr {
		if x.kind != vString {
			return nil, c.ev.keyErrorf(x.off, path, "holds %s, not a string", typeOf(x))
		}
		out = append(out, x.s)
	}
	return out, nil
}

func (ev *evaluator) keyErrorf(off int, key, format string, a ...any) *EvalError {
	e := ev.errorf(off, format, a...)
	e.Key = key
	return e
}

// Config dialects, in drizzle-kit's words (not database.Dialect's:
// StudioDialect maps them).
const (
	configSQLite = "sqlite"
	configTurso  = "turso"
)

// StudioDialect is the config's dialect as studio names it:
// database.Postgres, database.SQLite (for sqlite and turso), or "" when
// studio does not open it.
func (c *Config) StudioDialect() database.Dialect {
	switch d := database.DialectNamed(c.Dialect); d {
	case database.Postgres, database.SQLite:
		return d
	}
	return ""
}

// dialects drizzle-kit knows, and what drizzle-kit 0.20's driver-only
// configs meant.
var (
	knownDialects = map[string]bool{"postgresql": true, "sqlite": true, "turso": true, "mysql": true, "singlestore": true, "gel": true}
	legacyDrivers = map[string]string{"pg": "postgresql", "better-sqlite": "sqlite", "libsql": "sqlite", "turso": "turso", "mysql2": "mysql", "d1": "sqlite"}
	knownDrivers  = map[string]bool{"d1-http": true, "expo": true, "durable-sqlite": true, "aws-data-api": true, "pglite": true}
	prefixes      = map[string]bool{"index": true, "timestamp": true, "unix": true, "supabase": true, "none": true}
)

// readFields evaluates every key studio needs besides the database.
func (c *Config) readFields() error {
	var err error
	read := func(dst *string, key string) {
		if err == nil {
			*dst, err = c.stringField(key)
		}
	}
	readList := func(dst *[]string, key string) {
		if err == nil {
			*dst, err = c.listField(key)
		}
	}
	read(&c.Dialect, "dialect")
	read(&c.Driver, "driver")
	read(&c.Out, "out")
	readList(&c.SchemaFilter, "schemaFilter")
	readList(&c.TablesFilter, "tablesFilter")
	readList(&c.ExtensionsFilters, "extensionsFilters")
	read(&c.Migrations.Table, "migrations.table")
	read(&c.Migrations.Schema, "migrations.schema")
	read(&c.Migrations.Prefix, "migrations.prefix")
	if err != nil {
		return err
	}
	return c.checkFields()
}

// checkFields validates dialect, driver and prefix, mapping drizzle-kit
// 0.20's driver-only configs ("pg", "better-sqlite", ...) to dialects.
func (c *Config) checkFields() error {
	if legacy, ok := legacyDrivers[c.Driver]; ok && (c.Dialect == "" || (c.Driver == configTurso && c.Dialect == configSQLite)) {
		c.Dialect, c.Driver = legacy, ""
	}
	if c.Driver == configTurso && c.Dialect == configSQLite { // drizzle-kit 0.21-0.23
		c.Dialect, c.Driver = configTurso, ""
	}
	switch {
	case c.Dialect == "":
		return fmt.Errorf("%s: %w: the config has no `dialect`; pass --db URL", c.Name, ErrNoDatabase)
	case !knownDialects[c.Dialect]:
		return fmt.Errorf("%s: `dialect` %q is not one of postgresql, sqlite, turso, mysql, singlestore, gel", c.Name, c.Dialect)
	case c.Driver != "" && !knownDrivers[c.Driver]:
		return fmt.Errorf("%s: `driver` %q is not one of d1-http, expo, durable-sqlite, aws-data-api, pglite; pass --db URL", c.Name, c.Driver)
	}
	if c.Migrations.Prefix == "" {
		c.Migrations.Prefix = "index"
	} else if !prefixes[c.Migrations.Prefix] {
		return fmt.Errorf("%s: `migrations.prefix` %q is not one of index, timestamp, unix, supabase, none", c.Name, c.Migrations.Prefix)
	}
	return nil
}

// OutDir is the migrations folder: `out` resolved against the working
// folder, or "" when the config sets none.
func (c *Config) OutDir() string {
	if c.Out == "" {
		return ""
	}
	if filepath.IsAbs(c.Out) {
		return filepath.Clean(c.Out)
	}
	return filepath.Join(c.workdir, c.Out)
}
