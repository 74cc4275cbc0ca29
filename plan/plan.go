// Package plan owns turning a live schema into a desired one: it diffs two
// introspect models into an ordered list of statements, says which steps
// lose data and how much is at stake in the live database, and applies a
// plan in one transaction. Each dialect lives in its own files
// (sqlite*.go, postgres*.go); nothing is ever truncated or deleted to force
// a change through.
package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"studio/database"
	"studio/introspect"
	"studio/sqllex"
)

// ErrDataLoss is returned by Apply when the plan has destructive steps and
// the caller did not accept them.
var ErrDataLoss = errors.New("the plan loses data")

// ErrDialect is returned for models of different or unknown dialects.
var ErrDialect = errors.New("unsupported dialect")

// ErrForeignKeys is wrapped by Apply when the plan would leave rows whose
// parent row is missing (SQLite checks before it commits); nothing was
// applied.
var ErrForeignKeys = errors.New("foreign key check failed")

// Step is one statement of a plan.
type Step struct {
	// SQL is exactly one statement, without a trailing semicolon.
	SQL string `json:"sql"`
	// Action is what the step does: create, drop, alter, rebuild, copy,
	// rename, add-value, pragma.
	Action string `json:"action"`
	// ObjectKind is schema, table, column, index, view, trigger, enum,
	// sequence, constraint or virtual table.
	ObjectKind string `json:"objectKind"`
	// Object is the qualified name the step changes (schema.table,
	// schema.table.column, ...).
	Object string `json:"object"`
	// Table is the schema-qualified table the step belongs to, if any; the
	// push page asks for it to be typed to accept a destructive step.
	Table string `json:"table,omitempty"`
	// Destructive steps can lose data; Reason says what.
	Destructive bool   `json:"destructive"`
	Reason      string `json:"reason,omitempty"`
	// CountSQL, when set, counts what is at stake in the live database
	// (rows of a dropped table, non-null values of a dropped column, rows
	// failing a new NOT NULL or a narrower type). Assess runs it.
	CountSQL string `json:"-"`
	// AtStake is CountSQL's answer; -1 when not counted.
	AtStake int64 `json:"atStake"`
}

// Plan is an ordered list of steps that turns live into desired.
type Plan struct {
	Dialect string `json:"dialect"`
	Steps   []Step `json:"steps"`
	// ForeignKeysOff (SQLite) says a table rebuild needs foreign keys off;
	// Apply switches them off before BEGIN on a pinned connection, runs
	// PRAGMA foreign_key_check before COMMIT and restores them after.
	ForeignKeysOff bool `json:"foreignKeysOff,omitempty"`
	// Hints are advice for the user (e.g. a drop plus add of a column that
	// may be a rename: pass --rename table.old=new).
	Hints []string `json:"hints,omitempty"`
}

// Empty reports whether the schemas already match.
func (p *Plan) Empty() bool { return len(p.Steps) == 0 }

// Destructive lists the steps that can lose data.
func (p *Plan) Destructive() []Step {
	var out []Step
	for _, s := range p.Steps {
		if s.Destructive {
			out = append(out, s)
		}
	}
	return out
}

// Options tune a diff.
type Options struct {
	// Renames maps "table.old" (or "schema.table.old") to the new column
	// name: a column dropped and added under these names is renamed
	// instead. Renames are never guessed.
	Renames map[string]string
	// LiveObjects and DesiredObjects (PostgreSQL) are each side's
	// extensions and functions, which the introspect model does not hold
	// but triggers, defaults and indexes use; ReadPostgresObjects reads
	// them. Unless both are set, extensions and functions are left alone.
	LiveObjects, DesiredObjects *PostgresObjects
}

// differ is one dialect's diff.
type differ interface {
	diff(live, desired *introspect.Model, opts Options) (*Plan, error)
}

// Diff returns the plan that turns live into desired. Both models must be
// of the same dialect.
func Diff(live, desired *introspect.Model, opts Options) (*Plan, error) {
	if live.Dialect != desired.Dialect {
		return nil, fmt.Errorf("%w: live %s, desired %s", ErrDialect, live.Dialect, desired.Dialect)
	}
	d, err := differFor(live.Dialect)
	if err != nil {
		return nil, err
	}
	return d.diff(live, desired, opts)
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

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// AcceptDataLoss allows destructive steps.
	AcceptDataLoss bool
	// Backup (SQLite) writes a copy of the database to this path first
	// (VACUUM INTO); it must not exist.
	Backup string
	// Progress, when set, is called before each step.
	Progress func(i int, s Step)
}

