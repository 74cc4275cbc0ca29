package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"studio/database"
	"studio/introspect"
	"studio/migrations"
	"studio/plan"
	"studio/review"
)

const lintHelp = `Usage: studio lint [MIGRATION|FILE ...] [flags]

Reviews migrations the way a careful reviewer would, for pull requests and
CI: every finding has a stable code (studio lint --explain CODE, and
docs/RULES.md), a severity (error, warning, info) and a position.

Which migrations: those named (journal tags, drizzle-kit 1.0 folder names or
file paths, so CI can pass what a pull request adds); with a database and
none named, the pending ones; --all for the whole folder.

What they are checked against: with a database (--db, the drizzle config's,
or DATABASE_URL; a config whose database cannot be read, such as a variable
unset in CI, counts as none), the live database's schema and
data (capped, read-only counts under a timeout: duplicates under a new
UNIQUE, orphans under a new FOREIGN KEY, NULLs under SET NOT NULL, values a
type change cannot convert, ...). Without it, the migrations before each one
are replayed into a scratch database (SQLite in memory; PostgreSQL needs
--dev-url, an empty database), so rules know the schema but not the data.

Suppress a finding with a comment on the line(s) above the statement:
  -- studio-ignore: drop-column, drop-table the column was unused since v2
Rule levels and the failing level come from studio.json (or the "studio"
key of package.json): {"lint": {"rules": {"drop-column": "off",
"prefer-text-field": "warning"}, "failOn": "error"}}.

Formats: text (file:line:col: severity code: message), json, github
(workflow commands that annotate the diff), markdown (a pull-request
comment or step summary), sarif (2.1.0, for code scanning).

Cloudflare D1 projects (driver d1-http, or a wrangler config beside the
drizzle config) are told that D1 ignores PRAGMA foreign_keys=OFF.

Exit codes:
  0  no finding at or above --fail-on (default error; "never" never fails)
  1  a finding at or above --fail-on
  2  usage, configuration or connection error

Flags:
`

// lintFlags are `studio lint`'s flags.
type lintFlags struct {
	proj                                          projectFlags
	dir, devURL, dialect, format, failOn, explain string
	table, schema                                 string
	all                                           bool
	countTimeout                                  time.Duration
}

func (f *lintFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dir, "migrations", "", "migrations folder (default: out of the drizzle config, else ./drizzle, else ./migrations)")
	f.proj.register(fs, "check against this database's schema and data (opened read-only)")
	fs.StringVar(&f.table, "migrations-table", "", "with a database: history table (default: the drizzle config's migrations.table, else __drizzle_migrations)")
	fs.StringVar(&f.schema, "migrations-schema", "", "with a database: PostgreSQL schema of the history table (default: the drizzle config's migrations.schema, else drizzle)")
	fs.StringVar(&f.devURL, "dev-url", "", "PostgreSQL without a database: an empty database to replay the folder in")
	fs.StringVar(&f.dialect, "dialect", "", "sqlite or postgres, when neither the folder, the drizzle config nor --db says")
	fs.StringVar(&f.format, "format", "text", "text, json, github, markdown or sarif")
	fs.StringVar(&f.failOn, "fail-on", "", "exit 1 on a finding at or above: error (default), warning, info, never")
	fs.StringVar(&f.explain, "explain", "", "print what rule `CODE` checks, and the safe alternative (\"all\" lists every code)")
	fs.BoolVar(&f.all, "all", false, "lint every migration of the folder")
	fs.DurationVar(&f.countTimeout, "count-timeout", 5*time.Second, "with a database: bound for each row count and data check")
}

// lintTarget is a migration to lint, with its index in the folder.
type lintTarget struct {
	index int
	m     *migrations.Migration
}

