// Package console owns running a person's own SQL against the studio's
// database: one statement per run, always inside a transaction (read-only
// and always rolled back when the studio is read-only, committed on success
// otherwise), one page of the result kept while the rest streams past,
// EXPLAIN, a statement timeout, cancellation by run id, errors located in
// the text, and the history of recent statements.
//
// Read-only is the database's job, never keyword matching: PostgreSQL runs
// the statement in BEGIN READ ONLY and rolls back whatever it did (SET
// included); SQLite pools opened read-only refuse writes, ATTACH and
// pragma settings themselves (see database.Open).
package console

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"studio/input"
	"studio/rows"
	"studio/sqllex"
)

// Limits of a run.
const (
	// DefaultTimeout bounds a statement when the request names none.
	DefaultTimeout = 30 * time.Second
	// MaxTimeout is the longest statement timeout a request may ask for.
	MaxTimeout = 10 * time.Minute
	// PageSize is the default number of rows a run keeps.
	PageSize = 100
	// maxPageSize bounds what a request may ask to keep in memory.
	maxPageSize = 1000
	// maxRunID bounds run ids kept in the registry.
	maxRunID = 64
)

// Outcomes that are not the database refusing the statement.
var (
	// ErrCancelled is wrapped when Cancel stopped the run.
	ErrCancelled = errors.New("the statement was cancelled")
	// ErrTimeout is wrapped when the statement ran past its timeout.
	ErrTimeout = errors.New("the statement ran past its timeout")
	// ErrUnenforceable is wrapped when a read-only run is refused because
	// the database could not keep it read-only (a PostgreSQL role that may
	// run server programs or write server files).
	ErrUnenforceable = errors.New("read-only cannot be enforced for this role")
)

// Statement is one run's request.
type Statement struct {
	// SQL is the user's text: exactly one statement.
	SQL string
	// ReadOnly runs it in a read-only transaction that is always rolled
	// back.
	ReadOnly bool
	// Timeout bounds the statement (0: DefaultTimeout; at most MaxTimeout).
	Timeout time.Duration
	// RunID, when set, lets Runner.Cancel stop the run.
	RunID string
	// Offset is the number of rows to skip; Limit the number to keep
	// (0: PageSize).
	Offset, Limit int
}

// Result is one page of a statement's result.
type Result struct {
	Columns []rows.ResultColumn
	Rows    [][]rows.Value
	// Offset is the number of rows skipped before Rows.
	Offset int
	// More is true when the statement had rows after this page.
	More bool
	// Tag says what a statement without a result did ("INSERT 0 3",
	// "CREATE TABLE", "2 rows changed").
	Tag string
	// Committed is true when the statement's transaction was committed;
	// read-only runs are always rolled back.
	Committed bool
	Elapsed   time.Duration
}

// normalize checks a statement's limits and fills in the defaults.
// Mistakes wrap input.ErrBad.
func (s Statement) normalize() (Statement, error) {
	s.SQL = strings.TrimRightFunc(s.SQL, isSpace)
	switch {
	case strings.TrimSpace(s.SQL) == "":
		return s, fmt.Errorf("%w: there is no SQL to run", input.ErrBad)
	case s.Timeout < 0 || s.Timeout > MaxTimeout:
		return s, fmt.Errorf("%w: the timeout must be positive and at most %g minutes", input.ErrBad, MaxTimeout.Minutes())
	case s.Offset < 0 || s.Limit < 0 || s.Limit > maxPageSize:
		return s, fmt.Errorf("%w: a page starts at row 0 or later and holds at most %d rows", input.ErrBad, maxPageSize)
	case len(s.RunID) > maxRunID:
		return s, fmt.Errorf("%w: the run id is longer than %d bytes", input.ErrBad, maxRunID)
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.Limit == 0 {
		s.Limit = PageSize
	}
	return s, nil
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

// oneSQLiteStatement returns the statement's text, or an error wrapping
// input.ErrBad when the text holds several: modernc's driver would run
// them all, and the console runs one statement per run.
func oneSQLiteStatement(src string) (string, error) {
	stmts := sqllex.Split(src, sqllex.SQLite)
	switch len(stmts) {
	case 0:
		return "", fmt.Errorf("%w: there is no statement to run (only comments)", input.ErrBad)
	case 1:
		return stmts[0].SQL, nil
	}
	return "", fmt.Errorf("%w: the console runs one statement at a time and this text holds %d; run them one by one",
		input.ErrBad, len(stmts))
}

// Runner runs statements and keeps those running by run id so a later
// request can cancel them. Build it with NewRunner; it is safe for
// concurrent use.
type Runner struct {
	mu      sync.Mutex
	running map[string]*run
}

// NewRunner returns a Runner with nothing running.
func NewRunner() *Runner { return &Runner{running: map[string]*run{}} }
