package plan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"studio/blueprint"
	"studio/database"
	"studio/introspect"
	"studio/migrations"
	"studio/plan/postgres"
)

// Side is one side of a diff: a schema and, on PostgreSQL, the extensions
// and functions the introspect model does not hold. push, generate, check
// and the Push page all build both sides with the same code.
type Side struct {
	Model   *introspect.Model
	Objects *postgres.Objects
}

// ReadSide reads a database's schema without Drizzle's history table, and
// on PostgreSQL its extensions and functions.
func ReadSide(ctx context.Context, db *database.DB) (*Side, error) {
	d, err := introspect.For(db.Dialect())
	if err != nil {
		return nil, err
	}
	m, err := d.Inspect(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("reading the schema of %s: %w", db.Target, err)
	}
	withoutHistory(m)
	sd := &Side{Model: m}
	if db.Dialect() == database.Postgres {
		if sd.Objects, err = postgres.ReadObjects(ctx, db); err != nil {
			return nil, err
		}
	}
	return sd, nil
}

// LoadDesired runs the desired schema (a .sql file or a folder of them) in
// a scratch database of server's dialect and reads it back. A refused
// statement is a *blueprint.SyntaxError; no schema is
// blueprint.ErrNoSchema.
func LoadDesired(ctx context.Context, server *database.DB, schema, devURL string) (*Side, error) {
	files, err := blueprint.Files(schema)
	if err != nil {
		return nil, fmt.Errorf("desired schema: %w", err)
	}
	s, err := blueprint.NewScratch(ctx, server, devURL)
	if err != nil {
		return nil, fmt.Errorf("scratch database for the desired schema: %w", err)
	}
	defer s.Close()
	if err := s.Exec(ctx, files); err != nil {
		return nil, fmt.Errorf("desired schema: %w", err)
	}
	return ReadSide(ctx, s.DB)
}

// DiffSides is the plan from live to desired.
func DiffSides(live, desired *Side, renames map[string]string) (*Plan, error) {
	opts := Options{Renames: renames}
	if live.Objects != nil && desired.Objects != nil {
		opts.LiveObjects, opts.DesiredObjects = live.Objects, desired.Objects
	}
	p, err := Diff(live.Model, desired.Model, opts)
	if err != nil {
		return nil, fmt.Errorf("planning: %w", err)
	}
	return p, nil
}

// Scope is the part of a database push manages; what it leaves out is on
// neither side of the diff, so push never plans to change or drop it. A
// project's schemaFilter and tablesFilter (project.Filter) are one.
type Scope interface {
	Schema(name string) bool
	Table(schema, name string) bool
}

// Limit leaves out of sd what scope does not manage (nil manages
// everything): schemas, relations and, on PostgreSQL, the functions of
// schemas left out.
func (sd *Side) Limit(scope Scope) {
	if scope == nil {
		return
	}
	sd.Model, _ = sd.Model.Keep(scope.Schema, scope.Table)
	if sd.Objects != nil {
		sd.Objects.Functions = slices.DeleteFunc(sd.Objects.Functions, func(f postgres.Function) bool { return !scope.Schema(f.Schema) })
	}
}

// ForPush is push's plan for db: the desired schema loaded, the live one
// read (on PostgreSQL limited to the schemas the desired one names, so
// push never drops a schema it was not told about), both limited to
// scope, diffed, and what is at stake counted.
func ForPush(ctx context.Context, db *database.DB, schema, devURL string, renames map[string]string, scope Scope) (*Plan, error) {
	desired, err := LoadDesired(ctx, db, schema, devURL)
	if err != nil {
		return nil, err
	}
	live, err := ReadSide(ctx, db)
	if err != nil {
		return nil, err
	}
	desired.Limit(scope)
	live.Limit(scope)
	if db.Dialect() == database.Postgres {
		live.KeepSchemasOf(desired)
	}
	p, err := DiffSides(live, desired, renames)
	if err != nil {
		return nil, err
	}
	if err := Assess(ctx, db, p); err != nil {
		return nil, err
	}
	return p, nil
}

// withoutHistory removes Drizzle's history table from m, with its
// sequence and, on PostgreSQL, its "drizzle" schema when nothing else is
// in it: the table belongs to the migrator, not to the schema. On SQLite
// it also removes the tables drizzle-kit never introspects: those of
// Cloudflare D1 (_cf_), Litestream (_litestream_) and libSQL (libsql_).
func withoutHistory(m *introspect.Model) {
	withoutHistoryOf(m, migrations.Config{})
}

// withoutHistoryOf is withoutHistory for the history table cfg names
// (Drizzle's migrationsTable and migrationsSchema; zero values are its
// defaults). The table goes from every schema, as it always has; its
// schema goes when nothing else is in it, unless that is public.
func withoutHistoryOf(m *introspect.Model, cfg migrations.Config) {
	table, schema := cmp.Or(cfg.Table, migrations.DefaultTable), cmp.Or(cfg.Schema, migrations.DefaultSchema)
	out := m.Schemas[:0]
	for _, s := range m.Schemas {
		s.Tables = slices.DeleteFunc(s.Tables, func(t introspect.Table) bool {
			return t.Name == table || (m.Dialect == database.SQLite && internalSQLite(t.Name))
		})
		s.Sequences = slices.DeleteFunc(s.Sequences, func(q introspect.Sequence) bool { return strings.HasPrefix(q.OwnedBy, table+".") })
		if m.Dialect == database.Postgres && s.Name == schema && s.Name != "public" && len(s.Tables)+len(s.Enums)+len(s.Sequences) == 0 {
			continue
		}
		out = append(out, s)
	}
	m.Schemas = out
}

// internalSQLite reports a table a tool keeps inside a SQLite database for
// itself (drizzle-kit's filterIgnoredTablesByField).
func internalSQLite(name string) bool {
	for _, p := range []string{"_cf_", "_litestream_", "libsql_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// KeepSchemasOf drops from the live side the schemas desired does not
// have, and their functions.
func (live *Side) KeepSchemasOf(desired *Side) {
	want := map[string]bool{}
	for _, s := range desired.Model.Schemas {
		want[s.Name] = true
	}
	live.Model.Schemas = slices.DeleteFunc(live.Model.Schemas, func(s introspect.Schema) bool { return !want[s.Name] })
	if live.Objects != nil {
		live.Objects.Functions = slices.DeleteFunc(live.Objects.Functions, func(f postgres.Function) bool { return !want[f.Schema] })
	}
}
