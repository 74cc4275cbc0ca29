package rows

import (
	"context"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/sqllex"
)

// engine is everything rows does differently on SQLite and PostgreSQL;
// the rest of the package is the same for both. sqliteEngine
// (engine_sqlite.go) and postgresEngine (engine_postgres.go) implement it,
// and Table.engine picks one by the table's dialect.
type engine interface {
	// Statement text.

	// placeholder is the marker of the n-th parameter (1-based).
	placeholder(n int) string
	// selectColumn writes column c as a grid selects it (into w, so the
	// text of a column is never a string of its own).
	selectColumn(w *strings.Builder, c *Column)
	// asText is column c as text, for LIKE.
	asText(c *Column) string
	// ilike is the case-insensitive LIKE operator, spaced.
	ilike() string
	// filterValue is a filter's text v as the parameter compared with c.
	filterValue(c *Column, v string) any
	// timeText is filter f's value with its date-times written as the
	// date column c of t holds them, where the database compares them
	// as text (see Table.bind).
	timeText(ctx context.Context, db *database.DB, t *Table, c *Column, f Filter) (string, error)
	// arg is a non-NULL, non-binary value read from a row (a cursor's, a
	// key's) as a parameter.
	arg(v Value) any
	// sortRef names column col of t in ORDER BY.
	sortRef(t *Table, col string) string
	// nullsLast reports whether NULLs sort after other values in the
	// direction desc when ORDER BY says nothing.
	nullsLast(desc bool) bool
	// rowLock is the clause that locks the rows a SELECT reads until the
	// transaction ends ("" where the transaction locks more already).
	rowLock() string

	// The table.

	// kind classifies a declared type, lower-cased and trimmed.
	kind(typ string) Kind
	// key picks the paging key of a plain table (not a view or virtual
	// table) and says when its rows cannot be changed.
	key(t *Table, it *introspect.Table)
	// autoKey reports whether the database fills column col of it by
	// itself when an insert leaves it out, for being the row key.
	autoKey(it *introspect.Table, col string) bool
	// resolves reports whether the identifier tok names column col.
	resolves(col string, tok sqllex.Token) bool

	// Reading.

	// query runs one of our statements on the pool and hands its rows to s.
	query(ctx context.Context, db *database.DB, query string, args []any, s Sink) error
	// export is query for exports, which read millions of rows.
	export(ctx context.Context, db *database.DB, query string, args []any, s Sink) error
	// count runs a statement whose answer is one integer.
	count(ctx context.Context, db *database.DB, query string, args []any) (int64, error)
	// estimate is Table.Estimate.
	estimate(ctx context.Context, db *database.DB, t *Table, fs []Filter) (Count, error)

	// Writing.

	// write runs fn in one write transaction, committed only when fn
	// succeeds.
	write(ctx context.Context, db *database.DB, fn func(txn) error) error
	// param is the parameter storing text in column c, which holds cur.
	param(c *Column, text string, cur Value) (any, error)
	// violation explains a driver error from a change of e's table as a
	// constraint violation, or nil when it is none. set names the columns
	// the statement set, in parameter order, and params their values.
	violation(ctx context.Context, e *Editor, err error, set []string, params []any) *ConstraintError
}

var (
	_ engine = sqliteEngine{}
	_ engine = postgresEngine{}
)

// engine is the engine of the table's dialect: SQLite's unless it is
// PostgreSQL. Choosing costs one comparison, so it is not stored.
func (t *Table) engine() engine { return engineOf(t.Dialect) }

// engineOf is the engine of dialect d: SQLite's unless it is PostgreSQL.
func engineOf(d database.Dialect) engine {
	if d == database.Postgres {
		return postgresEngine{}
	}
	return sqliteEngine{}
}
