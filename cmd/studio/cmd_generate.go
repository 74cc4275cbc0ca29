package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"studio/database"
	"studio/migrations"
	"studio/plan"
)

const generateHelp = `Usage: studio generate --name NAME [flags]

Writes the next migration: replays the migrations folder on a scratch
database, diffs the result with the desired schema (--schema, default
./schema.sql) and writes the difference in the folder's own layout
(classic: a file plus a meta/_journal.json entry, named as the drizzle
config's migrations.prefix says: index 0001_name.sql (the default),
timestamp or supabase 20240627123900_name.sql, unix 1719481298_name.sql,
none _name.sql; drizzle-kit 1.0: YYYYMMDDHHMMSS_name/migration.sql),
statements separated by "--> statement-breakpoint". Nothing is written
when nothing changed. A folder that does not exist yet (the config's
out, else ./drizzle) is started in the classic layout.

Scratch databases: SQLite in memory. PostgreSQL needs a server: --dev-url
(an empty database used as the scratch) or the project's database (--db,
the drizzle config's, DATABASE_URL: throwaway scratch databases are
created on its server and dropped; its own data is not read or changed).

Exit codes:
  0  written, or no changes
  2  usage, schema file or connection error
  1  replaying the folder failed, or another error

Flags:
`

// generateFlags are `studio generate`'s flags; check shares the scratch
// ones.
type generateFlags struct {
	proj                               projectFlags
	name, schema, dir, devURL, dialect string
	renames                            renameFlag
}

func (f *generateFlags) registerScratch(fs *flag.FlagSet) {
	fs.StringVar(&f.schema, "schema", "schema.sql", "desired schema: a .sql file or a folder of .sql files")
	fs.StringVar(&f.devURL, "dev-url", "", "PostgreSQL: an empty database to use as the scratch database")
	fs.StringVar(&f.dialect, "dialect", "", "sqlite or postgres, when neither the folder nor --db/--dev-url says")
}

// runGenerate writes the migration that takes the folder to the desired
// schema; see generateHelp.
func runGenerate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("generate", e)
	f := generateFlags{renames: renameFlag{}}
	fs.StringVar(&f.name, "name", "", "migration name (required): lower-cased, [a-z0-9_]")
	fs.StringVar(&f.dir, "migrations", "", "migrations folder (default: out of the drizzle config, else ./drizzle, else ./migrations; created when missing)")
	f.proj.register(fs, "PostgreSQL server for scratch databases; for SQLite it only tells the dialect")
	fs.Var(f.renames, "rename", "a column rename, `table.old=new` (or schema.table.old=new); repeatable")
	f.registerScratch(fs)
	setHelp(fs, generateHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !strings.ContainsFunc(f.name, isASCIIAlnum) {
		return usageError("generate needs --name NAME (letters, digits, underscores)")
	}
	pc, err := resolveProject(e, f.proj, resolveOptions{databaseOptional: true})
	if err != nil {
		return err
	}
	dir, folder, err := generateFolder(e, pc, f.dir)
	if err != nil {
		return err
	}
	if folder.Dialect, err = resolveDialect(folder.Dialect, f.dialect, pc, f.devURL); err != nil {
		return err
	}
	live, closeLive, err := scratchServer(ctx, folder.Dialect, pc, f.devURL)
	if err != nil {
		return err
	}
	defer closeLive()
	p, err := diffFolder(ctx, live, f.devURL, folder, resolve(e, f.schema), f.renames, nil)
	if err != nil {
		return err
	}
	return writeGenerated(e, dir, folder, f.name, pc.prefix(), p)
}

func isASCIIAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

// generateFolder finds and reads the folder; a missing or empty one is
// started in the classic layout (the config's out, else ./drizzle,
// drizzle-kit's default).
func generateFolder(e *env, pc projectChoice, flagDir string) (string, *migrations.Folder, error) {
	var dir string
	switch {
	case flagDir != "":
		dir = resolve(e, flagDir)
	case pc.Config != nil && pc.Config.Out != "":
		dir = pc.Config.OutDir()
	default:
		found, err := pc.migrationsDir(e, "")
		if errors.Is(err, migrations.ErrNoFolder) {
			found, err = filepath.Join(e.workdir, "drizzle"), nil
		}
		if err != nil {
			return "", nil, err
		}
		dir = found
	}
	folder, err := migrations.ReadPath(dir)
	if errors.Is(err, migrations.ErrNotMigrations) || errors.Is(err, os.ErrNotExist) {
		// WriteNext creates the folder and its journal, if it writes.
		return dir, &migrations.Folder{Dir: dir, Layout: migrations.LayoutJournal}, nil
	}
	if err != nil {
		return "", nil, &exitError{code: 2, err: err}
	}
	return dir, folder, nil
}

