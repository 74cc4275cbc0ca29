package plan

import (
	"context"
	"fmt"

	"studio/database"
	"studio/introspect"
	"studio/plan/postgres"
	"studio/plan/sqlite"
)

// diff is the Diff of the models' dialect's planner.
func diff(live, desired *introspect.Model, opts Options) (*Plan, error) {
	switch live.Dialect {
	case database.SQLite:
		return sqlite.Diff(live, desired, opts.Renames)
	case database.Postgres:
		return postgres.Diff(live, desired, postgres.Options(opts))
	}
	return nil, fmt.Errorf("%w: %q", ErrDialect, live.Dialect)
}

// apply is the Apply of the plan's dialect's planner.
func apply(ctx context.Context, db *database.DB, p *Plan, opts ApplyOptions) error {
	switch p.Dialect {
	case database.SQLite:
		return sqlite.Apply(ctx, db, p, opts)
	case database.Postgres:
		return postgres.Apply(ctx, db, p, opts)
	}
	return fmt.Errorf("%w: %q", ErrDialect, p.Dialect)
}
