package postgres

import (
	"context"
	"fmt"

	"studio/database"
	"studio/plan/step"
)

// Apply runs a plan in one transaction. DDL is transactional in
// PostgreSQL, so a failing step rolls back everything before it. Locks
// wait at most lock_timeout, so a plan never queues behind a long
// transaction while blocking everyone queued behind it. ALTER TYPE ... ADD
// VALUE runs inside the transaction (PostgreSQL 12+); the diff rebuilds
// the enum instead when the plan itself uses a new value, which the
// server refuses before COMMIT. plan.Apply has checked the plan's dialect
// and destructive steps.
func Apply(ctx context.Context, db *database.DB, p *step.Plan, opts step.ApplyOptions) error {
	return run(ctx, db, p, opts, true)
}

// Rehearse runs the plan in one transaction and rolls it back (see
// plan.Rehearse).
func Rehearse(ctx context.Context, db *database.DB, p *step.Plan) error {
	return run(ctx, db, p, step.ApplyOptions{}, false)
}

// lockTimeout bounds each step's wait for a lock.
const lockTimeout = "5s"

// run runs the plan in one transaction, committed when commit is set,
// else rolled back (Rehearse).
func run(ctx context.Context, db *database.DB, p *step.Plan, opts step.ApplyOptions, commit bool) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning the plan's transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '"+lockTimeout+"'"); err != nil {
		return fmt.Errorf("setting lock_timeout: %w", err)
	}
	for i, s := range p.Steps {
		if opts.Progress != nil {
			opts.Progress(i, s)
		}
		if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
			return &step.Error{Index: i, Step: s, Err: err, DryRun: !commit}
		}
	}
	if !commit {
		return nil // the deferred Rollback undoes it
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing the plan (nothing applied): %w", err)
	}
	return nil
}
