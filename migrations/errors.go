package migrations

import (
	"errors"
	"fmt"
	"strings"

	"studio/sqllex"
)

// Sentinel errors. Apply wraps them in the typed errors below; test with
// errors.Is.
var (
	// ErrOutOfOrder: a pending migration comes before an applied one, or
	// (journal layout) is not newer than the newest record.
	ErrOutOfOrder = errors.New("out-of-order migrations")
	// ErrModified: an applied migration's file changed since it was applied.
	ErrModified = errors.New("modified migrations")
	// ErrMissing: the database records a migration the folder does not have.
	ErrMissing = errors.New("missing migrations")
	// ErrStatementFailed: the database refused a statement (*StatementError).
	ErrStatementFailed = errors.New("migration statement failed")
	// ErrForeignKeys: the run left rows violating foreign keys (SQLite).
	ErrForeignKeys = errors.New("foreign key violations")
	// ErrUnsupported: a migration holds a statement the runner refuses
	// (ROLLBACK, which would discard the run).
	ErrUnsupported = errors.New("unsupported statement in migration")
	// ErrDialect: the folder was written for another database.
	ErrDialect = errors.New("migrations are for another database")
	// ErrConfig: a bad table or schema name.
	ErrConfig = errors.New("bad migrations configuration")
)

// StatementError reports the statement the database refused. Unless
// Committed or Partial say otherwise, nothing of the run was applied.
type StatementError struct {
	Migration string
	File      string
	// Statement is the chunk number in the file, Line the line where the
	// failing statement starts, ErrorLine the line the database pointed
	// at (0 when it did not say).
	Statement int
	Line      int
	ErrorLine int
	ErrorText string // the text of ErrorLine
	SQL       string // the text that was sent
	// Database error fields (PostgreSQL fills all, SQLite only Message).
	Code, Message, Detail, Hint, Where string
	Err                                error
	// Outside is true when the statement ran outside a transaction.
	Outside bool
	// Committed are migrations committed before the failure because a
	// file asked to leave the transaction; Partial is true when the
	// failing migration itself had statements committed.
	Committed []string
	Partial   bool
	DryRun    bool
}

// Unwrap exposes ErrStatementFailed and the driver's error.
func (e *StatementError) Unwrap() []error { return []error{ErrStatementFailed, e.Err} }

func (e *StatementError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: statement %d (line %d) failed: %s", e.File, e.Statement, e.Line, e.Message)
	if e.Code != "" {
		fmt.Fprintf(&b, " (SQLSTATE %s)", e.Code)
	}
	if e.ErrorLine > 0 {
		fmt.Fprintf(&b, "\n  at line %d: %s", e.ErrorLine, sqllex.Excerpt(e.ErrorText, 1, 200))
	}
	for _, kv := range [][2]string{{"detail", e.Detail}, {"hint", e.Hint}, {"where", e.Where}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "\n  %s: %s", kv[0], kv[1])
		}
	}
	fmt.Fprintf(&b, "\n  statement:\n%s", indent(sqllex.Excerpt(e.SQL, 12, 1200), "    "))
	b.WriteString("\n  " + e.outcome())
	return b.String()
}

func (e *StatementError) outcome() string {
	switch {
	case e.DryRun:
		return "dry run: everything was rolled back"
	case len(e.Committed) == 0 && !e.Partial:
		return "nothing was applied: the run was rolled back"
	}
	var parts []string
	if len(e.Committed) > 0 {
		parts = append(parts, fmt.Sprintf("already committed and recorded: %s", strings.Join(e.Committed, ", ")))
	}
	if e.Partial {
		parts = append(parts, fmt.Sprintf("%s is PARTIALLY applied: statements before a transaction break in the file were committed, it is not recorded", e.Migration))
	}
	return "because the folder leaves the transaction (COMMIT or CONCURRENTLY), " + strings.Join(parts, "; ")
}

// DriftError stops a run when the database and the folder disagree about
// the past; nothing was applied. It unwraps to ErrModified, ErrMissing
// and/or ErrOutOfOrder. Each list holds the migrations' status lines, so
// an out-of-order one carries its file and its OutOfOrder explanation.
type DriftError struct {
	Modified   []MigrationStatus
	Missing    []MigrationStatus
	OutOfOrder []MigrationStatus
}

// Unwrap exposes one sentinel per kind of drift found.
func (e *DriftError) Unwrap() []error {
	var out []error
	if len(e.Modified) > 0 {
		out = append(out, ErrModified)
	}
	if len(e.Missing) > 0 {
		out = append(out, ErrMissing)
	}
	if len(e.OutOfOrder) > 0 {
		out = append(out, ErrOutOfOrder)
	}
	return out
}

func (e *DriftError) Error() string {
	var b strings.Builder
	b.WriteString("nothing applied:")
	if len(e.Modified) > 0 {
		fmt.Fprintf(&b, "\n  %d applied migration(s) changed since they ran (%s): the database does not match these files; restore them or allow with --allow-modified",
			len(e.Modified), names(e.Modified))
	}
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, "\n  %d recorded migration(s) have no file here (%s): wrong folder or branch?; allow with --allow-missing",
			len(e.Missing), names(e.Missing))
	}
	if len(e.OutOfOrder) > 0 {
		fmt.Fprintf(&b, "\n  %d migration(s) out of order; apply them anyway with --allow-out-of-order:", len(e.OutOfOrder))
		for _, s := range e.OutOfOrder {
			fmt.Fprintf(&b, "\n    %s", s.File)
			if info := s.OutOfOrder; info != nil {
				fmt.Fprintf(&b, ": %s", info.Reason)
				if info.Drizzle == DrizzleSkips {
					b.WriteString("; drizzle-orm's migrator would skip it silently, forever")
				}
			}
		}
	}
	return b.String()
}

func names(list []MigrationStatus) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Name
	}
	return strings.Join(out, ", ")
}

// ForeignKeyError lists the foreign key violations a SQLite run would
// have committed; the run was rolled back.
type ForeignKeyError struct {
	Violations []FKViolation
}

// FKViolation counts rows of Table whose foreign key FKID points at a
// missing row of Parent, beyond those already there before the run.
type FKViolation struct {
	Table  string `json:"table"`
	Parent string `json:"parent"`
	FKID   int    `json:"fkid"`
	Rows   int    `json:"rows"`
}

// Unwrap exposes ErrForeignKeys.
func (e *ForeignKeyError) Unwrap() error { return ErrForeignKeys }

func (e *ForeignKeyError) Error() string {
	var b strings.Builder
	b.WriteString("the migrations leave rows that break foreign keys (PRAGMA foreign_key_check); nothing was applied:")
	for _, v := range e.Violations {
		fmt.Fprintf(&b, "\n  %d row(s) of %s reference missing rows of %s (foreign key #%d)", v.Rows, v.Table, v.Parent, v.FKID)
	}
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
