package console_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"studio/console"
	"studio/database"
	"studio/internal/sqlitetest"
	"studio/rows"
)

// infiniteSQLite never ends on its own.
const infiniteSQLite = `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c`

func TestSQLiteRunPages(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	r := console.NewRunner()
	ctx := context.Background()
	cases := []struct {
		offset, limit int
		first, n      int
		more          bool
	}{
		{0, 0, 1, 100, true},
		{100, 0, 101, 100, true},
		{200, 0, 201, 50, false},
		{150, 100, 151, 100, false}, // the page ends exactly at the last row
		{300, 0, 0, 0, false},
	}
	for _, c := range cases {
		res, err := r.Run(ctx, db, console.Statement{SQL: "SELECT id, name, note FROM t ORDER BY id", Offset: c.offset, Limit: c.limit})
		if err != nil {
			t.Fatalf("offset %d: %v", c.offset, err)
		}
		if len(res.Rows) != c.n || res.More != c.more || res.Offset != c.offset {
			t.Errorf("offset %d: %d rows, more %v; want %d, %v", c.offset, len(res.Rows), res.More, c.n, c.more)
		}
		if c.n > 0 && res.Rows[0][0].Text != strconv.Itoa(c.first) {
			t.Errorf("offset %d: first id %s, want %d", c.offset, res.Rows[0][0].Text, c.first)
		}
	}
}

func TestSQLiteValuesKeepNullsAndKinds(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	res, err := console.NewRunner().Run(context.Background(), db, console.Statement{
		SQL: "SELECT note, x'00ff', 1.5, 9007199254740993 FROM t WHERE id IN (1, 2, 3) ORDER BY id"})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Rows
	if got[0][0].Text != "<script>alert(1)</script>" || !got[1][0].Null || got[2][0].Null || got[2][0].Text != "" {
		t.Errorf("notes: %+v", got)
	}
	if got[0][1].Kind != rows.KindBinary || got[0][1].Text != "\x00\xff" || got[0][3].Text != "9007199254740993" {
		t.Errorf("values: %+v", got[0])
	}
	if len(res.Columns) != 4 || res.Columns[0].Name != "note" {
		t.Errorf("columns: %+v", res.Columns)
	}
}

// TestSQLiteStopsAtThePage runs a query of a billion rows: only a page and
// one row are ever read.
func TestSQLiteStopsAtThePage(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	res, err := console.NewRunner().Run(context.Background(), db, console.Statement{
		SQL: "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) SELECT n FROM c", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 100 || !res.More {
		t.Fatalf("%d rows, more %v", len(res.Rows), res.More)
	}
}

func TestSQLiteWritesCommitAndErrorsRollBack(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	r := console.NewRunner()
	ctx := context.Background()
	res, err := r.Run(ctx, db, console.Statement{SQL: "UPDATE t SET name = name || '!' WHERE id > 10"})
	if err != nil || !res.Committed || res.Tag != "240 rows changed" {
		t.Fatalf("update: %+v, %v", res, err)
	}
	// RETURNING more rows than a page: the page stops early, every row
	// changed all the same (SQLite makes the changes on the first step).
	res, err = r.Run(ctx, db, console.Statement{SQL: "UPDATE t SET note = 'x' RETURNING id"})
	if err != nil || len(res.Rows) != 100 || !res.More || !res.Committed {
		t.Fatalf("update returning: %+v, %v", res, err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t WHERE note = 'x'").Scan(&n); err != nil || n != rowsInT {
		t.Fatalf("%d rows updated (%v), want %d", n, err, rowsInT)
	}
	_, err = r.Run(ctx, db, console.Statement{SQL: "INSERT INTO t (id, name) VALUES (1000, 'a'), (1, 'duplicate')"})
	var se *console.SQLError
	if !errors.As(err, &se) || !errors.Is(err, rows.ErrBadQuery) || !strings.Contains(se.Message, "UNIQUE") {
		t.Fatalf("duplicate key: %v", err)
	}
	if c := countT(t, db.DB); c != rowsInT {
		t.Errorf("%d rows after a failed insert", c)
	}
}

func TestSQLiteRefusesSeveralStatements(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	for _, sql := range []string{"SELECT 1; DELETE FROM t", "DELETE FROM t; SELECT 1;", "-- only a comment", "  "} {
		_, err := console.NewRunner().Run(context.Background(), db, console.Statement{SQL: sql})
		if !errors.Is(err, rows.ErrBadQuery) {
			t.Errorf("%q: %v", sql, err)
		}
	}
	if c := countT(t, db.DB); c != rowsInT {
		t.Errorf("%d rows left", c)
	}
	// One statement with its semicolon and a trailing comment is one.
	if _, err := console.NewRunner().Run(context.Background(), db, console.Statement{SQL: "SELECT 1; -- done"}); err != nil {
		t.Error(err)
	}
}

func TestSQLiteExplainQueryPlanIsATree(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	p, err := console.NewRunner().Explain(context.Background(), db, console.Statement{
		SQL: "SELECT * FROM t WHERE id IN (SELECT id FROM t WHERE name LIKE 'a%') ORDER BY name"}, false)
	if err != nil {
		t.Fatal(err)
	}
	deep := false
	for _, n := range p.Nodes {
		deep = deep || n.Depth > 0
	}
	if len(p.Nodes) < 2 || !deep || p.Nodes[0].Depth != 0 {
		t.Errorf("plan: %+v", p.Nodes)
	}
	if _, err := console.NewRunner().Explain(context.Background(), db, console.Statement{SQL: "SELECT 1"}, true); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("EXPLAIN ANALYZE on SQLite: %v", err)
	}
}

func TestSQLiteTimeoutAndCancel(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	r := console.NewRunner()
	start := time.Now()
	_, err := r.Run(context.Background(), db, console.Statement{SQL: infiniteSQLite, Timeout: 200 * time.Millisecond})
	if !errors.Is(err, console.ErrTimeout) || time.Since(start) > 5*time.Second {
		t.Fatalf("timeout: %v after %s", err, time.Since(start))
	}
	err = runAndCancel(t, r, func(ctx context.Context, id string) error {
		_, err := r.Run(ctx, db, console.Statement{SQL: infiniteSQLite, RunID: id})
		return err
	})
	if !errors.Is(err, console.ErrCancelled) {
		t.Fatalf("cancel: %v", err)
	}
	// The pool still works.
	if _, err := r.Run(context.Background(), db, console.Statement{SQL: "SELECT 1"}); err != nil {
		t.Fatal(err)
	}
}

// runAndCancel starts run under a fresh run id, cancels it as soon as it
// is registered and returns what the run returned.
func runAndCancel(t *testing.T, r *console.Runner, run func(context.Context, string) error) error {
	t.Helper()
	id := "run-" + t.Name()
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), id) }()
	deadline := time.After(10 * time.Second)
	for !r.Cancel(id) {
		select {
		case err := <-done:
			t.Fatalf("the run ended before it could be cancelled: %v", err)
		case <-deadline:
			t.Fatal("the run never became cancellable")
		case <-time.After(10 * time.Millisecond):
		}
	}
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled run did not stop")
	}
	return nil
}

