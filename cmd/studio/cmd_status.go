package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"studio/database"
	"studio/migrations"
)

// migrateFlags are the flags `status`, `migrate` and `check` share.
type migrateFlags struct {
	proj               projectFlags
	dir, table, schema string
	json               bool
}

func (f *migrateFlags) register(fs *flag.FlagSet) {
	f.proj.register(fs, "database")
	fs.StringVar(&f.dir, "migrations", "", "migrations folder (default: out of the drizzle config, else ./drizzle, else ./migrations)")
	fs.StringVar(&f.table, "migrations-table", "", "history table, as Drizzle's migrationsTable (default: migrations.table of the drizzle config, else __drizzle_migrations)")
	fs.StringVar(&f.schema, "migrations-schema", "", "PostgreSQL schema of the history table, as Drizzle's migrationsSchema (default: migrations.schema of the drizzle config, else drizzle)")
	fs.BoolVar(&f.json, "json", false, "print JSON")
}

// migrationsProject is the project a migrations command works in, its
// folder read.
type migrationsProject struct {
	projectChoice
	dir    string
	folder *migrations.Folder
	// history is the history table: the flags over the config.
	history migrations.Config
}

// project resolves the database and reads the migrations folder; every
// failure is a usage error (exit 2).
func (f *migrateFlags) project(e *env, o resolveOptions) (*migrationsProject, error) {
	pc, err := resolveProject(e, f.proj, o)
	if err != nil {
		return nil, err
	}
	dir, err := pc.migrationsDir(e, f.dir)
	if err != nil {
		return nil, err
	}
	folder, err := migrations.ReadPath(dir)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	if pc.dialect() == database.SQLite && f.schema != "" {
		return nil, usageError("--migrations-schema applies to PostgreSQL only; SQLite has no schemas")
	}
	return &migrationsProject{projectChoice: pc, dir: dir, folder: folder, history: pc.history(f.table, f.schema)}, nil
}

// open resolves the project, reads the folder and opens the database.
func (f *migrateFlags) open(ctx context.Context, e *env, cmd string, opts database.Options) (*migrationsProject, *database.DB, error) {
	mp, err := f.project(e, resolveOptions{})
	if err != nil {
		return nil, nil, err
	}
	if err := mp.need(cmd); err != nil {
		return nil, nil, err
	}
	db, err := mp.open(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	return mp, db, nil
}

const statusHelp = `Usage: studio status [flags]

Compares a Drizzle migrations folder with the database's history table and
prints each migration's state (read-only):
  applied       recorded, and the file's hash matches the record
  pending       not recorded; the next run applies it
  modified      recorded, but the file changed since
  missing       recorded, but no file in the folder
  out-of-order  not recorded, and it cannot simply run next: an applied
                migration comes after it in run order, or its journal
                "when" is not later than the newest recorded created_at,
                so drizzle-orm's migrator skips it silently, forever (a
                migration merged late with an older timestamp). --json
                says why and what each tool does with it (outOfOrder);
                studio migrate refuses it unless --allow-out-of-order.

Exit codes:
  0  in sync
  3  pending migrations only
  4  modified, missing or out-of-order migrations
  2  usage or connection error
  1  another error

Flags:
`

// runStatus prints where the database stands against its migrations
// folder; see statusHelp for the exit codes.
func runStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("status", e)
	setHelp(fs, statusHelp)
	var mf migrateFlags
	mf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mp, db, err := mf.open(ctx, e, "status", database.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := migrations.Status(ctx, db, mp.folder, mp.history)
	if err != nil {
		return migrateExit(err)
	}
	if mf.json {
		if err := writeJSON(e.stdout, rep); err != nil {
			return err
		}
	} else {
		printReport(e.stdout, rep, mp.describe(db))
		if mp.d1() {
			printD1Note(ctx, e.stdout, db)
		}
	}
	switch {
	case rep.Drifted():
		return &exitError{code: 4}
	case !rep.InSync():
		return &exitError{code: 3}
	}
	return nil
}

// wranglerApplied lists the migrations wrangler recorded in its own
// history table, d1_migrations, which studio does not read: on a D1
// database made with `wrangler d1 migrations apply` Drizzle's history is
// empty. None when the table does not exist.
func wranglerApplied(ctx context.Context, db *database.DB) []string {
	rows, err := db.QueryContext(ctx, "SELECT name FROM d1_migrations ORDER BY id")
	if err != nil {
		return nil // no such table: wrangler has applied nothing
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, strings.TrimSuffix(n, ".sql"))
		}
	}
	if rows.Err() != nil {
		return nil
	}
	return names
}

