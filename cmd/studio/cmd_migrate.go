package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"studio/database"
	"studio/migrations"
)

const migrateHelp = `Usage: studio migrate [flags]

Applies every pending migration of a Drizzle folder in one transaction,
under a lock, recording each in Drizzle's history table exactly as
drizzle-orm does. Before anything runs, the state is read under the lock
(see studio status -h): modified, missing or out-of-order migrations stop
the run, naming each file and why, and nothing is applied, not even the
pending migrations in order. An out-of-order migration (merged late with
an older timestamp) is one drizzle-orm's migrator would skip silently,
forever; --allow-out-of-order applies it in folder order and records it
as drizzle-orm would (created_at = its "when"), which drizzle-orm's next
run accepts.

Exit codes:
  0  applied (or nothing to do)
  4  modified, missing or out-of-order migrations not allowed (nothing applied)
  1  a statement failed (nothing applied, unless a file's COMMIT or
     CONCURRENTLY committed earlier work: the message says) or another error
  2  usage, folder or connection error

Flags:
`

// runMigrate applies every pending migration in one transaction and
// prints one line per migration, then a summary. It never exits non-zero
// without saying why; see migrateHelp for the codes.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("migrate", e)
	setHelp(fs, migrateHelp)
	var mf migrateFlags
	mf.register(fs)
	var opts migrations.ApplyOptions
	fs.BoolVar(&opts.AllowOutOfOrder, "allow-out-of-order", false, "also apply out-of-order migrations (merged late with an older timestamp), in folder order")
	fs.BoolVar(&opts.AllowModified, "allow-modified", false, "run although applied migrations were edited since")
	fs.BoolVar(&opts.AllowMissing, "allow-missing", false, "run although the database records migrations this folder lacks")
	fs.BoolVar(&opts.DryRun, "dry-run", false, "apply inside a transaction, report every statement, then roll back")
	fs.StringVar(&opts.SearchPath, "search-path", "", "PostgreSQL search_path for the run, e.g. \"app, public\"")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mp, db, err := mf.open(ctx, e, "migrate", database.Options{Create: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := refuseWranglerD1(ctx, mp, db); err != nil {
		return err
	}
	opts.Config = mp.history
	p := &progress{w: e.stdout, dryRun: opts.DryRun}
	if !mf.json {
		fmt.Fprintf(e.stdout, "migrating %s on %s\n", mp.folder.Dir, mp.describe(db))
		opts.Progress = p.event
	}
	res, err := migrations.Apply(ctx, db, mp.folder, opts)
	if mf.json {
		if jerr := writeJSON(e.stdout, migrateOutput{Result: res, Error: errText(err)}); jerr != nil && err == nil {
			err = jerr
		}
	} else if err == nil {
		p.summary(res)
	}
	if err != nil {
		return migrateExit(err)
	}
	return nil
}

// refuseWranglerD1 stops migrate on a D1 database whose migrations
// wrangler applied and recorded in d1_migrations while Drizzle's history
// is empty: studio would run them all again.
func refuseWranglerD1(ctx context.Context, mp *migrationsProject, db *database.DB) error {
	if !mp.d1() {
		return nil
	}
	names := wranglerApplied(ctx, db)
	if len(names) == 0 {
		return nil
	}
	rep, err := migrations.Status(ctx, db, mp.folder, mp.history)
	if err != nil || rep.Summary.Applied > 0 {
		return nil // Apply reports its own errors; a Drizzle history is studio's to keep
	}
	name := "DATABASE"
	if d := mp.Database; d != nil && d.D1 != nil && d.D1.Name != "" {
		name = d.D1.Name
	}
	return usageError("this Cloudflare D1 database's migrations are applied by wrangler (%d recorded in d1_migrations) and Drizzle's history is empty: "+
		"studio migrate would run them again; apply the rest with `wrangler d1 migrations apply %s --local`", len(names), name)
}

// migrateOutput is `migrate --json`: the result, and the error if any.
type migrateOutput struct {
	Result *migrations.Result `json:"result"`
	Error  string             `json:"error,omitempty"`
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// progress prints a run as it goes.
type progress struct {
	w      io.Writer
	dryRun bool
	stmts  int
}

func (p *progress) event(ev migrations.Event) {
	switch ev.Kind {
	case migrations.EventLocked:
		if ev.Duration > 500*time.Millisecond {
			fmt.Fprintf(p.w, "waited %s for another migration run to finish\n", ev.Duration.Round(time.Millisecond))
		}
	case migrations.EventMigrationStart:
		p.stmts = 0
	case migrations.EventStatement:
		if ev.Statement.Skipped == "" {
			p.stmts++
		}
		if p.dryRun {
			p.statement(ev)
		}
	case migrations.EventCommitted, migrations.EventRetry:
		fmt.Fprintf(p.w, "  note: %s\n", ev.Message)
	case migrations.EventMigrationDone:
		verb := "applied"
		if p.dryRun {
			verb = "ran"
		}
		fmt.Fprintf(p.w, "  [%d/%d] %s %s in %s (%d statements)\n", ev.Index, ev.Total, verb, ev.Migration,
			ev.Duration.Round(time.Microsecond), p.stmts)
	}
}

// statement prints one statement of a dry run.
func (p *progress) statement(ev migrations.Event) {
	s := ev.Statement
	what := strings.Join(s.Tags, ", ")
	switch {
	case s.Skipped != "":
		what = "skipped: " + s.Skipped
	case what == "":
		what = fmt.Sprintf("%d rows", s.RowsAffected)
	}
	if s.Note != "" {
		what += " (" + s.Note + ")"
	}
	fmt.Fprintf(p.w, "      %s #%d line %d: %s, %s\n", ev.Migration, s.Number, s.Line, what, s.Duration.Round(time.Microsecond))
}

func (p *progress) summary(res *migrations.Result) {
	n := len(res.Applied)
	switch {
	case res.DryRun:
		fmt.Fprintf(p.w, "dry run: %d migration(s) ran in %s and were rolled back; nothing changed\n", n, res.Duration.Round(time.Millisecond))
	case n == 0:
		fmt.Fprintf(p.w, "nothing to apply: %d migration(s), all applied\n", res.Report.Summary.Applied)
	default:
		fmt.Fprintf(p.w, "applied %d migration(s) in %s\n", n, res.Duration.Round(time.Millisecond))
	}
	for _, pr := range res.Report.Problems {
		if pr.Severity == migrations.SeverityWarning {
			fmt.Fprintf(p.w, "warning: %s %s\n", pr.File, pr.Message)
		}
	}
}
