package console_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/console"
	"studio/rows"
)

func TestPostgresRunPagesThroughACursor(t *testing.T) {
	db := mustStartPostgres(t, false)
	r := console.NewRunner()
	ctx := context.Background()
	for _, c := range []struct {
		offset, n int
		first     string
		more      bool
	}{{0, 100, "1", true}, {100, 100, "101", true}, {200, 50, "201", false}, {400, 0, "", false}} {
		res, err := r.Run(ctx, db, console.Statement{SQL: "SELECT id, name, note FROM t ORDER BY id", Offset: c.offset})
		if err != nil {
			t.Fatalf("offset %d: %v", c.offset, err)
		}
		if len(res.Rows) != c.n || res.More != c.more || (c.n > 0 && res.Rows[0][0].Text != c.first) {
			t.Errorf("offset %d: %d rows from %v, more %v", c.offset, len(res.Rows), res.Rows[:min(1, len(res.Rows))], res.More)
		}
	}
	// A hundred million rows: the cursor stops at the page.
	start := time.Now()
	res, err := r.Run(ctx, db, console.Statement{SQL: "SELECT generate_series(1, 100000000) AS n", Offset: 1000})
	if err != nil || len(res.Rows) != 100 || !res.More || res.Rows[0][0].Text != "1001" {
		t.Fatalf("big result: %v, %v", res, err)
	}
	t.Logf("page at offset 1000 of 1e8 rows: %s", time.Since(start))
}

func TestPostgresValuesAsPrinted(t *testing.T) {
	db := mustStartPostgres(t, false)
	res, err := console.NewRunner().Run(context.Background(), db, console.Statement{
		SQL: `SELECT note, '\x00ff'::bytea AS b, 12345678901234567890.5::numeric AS n, '2024-01-02 03:04:05+02'::timestamptz AS ts FROM t WHERE id IN (1, 2, 3) ORDER BY id`})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Rows
	if got[0][0].Text != "<script>alert(1)</script>" || !got[1][0].Null || got[2][0].Null || got[2][0].Text != "" {
		t.Errorf("notes: %+v", got)
	}
	if got[0][1].Kind != rows.KindBinary || got[0][1].Text != "\x00\xff" || got[0][2].Text != "12345678901234567890.5" {
		t.Errorf("values: %+v", got[0])
	}
}

func TestPostgresWritesCommitAndErrorsRollBack(t *testing.T) {
	db := mustStartPostgres(t, false)
	r := console.NewRunner()
	ctx := context.Background()
	res, err := r.Run(ctx, db, console.Statement{SQL: "UPDATE t SET name = name || '!' WHERE id > 10"})
	if err != nil || !res.Committed || res.Tag != "UPDATE 240" {
		t.Fatalf("update: %+v, %v", res, err)
	}
	// RETURNING more than a page: the page is kept, the rest read and
	// dropped, and the whole statement committed.
	res, err = r.Run(ctx, db, console.Statement{SQL: "UPDATE t SET note = 'x' RETURNING id"})
	if err != nil || len(res.Rows) != 100 || !res.More || !res.Committed {
		t.Fatalf("update returning: %+v, %v", res, err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t WHERE note = 'x'").Scan(&n); err != nil || n != rowsInT {
		t.Fatalf("%d rows updated (%v)", n, err)
	}
	// A writable CTE cannot be a cursor; it runs directly and commits.
	res, err = r.Run(ctx, db, console.Statement{SQL: "WITH d AS (DELETE FROM t WHERE id > 240 RETURNING id) SELECT count(*) FROM d"})
	if err != nil || res.Rows[0][0].Text != "10" || !res.Committed {
		t.Fatalf("writable CTE: %+v, %v", res, err)
	}
	// An error after some rows were written rolls the statement back.
	_, err = r.Run(ctx, db, console.Statement{SQL: "UPDATE t SET name = 'y' WHERE 1 / (id - 5) > -1"})
	var se *console.SQLError
	if !errors.As(err, &se) || se.Code != "22012" {
		t.Fatalf("division by zero: %v", err)
	}
	if err := db.QueryRow("SELECT count(*) FROM t WHERE name = 'y'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows kept from a failed update (%v)", n, err)
	}
}

