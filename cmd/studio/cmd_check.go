package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"studio/database"
	"studio/migrations"
	"studio/plan"
)

const checkHelp = `Usage: studio check [flags]

For reviewers and CI. Checks that
  1. the migrations folder is consistent: the journal and the files agree
     (no entry without its file, no SQL file the journal does not list, no
     duplicate tag or idx; drizzle-kit 1.0 folders: no two with the same
     timestamp). A journal whose "when" does not increase is a notice.
  2. replaying the folder on a scratch database gives the desired schema
     (--schema, default ./schema.sql; skipped with a notice when that
     default file does not exist). Differences are drift, listed as the
     statements that would remove it (studio generate writes them).
     PostgreSQL scratch databases need --dev-url or --db (see generate -h).
  3. with a database (--db, the drizzle config's, or DATABASE_URL): its
     history matches the files: no applied migration modified, missing
     from the folder or out of order. Pending migrations are reported,
     not failures. A config whose database cannot be read (a variable
     unset in CI) skips this check with a note.
  4. with a database: no live drift: its schema is what the folder builds
     through its last applied migration, replayed on a scratch database
     (PostgreSQL: --dev-url, else a temporary database on the database's
     server; without the privilege to make one the check is skipped with a
     note). A column or index added by hand is drift. Each difference is
     listed; studio diff --from LAST --to live --format sql prints the
     migration that records them.

Drift compares only what the drizzle config's schemaFilter and
tablesFilter show (--all: everything).

Exit codes:
  0  all good (notices and pending migrations allowed)
  4  a check failed (the report says which)
  2  usage, schema file or connection error
  1  another error

Flags:
`

// checkItem is one finding.
type checkItem struct {
	// Severity is "error" (fails the check) or "notice".
	Severity  string `json:"severity"`
	Migration string `json:"migration,omitempty"`
	File      string `json:"file,omitempty"`
	Message   string `json:"message"`
}

// checkReport is `check --json`.
type checkReport struct {
	Folder      string           `json:"folder"`
	Layout      string           `json:"layout"`
	Dialect     database.Dialect `json:"dialect"`
	Migrations  int              `json:"migrations"`
	Consistency []checkItem      `json:"consistency"`
	// Schema is the desired schema; Drift the plan from the replayed
	// folder to it (no steps: no drift), nil when not checked (DriftNote
	// says why) or when replaying failed (DriftError).
	Schema     string     `json:"schema"`
	Drift      *plan.Plan `json:"drift"`
	DriftNote  string     `json:"driftNote,omitempty"`
	DriftError string     `json:"driftError,omitempty"`
	// Database and History are there with a database (--db, the drizzle
	// config's, DATABASE_URL); HistoryFindings are its modified, missing,
	// out-of-order (errors) and pending (notices) migrations. HistoryNote
	// says why the config's database was not checked.
	Database        string             `json:"database,omitempty"`
	History         *migrations.Report `json:"history,omitempty"`
	HistoryNote     string             `json:"historyNote,omitempty"`
	HistoryFindings []checkItem        `json:"historyFindings,omitempty"`
	// LiveDrift (with --db) compares the database's schema with the
	// folder replayed through its last applied migration: changes made
	// by hand. Nil when not checked; LiveDriftNote says why.
	LiveDrift     *plan.Drift `json:"liveDrift,omitempty"`
	LiveDriftNote string      `json:"liveDriftNote,omitempty"`
	Errors        int         `json:"errors"`
	OK            bool        `json:"ok"`
}

// runCheck checks a migrations folder, its drift from the desired schema
// and, with a database, its history; see checkHelp.
func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("check", e)
	var mf migrateFlags
	mf.register(fs)
	mf.proj.registerAll(fs)
	var gf generateFlags
	gf.registerScratch(fs)
	setHelp(fs, checkHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mp, err := mf.project(e, resolveOptions{databaseOptional: true})
	if err != nil {
		return err
	}
	folder := mp.folder
	if folder.Dialect, err = resolveDialect(folder.Dialect, gf.dialect, mp.projectChoice, gf.devURL); err != nil {
		return err
	}
	r := &checkReport{Folder: mp.dir, Layout: string(folder.Layout), Dialect: folder.Dialect, Migrations: len(folder.Migrations)}
	r.Consistency = consistency(mp.dir, folder)
	if err := checkDrift(ctx, e, r, mp, gf, flagSet(fs, "schema")); err != nil {
		return err
	}
	switch {
	case mp.Address != "":
		if err := checkHistory(ctx, r, mp, gf.devURL); err != nil {
			return err
		}
	case mp.DatabaseErr != nil:
		r.HistoryNote = printable(mp.DatabaseErr.Error(), true)
	}
	return finishCheck(e, r, mf.json)
}

