package console

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"studio/database"
	"studio/rows"
	"studio/sqllex"
)

// cursorName and declarePrefix make a query a server-side cursor, so a
// page is MOVE (skipped by PostgreSQL, never sent) plus FETCH of one page
// and a row: the statement stops there, as psql does with FETCH_COUNT.
const (
	cursorName    = "studio_console"
	declarePrefix = "DECLARE " + cursorName + " NO SCROLL CURSOR FOR "
)

// userSQLMode sends the user's text with the extended protocol, whose
// Parse message takes exactly one statement: PostgreSQL itself refuses
// "SELECT 1; DELETE ..." ("cannot insert multiple commands into a prepared
// statement"). pgx's Exec would switch to the simple protocol, which runs
// them all, so user SQL only ever goes through Query with this mode.
const userSQLMode = pgx.QueryExecModeExec

// pgPage runs the statement and keeps one page of its result.
func pgPage(ctx context.Context, tx pgx.Tx, st Statement, res *Result) error {
	if cursorable(st.SQL) {
		done, err := pgCursorPage(ctx, tx, st, res)
		if done || err != nil {
			return err
		}
	}
	return pgDirectPage(ctx, tx, st, res)
}

// cursorable reports whether the statement looks like a query a cursor
// can hold: it starts (past parentheses) with SELECT, VALUES, TABLE or
// WITH. This only picks the faster path: PostgreSQL has the last word and
// a statement it refuses as a cursor (SELECT INTO, a writable CTE) runs
// directly instead.
func cursorable(text string) bool {
	for _, t := range sqllex.Significant(sqllex.Tokenize(text, sqllex.Postgres)) {
		if t.IsPunct("(") {
			continue
		}
		return t.Is("select") || t.Is("values") || t.Is("table") || t.Is("with")
	}
	return false
}

// pgCursorPage pages through a cursor. done is false, with no error, when
// PostgreSQL refused to declare the cursor: the savepoint is rolled back
// and the caller runs the statement directly, where the same refusal (if
// it is a real mistake) comes back with the position in the user's text.
func pgCursorPage(ctx context.Context, tx pgx.Tx, st Statement, res *Result) (bool, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("savepoint: %w", err)
	}
	if err := drain(ctx, sp, declarePrefix+st.SQL); err != nil {
		if !declined(err) {
			return false, userError(err, st.SQL, len(declarePrefix))
		}
		if err := sp.Rollback(ctx); err != nil {
			return false, fmt.Errorf("roll back to savepoint: %w", err)
		}
		return false, nil
	}
	if err := sp.Commit(ctx); err != nil {
		return false, fmt.Errorf("release savepoint: %w", err)
	}
	if st.Offset > 0 {
		if err := drain(ctx, tx, fmt.Sprintf("MOVE FORWARD %d IN %s", st.Offset, cursorName)); err != nil {
			return false, userError(err, st.SQL, len(declarePrefix))
		}
	}
	p := newPager(res, 0, st.Limit, false)
	fetch := fmt.Sprintf("FETCH FORWARD %d FROM %s", st.Limit+1, cursorName)
	if err := rows.StreamPG(ctx, tx, fetch, []any{userSQLMode}, p.sink()); err != nil {
		return false, userError(err, st.SQL, len(declarePrefix))
	}
	return true, nil
}

// declined reports whether a DECLARE failed because of the statement
// (not a cancel, a timeout or a lost connection).
func declined(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code != "57014" && !database.IsUnavailable(err)
}

// pgDirectPage runs the statement as it is. The rest of its result after
// the page is read and dropped, never kept: the statement must finish, as
// its effects are committed afterwards in write mode.
func pgDirectPage(ctx context.Context, tx pgx.Tx, st Statement, res *Result) error {
	tq := &tagging{q: tx}
	p := newPager(res, st.Offset, st.Limit, false)
	if err := rows.StreamPG(ctx, tq, st.SQL, []any{userSQLMode}, p.sink()); err != nil {
		return userError(err, st.SQL, 0)
	}
	if len(res.Columns) == 0 && tq.rows != nil {
		res.Tag = tq.rows.CommandTag().String()
	}
	return nil
}

// tagging keeps the rows a query returned so their command tag ("INSERT 0
// 3") can be read once rows.StreamPG has closed them.
type tagging struct {
	q    rows.PGQueryer
	rows pgx.Rows
}

func (t *tagging) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rs, err := t.q.Query(ctx, sql, args...)
	t.rows = rs
	return rs, err
}

// drain runs a statement that returns no rows worth keeping.
func drain(ctx context.Context, q rows.PGQueryer, sql string) error {
	rs, err := q.Query(ctx, sql, userSQLMode)
	if err != nil {
		return err
	}
	rs.Close()
	return rs.Err()
}

// pgExplain runs EXPLAIN over the statement and returns the plan text.
// With analyze the statement runs (the caller rolls back).
func pgExplain(ctx context.Context, tx pgx.Tx, st Statement, analyze bool) (string, error) {
	prefix := "EXPLAIN (FORMAT TEXT) "
	if analyze {
		prefix = "EXPLAIN (FORMAT TEXT, ANALYZE, BUFFERS) "
	}
	var b strings.Builder
	sink := rows.Sink{Row: func(v []rows.Value) error {
		if len(v) > 0 {
			b.WriteString(v[0].Text + "\n")
		}
		return nil
	}}
	if err := rows.StreamPG(ctx, tx, prefix+st.SQL, []any{userSQLMode}, sink); err != nil {
		return "", userError(err, st.SQL, len(prefix))
	}
	return strings.TrimRight(b.String(), "\n"), nil
}
