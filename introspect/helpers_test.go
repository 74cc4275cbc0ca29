package introspect

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

func TestMain(m *testing.M) { pgtest.Main(m) }

// countingQueryer counts the queries introspection sends.
type countingQueryer struct {
	q Queryer
	n int
}

func (c *countingQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.q.QueryContext(ctx, query, args...)
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// sqliteConn is one pinned connection to a new SQLite file (ATTACH is per
// connection) with the given SQL run on it.
func sqliteConn(t testing.TB, ddl ...string) *sql.Conn {
	t.Helper()
	conn, err := sqlitetest.New(t).Conn(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	for _, s := range ddl {
		if _, err := conn.ExecContext(testContext(t), s); err != nil {
			t.Fatalf("run fixture SQL: %v", err)
		}
	}
	return conn
}

// mustOpenPostgres gives a fresh PostgreSQL database with the given SQL run.
func mustOpenPostgres(t testing.TB, ddl ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range ddl {
		if _, err := db.ExecContext(testContext(t), s); err != nil {
			t.Fatalf("run fixture SQL: %v", err)
		}
	}
	return db
}

func mustRead(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// zeroStats clears what depends on the machine and on timing: sizes and
// row estimates.
func zeroStats(m *Model) {
	for si := range m.Schemas {
		for ti := range m.Schemas[si].Tables {
			m.Schemas[si].Tables[ti].RowEstimate = 0
			m.Schemas[si].Tables[ti].SizeBytes = 0
		}
	}
}

// assertGolden compares a model's JSON with testdata/name, or rewrites it
// under -update.
func assertGolden(t *testing.T, name string, m *Model) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; diff below, run with -update if the change is right\n%s",
			path, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			out.WriteString("line " + strconv.Itoa(i+1) + "\n- " + string(wl) + "\n+ " + string(gl) + "\n")
			shown++
		}
	}
	return out.String()
}
