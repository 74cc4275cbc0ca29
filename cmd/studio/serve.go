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
	"time"

	"studio/database"
	"studio/datadir"
	"studio/handlers"
	"studio/migrations"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// serveConfig is everything `studio serve` needs, parsed from flags and
// the environment (flags win).
type serveConfig struct {
	db       string
	host     string
	port     int
	token    string
	readOnly bool
	dataDir  string
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

// options resolves the folder (flag, drizzle.config out, ./drizzle,
// ./migrations) for the web pages; not finding one is not fatal there.
func (m migrationFlags) options(e *env) (handlers.MigrationsOptions, error) {
	rv, _, err := reviewOptions(e)
	if err != nil {
		return handlers.MigrationsOptions{}, err
	}
	o := handlers.MigrationsOptions{Review: rv, Config: migrations.Config{Table: m.table, Schema: m.schema}, SearchPath: m.searchPath,
		AllowOutOfOrder: m.allowOutOfOrder, AllowModified: m.allowModified, AllowMissing: m.allowMissing}
	dir, err := migrations.Locate(e.workdir, m.dir)
	if err != nil {
		o.FolderErr = err.Error()
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
	fs.StringVar(&cfg.migr.dir, "migrations", "", "migrations folder (default: out of drizzle.config.*, else ./drizzle, else ./migrations)")
	fs.StringVar(&cfg.migr.table, "migrations-table", "", "history table (default __drizzle_migrations)")
	fs.StringVar(&cfg.migr.schema, "migrations-schema", "", "history table's PostgreSQL schema (default drizzle)")
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
	fs.StringVar(&cfg.db, "db", e.getenv("DATABASE_URL"), "database to open: postgres:// URL, key=value string, sqlite:PATH, file:PATH or a .db/.sqlite/.sqlite3 path (env DATABASE_URL)")
	serveFlags(fs, &cfg, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.checkPort(fs, e); err != nil {
		return err
	}
	data := datadir.New(resolve(e, cfg.dataDir))
	db, err := openConfigured(ctx, cfg, data)
	if err != nil {
		return err
	}
	return serve(ctx, e, cfg, data, db)
}

// openConfigured opens --db / DATABASE_URL, else the saved selection, else
// nothing (the studio starts on its set-up page).
func openConfigured(ctx context.Context, cfg serveConfig, data datadir.Dir) (*database.DB, error) {
	opts := database.Options{ReadOnly: cfg.readOnly}
	if cfg.db != "" {
		return openAddress(ctx, cfg.db, opts)
	}
	sel, err := data.Load()
	if errors.Is(err, datadir.ErrNoSelection) {
		return nil, nil
	}
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	t := database.Target{Dialect: database.SQLite}
	if sel.Type == database.Postgres {
		t, err = database.Parse(sel.ConnectionString)
	} else {
		t.Path, err = data.Resolve(sel.Path)
	}
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("saved selection in %s: %w", data.Root, err)}
	}
	db, err := database.Open(ctx, t, opts)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("open the database saved in %s/db.selection.json: %w", data.Root, err)}
	}
	return db, nil
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
func serve(ctx context.Context, e *env, cfg serveConfig, data datadir.Dir, db *database.DB) error {
	if db != nil {
		defer db.Close()
	}
	if !handlers.IsLoopback(cfg.host) && cfg.token == "" {
		return usageError("refusing to listen on %s without an access token: pass --token (or STUDIO_TOKEN), or keep the default --host 127.0.0.1", cfg.host)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port)))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("listen on %s:%d: %w", cfg.host, cfg.port, err)}
	}
	addr := ln.Addr().String() // the real port when --port 0
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	migr, err := cfg.migr.options(e)
	if err != nil {
		ln.Close()
		return err
	}
	app, err := handlers.NewApp(db, handlers.Options{Addr: addr, Token: cfg.token, ReadOnly: cfg.readOnly, Data: data, Log: log, Version: version, Migrations: migr, Push: pushResolved(e, cfg.push), Debug: debugMode(e)})
	if err != nil {
		ln.Close()
		return err
	}
	fmt.Fprintf(e.stdout, "studio %s serving %s on %s\n", version, describe(db), studioURL(addr, cfg.token))
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

func describe(db *database.DB) string {
	if db == nil {
		return "no database yet (open the set-up page)"
	}
	return db.Target.String()
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
