package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"studio/database"
)

// ApplyOptions tune a run.
type ApplyOptions struct {
	// Config names the history table.
	Config Config
	// AllowOutOfOrder also runs out-of-order migrations (see OutOfOrder),
	// in their folder position. Without it they stop the run before
	// anything is applied, also the pending migrations in order.
	AllowOutOfOrder bool
	// AllowModified runs pending migrations although applied ones were
	// edited since (their records keep the old hash).
	AllowModified bool
	// AllowMissing runs pending migrations although the database records
	// migrations this folder does not have.
	AllowMissing bool
	// DryRun applies inside a transaction and rolls it back, reporting
	// every statement.
	DryRun bool
	// SearchPath (PostgreSQL) is a comma-separated schema list set for the
	// run, for folders written against one.
	SearchPath string
	// Progress, when set, is called (from Apply's goroutine) as the run
	// goes. It must return quickly.
	Progress func(Event)
}

// EventKind says what an Event reports.
type EventKind string

// Event kinds, in the order a run emits them.
const (
	EventLocked         EventKind = "locked"          // lock taken; Duration = wait
	EventMigrationStart EventKind = "migration-start" // Migration about to run
	EventStatement      EventKind = "statement"       // Statement done
	EventCommitted      EventKind = "committed"       // a file made the run commit early
	EventRetry          EventKind = "retry"           // rolled back; starting again (Message says why)
	EventMigrationDone  EventKind = "migration-done"  // Migration ran and is recorded
	EventDone           EventKind = "done"            // committed (or rolled back: dry run)
)

// Event is one step of a run.
type Event struct {
	Kind      EventKind
	Migration string
	// Index is the 1-based position among the Total migrations of the run.
	Index, Total int
	Statement    *StatementResult
	Duration     time.Duration
	Message      string
}

// Result is what a run did (in a dry run: what it would have done).
type Result struct {
	// Report is the state read under the lock, before the run.
	Report   *Report           `json:"report"`
	Applied  []MigrationResult `json:"applied"`
	DryRun   bool              `json:"dryRun"`
	LockWait time.Duration     `json:"lockWaitNs"`
	Duration time.Duration     `json:"durationNs"`
	// Notes explain deliberate deviations from "one transaction" (a file's
	// COMMIT, CREATE INDEX CONCURRENTLY run outside the transaction).
	Notes []string `json:"notes,omitempty"`
	// ForeignKeyCheck is set when PRAGMA foreign_key_check ran after the
	// migrations and found no new violation (SQLite; PostgreSQL checks
	// foreign keys as each statement runs). A violation fails the run.
	ForeignKeyCheck bool `json:"foreignKeyCheck,omitempty"`
}

// MigrationResult is one migration of a run.
type MigrationResult struct {
	Name       string            `json:"name"`
	File       string            `json:"file"`
	Hash       string            `json:"hash"`
	CreatedAt  int64             `json:"createdAt"`
	Duration   time.Duration     `json:"durationNs"`
	Statements []StatementResult `json:"statements"`
}

