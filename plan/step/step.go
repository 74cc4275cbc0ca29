// Package step holds what a plan is made of: its steps, the plan, how a
// plan is applied and how a step fails. plan re-exports every name; the
// package exists because the dialect planners (plan/sqlite,
// plan/postgres) build and run plans, and plan, which imports them to
// choose one, cannot be imported by them.
package step

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"studio/database"
	"studio/sqllex"
)

// ErrForeignKeys is wrapped when a plan would leave rows whose parent row
// is missing (plan.ErrForeignKeys).
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
	Dialect database.Dialect `json:"dialect"`
	Steps   []Step           `json:"steps"`
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

// ApplyOptions tune how a plan is applied.
type ApplyOptions struct {
	// AcceptDataLoss allows destructive steps.
	AcceptDataLoss bool
	// Backup (SQLite) writes a copy of the database to this path first
	// (VACUUM INTO); it must not exist.
	Backup string
	// Progress, when set, is called before each step.
	Progress func(i int, s Step)
}

// Error is a step that failed; nothing of the plan was applied (or, in a
// rehearsal, everything was rolled back as planned).
type Error struct {
	Index int // 0-based
	Step  Step
	Err   error
	// DryRun is true for a rehearsal.
	DryRun bool
}

// stepExcerpt bounds how much of a failing statement a message shows: a
// function body is the statement too.
const stepExcerptLines, stepExcerptChars = 5, 300

func (e *Error) Error() string {
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
func (e *Error) message() string {
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

func (e *Error) Unwrap() error { return e.Err }
