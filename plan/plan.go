// Package plan owns turning a live schema into a desired one: it diffs two
// introspect models into an ordered list of statements, says which steps
// lose data and how much is at stake in the live database, and applies a
// plan in one transaction; nothing is ever truncated or deleted to force a
// change through.
//
// Each dialect's planner is a package of its own, plan/sqlite and
// plan/postgres, as introspect and migrations split theirs; this package is
// the API the rest of studio uses (Diff, Apply, Rehearse, Assess, the
// sides of a push, Guard) and picks the planner with a switch on the
// dialect (dialects.go). The planners cannot import plan, which imports
// them, so what a plan is made of (Plan, Step, ApplyOptions, StepError)
// lives in the leaf plan/step and is re-exported here under the same
// names: one small shared package rather than a registry, an interface
// per planner or step types converted at the boundary.
package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"studio/database"
	"studio/introspect"
	"studio/plan/postgres"
	"studio/plan/step"
)

// ErrDataLoss is returned by Apply when the plan has destructive steps and
// the caller did not accept them.
var ErrDataLoss = errors.New("the plan loses data")

// ErrDialect is returned for models of different or unknown dialects.
var ErrDialect = errors.New("unsupported dialect")

// ErrForeignKeys is wrapped by Apply when the plan would leave rows whose
// parent row is missing (SQLite checks before it commits); nothing was
// applied.
var ErrForeignKeys = step.ErrForeignKeys

// The values of a plan, declared in plan/step (see there).
type (
	// Step is one statement of a plan.
	Step = step.Step
	// Plan is an ordered list of steps that turns live into desired.
	Plan = step.Plan
	// ApplyOptions tune Apply.
	ApplyOptions = step.ApplyOptions
	// StepError is a step that failed; nothing of the plan was applied
	// (or, in a rehearsal, everything was rolled back as planned).
	StepError = step.Error
)

// Options tune a diff.
type Options struct {
	// Renames maps "table.old" (or "schema.table.old") to the new column
	// name: a column dropped and added under these names is renamed
	// instead. Renames are never guessed.
	Renames map[string]string
	// LiveObjects and DesiredObjects (PostgreSQL) are each side's
	// extensions and functions, which the introspect model does not hold
	// but triggers, defaults and indexes use; postgres.ReadObjects reads
	// them. Unless both are set, extensions and functions are left alone.
	LiveObjects, DesiredObjects *postgres.Objects
}

// Diff returns the plan that turns live into desired. Both models must be
// of the same dialect.
func Diff(live, desired *introspect.Model, opts Options) (*Plan, error) {
	if live.Dialect != desired.Dialect {
		return nil, fmt.Errorf("%w: live %s, desired %s", ErrDialect, live.Dialect, desired.Dialect)
	}
	return diff(live, desired, opts)
}

// Counter runs the counts of Assess; *sql.DB satisfies it.
type Counter interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Assess fills AtStake of every step with a CountSQL from the live
// database.
func Assess(ctx context.Context, q Counter, p *Plan) error {
	for i := range p.Steps {
		s := &p.Steps[i]
		s.AtStake = -1
		if s.CountSQL == "" {
			continue
		}
		if err := q.QueryRowContext(ctx, s.CountSQL).Scan(&s.AtStake); err != nil {
			return fmt.Errorf("count what %q puts at stake: %w", s.Object, err)
		}
	}
	return nil
}

// ErrNoRehearsal is returned by Rehearse for a dialect it cannot rehearse.
var ErrNoRehearsal = errors.New("this database cannot rehearse a plan")

// Rehearse runs the plan (PostgreSQL) in one transaction and rolls it
// back, destructive steps included: a plan that would fail says so with
// a *StepError (DryRun set) naming the step, and nothing changes either
// way. Locks are taken while it runs, each waited for at most the apply's
// lock_timeout. SQLite is not rehearsed: ErrNoRehearsal.
func Rehearse(ctx context.Context, db *database.DB, p *Plan) error {
	if p.Dialect != db.Target.Dialect {
		return fmt.Errorf("%w: plan for %s, database is %s", ErrDialect, p.Dialect, db.Target.Dialect)
	}
	if p.Dialect != database.Postgres {
		return fmt.Errorf("%w: %s", ErrNoRehearsal, p.Dialect)
	}
	return postgres.Rehearse(ctx, db, p)
}

// Apply runs the plan in one transaction: on any failure nothing is
// applied and the error is a *StepError naming the statement. Destructive
// steps need opts.AcceptDataLoss (else ErrDataLoss, before anything runs).
func Apply(ctx context.Context, db *database.DB, p *Plan, opts ApplyOptions) error {
	if p.Dialect != db.Target.Dialect {
		return fmt.Errorf("%w: plan for %s, database is %s", ErrDialect, p.Dialect, db.Target.Dialect)
	}
	if d := p.Destructive(); len(d) > 0 && !opts.AcceptDataLoss {
		return fmt.Errorf("%w: %d destructive step(s), first: %s", ErrDataLoss, len(d), d[0].Reason)
	}
	return apply(ctx, db, p, opts)
}
