package postgres_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"studio/database"
	"studio/plan"
)

// goldenCase is a testdata/golden/*.sql case: the live schema, rows put in
// it, the desired schema and --rename flags, in sections that start with
// "-- @live", "-- @rows", "-- @desired" and "-- @renames a.b=c ...". A
// "-- @fails" line says applying the plan must fail (and change nothing);
// "-- @after" SQL must run once the plan is applied.
type goldenCase struct {
	live, rows, desired, after string
	renames                    map[string]string
	fails                      bool
}

func parseCase(t *testing.T, src string) goldenCase {
	t.Helper()
	c := goldenCase{}
	var cur *string
	for _, line := range strings.SplitAfter(src, "\n") {
		head, ok := strings.CutPrefix(strings.TrimSpace(line), "-- @")
		if !ok {
			if cur != nil {
				*cur += line
			}
			continue
		}
		name, rest, _ := strings.Cut(head, " ")
		switch name {
		case "live":
			cur = &c.live
		case "rows":
			cur = &c.rows
		case "desired":
			cur = &c.desired
		case "after":
			cur = &c.after
		case "fails":
			c.fails = true
		case "renames":
			c.renames = map[string]string{}
			for _, r := range strings.Fields(rest) {
				from, to, _ := strings.Cut(r, "=")
				c.renames[from] = to
			}
		default:
			t.Fatalf("unknown section %q", name)
		}
	}
	return c
}

// TestDiffGoldenPostgres diffs each case's live database against its
// desired schema, compares the plan (statements, classification, what is
// at stake in the case's rows, hints) with its .golden file, then applies
// it: the database must come out as desired, with every value the plan
// did not declare at stake kept. Run with -update to rewrite the files.
func TestDiffGoldenPostgres(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := parseCase(t, string(src))
			live := mustOpenPostgres(t)
			mustExec(t, live, c.live)
			mustExec(t, live, c.rows)
			want := mustLoad(t, live, c.desired)
			var got string
			if c.fails {
				got = render(pushFails(t, live, want, c.renames))
			} else {
				got = render(mustPush(t, live, want, c.renames))
				mustExec(t, live, c.after)
			}
			golden := strings.TrimSuffix(file, ".sql") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantText, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(wantText) {
				t.Errorf("plan differs from %s (run with -update to accept):\n%s", golden, lineDiff(string(wantText), got))
			}
		})
	}
}

// pushFails applies a plan that must fail, and checks that the
// database is exactly as before: schema, rows and values.
func pushFails(t *testing.T, live *database.DB, want desiredSide, renames map[string]string) *plan.Plan {
	t.Helper()
	before, model := snapshot(t, live), mustModel(t, live)
	p := mustPlan(t, live, want, renames)
	err := plan.Apply(testCtx(t), live, p, plan.ApplyOptions{AcceptDataLoss: true})
	se := stepError(t, err)
	if se.Index < 0 || se.Index >= len(p.Steps) || p.Steps[se.Index].SQL != se.Step.SQL {
		t.Fatalf("step error names step %d: %+v", se.Index, se.Step)
	}
	assertModel(t, model, mustModel(t, live), p)
	after := snapshot(t, live)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("a failed plan changed data:\nbefore %v\nafter  %v", before, after)
	}
	return p
}
