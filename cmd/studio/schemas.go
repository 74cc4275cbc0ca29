package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"studio/blueprint"
	"studio/database"
	"studio/introspect"
	"studio/migrations"
	"studio/plan"
)

// The two sides of every diff push, generate and check make: the desired
// schema loaded into a scratch database, and a live (or replayed)
// database, each read with the same introspection.

// side is one side of a diff: a schema, and on PostgreSQL the extensions
// and functions the model does not hold.
type side struct {
	model   *introspect.Model
	objects *plan.PostgresObjects
}

// loadDesired runs the desired schema in a scratch database of server's
// dialect and reads it back. A statement the scratch database refuses, a
// missing schema or an unreadable file are the user's to fix (exit 2).
func loadDesired(ctx context.Context, server *database.DB, schema, devURL string) (*side, error) {
	files, err := blueprint.Files(schema)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("desired schema: %w", err)}
	}
	s, err := blueprint.NewScratch(ctx, server, devURL)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("scratch database for the desired schema: %w", err)}
	}
	defer s.Close()
	if err := s.Exec(ctx, files); err != nil {
		var se *blueprint.SyntaxError
		if errors.As(err, &se) {
			return nil, &exitError{code: 2, err: fmt.Errorf("desired schema: %w", err)}
		}
		return nil, fmt.Errorf("loading the desired schema: %w", err)
	}
	return readSide(ctx, s.DB)
}

// readSide reads a database's schema, without Drizzle's history, and on
// PostgreSQL its extensions and functions.
func readSide(ctx context.Context, db *database.DB) (*side, error) {
	d, err := introspect.For(db.Dialect())
	if err != nil {
		return nil, err
	}
	m, err := d.Inspect(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("reading the schema of %s: %w", db.Target, err)
	}
	withoutHistory(m)
	sd := &side{model: m}
	if db.Dialect() == database.Postgres {
		if sd.objects, err = plan.ReadPostgresObjects(ctx, db); err != nil {
			return nil, err
		}
	}
	return sd, nil
}

// diffSides is the plan from live to desired.
func diffSides(live, desired *side, renames map[string]string) (*plan.Plan, error) {
	opts := plan.Options{Renames: renames}
	if live.objects != nil && desired.objects != nil {
		opts.LiveObjects, opts.DesiredObjects = live.objects, desired.objects
	}
	p, err := plan.Diff(live.model, desired.model, opts)
	if err != nil {
		return nil, fmt.Errorf("planning: %w", err)
	}
	return p, nil
}

// withoutHistory removes Drizzle's history table from m, with its
// sequence and, on PostgreSQL, its "drizzle" schema when nothing else is
// in it: the table belongs to the migrator, not to the schema.
func withoutHistory(m *introspect.Model) {
	table := migrations.DefaultTable
	out := m.Schemas[:0]
	for _, s := range m.Schemas {
		s.Tables = slices.DeleteFunc(s.Tables, func(t introspect.Table) bool { return t.Name == table })
		s.Sequences = slices.DeleteFunc(s.Sequences, func(q introspect.Sequence) bool { return strings.HasPrefix(q.OwnedBy, table+".") })
		if m.Dialect == database.Postgres && s.Name == migrations.DefaultSchema && len(s.Tables)+len(s.Enums)+len(s.Sequences) == 0 {
			continue
		}
		out = append(out, s)
	}
	m.Schemas = out
}

// keepSchemasOf drops from the live side the schemas desired does not
// have, and their functions, so push never drops a schema (or what is in
// it) that it was not told about.
func (live *side) keepSchemasOf(desired *side) {
	want := map[string]bool{}
	for _, s := range desired.model.Schemas {
		want[s.Name] = true
	}
	live.model.Schemas = slices.DeleteFunc(live.model.Schemas, func(s introspect.Schema) bool { return !want[s.Name] })
	if live.objects != nil {
		live.objects.Functions = slices.DeleteFunc(live.objects.Functions, func(f plan.PGFunction) bool { return !want[f.Schema] })
	}
}
