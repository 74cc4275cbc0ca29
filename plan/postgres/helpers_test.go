package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"studio/blueprint"
	"studio/database"
	"studio/internal/pgtest"
	"studio/introspect"
	"studio/plan"
	"studio/plan/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// update is -update: rewrite the golden files from the current output.
var update = flag.Bool("update", false, "rewrite testdata golden files from the current output")

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// mustOpenPostgres opens a fresh, empty database of the test cluster.
func mustOpenPostgres(t testing.TB) *database.DB {
	t.Helper()
	tg, err := database.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// mustExec runs SQL (several statements at once, simple protocol) on db.
func mustExec(t testing.TB, db *database.DB, sql string) {
	t.Helper()
	if strings.TrimSpace(sql) == "" {
		return
	}
	if _, err := db.ExecContext(context.Background(), sql); err != nil {
		t.Fatalf("exec: %v\n%s", err, sql)
	}
}

// mustModel inspects db with sizes and row estimates zeroed, which depend
// on data, and DDL cleared: it is rebuilt from the rest of the model, with
// keys in the order they were created.
func mustModel(t testing.TB, db *database.DB) *introspect.Model {
	t.Helper()
	m, err := (&introspect.Postgres{}).Inspect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	zeroStats(m)
	return m
}

func zeroStats(m *introspect.Model) {
	for si := range m.Schemas {
		for ti := range m.Schemas[si].Tables {
			t := &m.Schemas[si].Tables[ti]
			t.RowEstimate, t.SizeBytes, t.DDL = 0, 0, ""
		}
	}
}

func mustObjects(t testing.TB, db *database.DB) *postgres.Objects {
	t.Helper()
	o, err := postgres.ReadObjects(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// desiredSide is a desired schema loaded the way push loads it: through a
// blueprint scratch database next to live.
type desiredSide struct {
	model   *introspect.Model
	objects *postgres.Objects
}

func mustLoad(t testing.TB, live *database.DB, sql string) desiredSide {
	t.Helper()
	ctx := testCtx(t)
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
	zeroStats(m)
	return desiredSide{model: m, objects: mustObjects(t, s.DB)}
}

// mustPlan diffs live against desired (with objects) and assesses it.
func mustPlan(t testing.TB, live *database.DB, want desiredSide, renames map[string]string) *plan.Plan {
	t.Helper()
	p, err := plan.Diff(mustModel(t, live), want.model, plan.Options{Renames: renames,
		LiveObjects: mustObjects(t, live), DesiredObjects: want.objects})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Assess(testCtx(t), live, p); err != nil {
		t.Fatalf("assess: %v\n%s", err, render(p))
	}
	return p
}

// mustPush plans and applies, accepting data loss, and checks that the
// result is the desired model, that a second diff is empty and that no
// value was lost that the plan did not declare.
func mustPush(t testing.TB, live *database.DB, want desiredSide, renames map[string]string) *plan.Plan {
	t.Helper()
	return mustPushOrdered(t, live, want, renames, true)
}

// mustPushOrdered is mustPush; ordered false compares the columns of each
// table in any order, for pushes that add back a column dropped earlier,
// which PostgreSQL can only append.
func mustPushOrdered(t testing.TB, live *database.DB, want desiredSide, renames map[string]string, ordered bool) *plan.Plan {
	t.Helper()
	before := snapshot(t, live)
	p := mustPlan(t, live, want, renames)
	if err := plan.Apply(testCtx(t), live, p, plan.ApplyOptions{AcceptDataLoss: true}); err != nil {
		t.Fatalf("apply: %v\n%s", err, render(p))
	}
	got := mustModel(t, live)
	if !ordered {
		sortColumns(got)
		sortColumns(want.model)
	}
	assertModel(t, want.model, got, p)
	if again := mustPlan(t, live, want, nil); !again.Empty() {
		t.Fatalf("second diff is not empty:\n%s\nfirst plan:\n%s", render(again), render(p))
	}
	assertKept(t, before, snapshot(t, live), p, renames)
	return p
}

func sortColumns(m *introspect.Model) {
	for si := range m.Schemas {
		for ti := range m.Schemas[si].Tables {
			slices.SortFunc(m.Schemas[si].Tables[ti].Columns, func(a, b introspect.Column) int { return strings.Compare(a.Name, b.Name) })
		}
	}
}

func assertModel(t testing.TB, want, got *introspect.Model, p *plan.Plan) {
	t.Helper()
	wj, _ := json.MarshalIndent(want, "", " ")
	gj, _ := json.MarshalIndent(got, "", " ")
	if string(wj) != string(gj) {
		if dir := os.Getenv("STUDIO_PG_DUMP"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, "want.json"), wj, 0o644)
			_ = os.WriteFile(filepath.Join(dir, "got.json"), gj, 0o644)
		}
		t.Fatalf("live after push differs from desired:\n%s\nplan:\n%s", lineDiff(string(wj), string(gj)), render(p))
	}
}

// lineDiff shows the first differing lines of two texts with context.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		if i >= len(wl) || i >= len(gl) || wl[i] != gl[i] {
			lo := max(0, i-8)
			return fmt.Sprintf("first difference at line %d\n--- want\n%s\n--- got\n%s", i+1,
				strings.Join(wl[lo:min(len(wl), i+8)], "\n"), strings.Join(gl[lo:min(len(gl), i+8)], "\n"))
		}
	}
	return "(identical)"
}

