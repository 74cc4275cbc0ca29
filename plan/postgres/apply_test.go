package postgres_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/plan"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestApplyRefusesDataLossPostgres: a destructive plan needs acceptance;
// without it nothing runs, not even the safe steps.
func TestApplyRefusesDataLossPostgres(t *testing.T) {
	live := mustOpenPostgres(t)
	mustExec(t, live, "CREATE TABLE a (id integer PRIMARY KEY, gone text); INSERT INTO a VALUES (1, 'x');")
	want := mustLoad(t, live, "CREATE TABLE a (id integer PRIMARY KEY, added text); CREATE TABLE b (id integer);")
	p := mustPlan(t, live, want, nil)
	before := mustModel(t, live)
	err := plan.Apply(testCtx(t), live, p, plan.ApplyOptions{})
	if !errors.Is(err, plan.ErrDataLoss) || !strings.Contains(err.Error(), "drops column public.a.gone") {
		t.Fatalf("err = %v, want ErrDataLoss naming the column", err)
	}
	assertModel(t, before, mustModel(t, live), p)
	if len(p.Hints) != 1 || !strings.Contains(p.Hints[0], "--rename public.a.gone=added") {
		t.Errorf("hints = %q", p.Hints)
	}
}

// TestApplyLockTimeoutPostgres: a step waiting for a lock another session
// holds gives up after lock_timeout, and nothing is applied.
func TestApplyLockTimeoutPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 5 s lock_timeout")
	}
	live := mustOpenPostgres(t)
	mustExec(t, live, "CREATE TABLE a (id integer PRIMARY KEY)")
	want := mustLoad(t, live, "CREATE TABLE b (id integer); CREATE TABLE a (id integer PRIMARY KEY, n integer);")
	p := mustPlan(t, live, want, nil)
	ctx := context.Background()
	holder, err := live.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(ctx, "BEGIN; LOCK TABLE a IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	err = plan.Apply(testCtx(t), live, p, plan.ApplyOptions{})
	se := stepError(t, err)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55P03" || !strings.Contains(se.Step.SQL, `"a"`) {
		t.Fatalf("err = %v, want a lock timeout on table a", err)
	}
	if _, err := holder.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := live.QueryRowContext(ctx, "SELECT count(*) FROM pg_class WHERE relname = 'b'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("table b exists after the failed plan (%d, %v)", n, err)
	}
}

// TestApplyProgressPostgres: Progress sees every step in order, and a
// StepError names the failing statement.
func TestApplyProgressPostgres(t *testing.T) {
	live := mustOpenPostgres(t)
	want := mustLoad(t, live, "CREATE TABLE a (id integer); CREATE TABLE b (id integer);")
	p := mustPlan(t, live, want, nil)
	var seen []int
	if err := plan.Apply(testCtx(t), live, p, plan.ApplyOptions{Progress: func(i int, s plan.Step) { seen = append(seen, i) }}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Fatalf("progress %v", seen)
	}
	bad := &plan.Plan{Dialect: "postgres", Steps: []plan.Step{{SQL: "CREATE TABLE c (id integer)"}, {SQL: "ALTER TABLE nowhere ADD COLUMN x integer", Action: "alter", Object: "public.nowhere"}}}
	se := stepError(t, plan.Apply(testCtx(t), live, bad, plan.ApplyOptions{}))
	if se.Index != 1 || !strings.Contains(se.Error(), "step 2 (alter public.nowhere) failed, nothing applied") ||
		!strings.Contains(se.Error(), "ALTER TABLE nowhere") {
		t.Fatalf("error: %v", se)
	}
}

// TestRenamesPostgres: rename keys are checked against both schemas; a
// rename already done is skipped, so pushing again changes nothing.
func TestRenamesPostgres(t *testing.T) {
	live := mustOpenPostgres(t)
	mustExec(t, live, `CREATE SCHEMA s; CREATE TABLE t (id integer, old text); CREATE TABLE s.t (id integer, old text);
		CREATE TABLE u (id integer, old text); INSERT INTO u VALUES (1, 'kept');`)
	want := mustLoad(t, live, `CREATE SCHEMA s; CREATE TABLE t (id integer, new text); CREATE TABLE s.t (id integer, new text);
		CREATE TABLE u (id integer, new text);`)
	live2 := mustModel(t, live)
	for key, msg := range map[string]string{
		"t.old":      "several schemas",
		"nope.old":   "no live table nope",
		"u.missing":  "has no column missing",
		"u.id":       "still has column id",
		"a.b.c.d":    "want table.column",
		"public.u.x": "has no column x",
	} {
		_, err := plan.Diff(live2, want.model, plan.Options{Renames: map[string]string{key: "new"}})
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("rename %s: err = %v, want %q", key, err, msg)
		}
	}
	renames := map[string]string{"public.t.old": "new", "s.t.old": "new", "u.old": "new"}
	p := mustPush(t, live, want, renames)
	if len(p.Destructive()) != 0 || len(p.Steps) != 3 {
		t.Fatalf("plan:\n%s", render(p))
	}
	if again := mustPlan(t, live, want, renames); !again.Empty() {
		t.Fatalf("the same renames again:\n%s", render(again))
	}
}

