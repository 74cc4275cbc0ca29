package main

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"studio/database"
	"studio/migrations"
	"studio/plan"
)

const diffHelp = `Usage: studio diff --from A --to B [flags]

Compares two schemas and prints what turns A into B. A and B are each
  a migration name   the schema the folder builds up to and including it
                     (a journal tag, a drizzle-kit 1.0 folder name or the
                     migration's file)
  empty              an empty database
  live               the database as it is (read only): --db, else the
                     drizzle config's, else DATABASE_URL
  a path             a desired schema: a .sql file or a folder of them

Formats:
  sql       (default) the migration from A to B, as generate would write it
            (statements separated by "--> statement-breakpoint"). From a
            later point of the folder to an earlier one this is the
            rollback script; steps that lose data, and objects that come
            back empty because the data they held is gone, are marked in
            SQL comments.
  json      {"from", "to", "dialect", "rollback", "changes": [...],
            "statements": [...]}; "changes" has the shape of lint's JSON.
  markdown  the change list, then the SQL, for a pull-request comment.

Schemas are built in scratch databases as generate builds them: SQLite in
memory; PostgreSQL needs --dev-url (an empty database) or a database
(scratch databases are created on its server and dropped). Both sides
show what the drizzle config's schemaFilter and tablesFilter let
through (--all: everything).

Exit codes (as git diff):
  0  the diff was printed, with or without differences
  1  with --exit-code: there are differences
  2  usage, schema file or connection error, or a migration that does not
     replay

Flags:
`

// diffFlags are `studio diff`'s flags.
type diffFlags struct {
	proj                                   projectFlags
	from, to, format, dir, devURL, dialect string
	exitCode                               bool
	renames                                renameFlag
}

// diffPoint is one side of a diff as named on the command line.
type diffPoint struct {
	arg string
	// pos is the number of the folder's migrations the point holds (0 for
	// empty); -1 for live and a schema path.
	pos    int
	live   bool
	schema string
}

// diffReport is `studio diff --format json`.
type diffReport struct {
	From       string           `json:"from"`
	To         string           `json:"to"`
	Dialect    database.Dialect `json:"dialect"`
	Rollback   bool             `json:"rollback"`
	Changes    []schemaChange   `json:"changes"`
	Statements []plan.Step      `json:"statements"`
	Hints      []string         `json:"hints,omitempty"`

	plan *plan.Plan
}