// flagSet reports whether the named flag was given.
func flagSet(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// consistency is migrations.Check as check's findings.
func consistency(dir string, f *migrations.Folder) []checkItem {
	items := []checkItem{}
	for _, p := range migrations.Check(f, dir) {
		items = append(items, checkItem{Severity: string(p.Severity), Migration: p.Migration, File: p.File, Message: p.Message})
	}
	return items
}

// checkDrift replays the folder and diffs it with the desired schema,
// both limited to what the drizzle config's filters show.
func checkDrift(ctx context.Context, e *env, r *checkReport, mp *migrationsProject, gf generateFlags, schemaGiven bool) error {
	r.Schema = resolve(e, gf.schema)
	if _, err := os.Stat(r.Schema); errors.Is(err, os.ErrNotExist) && !schemaGiven {
		r.DriftNote = fmt.Sprintf("%s not found: drift not checked (pass --schema PATH)", r.Schema)
		return nil
	}
	live, closeLive, err := scratchServer(ctx, mp.folder.Dialect, mp.projectChoice, gf.devURL)
	if err != nil {
		return err
	}
	defer closeLive()
	p, err := diffFolder(ctx, live, gf.devURL, mp.folder, r.Schema, nil, mp.Filter)
	var re *plan.ReplayError
	if errors.As(err, &re) {
		r.DriftError = re.Error()
		return nil
	}
	if err != nil {
		return err
	}
	r.Drift = p
	return nil
}

// checkHistory compares the database's history with the folder.
func checkHistory(ctx context.Context, r *checkReport, mp *migrationsProject, devURL string) error {
	db, err := mp.open(ctx, database.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := migrations.Status(ctx, db, mp.folder, mp.history)
	if err != nil {
		return migrateExit(err)
	}
	r.History, r.Database = rep, mp.describe(db)
	r.HistoryFindings = historyFindings(rep)
	return checkLiveDrift(ctx, r, db, mp, rep, devURL)
}

// checkLiveDrift compares the database with the folder replayed through
// its last applied migration. A scratch that cannot be made, or a folder
// that does not replay, leaves it unchecked with a note.
func checkLiveDrift(ctx context.Context, r *checkReport, db *database.DB, mp *migrationsProject, rep *migrations.Report, devURL string) error {
	server, closeServer, err := scratchServer(ctx, mp.folder.Dialect, mp.projectChoice, devURL)
	if err != nil {
		return err
	}
	defer closeServer()
	d, err := plan.LiveDrift(ctx, db, server, devURL, mp.folder, rep, mp.history, mp.Filter)
	var re *plan.ReplayError
	switch {
	case errors.As(err, &re):
		r.LiveDriftNote = re.Error()
	case errors.Is(err, plan.ErrScratch):
		r.LiveDriftNote = err.Error() + " (pass --dev-url URL, an empty database)"
	case err != nil:
		return err
	default:
		r.LiveDrift = d
	}
	return nil
}

// historyFindings fails modified, missing and out-of-order migrations and
// notes pending ones.
func historyFindings(rep *migrations.Report) []checkItem {
	var out []checkItem
	for _, m := range rep.Migrations {
		it := checkItem{Severity: "error", Migration: m.Name, File: m.File}
		switch m.State {
		case migrations.Modified:
			it.Message = fmt.Sprintf("was applied, but its file changed since (recorded %s, now %s)", short(m.RecordedHash), short(m.Hash))
		case migrations.Missing:
			it.Message = "is recorded in the database, but the folder has no such migration (wrong branch?)"
		case migrations.OutOfOrder:
			it.Message = "is out of order: " + m.OutOfOrder.Reason
		case migrations.Pending:
			it.Severity, it.Message = "notice", "is pending"
		default:
			continue
		}
		out = append(out, it)
	}
	return out
}

// finishCheck counts the errors, prints the report and sets the exit
// code.
func finishCheck(e *env, r *checkReport, asJSON bool) error {
	for _, list := range [][]checkItem{r.Consistency, r.HistoryFindings} {
		for _, it := range list {
			if it.Severity == "error" {
				r.Errors++
			}
		}
	}
	if r.DriftError != "" || (r.Drift != nil && !r.Drift.Empty()) {
		r.Errors++
	}
	if r.LiveDrift != nil && len(r.LiveDrift.Changes) > 0 {
		r.Errors++
	}
	r.OK = r.Errors == 0
	if asJSON {
		if err := writeJSON(e.stdout, r); err != nil {
			return err
		}
	} else {
		printCheck(e.stdout, r)
	}
	if !r.OK {
		return &exitError{code: 4, err: fmt.Errorf("check failed: %d error(s)", r.Errors)}
	}
	return nil
}

// printCheck writes the report, one section per check.
func printCheck(w io.Writer, r *checkReport) {
	fmt.Fprintf(w, "folder  %s (%s layout, %s, %d migrations)\n", r.Folder, r.Layout, r.Dialect, r.Migrations)
	fmt.Fprintf(w, "\nconsistency: %s\n", verdict(r.Consistency))
	printItems(w, r.Consistency)
	switch {
	case r.DriftNote != "":
		fmt.Fprintf(w, "\ndrift: not checked: %s\n", r.DriftNote)
	case r.DriftError != "":
		fmt.Fprintf(w, "\ndrift: FAIL: %s\n", r.DriftError)
	case r.Drift.Empty():
		fmt.Fprintf(w, "\ndrift: ok: replaying the folder gives %s\n", r.Schema)
	default:
		fmt.Fprintf(w, "\ndrift: FAIL: replaying the folder does not give %s; the differences, as the statements that would remove them (`studio generate --name NAME` writes them):\n", r.Schema)
		printPlan(w, r.Drift, false)
	}
	if r.HistoryNote != "" {
		fmt.Fprintf(w, "\nhistory: not checked: %s\n", r.HistoryNote)
	}
	if r.History != nil {
		s := r.History.Summary
		fmt.Fprintf(w, "\nhistory: %s: %s, table %s: %d applied, %d pending, %d modified, %d missing, %d out-of-order\n",
			verdict(r.HistoryFindings), r.Database, r.History.Table, s.Applied, s.Pending, s.Modified, s.Missing, s.OutOfOrder)
		printItems(w, r.HistoryFindings)
		printLiveDrift(w, r)
	}
	if r.OK {
		fmt.Fprintln(w, "\ncheck passed")
	} else {
		fmt.Fprintf(w, "\ncheck FAILED: %d error(s)\n", r.Errors)
	}
}

func verdict(items []checkItem) string {
	for _, it := range items {
		if it.Severity == "error" {
			return "FAIL"
		}
	}
	return "ok"
}

func printItems(w io.Writer, items []checkItem) {
	for _, it := range items {
		where := it.File
		if where == "" {
			where = it.Migration
		}
		fmt.Fprintf(w, "  %s: %s %s\n", it.Severity, where, it.Message)
	}
}

// printLiveDrift writes the live drift section: one line when clean,
// else each change and the command that writes them as a migration.
func printLiveDrift(w io.Writer, r *checkReport) {
	d := r.LiveDrift
	if d == nil {
		fmt.Fprintf(w, "\nlive drift: not checked: %s\n", r.LiveDriftNote)
		return
	}
	through := "an empty database (no migration applied)"
	from := "empty"
	if d.Through != "" {
		through, from = "the folder replayed through "+d.Through, d.Through
	}
	if len(d.Changes) == 0 {
		fmt.Fprintf(w, "\nlive drift: ok: the database matches %s\n", through)
		return
	}
	fmt.Fprintf(w, "\nlive drift: FAIL: the database differs from %s (changed by hand?):\n", through)
	for _, c := range d.Changes {
		fmt.Fprintf(w, "  %s\n", changeText(c))
	}
	fmt.Fprintf(w, "  `studio diff --from %s --to live --format sql` prints the migration that records them\n", from)
}

// changeText is a change on one line: "column-added posts.hotfix: integer".
func changeText(c plan.Change) string {
	what := c.Table
	if c.Name != "" {
		what += "." + c.Name
	}
	if c.Detail != "" {
		return c.Kind + " " + what + ": " + oneLine(c.Detail)
	}
	return c.Kind + " " + what
}