// printD1Note says which migrations wrangler recorded, which show as
// pending above.
func printD1Note(ctx context.Context, w io.Writer, db *database.DB) {
	if names := wranglerApplied(ctx, db); len(names) > 0 {
		fmt.Fprintf(w, "note: Cloudflare D1: wrangler recorded %d migration(s) in its own table d1_migrations (%s); "+
			"the states above are those of Drizzle's history table, which `wrangler d1 migrations apply` does not write\n",
			len(names), printable(strings.Join(names, ", "), true))
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// migrateExit maps a migrations error to an exit code: 4 for drift, 2
// for a folder written for another database or a bad name, 1 otherwise.
func migrateExit(err error) error {
	switch {
	case errors.Is(err, migrations.ErrModified), errors.Is(err, migrations.ErrMissing), errors.Is(err, migrations.ErrOutOfOrder):
		return &exitError{code: 4, err: err}
	case errors.Is(err, migrations.ErrDialect), errors.Is(err, migrations.ErrConfig):
		return &exitError{code: 2, err: err}
	}
	return &exitError{code: 1, err: err}
}

// printReport writes the history as a table, then the summary, what to do
// about drift, and the folder's problems.
func printReport(w io.Writer, r *migrations.Report, db string) {
	fmt.Fprintf(w, "folder    %s (%s layout, %d migrations)\n", r.Folder, r.Layout, len(r.Migrations)-r.Summary.Missing)
	fmt.Fprintf(w, "database  %s, history table %s", db, r.Table)
	if !r.TableExists {
		fmt.Fprint(w, " (not created yet)")
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tCREATED (UTC)\tAPPLIED (UTC)\tNAME\tNOTE")
	for _, m := range r.Migrations {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.State, utcMillis(m.CreatedAt), utcTime(m.AppliedAt), m.Name, statusNote(m))
	}
	tw.Flush()
	s := r.Summary
	fmt.Fprintf(w, "\n%d applied, %d pending, %d modified, %d missing, %d out-of-order\n", s.Applied, s.Pending, s.Modified, s.Missing, s.OutOfOrder)
	for _, hint := range driftHints(s) {
		fmt.Fprintln(w, hint)
	}
	for _, p := range r.Problems {
		where := p.File
		if where == "" {
			where = p.Migration
		}
		fmt.Fprintf(w, "%s: %s %s\n", p.Severity, where, p.Message)
	}
}

func statusNote(m migrations.MigrationStatus) string {
	var notes []string
	if m.RecordedHash != "" {
		notes = append(notes, fmt.Sprintf("file changed since applied (recorded %s, now %s)", short(m.RecordedHash), short(m.Hash)))
	}
	if m.State == migrations.Missing {
		notes = append(notes, "recorded, but no file in this folder")
	}
	if m.Duplicates > 0 {
		notes = append(notes, fmt.Sprintf("recorded %d times", m.Duplicates+1))
	}
	if info := m.OutOfOrder; info != nil {
		notes = append(notes, info.Reason)
		if info.Drizzle == migrations.DrizzleSkips {
			notes = append(notes, "drizzle-orm's migrator would skip it silently")
		}
	}
	return strings.Join(notes, "; ")
}

func driftHints(s migrations.Summary) []string {
	var out []string
	if s.OutOfOrder > 0 {
		out = append(out, "out-of-order: pending migrations that cannot simply run next (see NOTE); `studio migrate` refuses to run, "+
			"`studio migrate --allow-out-of-order` applies them in folder order and records them as drizzle-orm would")
	}
	if s.Modified > 0 {
		out = append(out, "modified: applied migrations whose file changed; restore the file, or accept with `studio migrate --allow-modified`")
	}
	if s.Missing > 0 {
		out = append(out, "missing: the database records migrations this folder lacks (wrong folder or branch?); `--allow-missing` accepts it")
	}
	return out
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

func utcMillis(ms int64) string {
	if ms <= 0 {
		return "-"
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05")
}

func utcTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}