// runDiff is `studio diff`; see diffHelp.
func runDiff(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("diff", e)
	f := diffFlags{renames: renameFlag{}}
	fs.StringVar(&f.from, "from", "", "the schema to start from: a migration name, empty, live or a schema path (required)")
	fs.StringVar(&f.to, "to", "", "the schema to arrive at: a migration name, empty, live or a schema path (required)")
	fs.StringVar(&f.format, "format", "sql", "sql, json or markdown")
	fs.StringVar(&f.dir, "migrations", "", "migrations folder (default: out of the drizzle config, else ./drizzle, else ./migrations)")
	f.proj.register(fs, "the database \"live\" reads (read only), and for PostgreSQL the server of the scratch databases")
	f.proj.registerAll(fs)
	fs.StringVar(&f.devURL, "dev-url", "", "PostgreSQL: an empty database to use as the scratch database")
	fs.StringVar(&f.dialect, "dialect", "", "sqlite or postgres, when neither the folder nor --db/--dev-url says")
	fs.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when there are differences, as git diff --exit-code")
	fs.Var(f.renames, "rename", "a column rename, `table.old=new` (or schema.table.old=new); repeatable")
	setHelp(fs, diffHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.from == "" || f.to == "" {
		return usageError("diff needs --from and --to (a migration name, empty, live or a schema path)")
	}
	if f.format != "sql" && f.format != "json" && f.format != "markdown" {
		return usageError("--format %q: want sql, json or markdown", f.format)
	}
	pc, err := resolveProject(e, f.proj, resolveOptions{databaseOptional: true})
	if err != nil {
		return err
	}
	folder, err := readDiffFolder(e, pc, f.dir)
	if err != nil {
		return err
	}
	from, err := diffPointOf(e, folder, f.from)
	if err != nil {
		return err
	}
	to, err := diffPointOf(e, folder, f.to)
	if err != nil {
		return err
	}
	if from.live || to.live {
		if err := pc.need("live"); err != nil {
			return err
		}
	}
	if folder.Dialect, err = resolveDialect(folder.Dialect, f.dialect, pc, f.devURL); err != nil {
		return err
	}
	rep, err := diffPoints(ctx, f, pc, folder, from, to)
	if err != nil {
		return err
	}
	if err := writeDiff(e, f.format, rep); err != nil {
		return err
	}
	if f.exitCode && (len(rep.Changes) > 0 || len(rep.Statements) > 0) {
		return &exitError{code: 1}
	}
	return nil
}

// readDiffFolder reads the migrations folder; with none (or, before the
// first generate, a config's out not made yet), points can still be
// empty, live or a schema path.
func readDiffFolder(e *env, pc projectChoice, flagDir string) (*migrations.Folder, error) {
	dir, err := pc.migrationsDir(e, flagDir)
	if flagDir == "" && (errors.Is(err, migrations.ErrNoFolder) || errors.Is(err, fs.ErrNotExist)) {
		return &migrations.Folder{}, nil
	}
	if err != nil {
		return nil, err
	}
	folder, err := migrations.ReadPath(dir)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return folder, nil
}

// diffPointOf reads one of --from/--to: empty, live, a migration of the
// folder, or a schema path, in that order.
func diffPointOf(e *env, folder *migrations.Folder, arg string) (diffPoint, error) {
	switch arg {
	case "empty":
		return diffPoint{arg: arg}, nil
	case "live":
		return diffPoint{arg: arg, pos: -1, live: true}, nil
	}
	if i := findMigration(e, folder.Dir, folder, arg); i >= 0 {
		return diffPoint{arg: arg, pos: i + 1}, nil
	}
	path := resolve(e, arg)
	if _, err := os.Stat(path); err == nil {
		return diffPoint{arg: arg, pos: -1, schema: path}, nil
	}
	where := "the folder has no migrations"
	if folder.Dir != "" {
		where = "not a migration of " + folder.Dir
	}
	return diffPoint{}, usageError("%s: %s, nor a schema file (want a migration name, empty, live or a path)", arg, where)
}

// diffPoints builds both sides and diffs them.
func diffPoints(ctx context.Context, f diffFlags, pc projectChoice, folder *migrations.Folder, from, to diffPoint) (*diffReport, error) {
	server, closeServer, err := scratchServer(ctx, folder.Dialect, pc, f.devURL)
	if err != nil {
		return nil, err
	}
	defer closeServer()
	a, err := loadPoint(ctx, server, f, pc, folder, from)
	if err != nil {
		return nil, err
	}
	b, err := loadPoint(ctx, server, f, pc, folder, to)
	if err != nil {
		return nil, err
	}
	p, err := plan.DiffSides(a, b, f.renames)
	if err != nil {
		return nil, err
	}
	rep := &diffReport{From: from.arg, To: to.arg, Dialect: folder.Dialect, Rollback: from.pos > to.pos && to.pos >= 0,
		Changes: plan.Changes(a.Model, b.Model), Statements: p.Steps, Hints: p.Hints, plan: p}
	if rep.Changes == nil {
		rep.Changes = []schemaChange{}
	}
	if rep.Statements == nil {
		rep.Statements = []plan.Step{}
	}
	for i := range rep.Statements {
		rep.Statements[i].AtStake = -1 // diff counts nothing
	}
	return rep, nil
}

// loadPoint builds the schema a point names.
// Each side is limited to what the drizzle config's filters show (--all:
// everything), as check limits its sides, and never holds the project's
// history table (the migrator's, as push leaves it alone).
func loadPoint(ctx context.Context, server *database.DB, f diffFlags, pc projectChoice, folder *migrations.Folder, p diffPoint) (*plan.Side, error) {
	sd, err := readPoint(ctx, server, f, pc, folder, p)
	if err != nil {
		return nil, err
	}
	if scope := pc.pushScope(pc.history("", "")); !scope.IsAll() {
		sd.Limit(scope)
	}
	return sd, nil
}

func readPoint(ctx context.Context, server *database.DB, f diffFlags, pc projectChoice, folder *migrations.Folder, p diffPoint) (*plan.Side, error) {
	switch {
	case p.live:
		db, err := pc.open(ctx, database.Options{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer db.Close()
		return plan.ReadSide(ctx, db)
	case p.schema != "":
		return loadDesired(ctx, server, p.schema, f.devURL)
	}
	sd, err := plan.ReplayThrough(ctx, server, f.devURL, folder, p.pos)
	var re *plan.ReplayError
	if errors.Is(err, plan.ErrScratch) || errors.As(err, &re) {
		return nil, &exitError{code: 2, err: err}
	}
	return sd, err
}