// runLint is `studio lint`; see lintHelp.
func runLint(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("lint", e)
	var f lintFlags
	f.register(fs)
	setHelp(fs, lintHelp)
	names, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if f.explain != "" {
		return explainRule(e, f.explain)
	}
	if !validFormat(f.format) {
		return usageError("--format %q: want text, json, github, markdown or sarif", f.format)
	}
	pc, err := resolveProject(e, f.proj, resolveOptions{databaseOptional: true})
	if err != nil {
		return err
	}
	opts, cfgFailOn, err := reviewOptions(e, pc.d1())
	if err != nil {
		return err
	}
	opts.CountTimeout = f.countTimeout
	failOn := firstNonEmpty(f.failOn, cfgFailOn, review.SeverityError)
	if failOn != "never" && review.SeverityRank(failOn) == 0 {
		return usageError("--fail-on %q: want error, warning, info or never", failOn)
	}
	dir, err := pc.migrationsDir(e, f.dir)
	if err != nil {
		return err
	}
	folder, err := migrations.ReadPath(dir)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if folder.Dialect, err = resolveDialect(folder.Dialect, f.dialect, pc, f.devURL); err != nil {
		return err
	}
	targets, err := lintTargets(e, dir, folder, names, f.all || (len(names) == 0 && pc.Address != ""))
	if err != nil {
		return err
	}
	if folder.Dialect == database.SQLite && f.schema != "" {
		return usageError("--migrations-schema applies to PostgreSQL only; SQLite has no schemas")
	}
	rep := &lintReport{Findings: []lintFinding{}, Migrations: []lintMigration{}, Dialect: folder.Dialect}
	l := &linter{e: e, dir: dir, folder: folder, opts: opts, rep: rep, history: pc.history(f.table, f.schema)}
	if pc.Address != "" {
		err = l.againstDatabase(ctx, pc, targets, len(names) == 0 && !f.all)
	} else {
		err = l.againstReplay(ctx, f, targets)
	}
	if err != nil {
		return err
	}
	rep.finish(failOn)
	if err := writeLint(e.stdout, f.format, rep); err != nil {
		return err
	}
	if rep.Failed {
		return &exitError{code: 1}
	}
	return nil
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments, which it returns.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var names []string
	for {
		out := fs.Output()
		fs.SetOutput(discard{})
		err := fs.Parse(args)
		fs.SetOutput(out)
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return nil, &exitError{code: 0}
		}
		if err != nil {
			return nil, usageError("%v (`%s -h` lists the flags)", err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return names, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(names, rest...), nil
		}
		names, args = append(names, rest[0]), rest[1:]
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func validFormat(f string) bool {
	switch f {
	case "text", "json", "github", "markdown", "sarif":
		return true
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// explainRule prints one rule's explanation, or every code with "all".
func explainRule(e *env, code string) error {
	if code == "all" {
		for _, r := range review.Rules() {
			off := ""
			if r.Off {
				off = " (off by default)"
			}
			fmt.Fprintf(e.stdout, "%-32s %-7s %s%s\n", r.Code, r.Severity, r.Title, off)
		}
		return nil
	}
	r, ok := review.RuleFor(code)
	if !ok {
		return usageError("no rule %q (`studio lint --explain all` lists the codes)", code)
	}
	fmt.Fprint(e.stdout, r.Explain())
	return nil
}

// lintTargets resolves the migrations named on the command line: a
// journal tag or v1 folder name, or the path of a migration file (or
// v1 folder). all takes the whole folder. Targets come in folder order.
func lintTargets(e *env, dir string, folder *migrations.Folder, names []string, all bool) ([]lintTarget, error) {
	pick := make([]bool, len(folder.Migrations))
	if all {
		for i := range pick {
			pick[i] = true
		}
	}
	for _, n := range names {
		i := findMigration(e, dir, folder, n)
		if i < 0 {
			return nil, usageError("%s is not a migration of %s (name a journal tag, a folder name or a migration file)", n, dir)
		}
		pick[i] = true
	}
	if len(names) == 0 && !all {
		return nil, usageError("name the migrations to lint, or pass --all, or a database (--db) to lint the pending ones")
	}
	var out []lintTarget
	for i, p := range pick {
		if p {
			out = append(out, lintTarget{index: i, m: folder.Migrations[i]})
		}
	}
	return out, nil
}

func findMigration(e *env, dir string, folder *migrations.Folder, name string) int {
	abs := filepath.Clean(resolve(e, name))
	for i, m := range folder.Migrations {
		file := filepath.Join(dir, m.File)
		if m.Name == name || file == abs || filepath.Dir(file) == abs && folder.Layout == migrations.LayoutFolders {
			return i
		}
	}
	return -1
}

// linter runs the review over the targets and fills the report.
type linter struct {
	e      *env
	dir    string
	folder *migrations.Folder
	opts   review.Options
	rep    *lintReport
	// history is the history table the database's migrations are in.
	history migrations.Config
	// prevModel is the replay's model before the last migration applied.
	prevModel *introspect.Model
}

// againstDatabase reviews the targets as one batch against the live
// database: the pending migrations up to the last target run in one
// transaction, so each meets what the ones before it did. Targets that
// are already applied are not reviewed (a note says so).
func (l *linter) againstDatabase(ctx context.Context, pc projectChoice, targets []lintTarget, pendingOnly bool) error {
	db, err := pc.open(ctx, database.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	status, err := migrations.Status(ctx, db, l.folder, l.history)
	if err != nil {
		return migrateExit(err)
	}
	byName := map[string]migrations.MigrationStatus{}
	for _, s := range status.Migrations {
		byName[s.Name] = s
	}
	if pendingOnly {
		targets = nil
		for i, m := range l.folder.Migrations {
			if st := byName[m.Name].State; st == migrations.Pending || st == migrations.OutOfOrder {
				targets = append(targets, lintTarget{index: i, m: m})
			}
		}
	}
	wanted := map[string]bool{}
	for _, t := range targets {
		s := byName[t.m.Name]
		if s.State != migrations.Pending && s.State != migrations.OutOfOrder {
			fmt.Fprintf(l.e.stderr, "studio: %s is %s on %s; linted without the database\n", t.m.Name, s.State, db.Target)
			continue
		}
		wanted[t.m.Name] = true
		if s.OutOfOrder != nil {
			l.rep.add(l.lateFinding(t, s.OutOfOrder.Reason+"; "+s.OutOfOrder.DrizzleNote))
		}
	}
	stmts := l.statements(status.Pending(), wanted)
	d, err := introspect.For(db.Dialect())
	if err != nil {
		return err
	}
	model, err := d.Inspect(ctx, db)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("reading the schema of %s: %w", db.Target, err)}
	}
	ws, err := l.opts.Analyze(ctx, db, db.Dialect(), model, stmts)
	if err != nil {
		return err
	}
	for _, t := range targets {
		if wanted[t.m.Name] {
			l.rep.Migrations = append(l.rep.Migrations, lintMigration{Name: t.m.Name, File: l.relFile(t.m), Changes: []schemaChange{}})
		}
	}
	l.addWarnings(ws, wanted)
	return nil
}

// statements are the non-empty chunks of ms, up to the last wanted one.
func (l *linter) statements(ms []*migrations.Migration, wanted map[string]bool) []review.Statement {
	last := -1
	for i, m := range ms {
		if wanted[m.Name] {
			last = i
		}
	}
	var out []review.Statement
	for _, m := range ms[:last+1] {
		out = append(out, reviewStatements(m)...)
	}
	return out
}

// reviewStatements are a migration's chunks as the review reads them,
// with the column each chunk starts at.
func reviewStatements(m *migrations.Migration) []review.Statement {
	var out []review.Statement
	for _, s := range m.Statements {
		if s.Empty {
			continue
		}
		col := 1 + len([]rune(m.Content[strings.LastIndexByte(m.Content[:s.Offset], '\n')+1:s.Offset]))
		out = append(out, review.Statement{File: m.Name, Index: s.Number, Line: s.Line, Column: col, SQL: s.SQL})
	}
	return out
}

// againstReplay replays the folder once, in order, into a scratch
// database, reviewing each target against the schema the migrations
// before it built, then applying it and noting what it changed.
func (l *linter) againstReplay(ctx context.Context, f lintFlags, targets []lintTarget) error {
	server, closeServer, err := scratchServer(ctx, l.folder.Dialect, projectChoice{}, f.devURL)
	if err != nil {
		return err
	}
	defer closeServer()
	rp, err := plan.NewReplay(ctx, server, f.devURL, l.folder)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	defer rp.Close()
	opts := l.opts
	opts.NoData = true
	late := migrations.LateEntries(l.folder)
	var before *introspect.Model
	for _, t := range targets {
		if err := l.replayTo(ctx, rp, t.index, &before); err != nil {
			return err
		}
		if newer := late[t.index]; newer != nil {
			l.rep.add(l.lateFinding(t, fmt.Sprintf("its `when` %d is earlier than the `when` %d of %s, which comes before it in the journal: "+
				"on every database that already has %s, drizzle-orm's migrator skips it silently, forever", t.m.CreatedAt, newer.CreatedAt, newer.Name, newer.Name)))
		}
		ws, err := opts.Analyze(ctx, rp.DB(), l.folder.Dialect, before, reviewStatements(t.m))
		if err != nil {
			return err
		}
		l.addWarnings(ws, map[string]bool{t.m.Name: true})
		if err := l.replayTo(ctx, rp, t.index+1, &before); err != nil {
			return err
		}
		after := before
		l.rep.Migrations = append(l.rep.Migrations, lintMigration{Name: t.m.Name, File: l.relFile(t.m),
			Changes: changesOf(plan.Changes(l.prevModel, after), ws)})
	}
	return nil
}

// replayTo applies the folder up to migration n and reads the model,
// keeping the previous one in l.prevModel.
func (l *linter) replayTo(ctx context.Context, rp *plan.Replay, n int, model **introspect.Model) error {
	if rp.Applied() == n && *model != nil {
		return nil
	}
	if err := rp.ApplyThrough(ctx, n); err != nil {
		var re *plan.ReplayError
		if errors.As(err, &re) {
			return &exitError{code: 1, err: err}
		}
		return err
	}
	m, err := rp.Model(ctx)
	if err != nil {
		return err
	}
	l.prevModel, *model = *model, m
	return nil
}

// relFile is the migration's file as CI names it: relative to the
// working folder when inside it.
func (l *linter) relFile(m *migrations.Migration) string {
	abs := filepath.Join(l.dir, m.File)
	if rel, err := filepath.Rel(l.e.workdir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// addWarnings turns the review's warnings on wanted migrations into
// findings.
func (l *linter) addWarnings(ws []review.Warning, wanted map[string]bool) {
	files := map[string]string{}
	for _, m := range l.folder.Migrations {
		files[m.Name] = l.relFile(m)
	}
	for _, w := range ws {
		if !wanted[w.File] {
			continue
		}
		l.rep.add(lintFinding{Code: w.Code, Severity: w.Severity, Migration: w.File, File: files[w.File],
			Line: w.Line, Column: w.Column, Statement: w.Statement, Message: w.Message, Suppressed: w.Suppressed,
			Kind: w.Kind, Table: w.Table, Rows: w.Rows, Sample: w.Sample, Reason: w.Reason})
	}
}

// lateFinding reports a migration drizzle-orm's migrator would skip,
// at its first line, under the configured level of late-journal-entry.
func (l *linter) lateFinding(t lintTarget, why string) lintFinding {
	sev := review.SeverityError
	if lvl := l.opts.Rules["late-journal-entry"]; lvl != "" {
		sev = lvl
	}
	line := 1
	if len(t.m.Statements) > 0 {
		line = t.m.Statements[0].Line
	}
	return lintFinding{Code: "late-journal-entry", Severity: sev, Migration: t.m.Name, File: l.relFile(t.m),
		Line: line, Column: 1, Statement: 1, Kind: review.KindFolder, Rows: -1,
		Message: t.m.Name + " was merged late: " + why}
}
