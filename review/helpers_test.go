package review

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/pgtest"
	"studio/introspect"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// breakpoint is the marker Drizzle splits migration files on.
const breakpoint = "--> statement-breakpoint"

// chunks splits a migration file the way Drizzle does; each chunk's Line
// is the line of its first token past blanks and comments, as the
// migrations package numbers it.
func chunks(file, sql string) []Statement {
	var out []Statement
	line := 1
	for i, part := range strings.Split(sql, breakpoint) {
		start := firstToken(part, database.Postgres)
		out = append(out, Statement{File: file, Index: i, Line: line + strings.Count(part[:start], "\n"), SQL: part})
		line += strings.Count(part, "\n")
	}
	return out
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// mustOpenPostgres creates a fresh PostgreSQL database and runs setup in it.
func mustOpenPostgres(t testing.TB, setup string) *sql.DB {
	t.Helper()
	target, err := database.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatalf("parse postgres url: %v", err)
	}
	db, err := database.Open(testContext(t), target, database.Options{})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(testContext(t), setup); err != nil {
		t.Fatalf("postgres setup: %v", err)
	}
	return db.DB
}

// liveModel reads the database's schema with the studio's introspection.
func liveModel(t testing.TB, db *sql.DB, dialect database.Dialect) *introspect.Model {
	t.Helper()
	d, err := introspect.For(dialect)
	if err != nil {
		t.Fatalf("introspect: %v", err)
	}
	m, err := d.Inspect(testContext(t), db)
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return m
}

// want is an expected warning; msg must be contained in the message.
type want struct {
	line int
	kind string
	sev  string
	rows int64
	msg  string
}

func (w want) String() string {
	return fmt.Sprintf("L%d %s/%s rows=%d ~%q", w.line, w.kind, w.sev, w.rows, w.msg)
}

func show(ws []Warning) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "  L%d %s/%s rows=%d table=%s: %s\n", w.Line, w.Kind, w.Severity, w.Rows, w.Table, w.Message)
	}
	return b.String()
}

// checkWarnings compares warnings with the expected ones, in order.
func checkWarnings(t *testing.T, got []Warning, wants []want) {
	t.Helper()
	ok := len(got) == len(wants)
	for i := 0; ok && i < len(got); i++ {
		g, w := got[i], wants[i]
		ok = g.Line == w.line && g.Kind == w.kind && g.Severity == w.sev && g.Rows == w.rows &&
			strings.Contains(g.Message, w.msg)
	}
	if !ok {
		t.Errorf("warnings:\n%s\nwant:\n%v", show(got), wants)
	}
}
