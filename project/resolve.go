package project

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"

	"studio/database"
	"studio/datadir"
)

// Where a database address came from, for people.
const (
	SourceFlag     = "--db"
	SourceEnv      = "DATABASE_URL"
	SourceSelected = "saved set-up choice"
)

// Inputs are what decides which database a command opens.
type Inputs struct {
	// Flag is --db ("" when not given).
	Flag string
	// ConfigPath is --config ("" to look in Workdir).
	ConfigPath string
	// Workdir is the working folder: where the config, .env files and
	// relative paths are.
	Workdir string
	// Getenv reads the process environment.
	Getenv func(string) string
	// Data is the data folder whose saved set-up choice comes last; nil
	// to leave it out.
	Data *datadir.Dir
	// DatabaseOptional is for commands that need the database only for
	// part of their work (generate, check, lint): a config whose database
	// cannot be read leaves Address empty and DatabaseErr set instead of
	// failing. It still never falls through to DATABASE_URL.
	DatabaseOptional bool
}

// Choice is the database a command opens, and why.
type Choice struct {
	// Address is for database.Parse; "" when nothing names a database
	// (the studio then starts on its set-up page).
	Address string
	// Source says where Address came from: "--db", "drizzle.config.ts ·
	// .env", "DATABASE_URL" or "saved set-up choice".
	Source string
	// Config is the project's drizzle config when there is one, also when
	// --db wins (its filters and migrations folder still apply).
	Config *Config
	// ConfigErr is why the config could not be read when --db made it
	// unnecessary for the address; show it as a warning.
	ConfigErr error
	// Database is set when the address came from the config (D1 details).
	Database *Database
	// DatabaseErr is why the config's database could not be read, with
	// Inputs.DatabaseOptional; the command fails with it if it needs the
	// database after all.
	DatabaseErr error
}

// Resolve picks the database in this order: --db, the drizzle config of
// the working folder (or --config), DATABASE_URL, the saved set-up
// choice. A project's own config beats a variable left in the shell:
// opening the wrong database is the mistake people fear most. So a
// config whose database cannot be read is an error (naming the file,
// line and what to pass), never a reason to fall through to
// DATABASE_URL.
func Resolve(in Inputs) (Choice, error) {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var ch Choice
	cfg, err := loadProject(in, getenv)
	switch {
	case err != nil && in.Flag != "":
		ch.ConfigErr = err
	case err != nil:
		return Choice{}, err
	}
	ch.Config = cfg
	if in.Flag != "" {
		ch.Address, ch.Source = in.Flag, SourceFlag
		return ch, nil
	}
	if cfg != nil {
		db, err := cfg.Database()
		if err != nil && in.DatabaseOptional {
			ch.DatabaseErr = err
			return ch, nil
		}
		if err != nil {
			return Choice{}, err
		}
		ch.Address, ch.Source, ch.Database = db.Address, db.Source(), &db
		return ch, nil
	}
	if u := getenv("DATABASE_URL"); u != "" {
		ch.Address, ch.Source = u, SourceEnv
		return ch, nil
	}
	if in.Data == nil {
		return ch, nil
	}
	sel, err := in.Data.Load()
	if errors.Is(err, datadir.ErrNoSelection) {
		return ch, nil
	}
	if err != nil {
		return Choice{}, err
	}
	if ch.Address, err = in.Data.Address(sel); err != nil {
		return Choice{}, err
	}
	ch.Source = SourceSelected
	return ch, nil
}

// loadProject finds and loads the config; nil without error when the
// folder has none (and --config was not given).
func loadProject(in Inputs, getenv func(string) string) (*Config, error) {
	path, err := Find(in.Workdir, in.ConfigPath)
	if errors.Is(err, ErrNoConfig) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return Load(in.Workdir, path, getenv)
}

// Label names the database and where it came from for a page header:
// "app · drizzle.config.ts · .env". Nothing secret is in it.
func (ch Choice) Label() string {
	if ch.Address == "" {
		return ""
	}
	name := DatabaseName(ch.Address)
	if d := ch.Database; d != nil && d.D1 != nil && d.D1.Name != "" {
		name = d.D1.Name // not the hash miniflare names the file with
	}
	parts := []string{name}
	if ch.Source != "" {
		parts = append(parts, ch.Source)
	}
	return strings.Join(parts, " · ")
}

// DatabaseName is a short name for an address: the SQLite file's name,
// or the PostgreSQL database's; "database" when it cannot tell.
func DatabaseName(address string) string {
	t, err := database.Parse(address)
	if err != nil {
		return "database"
	}
	if t.Dialect == database.SQLite {
		return filepath.Base(t.Path)
	}
	if u, err := url.Parse(address); err == nil && u.Scheme != "" {
		if name := strings.TrimPrefix(u.Path, "/"); name != "" {
			return name
		}
		if name := u.Query().Get("dbname"); name != "" {
			return name
		}
		return "postgres"
	}
	for _, f := range strings.Fields(address) {
		if v, ok := strings.CutPrefix(f, "dbname="); ok {
			return strings.Trim(v, "'")
		}
	}
	return "postgres"
}