// TestSQLiteReadOnlyConsoleRefusesEveryWrite attacks a read-only studio's
// console with what mode=ro alone lets through; each run is a request of
// its own, so a pragma that got through would be in force on the next.
func TestSQLiteReadOnlyConsoleRefusesEveryWrite(t *testing.T) {
	path := sqlitetest.File(t, sqliteFixture)
	db := sqlitetest.Open(t, path, database.Options{ReadOnly: true})
	dir := filepath.Dir(path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := console.NewRunner()
	attacks := [][]string{
		{"ATTACH '" + filepath.Join(dir, "side.db") + "' AS side", "CREATE TABLE side.x (a)"},
		{"VACUUM INTO '" + filepath.Join(dir, "copy.db") + "'"},
		{"PRAGMA query_only = 0", "DELETE FROM t"},
		{"PRAGMA user_version = 5"},
		{"DELETE FROM t"},
		{"UPDATE t SET name = 'x' RETURNING id"},
		{"DROP TABLE t"},
		{"CREATE TEMP TABLE x (a)"},
		{"SELECT 1; DELETE FROM t"},
	}
	for _, steps := range attacks {
		for _, sql := range steps {
			res, err := r.Run(context.Background(), db, console.Statement{SQL: sql, ReadOnly: true})
			if err == nil {
				t.Errorf("%s: allowed (%+v)", sql, res)
			}
			t.Logf("%s: %v", sql, err)
		}
	}
	_, err = r.Run(context.Background(), db, console.Statement{SQL: "DELETE FROM t", ReadOnly: true})
	var se *console.SQLError
	if !errors.As(err, &se) || se.Hint == "" {
		t.Errorf("a refused write says why: %v", err)
	}
	for _, f := range []string{"side.db", "copy.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was created", f)
		}
	}
	if c := countT(t, db.DB); c != rowsInT {
		t.Errorf("%d rows left", c)
	}
	db.Close()
	after, err := os.ReadFile(path)
	if err != nil || string(after) != string(before) {
		t.Errorf("the database file changed (%v)", err)
	}
}

func TestStatementLimits(t *testing.T) {
	db := sqlitetest.New(t, sqliteFixture)
	for _, st := range []console.Statement{
		{SQL: "SELECT 1", Timeout: 11 * time.Minute},
		{SQL: "SELECT 1", Timeout: -time.Second},
		{SQL: "SELECT 1", Offset: -1},
		{SQL: "SELECT 1", Limit: 100000},
		{SQL: "SELECT 1", RunID: strings.Repeat("x", 65)},
	} {
		if _, err := console.NewRunner().Run(context.Background(), db, st); !errors.Is(err, rows.ErrBadQuery) {
			t.Errorf("%+v: %v", st, err)
		}
	}
}
