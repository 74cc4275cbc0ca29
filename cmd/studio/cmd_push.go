package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"studio/database"
	"studio/plan"
)

// pushFlags are `studio push`'s flags.
type pushFlags struct {
	proj                              projectFlags
	schema, devURL, allowHost, backup string
	dev, dryRun, acceptDataLoss, json bool
	renames                           renameFlag
}

const pushHelp = `Usage: studio push [flags]

Makes a development database match the desired schema (--schema, default
./schema.sql: a .sql file or a folder of them): loads it into a scratch
database, diffs it with the live schema, prints the plan and applies it in
one transaction. On failure nothing is applied and the error names the
step, the first lines of its statement and the database's error. With
--dry-run on PostgreSQL the plan runs in a transaction that is rolled
back, so a plan that would fail says so. Column renames are never guessed: pass --rename table.old=new.
Nothing is ever truncated or deleted to force a change through.

Guards: push runs only in development mode (--dev or STUDIO_ENV=development)
and only on a local database (a SQLite file, or PostgreSQL on a loopback
address or Unix socket); anything else is refused before connecting unless
--allow-remote-push names the host. Destructive steps need
--accept-data-loss. PostgreSQL: only the schemas the desired schema has are
compared; other schemas (Drizzle's history, extensions') are left alone.
What the drizzle config's schemaFilter and tablesFilter hide is left out
of both sides, so push never plans to drop it (--all: everything), and
the config's migrations table is never touched.

Exit codes:
  0  applied, or the schema is up to date
  2  usage, guard, schema file or connection error
  3  --dry-run: changes are pending (nothing applied; on PostgreSQL the
     plan ran in a rolled-back transaction without an error)
  4  the plan loses data and --accept-data-loss was not given (nothing applied)
  1  applying, or the --dry-run rehearsal, failed (nothing applied), or
     another error

Flags:
`

func (f *pushFlags) register(fs *flag.FlagSet, e *env) {
	f.renames = renameFlag{}
	f.proj.register(fs, "database to change")
	f.proj.registerAll(fs)
	fs.StringVar(&f.schema, "schema", "schema.sql", "desired schema: a .sql file or a folder of .sql files")
	fs.BoolVar(&f.dev, "dev", false, "development mode (or STUDIO_ENV=development); push refuses to run without it")
	fs.StringVar(&f.devURL, "dev-url", "", "PostgreSQL: an empty database for the scratch copy of the desired schema (default: a throwaway database on --db's server)")
	fs.StringVar(&f.allowHost, "allow-remote-push", "", "allow push to a PostgreSQL server on this exact `HOST`, which is not this machine")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the plan and stop (exit 3 when changes are pending); PostgreSQL: run it in a transaction and roll back, so a plan that would fail says so (exit 1)")
	fs.BoolVar(&f.acceptDataLoss, "accept-data-loss", false, "allow the destructive steps the plan shows")
	fs.StringVar(&f.backup, "backup", "", "SQLite: write a copy of the database to `PATH` first (VACUUM INTO; must not exist)")
	fs.Var(f.renames, "rename", "a column rename, `table.old=new` (or schema.table.old=new); repeatable")
	fs.BoolVar(&f.json, "json", false, "print JSON: {database, schema, plan, dryRun, rehearsed, applied, backup, error}")
}

// renameFlag collects --rename table.old=new into plan.Options.Renames.
type renameFlag map[string]string