// StatementResult is one executed piece of a chunk.
type StatementResult struct {
	// Number is the chunk's position in its file, Line where the piece
	// starts.
	Number       int           `json:"number"`
	Line         int           `json:"line"`
	Tags         []string      `json:"tags,omitempty"` // PostgreSQL command tags
	RowsAffected int64         `json:"rowsAffected"`
	Duration     time.Duration `json:"durationNs"`
	// Outside is true when it ran outside the transaction.
	Outside bool `json:"outside,omitempty"`
	// Skipped says why a piece was not sent (transaction control the
	// runner handles itself).
	Skipped string `json:"skipped,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Apply runs every pending migration of f, in folder order, in one
// transaction, and records each in the history table exactly as
// drizzle-orm does. Concurrent runs (any process) serialise on a lock and
// re-read the state once they hold it, so each migration is applied once.
// Modified, missing or out-of-order migrations stop the run before
// anything is applied, with a *DriftError (Report.CheckDrift), unless
// allowed. A failing statement stops everything with a
// *StatementError. The Result is non-nil whenever the state was read, also
// next to an error. See the package documentation for the transaction
// policy.
func Apply(ctx context.Context, db *database.DB, f *Folder, opts ApplyOptions) (*Result, error) {
	st, err := newStore(db)
	if err != nil {
		return nil, err
	}
	if err := checkDialect(f, db); err != nil {
		return nil, err
	}
	cfg, err := opts.Config.withDefaults(db.Target.Dialect)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connecting: %w", err)
	}
	newRunner := func() *runner {
		return &runner{st: st, conn: conn, folder: f, opts: opts, cfg: cfg, dialect: db.Target.Dialect,
			res: &Result{DryRun: opts.DryRun, Applied: []MigrationResult{}}}
	}
	r := newRunner()
	start := time.Now()
	err = r.run(ctx)
	if r.needsEnumCommits(err) {
		first := r
		r = newRunner()
		r.enumCommits = true
		r.emit(Event{Kind: EventRetry, Message: retryNote})
		err = r.run(ctx)
		r.res = mergeRetry(first.res, r.res, len(first.committed))
	}
	if r.res.Report == nil {
		r.res = nil
	} else {
		r.res.Duration = time.Since(start)
	}
	if r.broken {
		// Returning ErrBadConn from Raw makes database/sql drop the
		// connection instead of pooling one in an unknown state.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return r.res, err
	}
	return r.res, errors.Join(err, conn.Close())
}

// mergeRetry reports a retried run as one: the state before the first
// attempt, what the first attempt committed, then the second attempt.
func mergeRetry(first, second *Result, committed int) *Result {
	if second.Report == nil {
		return second
	}
	out := *second
	out.Report = first.Report
	out.LockWait += first.LockWait
	out.Applied = append(append([]MigrationResult{}, first.Applied[:committed]...), second.Applied...)
	out.Notes = append(append(first.Notes[:len(first.Notes):len(first.Notes)], retryNote), second.Notes...)
	return &out
}

// runner is one Apply on one pinned connection.
type runner struct {
	st      store
	conn    *sql.Conn
	folder  *Folder
	opts    ApplyOptions
	cfg     Config
	dialect database.Dialect
	res     *Result

	inTx      bool // a transaction is open
	held      bool // the lock is also held at session level
	broken    bool // cleanup failed: the connection must not be reused
	committed []string
	partial   bool // the current migration had statements committed
	broke     bool // the current migration has a commit point
	// enumCommits commits after each migration that adds enum values.
	enumCommits bool
}

const retryNote = "PostgreSQL refused an enum value added earlier in the same transaction (SQLSTATE 55P04), " +
	"so the run was rolled back and started again, committing after each migration that adds enum values"

// needsEnumCommits reports a run that failed only because a migration
// used an enum value an earlier migration of the same transaction added:
// PostgreSQL needs a COMMIT in between, so the run is worth one retry
// with commits after ALTER TYPE ... ADD VALUE migrations.
func (r *runner) needsEnumCommits(err error) bool {
	var se *StatementError
	return err != nil && !r.opts.DryRun && !r.enumCommits && !r.broken && r.dialect == database.Postgres &&
		errors.As(err, &se) && se.Code == "55P04"
}

func (r *runner) emit(e Event) {
	if r.opts.Progress != nil {
		r.opts.Progress(e)
	}
}

// cleanup runs even when ctx is over: a rollback and a restored setting
// must reach the database.
func (r *runner) cleanup(ctx context.Context, undo func(context.Context) error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if r.inTx {
		if _, err := r.conn.ExecContext(cctx, "ROLLBACK"); err != nil {
			r.broken = true
		}
		r.inTx = false
	}
	if r.held {
		if err := r.st.release(cctx, r.conn, r.cfg); err != nil {
			r.broken = true
		}
	}
	if undo != nil {
		if err := undo(cctx); err != nil {
			r.broken = true
		}
	}
}
