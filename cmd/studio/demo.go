package main

import (
	"context"
	"fmt"

	"studio/database"
	"studio/datadir"
	"studio/demo"
	"studio/project"
)

// runDemo creates the demo database on first run (never overwriting an
// existing file) and serves the studio on it.
func runDemo(ctx context.Context, e *env, args []string) error {
	var cfg serveConfig
	fs := newFlagSet("demo", e)
	serveFlags(fs, &cfg, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.checkPort(fs, e); err != nil {
		return err
	}
	data := datadir.New(resolve(e, cfg.dataDir))
	path := data.DemoPath()
	created, err := demo.Create(ctx, path)
	if err != nil {
		// The data folder is the user's: missing rights, a file in the
		// way, a full disk.
		return &exitError{code: 2, err: fmt.Errorf("create the demo database in --data %s: %w", data.Root, err)}
	}
	if created {
		fmt.Fprintf(e.stdout, "created the demo database at %s\n", path)
	}
	if cfg.migr.dir == "" {
		// The demo ships its own Drizzle folder: one migration applied, one
		// pending, so the migration pages have something real to show.
		cfg.migr.dir = demo.MigrationsDir(path)
	}
	db, err := database.Open(ctx, database.Target{Dialect: database.SQLite, Path: path}, database.Options{ReadOnly: cfg.readOnly})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	pc := projectChoice{Choice: project.Choice{Address: "sqlite:" + path, Source: "demo"}, Filter: project.All()}
	return serve(ctx, e, cfg, data, db, pc)
}