func (r renameFlag) String() string {
	var parts []string
	for k, v := range r {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (r renameFlag) Set(v string) error {
	from, to, ok := strings.Cut(v, "=")
	if !ok || to == "" || strings.Contains(to, ".") || !strings.Contains(from, ".") || strings.HasPrefix(from, ".") || strings.HasSuffix(from, ".") {
		return fmt.Errorf("want table.old=new (or schema.table.old=new), got %q", v)
	}
	if prev, dup := r[from]; dup && prev != to {
		return fmt.Errorf("%s is renamed twice (%s, %s)", from, prev, to)
	}
	r[from] = to
	return nil
}

// pushOutput is `push --json`.
type pushOutput struct {
	Database string     `json:"database"`
	Schema   string     `json:"schema"`
	Plan     *plan.Plan `json:"plan"`
	DryRun   bool       `json:"dryRun"`
	// Rehearsed: the dry run ran the plan in a transaction and rolled it
	// back without an error (PostgreSQL).
	Rehearsed bool   `json:"rehearsed,omitempty"`
	Applied   bool   `json:"applied"`
	Backup    string `json:"backup,omitempty"`
	Error     string `json:"error,omitempty"`
}

// runPush makes the database match the desired schema; see pushHelp for
// the guards and exit codes.
func runPush(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("push", e)
	var pf pushFlags
	pf.register(fs, e)
	setHelp(fs, pushHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pc, t, err := pf.check(e)
	if err != nil {
		return err
	}
	created := t.Dialect == database.SQLite && !fileExists(t.Path)
	db, err := pc.open(ctx, database.Options{Create: true})
	if err != nil {
		return err
	}
	out := &pushOutput{Database: db.Target.String(), Schema: resolve(e, pf.schema), DryRun: pf.dryRun, Backup: pf.backup}
	defer func() {
		db.Close()
		if created && !out.Applied {
			os.Remove(t.Path) // push made the file and applied nothing to it
		}
	}()
	out.Plan, err = pushPlan(ctx, db, out.Schema, pf, pc.pushScope(pc.history("", "")))
	if err != nil {
		return err
	}
	err = pf.finish(ctx, e, db, out)
	if pf.json {
		var ee *exitError
		if err != nil && (!errors.As(err, &ee) || ee.err != nil) {
			out.Error = err.Error()
		}
		if jerr := writeJSON(e.stdout, out); jerr != nil && err == nil {
			return jerr
		}
	}
	return err
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// check resolves the database and checks the flags and the guards, all
// before anything connects.
func (f *pushFlags) check(e *env) (projectChoice, database.Target, error) {
	pc, t, err := f.target(e)
	if err != nil {
		return pc, t, err
	}
	return pc, t, f.checkTarget(e, t)
}

// target resolves and parses the database push changes. A config it
// cannot read is refused, not guessed around: its filters say which
// tables push must leave alone.
func (f *pushFlags) target(e *env) (projectChoice, database.Target, error) {
	pc, err := resolveProject(e, f.proj, resolveOptions{needFilters: true})
	if err != nil {
		return pc, database.Target{}, err
	}
	if err := pc.need("push"); err != nil {
		return pc, database.Target{}, err
	}
	t, err := database.Parse(pc.Address)
	if err != nil {
		return pc, database.Target{}, &exitError{code: 2, err: err}
	}
	return pc, t, nil
}

// checkTarget checks the guards and the flags against the database.
func (f *pushFlags) checkTarget(e *env, t database.Target) error {
	if err := pushAllowed(devMode(f.dev, e), t, f.allowHost); err != nil {
		return &exitError{code: 2, err: err}
	}
	if f.devURL != "" && t.Dialect != database.Postgres {
		return usageError("--dev-url is for PostgreSQL; a SQLite scratch database lives in memory")
	}
	if f.backup != "" {
		if t.Dialect != database.SQLite {
			return usageError("--backup is for SQLite (VACUUM INTO); back up PostgreSQL with pg_dump")
		}
		f.backup = resolve(e, f.backup)
		if err := checkOutput(f.backup); err != nil {
			return usageError("--backup %s: %v", f.backup, err)
		}
		if fileExists(f.backup) {
			return usageError("--backup %s already exists; pick a new path", f.backup)
		}
	}
	return nil
}

// pushPlan is plan.ForPush with the desired schema's mistakes as exit 2.
func pushPlan(ctx context.Context, db *database.DB, schema string, pf pushFlags, scope plan.Scope) (*plan.Plan, error) {
	p, err := plan.ForPush(ctx, db, schema, pf.devURL, pf.renames, scope)
	return p, desiredExit(err)
}

// finish prints the plan and, unless it is empty, a dry run or refused,
// applies it.
func (f *pushFlags) finish(ctx context.Context, e *env, db *database.DB, out *pushOutput) error {
	p := out.Plan
	w := e.stdout
	if !f.json {
		fmt.Fprintf(w, "push %s → %s\n", out.Schema, out.Database)
		printPlan(w, p, true)
	}
	switch {
	case p.Empty():
		return nil
	case f.dryRun:
		return f.rehearse(ctx, w, db, out)
	case len(p.Destructive()) > 0 && !f.acceptDataLoss:
		return &exitError{code: 4, err: fmt.Errorf("refusing to push: %d step(s) lose data (marked DESTRUCTIVE above); nothing was applied. Review them, then pass --accept-data-loss (add --backup PATH on SQLite for a copy first)", len(p.Destructive()))}
	}
	opts := plan.ApplyOptions{AcceptDataLoss: f.acceptDataLoss, Backup: f.backup}
	if !f.json {
		opts.Progress = func(i int, s plan.Step) {
			fmt.Fprintf(w, "  [%d/%d] %s %s %s\n", i+1, len(p.Steps), s.Action, s.ObjectKind, s.Object)
		}
	}
	start := time.Now()
	if err := plan.Apply(ctx, db, p, opts); err != nil {
		return pushExit(err)
	}
	out.Applied = true
	if !f.json {
		if f.backup != "" {
			fmt.Fprintf(w, "backup written to %s\n", f.backup)
		}
		fmt.Fprintf(w, "applied %d statement(s) in one transaction in %s\n", len(p.Steps), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// rehearse ends a dry run: on PostgreSQL the plan runs in a transaction
// that is rolled back, so a plan that would fail says so (exit 1, the
// step and the error); SQLite only prints it. Exit 3: changes pending.
func (f *pushFlags) rehearse(ctx context.Context, w io.Writer, db *database.DB, out *pushOutput) error {
	if db.Dialect() != database.Postgres {
		if !f.json {
			fmt.Fprintln(w, "dry run: nothing applied")
		}
		return &exitError{code: 3}
	}
	if err := plan.Rehearse(ctx, db, out.Plan); err != nil {
		return &exitError{code: 1, err: fmt.Errorf("dry run: the plan would fail: %w", err)}
	}
	out.Rehearsed = true
	if !f.json {
		fmt.Fprintf(w, "dry run: all %d statement(s) ran in a transaction that was rolled back; nothing applied\n", len(out.Plan.Steps))
	}
	return &exitError{code: 3}
}

// pushExit maps an Apply error to its exit code.
func pushExit(err error) error {
	if errors.Is(err, plan.ErrDataLoss) {
		return &exitError{code: 4, err: err}
	}
	return &exitError{code: 1, err: err}
}

// setHelp makes -h print text, then the flags.
func setHelp(fs *flag.FlagSet, text string) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text)
		fs.PrintDefaults()
	}
}

// printPlan writes the plan: numbered statements, destructive ones with
// what is at stake, then the hints. live is true for a plan assessed
// against a live database, which push applies (false: a migration file).
func printPlan(w io.Writer, p *plan.Plan, live bool) {
	if p.Empty() {
		fmt.Fprintln(w, "schema is up to date: nothing to do")
		return
	}
	fmt.Fprintf(w, "plan: %d statement(s), %d destructive\n", len(p.Steps), len(p.Destructive()))
	if p.ForeignKeysOff && live {
		fmt.Fprintln(w, "  (SQLite table rebuilds: foreign keys off around the transaction, PRAGMA foreign_key_check before COMMIT)")
	}
	width := len(strconv.Itoa(len(p.Steps)))
	for i, s := range p.Steps {
		num := fmt.Sprintf("%*d. ", width, i+1)
		pad := strings.Repeat(" ", len(num))
		fmt.Fprintf(w, "  %s%s;\n", num, strings.ReplaceAll(s.SQL, "\n", "\n  "+pad))
		if s.Destructive {
			fmt.Fprintf(w, "  %sDESTRUCTIVE: %s%s\n", pad, s.Reason, atStake(s, live))
		}
	}
	for _, h := range p.Hints {
		fmt.Fprintf(w, "hint: %s\n", h)
	}
}

// atStake says how much live data a destructive step touches.
func atStake(s plan.Step, counted bool) string {
	switch {
	case !counted:
		return ""
	case s.AtStake < 0:
		return " (not counted)"
	case s.Action == "drop" && s.ObjectKind == "column":
		return fmt.Sprintf(" (%s non-null value(s))", thousands(s.AtStake))
	}
	return fmt.Sprintf(" (%s row(s))", thousands(s.AtStake))
}

// thousands formats n with commas: 1234567 → 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