// TestObjectsLeftAlonePostgres: without both sides' objects, extensions
// and functions are not touched; with them, only the schemas compared
// are.
func TestObjectsLeftAlonePostgres(t *testing.T) {
	live := mustOpenPostgres(t)
	mustExec(t, live, `CREATE SCHEMA other; CREATE FUNCTION other.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
		CREATE FUNCTION public.g() RETURNS int LANGUAGE sql AS 'SELECT 1';`)
	want := mustLoad(t, live, "CREATE TABLE t (id integer);")
	m := mustModel(t, live)
	m.Schemas = m.Schemas[1:] // as push does: only the desired schemas
	if m.Schemas[0].Name != "public" {
		t.Fatalf("schemas %v", m.Schemas)
	}
	p, err := plan.Diff(m, want.model, plan.Options{})
	if err != nil || len(p.Steps) != 1 {
		t.Fatalf("without objects: %v\n%s", err, render(p))
	}
	p, err = plan.Diff(m, want.model, plan.Options{LiveObjects: mustObjects(t, live), DesiredObjects: want.objects})
	if err != nil || len(p.Steps) != 2 || p.Steps[1].SQL != `DROP FUNCTION "public"."g"()` {
		t.Fatalf("with objects: %v\n%s", err, render(p))
	}
}

// TestRehearsePostgres: a rehearsal runs the plan in a transaction and
// rolls it back: a plan that works changes nothing; one that fails names
// the step and the database's error, and changes nothing either.
func TestRehearsePostgres(t *testing.T) {
	live := mustOpenPostgres(t)
	mustExec(t, live, "CREATE DOMAIN year AS integer; CREATE TABLE film (id integer PRIMARY KEY, release_year year); INSERT INTO film VALUES (1, NULL);")
	before := mustModel(t, live)

	ok := mustPlan(t, live, mustLoad(t, live, "CREATE DOMAIN year AS integer; CREATE TABLE film (id integer PRIMARY KEY, release_year year); CREATE TABLE extra (id integer);"), nil)
	if err := plan.Rehearse(testCtx(t), live, ok); err != nil {
		t.Fatalf("rehearsing a plan that works: %v\n%s", err, render(ok))
	}
	fails := mustPlan(t, live, mustLoad(t, live, "CREATE DOMAIN year AS integer NOT NULL; CREATE TABLE film (id integer PRIMARY KEY, release_year year); CREATE TABLE extra (id integer);"), nil)
	se := stepError(t, plan.Rehearse(testCtx(t), live, fails))
	msg := se.Error()
	if !se.DryRun || fails.Steps[se.Index].SQL != `ALTER DOMAIN "public"."year" SET NOT NULL` ||
		!strings.Contains(msg, "failed, dry run, rolled back") || !strings.Contains(msg, "contains null values") {
		t.Fatalf("rehearsal error: %v\n%s", msg, render(fails))
	}
	assertModel(t, before, mustModel(t, live), fails)

	lite := sqlitetest.Open(t, filepath.Join(t.TempDir(), "rehearse.db"), database.Options{Create: true})
	if err := plan.Rehearse(testCtx(t), lite, &plan.Plan{Dialect: "sqlite"}); !errors.Is(err, plan.ErrNoRehearsal) {
		t.Errorf("rehearsing on SQLite: %v, want ErrNoRehearsal", err)
	}
}

// TestStepErrorExcerptPostgres: a failing step shows the first lines of
// its statement and the database's error with the line it points at, not
// a whole function body.
func TestStepErrorExcerptPostgres(t *testing.T) {
	live := mustOpenPostgres(t)
	body := strings.Repeat("    PERFORM 1;\n", 80)
	bad := &plan.Plan{Dialect: "postgres", Steps: []plan.Step{{
		SQL:    "CREATE FUNCTION public.report(n integer)\n RETURNS SETOF customer\n LANGUAGE plpgsql\nAS $function$\nBEGIN\n" + body + "END $function$",
		Action: "create", ObjectKind: "function", Object: "public.report(integer)"}}}
	for name, err := range map[string]error{"apply": plan.Apply(testCtx(t), live, bad, plan.ApplyOptions{}), "rehearse": plan.Rehearse(testCtx(t), live, bad)} {
		msg := stepError(t, err).Error()
		if !strings.Contains(msg, `step 1 (create public.report(integer)) failed`) || !strings.Contains(msg, `type "customer" does not exist`) ||
			!strings.Contains(msg, "(81 more lines)") || strings.Contains(msg, "PERFORM") {
			t.Errorf("%s: message shows too much or too little:\n%s", name, msg)
		}
	}
	view := &plan.Plan{Dialect: "postgres", Steps: []plan.Step{{SQL: "CREATE VIEW v AS\nSELECT 1 AS one\n  FROM nothing_here", Action: "create", Object: "public.v"}}}
	if msg := stepError(t, plan.Rehearse(testCtx(t), live, view)).Error(); !strings.Contains(msg, `relation "nothing_here" does not exist (SQLSTATE 42P01) at line 3 of the statement`) {
		t.Errorf("the line the server points at is not named:\n%s", msg)
	}
}
