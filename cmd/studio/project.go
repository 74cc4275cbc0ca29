package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"studio/database"
	"studio/datadir"
	"studio/migrations"
	"studio/project"
)

// projectFlags are the flags through which every command finds its
// database and its Drizzle project.
type projectFlags struct {
	db, config string
	// all shows (and lets push manage) what the config's filters hide.
	all bool
}

// register declares --db and --config; what says what the database is
// for ("database to inspect").
func (p *projectFlags) register(fs *flag.FlagSet, what string) {
	fs.StringVar(&p.db, "db", "", what+": postgres:// URL, key=value string, sqlite:PATH, file:PATH or a .db/.sqlite/.sqlite3 path "+
		"(default: the database of drizzle.config.*, else DATABASE_URL)")
	fs.StringVar(&p.config, "config", "", "drizzle config `PATH` (default: drizzle.config.{ts,js,json,mts,mjs,cts,cjs} in the working folder); read, never run")
}

// registerAll declares --all for the commands the config's filters apply to.
func (p *projectFlags) registerAll(fs *flag.FlagSet) {
	fs.BoolVar(&p.all, "all", false, "every schema and table, also those the drizzle config's schemaFilter and tablesFilter hide")
}

// projectChoice is the database a command opens, where its address came
// from, and what the project's config says around it.
type projectChoice struct {
	project.Choice
	// Filter is what the config's schemaFilter and tablesFilter show;
	// everything with --all or without a config.
	Filter project.Filter
}

// resolveOptions say how much of the project a command needs.
type resolveOptions struct {
	// data is the folder whose saved set-up choice comes last (serve
	// only); nil leaves it out.
	data *datadir.Dir
	// databaseOptional: the command works without the database (generate,
	// check, lint); the config's database error waits in DatabaseErr.
	databaseOptional bool
	// needFilters: the command must not guess what an unreadable config's
	// filters hide (push), unless --all.
	needFilters bool
}

// resolveProject is the one way every command picks its database: --db,
// then the drizzle config of the working folder (or --config), then
// DATABASE_URL, then (serve) the saved set-up choice. Every failure is
// one line and exit 2; no value read from the environment is in it. A
// config that cannot be read while --db made it unnecessary is a
// warning, unless --config named it or the command needs its filters.
func resolveProject(e *env, pf projectFlags, o resolveOptions) (projectChoice, error) {
	ch, err := project.Resolve(project.Inputs{Flag: pf.db, ConfigPath: pf.config, Workdir: e.workdir,
		Getenv: e.getenv, Data: o.data, DatabaseOptional: o.databaseOptional})
	if err != nil {
		return projectChoice{}, &exitError{code: 2, err: err}
	}
	if ch.ConfigErr != nil {
		switch {
		case pf.config != "":
			return projectChoice{}, &exitError{code: 2, err: ch.ConfigErr}
		case o.needFilters && !pf.all:
			return projectChoice{}, &exitError{code: 2, err: fmt.Errorf("%w: %w; fix it, or pass --all to let push manage every table", errNoConfigFilters, ch.ConfigErr)}
		}
		fmt.Fprintf(e.stderr, "studio: warning: %s (its out, filters and migrations settings are not used)\n", printable(ch.ConfigErr.Error(), true))
	}
	pc := projectChoice{Choice: ch, Filter: project.All()}
	if ch.Config != nil && !pf.all {
		if pc.Filter, err = project.NewFilter(ch.Config); err != nil {
			return projectChoice{}, &exitError{code: 2, err: err}
		}
	}
	return pc, nil
}

// need fails when nothing names a database: the config's own error when
// it had one, else what to pass.
func (pc projectChoice) need(cmd string) error {
	switch {
	case pc.Address != "":
		return nil
	case pc.DatabaseErr != nil:
		return &exitError{code: 2, err: pc.DatabaseErr}
	}
	return usageError("%s needs a database: pass --db URL, run it in a folder with a drizzle.config.*, or set DATABASE_URL", cmd)
}

// configName is the config file as shown ("drizzle.config.ts"); "" when
// there is none.
func (pc projectChoice) configName() string {
	if pc.Config == nil {
		return ""
	}
	return pc.Config.Name
}

// migrationsDir is the migrations folder: --migrations, else the config's
// out, else ./drizzle, else ./migrations.
func (pc projectChoice) migrationsDir(e *env, flagDir string) (string, error) {
	var out migrations.Out
	if pc.Config != nil {
		out = migrations.Out{Config: pc.Config.Name, Dir: pc.Config.Out}
	}
	dir, err := migrations.Locate(e.workdir, flagDir, out)
	if err != nil {
		return "", &exitError{code: 2, err: err}
	}
	return dir, nil
}

// history is the history table: the flags, else the config's
// migrations.table and (PostgreSQL only, as drizzle-kit reads it)
// migrations.schema, else Drizzle's defaults.
func (pc projectChoice) history(table, schema string) migrations.Config {
	if pc.Config != nil {
		table = firstNonEmpty(table, pc.Config.Migrations.Table)
		if pc.dialect() == database.Postgres {
			schema = firstNonEmpty(schema, pc.Config.Migrations.Schema)
		}
	}
	return migrations.Config{Table: table, Schema: schema}
}

// dialect is the database's dialect as the address, else the config,
// says: database.Postgres, database.SQLite or "".
func (pc projectChoice) dialect() database.Dialect {
	if pc.Address != "" {
		if t, err := database.Parse(pc.Address); err == nil {
			return t.Dialect
		}
	}
	if pc.Config == nil {
		return ""
	}
	return pc.Config.StudioDialect()
}

// d1 reports a Cloudflare D1 project: the reviewer then says D1 ignores
// PRAGMA foreign_keys=OFF in migrations.
func (pc projectChoice) d1() bool { return pc.Config != nil && pc.Config.IsD1() }

// prefix is how generate names files: the config's migrations.prefix.
func (pc projectChoice) prefix() migrations.Prefix {
	if pc.Config == nil {
		return migrations.PrefixIndex
	}
	return migrations.Prefix(pc.Config.Migrations.Prefix)
}

// pushScope is what push manages: what the filters show, never the
// project's own history table.
func (pc projectChoice) pushScope(h migrations.Config) project.Filter {
	f := pc.Filter
	if h.Table != "" {
		f = f.Without(h.Schema, h.Table)
	}
	return f
}

// errNoConfigFilters is push's refusal to guess what a config it cannot
// read would hide.
var errNoConfigFilters = errors.New("the drizzle config cannot be read, so push cannot tell which tables its schemaFilter and tablesFilter leave alone")

// describe is the opened database for a report line: its address
// without the password, and where it came from when that was not --db.
func (pc projectChoice) describe(db *database.DB) string {
	if pc.Source == "" || pc.Source == project.SourceFlag {
		return db.Target.String()
	}
	return db.Target.String() + " (" + pc.Source + ")"
}

// open opens the chosen database (see openAddress); a failure names where
// its address came from when that was not --db.
func (pc projectChoice) open(ctx context.Context, opts database.Options) (*database.DB, error) {
	db, err := openAddress(ctx, pc.Address, opts)
	var ee *exitError
	if err != nil && pc.Source != "" && pc.Source != project.SourceFlag && errors.As(err, &ee) && ee.err != nil {
		ee.err = fmt.Errorf("the database of %s: %w", pc.Source, ee.err)
	}
	return db, err
}