// render prints a plan for golden files and failure messages.
func render(p *plan.Plan) string {
	var b strings.Builder
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "-- %d. %s %s %s", i+1, s.Action, s.ObjectKind, s.Object)
		if s.Destructive {
			b.WriteString(" [DESTRUCTIVE]")
		}
		if s.Reason != "" {
			fmt.Fprintf(&b, "\n--    %s", s.Reason)
		}
		if s.AtStake >= 0 {
			fmt.Fprintf(&b, "\n--    at stake: %d", s.AtStake)
		}
		fmt.Fprintf(&b, "\n%s;\n", s.SQL)
	}
	for _, h := range p.Hints {
		fmt.Fprintf(&b, "-- hint: %s\n", h)
	}
	if p.Empty() {
		b.WriteString("-- (no changes)\n")
	}
	return b.String()
}

// columnState is what a column holds: its type, how many non-null
// values and a digest of them.
type columnState struct {
	typ     string
	nonNull int64
	digest  string
}

// state is every table's row count and column states, by
// "schema.table" and "schema.table.column".
type state struct {
	rows    map[string]int64
	columns map[string]columnState
	// parents maps a partition to its partitioned table, whose declared
	// changes reach it.
	parents map[string]string
}

func snapshot(t testing.TB, db *database.DB) state {
	t.Helper()
	st := state{rows: map[string]int64{}, columns: map[string]columnState{}, parents: map[string]string{}}
	ctx := context.Background()
	for _, s := range mustModel(t, db).Schemas {
		for _, tb := range s.Tables {
			if tb.Kind != introspect.KindTable || tb.PartitionKey != "" {
				continue
			}
			name, ident := s.Name+"."+tb.Name, database.QuoteIdent(s.Name)+"."+database.QuoteIdent(tb.Name)
			if tb.PartitionOf != nil {
				st.parents[name] = tb.PartitionOf.Schema + "." + tb.PartitionOf.Name
			}
			var n int64
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+ident).Scan(&n); err != nil {
				t.Fatal(err)
			}
			st.rows[name] = n
			for _, c := range tb.Columns {
				var cs columnState
				// COLLATE "C" keeps the result type the same when the column's
				// collation changes (a cached plan must not change it).
				q := fmt.Sprintf(`SELECT count(%[1]s), coalesce(md5(string_agg(%[1]s::text COLLATE "C", ',' ORDER BY %[1]s::text COLLATE "C")), '') FROM %[2]s`, database.QuoteIdent(c.Name), ident)
				if err := db.QueryRowContext(ctx, q).Scan(&cs.nonNull, &cs.digest); err != nil {
					t.Fatal(err)
				}
				cs.typ = c.Type
				st.columns[name+"."+c.Name] = cs
			}
		}
	}
	return st
}

// assertKept checks that every row and value the plan did not declare
// at stake is still there: tables keep their rows; columns keep their
// non-null values, and the values themselves when the type stays.
func assertKept(t testing.TB, before, after state, p *plan.Plan, renames map[string]string) {
	t.Helper()
	declared := map[string]bool{}
	for _, s := range p.Steps {
		if s.Destructive {
			declared[s.Object] = true
		}
	}
	for table, n := range before.rows {
		if declared[table] {
			continue
		}
		if got, ok := after.rows[table]; !ok || got < n {
			t.Errorf("table %s: %d rows before, %d after (gone: %v), not declared", table, n, got, !ok)
		}
	}
	for col, b := range before.columns {
		table := col[:strings.LastIndex(col, ".")]
		now := col
		for from, to := range renames {
			if col == from || strings.HasSuffix(col, "."+from) {
				now = table + "." + to
			}
		}
		parent := before.parents[table]
		if declared[table] || declared[col] || declared[now] || parent != "" && (declared[parent] || declared[parent+col[len(table):]]) {
			continue
		}
		a, ok := after.columns[now]
		switch {
		case !ok:
			t.Errorf("column %s is gone, not declared", col)
		case a.nonNull < b.nonNull:
			t.Errorf("column %s: %d values before, %d after, not declared", col, b.nonNull, a.nonNull)
		case a.typ == b.typ && a.digest != b.digest && !slices.ContainsFunc(p.Steps, func(s plan.Step) bool { return s.Object == now }):
			t.Errorf("column %s: values changed, not declared", col)
		}
	}
}

// assertNoScratch checks that no scratch database is left on the server.
func assertNoScratch(t testing.TB, db *database.DB) {
	t.Helper()
	var left string
	err := db.QueryRowContext(context.Background(),
		"SELECT coalesce(string_agg(datname, ','), '') FROM pg_database WHERE datname LIKE 'studio\\_scratch\\_%'").Scan(&left)
	if err != nil {
		t.Fatal(err)
	}
	if left != "" {
		t.Fatalf("scratch databases left behind: %s", left)
	}
}

func stepError(t testing.TB, err error) *plan.StepError {
	t.Helper()
	var se *plan.StepError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a *StepError", err)
	}
	return se
}
