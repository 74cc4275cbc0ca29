package plan

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"studio/blueprint"
	"studio/database"
	"studio/introspect"
	"studio/sqliteddl"
)

// liteUpdating reports -update (rewrite the golden files). The flag is
// shared with the other dialect's tests of this package, so it is
// registered only by whichever file gets there first.
var liteUpdating = liteUpdateFlag()

func liteUpdateFlag() func() bool {
	if f := flag.Lookup("update"); f != nil {
		return func() bool { return f.Value.String() == "true" }
	}
	b := flag.Bool("update", false, "rewrite testdata golden files from the current output")
	return func() bool { return *b }
}

// mustOpenSQLite opens (creating) a SQLite file in t's temp dir.
func mustOpenSQLite(t testing.TB, name string) (*database.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	return mustOpenSQLitePath(t, path), path
}

func mustOpenSQLitePath(t testing.TB, path string) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), database.Target{Dialect: database.SQLite, Path: path},
		database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// liteExec runs SQL (several statements at once) on db.
func liteExec(t testing.TB, db *database.DB, sql string) {
	t.Helper()
	if strings.TrimSpace(sql) == "" {
		return
	}
	if _, err := db.ExecContext(context.Background(), sql); err != nil {
		t.Fatalf("exec %q: %v", sql, err)
	}
}

func liteInspect(t testing.TB, db introspect.Queryer) *introspect.Model {
	t.Helper()
	m, err := (&introspect.SQLite{}).Inspect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// liteDesired loads desired-schema SQL the way push does.
func liteDesired(t testing.TB, live *database.DB, sql string) *introspect.Model {
	t.Helper()
	ctx := context.Background()
	s, err := blueprint.NewScratch(ctx, live, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Exec(ctx, []blueprint.File{{Path: "schema.sql", SQL: sql}}); err != nil {
		t.Fatal(err)
	}
	m, err := s.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// liteComparable is a model's main relations with what push cannot or
// need not reproduce removed: sizes and estimates, and statement text
// differences SQLite makes itself (a rebuilt table's name is rewritten
// quoted, ADD COLUMN places a column before the constraints).
func liteComparable(t testing.TB, m *introspect.Model) map[string]introspect.Table {
	t.Helper()
	out := map[string]introspect.Table{}
	for _, s := range m.Schemas {
		if s.Name != "main" {
			continue
		}
		for _, tb := range s.Tables {
			tb.RowEstimate, tb.SizeBytes = 0, 0
			tb.DDL = liteCanonicalDDL(t, tb)
			tb.Indexes, tb.Triggers = slices.Clone(tb.Indexes), slices.Clone(tb.Triggers)
			for i := range tb.Indexes {
				tb.Indexes[i].Definition = liteNorm(sqliteddl.Tokenize(tb.Indexes[i].Definition), nil)
			}
			for i := range tb.Triggers {
				tb.Triggers[i].SQL = liteNorm(sqliteddl.Tokenize(tb.Triggers[i].SQL), nil)
			}
			out[strings.ToLower(tb.Name)] = tb
		}
	}
	return out
}

func liteCanonicalDDL(t testing.TB, tb introspect.Table) string {
	if tb.Kind == introspect.KindView {
		return liteNorm(sqliteddl.Tokenize(tb.DDL), nil)
	}
	c, err := sqliteddl.ParseTable(tb.DDL)
	if err != nil {
		t.Fatalf("table %s: %v", tb.Name, err)
	}
	return liteCanonical(c, nil)
}

// liteAssertSame fails when two models differ (see liteComparable).
func liteAssertSame(t testing.TB, got, want *introspect.Model) {
	t.Helper()
	g, w := liteComparable(t, got), liteComparable(t, want)
	if reflect.DeepEqual(g, w) {
		return
	}
	for name := range w {
		if _, ok := g[name]; !ok {
			t.Errorf("table %s missing after push", name)
		}
	}
	for name, gt := range g {
		wt, ok := w[name]
		if !ok {
			t.Errorf("table %s should not exist after push", name)
			continue
		}
		if !reflect.DeepEqual(gt, wt) {
			gj, _ := json.MarshalIndent(gt, "", " ")
			wj, _ := json.MarshalIndent(wt, "", " ")
			t.Errorf("table %s differs after push:\n got %s\nwant %s", name, gj, wj)
		}
	}
}

// liteRender is a plan as the golden files show it.
func liteRender(p *Plan) string {
	var b strings.Builder
	if p.ForeignKeysOff {
		b.WriteString("-- foreign keys off\n")
	}
	for _, h := range p.Hints {
		fmt.Fprintf(&b, "-- hint: %s\n", h)
	}
	for _, s := range p.Steps {
		flag := ""
		if s.Destructive {
			flag = " DESTRUCTIVE"
		}
		fmt.Fprintf(&b, "\n-- %s %s %s (table %s)%s: %s\n", s.Action, s.ObjectKind, s.Object, s.Table, flag, s.Reason)
		if s.CountSQL != "" {
			fmt.Fprintf(&b, "-- at stake: %s\n", s.CountSQL)
		}
		b.WriteString(s.SQL + ";\n")
	}
	return b.String()
}

// liteGolden compares got with testdata/sqlite/name.golden, or rewrites it
// under -update.
func liteGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "sqlite", name+".golden")
	if liteUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("plan differs from %s (run with -update if intended):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// liteRowCounts counts the rows of every table and virtual table of db.
func liteRowCounts(t testing.TB, db *database.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, s := range liteInspect(t, db).Schemas {
		for _, tb := range s.Tables {
			if tb.Kind == introspect.KindView {
				continue
			}
			var n int64
			if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM "+database.QuoteIdent(tb.Name)).Scan(&n); err != nil {
				t.Fatalf("count %s: %v", tb.Name, err)
			}
			out[strings.ToLower(tb.Name)] = n
		}
	}
	return out
}

// litePush diffs db against desired, applies the plan accepting data
// loss, and checks the result: the database's model equals desired, a
// second diff is empty, and no table lost rows unless a destructive step
// of the plan named it.
func litePush(t testing.TB, db *database.DB, desired *introspect.Model, opts Options) *Plan {
	t.Helper()
	ctx := context.Background()
	p, err := Diff(liteInspect(t, db), desired, opts)
	if err != nil {
		t.Fatal(err)
	}
	before := liteRowCounts(t, db)
	if err := Apply(ctx, db, p, ApplyOptions{AcceptDataLoss: true}); err != nil {
		t.Fatalf("apply: %v\nplan:\n%s", err, liteRender(p))
	}
	after := liteInspect(t, db)
	liteAssertSame(t, after, desired)
	again, err := Diff(after, desired, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("second diff not empty:\n%s\nfirst plan:\n%s", liteRender(again), liteRender(p))
	}
	declared := map[string]bool{}
	for _, s := range p.Destructive() {
		declared[strings.ToLower(s.Table)] = true
	}
	for name, n := range liteRowCounts(t, db) {
		if b, ok := before[name]; ok && n < b && !declared[name] {
			t.Errorf("table %s lost rows (%d -> %d) the plan did not declare", name, b, n)
		}
	}
	return p
}