// StepError is a step that failed; nothing of the plan was applied (or,
// in a rehearsal, everything was rolled back as planned).
type StepError struct {
	Index int // 0-based
	Step  Step
	Err   error
	// DryRun is true for a rehearsal (Rehearse).
	DryRun bool
}

// stepExcerpt bounds how much of a failing statement a message shows: a
// function body is the statement too.
const stepExcerptLines, stepExcerptChars = 5, 300

func (e *StepError) Error() string {
	var b strings.Builder
	outcome := "nothing applied"
	if e.DryRun {
		outcome = "dry run, rolled back"
	}
	fmt.Fprintf(&b, "step %d (%s %s) failed, %s: %s", e.Index+1, e.Step.Action, e.Step.Object, outcome, e.message())
	b.WriteString("\n  statement: " + strings.ReplaceAll(sqllex.Excerpt(e.Step.SQL, stepExcerptLines, stepExcerptChars), "\n", "\n    "))
	return b.String()
}

// message is the database's error with its detail, hint and the line of
// the statement it points at, when it says.
func (e *StepError) message() string {
	var pe *pgconn.PgError
	if !errors.As(e.Err, &pe) {
		return e.Err.Error()
	}
	msg := pe.Message + " (SQLSTATE " + pe.Code + ")"
	if pe.Position > 0 {
		if at := []rune(e.Step.SQL); int(pe.Position) <= len(at) {
			msg += fmt.Sprintf(" at line %d of the statement", strings.Count(string(at[:pe.Position-1]), "\n")+1)
		}
	}
	for _, kv := range [][2]string{{"detail", pe.Detail}, {"hint", pe.Hint}} {
		if kv[1] != "" {
			msg += "\n  " + kv[0] + ": " + kv[1]
		}
	}
	return msg
}

func (e *StepError) Unwrap() error { return e.Err }

// applier is one dialect's way of running a plan.
type applier interface {
	apply(ctx context.Context, db *database.DB, p *Plan, opts ApplyOptions) error
}

// ErrNoRehearsal is returned by Rehearse for a dialect it cannot rehearse.
var ErrNoRehearsal = errors.New("this database cannot rehearse a plan")

// Rehearse runs the plan (PostgreSQL) in one transaction and rolls it
// back, destructive steps included: a plan that would fail says so with
// a *StepError (DryRun set) naming the step, and nothing changes either
// way. Locks are taken while it runs, each waited for at most the apply's
// lock_timeout. SQLite is not rehearsed: ErrNoRehearsal.
func Rehearse(ctx context.Context, db *database.DB, p *Plan) error {
	if p.Dialect != db.Dialect() {
		return fmt.Errorf("%w: plan for %s, database is %s", ErrDialect, p.Dialect, db.Dialect())
	}
	if p.Dialect != database.Postgres {
		return fmt.Errorf("%w: %s", ErrNoRehearsal, p.Dialect)
	}
	return postgresApplier{}.run(ctx, db, p, ApplyOptions{}, false)
}

// Apply runs the plan in one transaction: on any failure nothing is
// applied and the error is a *StepError naming the statement. Destructive
// steps need opts.AcceptDataLoss (else ErrDataLoss, before anything runs).
func Apply(ctx context.Context, db *database.DB, p *Plan, opts ApplyOptions) error {
	if p.Dialect != db.Dialect() {
		return fmt.Errorf("%w: plan for %s, database is %s", ErrDialect, p.Dialect, db.Dialect())
	}
	if d := p.Destructive(); len(d) > 0 && !opts.AcceptDataLoss {
		return fmt.Errorf("%w: %d destructive step(s), first: %s", ErrDataLoss, len(d), d[0].Reason)
	}
	a, err := applierFor(p.Dialect)
	if err != nil {
		return err
	}
	return a.apply(ctx, db, p, opts)
}
