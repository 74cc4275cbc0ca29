package console

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"studio/database"
	"studio/input"
)

// SQLError is the database refusing the user's statement, with what it
// said in full and, when it named one, the position it objected to. It
// wraps the driver's error and input.ErrBad (the statement is the
// user's to fix).
type SQLError struct {
	Message string
	Detail  string
	Hint    string
	// Where is PostgreSQL's context (the line of a function or DO block).
	Where string
	// Code is the SQLSTATE (PostgreSQL) or SQLite's result code.
	Code string
	// SQL is the statement as the user wrote it.
	SQL string
	// Position is the 1-based character index in SQL the database pointed
	// at; Line and Column locate it (1-based). All 0 when unknown.
	Position, Line, Column int
	err                    error
	sqlstate               bool
}

// SQLSTATE is PostgreSQL's error code ("42703"); "" for SQLite, whose
// messages end with their code already.
func (e *SQLError) SQLSTATE() string {
	if e.sqlstate {
		return e.Code
	}
	return ""
}

func (e *SQLError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s (line %d, column %d)", e.Message, e.Line, e.Column)
	}
	return e.Message
}

// Unwrap gives errors.Is and errors.As the driver's error and
// input.ErrBad.
func (e *SQLError) Unwrap() []error { return []error{e.err, input.ErrBad} }

// Marker returns the line of SQL holding Position and, under it, a pointer
// ending in ^ at the column (tabs kept so it lines up). Both are "" when
// there is no position.
func (e *SQLError) Marker() (line, pointer string) {
	if e.Line == 0 {
		return "", ""
	}
	lines := strings.Split(e.SQL, "\n")
	if e.Line > len(lines) {
		return "", ""
	}
	line = strings.TrimRight(lines[e.Line-1], "\r")
	var b strings.Builder
	for i, r := range []rune(line) {
		if i >= e.Column-1 {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
	}
	b.WriteRune('^')
	return line, b.String()
}

// locate sets Line and Column from a 1-based character index (PostgreSQL
// counts characters, not bytes).
func (e *SQLError) locate(pos int) {
	line, col, i := 1, 1, 0
	for _, r := range e.SQL {
		i++
		if i == pos {
			e.Position, e.Line, e.Column = pos, line, col
			return
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
}

// explainReadOnly adds a hint to a refusal that comes from the studio
// being read-only: PostgreSQL's read_only_sql_transaction, SQLite's
// SQLITE_READONLY and SQLITE_AUTH (the read-only pool's authorizer).
func explainReadOnly(err error) {
	var e *SQLError
	if !errors.As(err, &e) || e.Hint != "" {
		return
	}
	switch e.Code {
	case "25006", "8", "23":
		e.Hint = readOnlyHint
	}
}

// readOnlyHint explains a refusal caused by the studio being read-only.
const readOnlyHint = "The studio is read-only: the database refuses every change, and the console always rolls back."

// userError turns the database's refusal of the user's statement into a
// *SQLError. prefix is the number of characters the console put before the
// user's text (EXPLAIN ..., DECLARE ...), so positions point into the
// user's text. Lost connections and other errors are returned as they are.
func userError(err error, text string, prefix int) error {
	var pe *pgconn.PgError
	var se *sqlite.Error
	switch {
	case err == nil || database.IsUnavailable(err):
		return err
	case errors.As(err, &pe):
		e := &SQLError{Message: pe.Message, Detail: pe.Detail, Hint: pe.Hint, Where: pe.Where, Code: pe.Code, SQL: text, err: err, sqlstate: true}
		if p := int(pe.Position) - prefix; pe.Position > 0 && p > 0 {
			e.locate(p)
		}
		return e
	case errors.As(err, &se):
		// Code is the primary result code: extended codes (SQLITE_READONLY_DBMOVED...) share its low byte.
		return &SQLError{Message: se.Error(), Code: fmt.Sprint(se.Code() & 0xff), SQL: text, err: err}
	}
	return err
}
