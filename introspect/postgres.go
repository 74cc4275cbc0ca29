package introspect

import (
	"context"
	"database/sql"
	"math"
	"strings"

	"studio/database"
)

// Postgres reads the catalog of a PostgreSQL database from pg_catalog
// (never information_schema, which is slow on large catalogs): one query
// per kind of object across all schemas, whatever the number of tables.
// Given a pool (*sql.DB), Inspect runs its queries on two connections at
// once; given a *sql.Conn or *sql.Tx, one after another. Expressions and
// types are printed by the server, so they follow the session's
// search_path: objects outside it come out schema-qualified.
type Postgres struct{}

// Name is database.Postgres.
func (*Postgres) Name() database.Dialect { return database.Postgres }

// Summary lists every user schema's relations with kind, row estimate,
// size and, for a partition, its parent, in two queries.
func (p *Postgres) Summary(ctx context.Context, q Queryer) (*Model, error) {
	schemas, err := pgSchemas(ctx, q, nil)
	if err != nil {
		return nil, err
	}
	c := newPGCatalog(schemas)
	err = each(ctx, q, mustQuery("postgres/summary.sql"), []any{schemas}, func(r *sql.Rows) error {
		var k, parent relKey
		var kind string
		var tuples float64
		var size int64
		if err := r.Scan(&k.schema, &k.name, &kind, &tuples, &size, &parent.schema, &parent.name); err != nil {
			return err
		}
		t := &Table{Name: k.name, Kind: pgKind(kind), RowEstimate: rowEstimate(kind, tuples), SizeBytes: size}
		if parent.name != "" {
			t.PartitionOf = &TableRef{Schema: parent.schema, Name: parent.name}
		}
		c.add(k, t)
		return nil
	})
	if err != nil {
		return nil, wrap("read postgres relations", err)
	}
	return c.model(), nil
}

// Inspect reads the full model of the named schemas, or of every user
// schema when none are named.
func (p *Postgres) Inspect(ctx context.Context, q Queryer, schemas ...string) (*Model, error) {
	picked, err := pgSchemas(ctx, q, schemas)
	if err != nil {
		return nil, err
	}
	f := &pgFetch{schemas: picked}
	if err := f.run(ctx, q); err != nil {
		return nil, err
	}
	c := newPGCatalog(picked)
	if err := c.apply(f); err != nil {
		return nil, err
	}
	return c.model(), nil
}

// pgSchemas lists the user schemas and keeps those asked for (all when
// none are).
func pgSchemas(ctx context.Context, q Queryer, asked []string) ([]string, error) {
	var have []string
	err := each(ctx, q, mustQuery("postgres/schemas.sql"), nil, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		have = append(have, name)
		return nil
	})
	if err != nil {
		return nil, wrap("list postgres schemas", err)
	}
	picked, err := pickSchemas(have, asked)
	return orEmpty(picked), err
}

// pgKind maps a relkind to a model kind; partitioned and foreign tables
// are tables.
func pgKind(relkind string) string {
	switch relkind {
	case "v":
		return KindView
	case "m":
		return KindMaterializedView
	}
	return KindTable
}

// rowEstimate is reltuples, or -1 for a view or a never-analyzed table
// (reltuples < 0 since PostgreSQL 14).
func rowEstimate(relkind string, reltuples float64) int64 {
	if relkind == "v" || reltuples < 0 {
		return -1
	}
	return int64(math.Round(reltuples))
}

// viewSelect trims the server's view text to the bare SELECT.
func viewSelect(def string) string {
	return strings.TrimSuffix(strings.TrimSpace(def), ";")
}
