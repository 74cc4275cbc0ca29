// Package review owns reading a pending migration the way a careful
// reviewer would: it turns the statements of a batch into warnings (data
// loss with the live row counts at stake, SQLite table rebuilds and what
// they drop, NOT NULL traps, PostgreSQL locks, renames, transaction
// control) and highlights SQL for display. It does no I/O except the
// explicit, capped row counts it runs through a Counter.
//
// Statements are lexed by a real tokenizer (comments, quoted identifiers,
// string and dollar-quoted literals never look like statements) and the
// batch is simulated in order: a table created earlier in the batch has no
// live rows, a column added earlier holds nothing, and a table created,
// filled with INSERT ... SELECT from x, with x then dropped and the new
// table named x, is one rebuild of x rather than a drop.
//
// What is and is not analysed, and why:
//   - The body of a DO block runs during the migration, so its
//     statements are analysed, but a DO block may run them conditionally
//     (IF ... THEN, EXCEPTION handlers), so their warnings say so and are
//     never "danger".
//   - Function, procedure and trigger bodies do not run when the migration
//     does, and dynamic SQL (EXECUTE '...') is a string: neither is analysed.
//   - Data-modifying WITH queries (WITH d AS (DELETE ...)) are not analysed;
//     the main statement after the WITH is.
//   - Unqualified PostgreSQL names resolve to public, else to the only
//     schema that has the name (a search_path set to a project schema).
package review

import (
	"context"
	"database/sql"
	"errors"

	"studio/database"
	"studio/introspect"
)

// Statement is one chunk of a migration file: the text between two
// `--> statement-breakpoint` markers. It may hold several SQL statements.
type Statement struct {
	File  string
	Index int // position of the chunk in its file, as the caller numbers it
	// Line is the 1-based line in File where the statement starts: its
	// first token past blanks and comments (the chunk's first line when it
	// holds none), as migrations.Statement.Line counts it.
	Line int
	// Column is the 1-based column in File of the chunk's first byte (0
	// reads as 1): a chunk starts mid-line after a breakpoint marker.
	Column int
	SQL    string // the chunk exactly as in the file
}

// Warning is one finding about a statement.
type Warning struct {
	// Code is the rule's stable code (see Rules); Kind its group.
	Code      string
	File      string
	Statement int // the Statement's Index
	Line      int // line in File of the offending token, not just the chunk start
	// Column is the 1-based column (in characters) of the offending token.
	Column   int
	Kind     string
	Severity string // error, warning or info
	Message  string // one sentence naming the objects
	Table    string // schema-qualified when known
	// Rows is the number of live rows (or values) at stake, -1 when unknown
	// or not applicable. Counts are capped: CountCap+1 means "over CountCap".
	// Lock warnings carry the planner's row estimate.
	Rows int64
	// Sample is one key (or value) of the rows at stake, as text, when a
	// data check found some: a duplicated value, an orphan key, the key of
	// a row holding NULL.
	Sample string
	// Suppressed is set by a `-- studio-ignore: code reason` comment above
	// the statement; Reason is the comment's reason.
	Suppressed bool
	Reason     string
}

// Warning kinds.
const (
	KindDataLoss     = "data-loss"
	KindRebuild      = "rebuild"
	KindNotNull      = "not-null"
	KindLock         = "lock"
	KindRename       = "rename"
	KindIncompatible = "incompatible"
	KindTransaction  = "transaction"
)

// CountCap bounds every live count: no count reads more than CountCap+1
// rows, and a result of CountCap+1 reads "over 1,000,000".
const CountCap = 1_000_000

// BigTable is the row estimate from which a PostgreSQL lock is a
// "warning" rather than "info".
const BigTable = 10_000

// ErrDialect is returned for a dialect other than database.SQLite or
// database.Postgres.
var ErrDialect = errors.New("unsupported dialect")

// Counter runs the live row counts. *sql.DB and *sql.Conn satisfy it. Pass
// a connection outside any transaction: on PostgreSQL a failed count would
// abort a surrounding transaction.
type Counter interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Analyze reads the statements of a batch of pending migrations, in order,
// and returns the warnings a careful reviewer would raise, ordered by
// statement and position, with the default rule settings (Options{}).
// dialect is database.SQLite or database.Postgres. model is the live
// schema before the batch runs; when nil, checks that need it (triggers, views, FTS tables,
// child tables, old column types) are skipped. q runs capped row counts;
// when nil, Rows is -1 throughout. The batch is assumed to run inside one
// transaction opened by the migrator, as Drizzle's migrator and studio
// migrate do.
//
// It returns an error wrapping ErrDialect for an unknown dialect, the
// context's error when ctx ends, and a wrapped database error when
// counting a table the model lists fails.
func Analyze(ctx context.Context, q Counter, dialect database.Dialect, model *introspect.Model, stmts []Statement) ([]Warning, error) {
	return Options{}.Analyze(ctx, q, dialect, model, stmts)
}
