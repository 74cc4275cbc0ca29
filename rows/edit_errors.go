package rows

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Violation names the rule a change broke.
type Violation string

// Violations.
const (
	ViolationUnique     Violation = "unique"
	ViolationForeignKey Violation = "foreign key"
	ViolationNotNull    Violation = "not null"
	ViolationCheck      Violation = "check"
	ViolationExclusion  Violation = "exclusion"
	// ViolationInvalid: the text is not a value of the column's type.
	ViolationInvalid Violation = "invalid value"
)

// ConstraintError is the database refusing a change: a constraint it
// broke or a value it could not read. Message is the database's own
// words; Column is the column at fault when it can be known ("" if not).
type ConstraintError struct {
	Kind       Violation
	Column     string
	Constraint string
	Message    string
	Err        error
}

func (e *ConstraintError) Error() string { return e.Message }

// Unwrap returns the driver's error.
func (e *ConstraintError) Unwrap() error { return e.Err }

// explain turns a driver error from a change into a *ConstraintError (or
// ErrReadOnly) when it is one. set names the columns the statement set,
// in parameter order, and params their values (inserts).
func (e *Editor) explain(ctx context.Context, err error, set []string, params []any) error {
	var ce *ConstraintError
	if errors.As(err, &ce) || errors.Is(err, ErrConflict) {
		return err
	}
	ce = e.Table.engine().violation(ctx, e, err, set, params)
	if ce == nil {
		return readOnlyError(err)
	}
	if ce.Column == "" && len(set) == 1 {
		// An update of one column: that column is the one at fault.
		ce.Column = set[0]
	}
	return ce
}

// readOnlyError says so when the database refused because it is
// read-only (PostgreSQL read-only transactions, SQLite read-only opens).
func readOnlyError(err error) error {
	var pe *pgconn.PgError
	var coder interface{ Code() int }
	switch {
	case errors.As(err, &pe) && pe.Code == "25006",
		errors.As(err, &coder) && coder.Code()&0xff == 8:
		return fmt.Errorf("%w: the database refuses writes (%w)", ErrReadOnly, err)
	}
	return err
}

// pgViolations maps SQLSTATE codes (class 23) to violations.
var pgViolations = map[string]Violation{
	"23505": ViolationUnique, "23503": ViolationForeignKey, "23502": ViolationNotNull,
	"23514": ViolationCheck, "23P01": ViolationExclusion,
}

func (e *Editor) explainPG(err error, set []string) *ConstraintError {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return nil
	}
	kind, ok := pgViolations[pe.Code]
	if !ok && strings.HasPrefix(pe.Code, "22") {
		kind, ok = ViolationInvalid, true
	}
	if !ok {
		return nil
	}
	msg := pe.Message
	if pe.Detail != "" {
		msg += ": " + pe.Detail
	}
	ce := &ConstraintError{Kind: kind, Constraint: pe.ConstraintName, Message: msg, Err: err}
	ours := pe.TableName == "" || pe.TableName == e.Table.Name && pe.SchemaName == e.Table.Schema
	switch {
	case pe.ColumnName != "" && ours:
		ce.Column = pe.ColumnName
	case kind == ViolationInvalid:
		ce.Column = paramColumn(pe.Where, set)
	case kind == ViolationCheck:
		ce.Column = e.checkColumn(pe.ConstraintName, set)
	case ours:
		ce.Column = e.constraintColumn(pe.ConstraintName, set)
		if ce.Column == "" {
			ce.Column = pick(e.detailColumns(pe.Detail), set)
		}
	}
	return ce
}

// bindParam finds "$n" in PostgreSQL's context line for a parameter it
// could not read ("unnamed portal parameter $2 = '...'").
var bindParam = regexp.MustCompile(`parameter \$(\d+)`)

func paramColumn(where string, set []string) string {
	m := bindParam.FindStringSubmatch(where)
	if m == nil {
		return ""
	}
	n, _ := strconv.Atoi(m[1]) // the pattern holds digits only
	if n < 1 || n > len(set) {
		return ""
	}
	return set[n-1]
}

// sqliteViolations maps SQLite's extended result codes to violations and
// the text that starts their message.
var sqliteViolations = map[int]struct {
	kind   Violation
	prefix string
}{
	2067: {ViolationUnique, "UNIQUE constraint failed: "},
	1555: {ViolationUnique, "UNIQUE constraint failed: "},
	1299: {ViolationNotNull, "NOT NULL constraint failed: "},
	275:  {ViolationCheck, "CHECK constraint failed: "},
	787:  {ViolationForeignKey, "FOREIGN KEY constraint failed"},
	// SQLITE_MISMATCH: text into an INTEGER PRIMARY KEY (the rowid).
	20: {ViolationInvalid, "datatype mismatch"},
}

func (e *Editor) explainSQLite(err error) *ConstraintError {
	var coder interface{ Code() int }
	if !errors.As(err, &coder) {
		return nil
	}
	v, ok := sqliteViolations[coder.Code()]
	if !ok {
		return nil
	}
	// The driver writes "constraint failed: <SQLite's message> (code)".
	msg := err.Error()
	if i := strings.Index(msg, v.prefix); i >= 0 {
		msg = strings.TrimSuffix(msg[i:], fmt.Sprintf(" (%d)", coder.Code()))
	}
	if v.kind == ViolationInvalid {
		msg += ": this column holds integers only"
	}
	ce := &ConstraintError{Kind: v.kind, Message: msg, Err: err}
	what := strings.TrimPrefix(msg, v.prefix)
	switch v.kind {
	case ViolationUnique, ViolationNotNull:
		// "t.a, t.b": the table name may itself hold dots or commas.
		first, _, _ := strings.Cut(strings.TrimPrefix(what, e.Table.Name+"."), ", "+e.Table.Name+".")
		if e.Table.Column(first) != nil {
			ce.Column = first
		}
	case ViolationCheck:
		ce.Constraint = what
		ce.Column = e.checkColumn(what, nil)
	}
	return ce
}