// TestPostgresSessionStateDoesNotLeak sets session state in write mode (a
// committed SET); the next run must not see it, whatever connection the
// pool hands out.
func TestPostgresSessionStateDoesNotLeak(t *testing.T) {
	db := mustStartPostgres(t, false)
	r := console.NewRunner()
	ctx := context.Background()
	for _, sql := range []string{"SET search_path = nowhere", "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "SELECT pg_advisory_lock(42)"} {
		if _, err := r.Run(ctx, db, console.Statement{SQL: sql}); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	res, err := r.Run(ctx, db, console.Statement{SQL: "SELECT current_setting('search_path'), pg_try_advisory_lock(42), current_setting('default_transaction_read_only')"})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Rows[0]; v[0].Text != `"$user", public` || v[1].Text != "true" || v[2].Text != "off" {
		t.Errorf("state leaked: %+v", v)
	}
}

func TestPostgresErrorPosition(t *testing.T) {
	db := mustStartPostgres(t, false)
	r := console.NewRunner()
	ctx := context.Background()
	cases := []struct {
		sql       string
		explain   bool
		line, col int
		marked    string
	}{
		{"SELECT id,\n  nosuch FROM t", false, 2, 3, "  nosuch FROM t"},
		{"SELECT 'é', 'ü',\n\tnosuch FROM t", false, 2, 2, "\tnosuch FROM t"},
		{"SELECT * FROM nosuch", true, 1, 15, "SELECT * FROM nosuch"},
		{"INSERT INTO t VALUES (1, nosuch)", false, 1, 26, "INSERT INTO t VALUES (1, nosuch)"},
		{"SELEC 1", false, 1, 1, "SELEC 1"},
	}
	for _, c := range cases {
		var err error
		if c.explain {
			_, err = r.Explain(ctx, db, console.Statement{SQL: c.sql}, false)
		} else {
			_, err = r.Run(ctx, db, console.Statement{SQL: c.sql})
		}
		var se *console.SQLError
		if !errors.As(err, &se) || !errors.Is(err, rows.ErrBadQuery) {
			t.Fatalf("%q: %v", c.sql, err)
		}
		line, pointer := se.Marker()
		if se.Line != c.line || se.Column != c.col || line != c.marked || !strings.HasSuffix(pointer, "^") || len([]rune(pointer)) != c.col {
			t.Errorf("%q: line %d col %d, marker %q / %q; want %d:%d", c.sql, se.Line, se.Column, line, pointer, c.line, c.col)
		}
	}
}

func TestPostgresExplain(t *testing.T) {
	db := mustStartPostgres(t, false)
	r := console.NewRunner()
	ctx := context.Background()
	p, err := r.Explain(ctx, db, console.Statement{SQL: "SELECT * FROM t WHERE id = 3"}, false)
	if err != nil || !strings.Contains(p.Text, "Scan") || strings.Contains(p.Text, "actual") {
		t.Fatalf("explain: %+v, %v", p, err)
	}
	// EXPLAIN ANALYZE runs the statement, and is always rolled back.
	p, err = r.Explain(ctx, db, console.Statement{SQL: "DELETE FROM t"}, true)
	if err != nil || !strings.Contains(p.Text, "actual") || !strings.Contains(p.Text, "Buffers") && !strings.Contains(p.Text, "Execution Time") {
		t.Fatalf("explain analyze: %+v, %v", p, err)
	}
	if c := countT(t, db.DB); c != rowsInT {
		t.Errorf("EXPLAIN ANALYZE DELETE left %d rows", c)
	}
}

func TestPostgresTimeoutAndCancel(t *testing.T) {
	db := mustStartPostgres(t, false)
	r := console.NewRunner()
	start := time.Now()
	_, err := r.Run(context.Background(), db, console.Statement{SQL: "SELECT pg_sleep(5)", Timeout: 300 * time.Millisecond})
	if !errors.Is(err, console.ErrTimeout) || time.Since(start) > 4*time.Second {
		t.Fatalf("timeout: %v after %s", err, time.Since(start))
	}
	start = time.Now()
	err = runAndCancel(t, r, func(ctx context.Context, id string) error {
		_, err := r.Run(ctx, db, console.Statement{SQL: "SELECT pg_sleep(30)", RunID: id})
		return err
	})
	if !errors.Is(err, console.ErrCancelled) || time.Since(start) > 10*time.Second {
		t.Fatalf("cancel: %v after %s", err, time.Since(start))
	}
	// The server stopped the statement (it is not still sleeping).
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d sleeps still running (%v)", n, err)
	}
	// A write cancelled mid-way is rolled back.
	err = runAndCancel(t, r, func(ctx context.Context, id string) error {
		_, err := r.Run(ctx, db, console.Statement{SQL: "WITH d AS (DELETE FROM t RETURNING id) SELECT pg_sleep(30) FROM d LIMIT 1", RunID: id})
		return err
	})
	if !errors.Is(err, console.ErrCancelled) || countT(t, db.DB) != rowsInT {
		t.Fatalf("cancelled delete: %v, %d rows", err, countT(t, db.DB))
	}
	if r.Cancel("nothing-runs-under-this-id") {
		t.Error("Cancel of an unknown id reported true")
	}
}

