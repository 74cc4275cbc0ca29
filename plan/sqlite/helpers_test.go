package sqlite_test

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
	"studio/plan"
	"studio/plan/sqlite"
	"studio/sqliteddl"
)

// update is -update: rewrite the golden files from the current output.
var update = flag.Bool("update", false, "rewrite testdata golden files from the current output")

// mustExec runs SQL (several statements at once) on db.
func mustExec(t testing.TB, db *database.DB, sql string) {
	t.Helper()
	if strings.TrimSpace(sql) == "" {
		return
	}
	if _, err := db.ExecContext(context.Background(), sql); err != nil {
		t.Fatalf("exec %q: %v", sql, err)
	}
}

func mustInspect(t testing.TB, db introspect.Queryer) *introspect.Model {
	t.Helper()
	m, err := (&introspect.SQLite{}).Inspect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mustDesired loads desired-schema SQL the way push does.
func mustDesired(t testing.TB, live *database.DB, sql string) *introspect.Model {
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

// comparableTables is a model's main relations with what push cannot or
// need not reproduce removed: sizes and estimates, and statement text
// differences SQLite makes itself (a rebuilt table's name is rewritten
// quoted, ADD COLUMN places a column before the constraints).
func comparableTables(t testing.TB, m *introspect.Model) map[string]introspect.Table {
	t.Helper()
	out := map[string]introspect.Table{}
	for _, s := range m.Schemas {
		if s.Name != "main" {
			continue
		}
		for _, tb := range s.Tables {
			tb.RowEstimate, tb.SizeBytes = 0, 0
			tb.DDL = canonicalDDL(t, tb)
			tb.Indexes, tb.Triggers = slices.Clone(tb.Indexes), slices.Clone(tb.Triggers)
			for i := range tb.Indexes {
				tb.Indexes[i].Definition = sqlite.Norm(sqliteddl.Tokenize(tb.Indexes[i].Definition), nil)
			}
			for i := range tb.Triggers {
				tb.Triggers[i].SQL = sqlite.Norm(sqliteddl.Tokenize(tb.Triggers[i].SQL), nil)
			}
			out[strings.ToLower(tb.Name)] = tb
		}
	}
	return out
}

func canonicalDDL(t testing.TB, tb introspect.Table) string {
	if tb.Kind == introspect.KindView {
		return sqlite.Norm(sqliteddl.Tokenize(tb.DDL), nil)
	}
	c, err := sqliteddl.ParseTable(tb.DDL)
	if err != nil {
		t.Fatalf("table %s: %v", tb.Name, err)
	}
	return sqlite.Canonical(c, nil)
}

// assertSame fails when two models differ (see comparableTables).
func assertSame(t testing.TB, got, want *introspect.Model) {
	t.Helper()
	g, w := comparableTables(t, got), comparableTables(t, want)
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

// render is a plan as the golden files show it.
func render(p *plan.Plan) string {
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

// checkGolden compares got with testdata/name.golden, or rewrites it
// under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
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

// rowCounts counts the rows of every table and virtual table of db.
func rowCounts(t testing.TB, db *database.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, s := range mustInspect(t, db).Schemas {
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

// mustPush diffs db against desired, applies the plan accepting data
// loss, and checks the result: the database's model equals desired, a
// second diff is empty, and no table lost rows unless a destructive step
// of the plan named it.
func mustPush(t testing.TB, db *database.DB, desired *introspect.Model, opts plan.Options) *plan.Plan {
	t.Helper()
	ctx := context.Background()
	p, err := plan.Diff(mustInspect(t, db), desired, opts)
	if err != nil {
		t.Fatal(err)
	}
	before := rowCounts(t, db)
	if err := plan.Apply(ctx, db, p, plan.ApplyOptions{AcceptDataLoss: true}); err != nil {
		t.Fatalf("apply: %v\nplan:\n%s", err, render(p))
	}
	after := mustInspect(t, db)
	assertSame(t, after, desired)
	again, err := plan.Diff(after, desired, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("second diff not empty:\n%s\nfirst plan:\n%s", render(again), render(p))
	}
	declared := map[string]bool{}
	for _, s := range p.Destructive() {
		declared[strings.ToLower(s.Table)] = true
	}
	for name, n := range rowCounts(t, db) {
		if b, ok := before[name]; ok && n < b && !declared[name] {
			t.Errorf("table %s lost rows (%d -> %d) the plan did not declare", name, b, n)
		}
	}
	return p
}
