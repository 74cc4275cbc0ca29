package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"studio/database"
	"studio/datadir"
	"studio/handlers"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// serveConfig is everything `studio serve` needs, parsed from flags and
// the environment (flags win).
type serveConfig struct {
	proj     projectFlags
	host     string
	port     int
	token    string
	readOnly bool
	dataDir  string
	open     bool
	migr     migrationFlags
	push     handlers.PushOptions
}

// migrationFlags locate the migrations folder and its history table.
type migrationFlags struct {
	dir, table, schema, searchPath               string
	allowOutOfOrder, allowModified, allowMissing bool
}

// pushResolved makes the schema path absolute against the working folder.
func pushResolved(e *env, p handlers.PushOptions) handlers.PushOptions {
	p.Schema = resolve(e, p.Schema)
	return p
}

// options resolves the folder (flag, the drizzle config's out, ./drizzle,
// ./migrations), the history table (flags, the config's migrations
// block) and the review's settings for the web pages; not finding a
// folder is not fatal there, a broken studio.json is.
func (m migrationFlags) options(e *env, pc projectChoice) (handlers.MigrationsOptions, error) {
	rv, _, err := reviewOptions(e, pc.d1())
	if err != nil {
		return handlers.MigrationsOptions{}, err
	}
	o := handlers.MigrationsOptions{Review: rv, Config: pc.history(m.table, m.schema), SearchPath: m.searchPath,
		AllowOutOfOrder: m.allowOutOfOrder, AllowModified: m.allowModified, AllowMissing: m.allowMissing}
	dir, err := pc.migrationsDir(e, m.dir)
	if err != nil {
		o.FolderErr = printable(err.Error(), true)
	} else {
		o.Dir = dir
	}
	return o, nil
}

// serveFlags declares the flags shared by serve and demo.
func serveFlags(fs *flag.FlagSet, cfg *serveConfig, e *env) {
	fs.StringVar(&cfg.host, "host", envOr(e, "STUDIO_HOST", "127.0.0.1"), "address to listen on (anything but loopback needs --token)")
	fs.IntVar(&cfg.port, "port", 4983, "port to listen on (env STUDIO_PORT)")
	fs.StringVar(&cfg.token, "token", e.getenv("STUDIO_TOKEN"), "access token required on every request (env STUDIO_TOKEN)")
	fs.BoolVar(&cfg.readOnly, "read-only", false, "open the database read-only; enforced by the database")
	fs.StringVar(&cfg.dataDir, "data", envOr(e, "STUDIO_DATA", "persistent_data"), "folder for the saved database choice and created SQLite files")
	fs.BoolVar(&cfg.open, "open", false, "open the studio in a browser (not when CI is set or there is no display)")
	fs.StringVar(&cfg.migr.dir, "migrations", "", "migrations folder (default: out of the drizzle config, else ./drizzle, else ./migrations)")
	fs.StringVar(&cfg.migr.table, "migrations-table", "", "history table (default: migrations.table of the drizzle config, else __drizzle_migrations)")
	fs.StringVar(&cfg.migr.schema, "migrations-schema", "", "history table's PostgreSQL schema (default: migrations.schema of the drizzle config, else drizzle)")
	fs.StringVar(&cfg.migr.searchPath, "search-path", "", "PostgreSQL search_path for migration runs")
	fs.BoolVar(&cfg.migr.allowOutOfOrder, "allow-out-of-order", false, "let the Migrate button apply out-of-order migrations too (the page also offers a checkbox)")
	fs.BoolVar(&cfg.migr.allowModified, "allow-modified", false, "let the Migrate button run although applied migrations were edited")
	fs.BoolVar(&cfg.migr.allowMissing, "allow-missing", false, "let the Migrate button run although recorded migrations have no file")
	fs.BoolVar(&cfg.push.Dev, "dev", e.getenv("STUDIO_ENV") == "development", "dev mode: enables the Push page (env STUDIO_ENV=development)")
	fs.StringVar(&cfg.push.Schema, "schema", "schema.sql", "desired schema for push: a .sql file or a folder of them")
	fs.StringVar(&cfg.push.DevURL, "dev-url", "", "PostgreSQL database push may use as its scratch copy (default: a temporary database on the same server)")
	fs.StringVar(&cfg.push.AllowRemoteHost, "allow-remote-push", "", "let push reach this non-local database host")
}