// TestPostgresReadOnlyConsoleRefusesEveryWrite attacks a read-only
// studio's console as a role that may write t and use s: only the READ
// ONLY transaction stands in the way. Each statement is a request of its
// own, so a setting that got through would be in force for the next.
func TestPostgresReadOnlyConsoleRefusesEveryWrite(t *testing.T) {
	reader, admin := mustPostgresReader(t)
	r := console.NewRunner()
	marker := filepath.Join(t.TempDir(), "copy-to-program")
	attacks := [][]string{
		{"BEGIN READ WRITE", "DELETE FROM t"},
		{"SET TRANSACTION READ WRITE", "DELETE FROM t"},
		{"SET default_transaction_read_only = off", "DELETE FROM t"},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "INSERT INTO t VALUES (1000, 'x')"},
		{"SELECT set_config('default_transaction_read_only', 'off', false)", "UPDATE t SET name = 'x'"},
		{"COMMIT", "DELETE FROM t"},
		{"BEGIN READ WRITE; DELETE FROM t; COMMIT"},
		{"DELETE FROM t; SELECT 1"},
		{"WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x"},
		{"DO $$ BEGIN DELETE FROM t; END $$"},
		{"DO $$ BEGIN SET TRANSACTION READ WRITE; DELETE FROM t; END $$"},
		{"COPY t TO PROGRAM 'touch " + marker + "'"},
		{"SELECT nextval('s')"},
		{"CREATE TABLE u (a int)"},
		{"TRUNCATE t"},
	}
	for _, steps := range attacks {
		for _, sql := range steps {
			_, err := r.Run(context.Background(), reader, console.Statement{SQL: sql, ReadOnly: true})
			t.Logf("%s: %v", sql, err)
			if isWrite(sql) && err == nil {
				t.Errorf("%s: allowed", sql)
			}
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("COPY TO PROGRAM ran")
	}
	var n, next int
	if err := admin.QueryRow("SELECT (SELECT count(*) FROM t WHERE name LIKE 'name %'), (SELECT last_value FROM s)").Scan(&n, &next); err != nil || n != rowsInT || next != 1 {
		t.Errorf("data changed: %d rows, sequence at %d (%v)", n, next, err)
	}
	_, err := r.Run(context.Background(), reader, console.Statement{SQL: "DELETE FROM t", ReadOnly: true})
	var se *console.SQLError
	if !errors.As(err, &se) || se.Code != "25006" || se.Hint == "" {
		t.Errorf("a refused write says why: %v", err)
	}
	// Reads work, and EXPLAIN ANALYZE of a write is refused too.
	if res, err := r.Run(context.Background(), reader, console.Statement{SQL: "SELECT count(*) FROM t", ReadOnly: true}); err != nil || res.Committed {
		t.Errorf("read: %+v, %v", res, err)
	}
	if _, err := r.Explain(context.Background(), reader, console.Statement{SQL: "DELETE FROM t", ReadOnly: true}, true); err == nil {
		t.Error("EXPLAIN ANALYZE DELETE allowed")
	}
}

// isWrite tells the attack steps that must fail from the settings that
// may succeed (and are rolled back).
func isWrite(sql string) bool {
	s := strings.ToUpper(sql)
	return !strings.HasPrefix(s, "SET ") && !strings.HasPrefix(s, "SELECT SET_CONFIG") && s != "COMMIT"
}

// TestPostgresReadOnlyRefusesServerProgramRoles: a superuser may run COPY
// ... TO PROGRAM inside a READ ONLY transaction, so a read-only studio
// connected as one refuses user SQL altogether.
func TestPostgresReadOnlyRefusesServerProgramRoles(t *testing.T) {
	db := mustStartPostgres(t, true)
	marker := filepath.Join(t.TempDir(), "copy-to-program")
	r := console.NewRunner()
	for _, sql := range []string{"SELECT 1", "COPY t TO PROGRAM 'touch " + marker + "'"} {
		_, err := r.Run(context.Background(), db, console.Statement{SQL: sql, ReadOnly: true})
		if !errors.Is(err, console.ErrUnenforceable) || !strings.Contains(err.Error(), `"postgres"`) {
			t.Errorf("%s: %v", sql, err)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("COPY TO PROGRAM ran")
	}
	var got []string
	err := r.Stream(context.Background(), db, console.Statement{SQL: "SELECT 1", ReadOnly: true}, rows.Sink{Row: func(v []rows.Value) error {
		got = append(got, v[0].Text)
		return nil
	}})
	if !errors.Is(err, console.ErrUnenforceable) || len(got) != 0 {
		t.Errorf("export: %v, %v", got, err)
	}
}