// resolveDialect picks the dialect from the folder, --dialect, the
// drizzle config, the database and --dev-url; they must agree.
func resolveDialect(folderDialect database.Dialect, flagDialect string, pc projectChoice, devURL string) (database.Dialect, error) {
	type source struct {
		what    string
		dialect database.Dialect
	}
	var said []source
	if folderDialect != "" {
		said = append(said, source{"the folder", folderDialect})
	}
	if flagDialect != "" {
		said = append(said, source{"--dialect", database.Dialect(strings.ToLower(flagDialect))})
	}
	if pc.Config != nil && pc.Config.StudioDialect() != "" {
		said = append(said, source{pc.Config.Name, pc.Config.StudioDialect()})
	}
	for _, a := range []struct{ flag, url string }{{firstNonEmpty(pc.Source, "--db"), pc.Address}, {"--dev-url", devURL}} {
		if a.url == "" {
			continue
		}
		t, err := database.Parse(a.url)
		if err != nil {
			return "", &exitError{code: 2, err: fmt.Errorf("%s: %w", a.flag, err)}
		}
		said = append(said, source{a.flag, t.Dialect})
	}
	if len(said) == 0 {
		return "", usageError("cannot tell the dialect: neither the folder nor a drizzle config says; pass --dialect sqlite|postgres or --db URL")
	}
	for _, s := range said {
		if s.dialect != database.SQLite && s.dialect != database.Postgres {
			return "", usageError("%s is for %q; only sqlite and postgres are supported", s.what, s.dialect)
		}
		if s.dialect != said[0].dialect {
			return "", usageError("%s says %s but %s says %s", said[0].what, said[0].dialect, s.what, s.dialect)
		}
	}
	return said[0].dialect, nil
}

// scratchServer returns what blueprint.NewScratch needs to make scratch
// databases of the dialect: for SQLite only the dialect (the scratch is in
// memory, nothing is opened); for PostgreSQL the project's database
// server (--db, the drizzle config's, DATABASE_URL), else the --dev-url
// database.
func scratchServer(ctx context.Context, dialect database.Dialect, pc projectChoice, devURL string) (*database.DB, func(), error) {
	if dialect == database.SQLite {
		return &database.DB{Target: database.Target{Dialect: database.SQLite}}, func() {}, nil
	}
	addr := firstNonEmpty(pc.Address, devURL)
	if addr == "" && pc.DatabaseErr != nil {
		return nil, nil, &exitError{code: 2, err: fmt.Errorf("PostgreSQL scratch databases need a server, and %w", pc.DatabaseErr)}
	}
	if addr == "" {
		return nil, nil, usageError("PostgreSQL scratch databases need a server: pass --dev-url URL (an empty database) or --db URL (scratch databases are created there)")
	}
	db, err := openAddress(ctx, addr, database.Options{})
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}

// replay applies every migration of the folder to a fresh scratch
// database and reads the schema they produce; a scratch that cannot be
// made is a usage error (exit 2).
func replay(ctx context.Context, server *database.DB, devURL string, folder *migrations.Folder) (*plan.Side, error) {
	sd, err := plan.ReplayFolder(ctx, server, devURL, folder)
	if errors.Is(err, plan.ErrScratch) {
		return nil, &exitError{code: 2, err: err}
	}
	return sd, err
}

// diffFolder is the plan from what the folder builds to the desired
// schema, both limited to scope (nil: everything).
func diffFolder(ctx context.Context, server *database.DB, devURL string, folder *migrations.Folder, schema string, renames map[string]string, scope plan.Scope) (*plan.Plan, error) {
	replayed, err := replay(ctx, server, devURL, folder)
	if err != nil {
		return nil, err
	}
	desired, err := loadDesired(ctx, server, schema, devURL)
	if err != nil {
		return nil, err
	}
	replayed.Limit(scope)
	desired.Limit(scope)
	return plan.DiffSides(replayed, desired, renames)
}

// writeGenerated writes the plan as the folder's next migration, or
// nothing when it is empty.
func writeGenerated(e *env, dir string, folder *migrations.Folder, name string, prefix migrations.Prefix, p *plan.Plan) error {
	w := e.stdout
	if p.Empty() {
		fmt.Fprintf(w, "no changes: the migrations in %s already give the desired schema; nothing written\n", dir)
		return nil
	}
	path, err := migrations.WriteNext(dir, folder, name, migrationStatements(p), time.Now(), prefix)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	fmt.Fprintf(w, "wrote %s\n", path)
	printPlan(w, p, false)
	if p.ForeignKeysOff {
		fmt.Fprintln(w, "note: this migration rebuilds tables with foreign keys off. `studio migrate` switches them off outside its transaction; drizzle-orm's migrator runs the PRAGMA inside its transaction, where SQLite ignores it, so ON DELETE CASCADE children of a rebuilt table would lose rows there.")
	}
	return nil
}

// migrationStatements are the plan's statements as drizzle-kit writes a
// migration; SQLite rebuilds are wrapped in PRAGMA foreign_keys=OFF/ON.
func migrationStatements(p *plan.Plan) []string {
	var out []string
	if p.ForeignKeysOff {
		out = append(out, "PRAGMA foreign_keys=OFF")
	}
	for _, s := range p.Steps {
		out = append(out, s.SQL)
	}
	if p.ForeignKeysOff {
		out = append(out, "PRAGMA foreign_keys=ON")
	}
	return out
}