// checkPort takes the port from STUDIO_PORT unless --port was given, and
// refuses one that is not a port number.
func (cfg *serveConfig) checkPort(fs *flag.FlagSet, e *env) error {
	if v := e.getenv("STUDIO_PORT"); v != "" && !flagSet(fs, "port") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 65535 {
			return usageError("STUDIO_PORT=%q is not a port number (0-65535)", v)
		}
		cfg.port = n
	}
	if cfg.port < 0 || cfg.port > 65535 {
		return usageError("--port %d is not a port number (0-65535)", cfg.port)
	}
	return nil
}

func runServe(ctx context.Context, e *env, args []string) error {
	var cfg serveConfig
	fs := newFlagSet("serve", e)
	cfg.proj.register(fs, "database to open")
	cfg.proj.registerAll(fs)
	serveFlags(fs, &cfg, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.checkPort(fs, e); err != nil {
		return err
	}
	data := datadir.New(resolve(e, cfg.dataDir))
	pc, err := resolveProject(e, cfg.proj, resolveOptions{data: &data, needFilters: cfg.push.Dev}) // the Push page must not guess either
	if err != nil {
		return err
	}
	var db *database.DB
	if pc.Address != "" { // else the studio starts on its set-up page
		if db, err = pc.open(ctx, database.Options{ReadOnly: cfg.readOnly}); err != nil {
			return err
		}
	}
	return serve(ctx, e, cfg, data, db, pc)
}

// openAddress parses and opens a database address; every failure is a
// usage or connection error (exit 2) with a password-free message.
func openAddress(ctx context.Context, addr string, opts database.Options) (*database.DB, error) {
	t, err := database.Parse(addr)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	db, err := database.Open(ctx, t, opts)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return db, nil
}

// serve runs the web studio until ctx ends.
func serve(ctx context.Context, e *env, cfg serveConfig, data datadir.Dir, db *database.DB, pc projectChoice) error {
	if db != nil {
		defer db.Close()
	}
	if !handlers.IsLoopback(cfg.host) && cfg.token == "" {
		return usageError("refusing to listen on %s without an access token: pass --token (or STUDIO_TOKEN), or keep the default --host 127.0.0.1", cfg.host)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		return usageError("port %d is in use (another studio or drizzle-kit studio?); pass --port 0 for a free one", cfg.port)
	}
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("listen on %s:%d: %w", cfg.host, cfg.port, err)}
	}
	addr := ln.Addr().String() // the real port when --port 0
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	migr, err := cfg.migr.options(e, pc)
	if err != nil {
		ln.Close()
		return err
	}
	history := pc.history(cfg.migr.table, cfg.migr.schema)
	push := pushResolved(e, cfg.push)
	push.Scope = pc.pushScope(history)
	app, err := handlers.NewApp(db, handlers.Options{Addr: addr, Token: cfg.token, ReadOnly: cfg.readOnly, Data: data, Log: log, Version: version,
		Migrations: migr, Push: push, Debug: debugMode(e),
		Project: handlers.ProjectOptions{Label: pc.Label(), Config: pc.configName(), Filter: pc.Filter}})
	if err != nil {
		ln.Close()
		return err
	}
	u := studioURL(addr, cfg.token)
	fmt.Fprintf(e.stdout, "studio: %s → %s\n", describe(db, pc), u)
	if cfg.open {
		openBrowser(e, u)
	}
	errc := make(chan error, 1)
	go func() { errc <- recovered(e, func() error { return app.Listener(ln) }) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		_ = app.ShutdownWithTimeout(5 * time.Second)
		return nil
	}
}

// studioURL is the address to open; it carries the token once, after which
// the studio keeps it in a cookie.
func studioURL(addr, token string) string {
	u := url.URL{Scheme: "http", Host: addr, Path: "/"}
	if token != "" {
		u.RawQuery = url.Values{"token": {token}}.Encode()
	}
	return u.String()
}

// describe is the start-up line's database: its label, "app ·
// drizzle.config.ts · .env", the same the header of every page shows.
func describe(db *database.DB, pc projectChoice) string {
	if db == nil {
		return "no database yet (open the set-up page)"
	}
	return pc.Label()
}

func newFlagSet(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("studio "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses and turns flag mistakes into exit code 2 with one
// line naming the mistake and where the flags are listed (-h prints them
// and exits 0).
func parseFlags(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package would print every flag after the error
	err := fs.Parse(args)
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return &exitError{code: 0}
	}
	if err != nil {
		return usageError("%v (`%s -h` lists the flags)", err, fs.Name())
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func envOr(e *env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// resolve makes a path absolute against the working directory.
func resolve(e *env, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.workdir, p)
}
