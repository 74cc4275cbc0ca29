package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"studio/blueprint"
	"studio/plan"
)

// benchSchema is n tables of 10 columns, each with an index and a
// foreign key to the previous table; changed alters every tenth table
// (a column added, one retyped, one dropped, an index changed).
func benchSchema(n int, changed bool) string {
	var b strings.Builder
	for i := range n {
		alter := changed && i%10 == 0
		fmt.Fprintf(&b, "CREATE TABLE t%d (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id integer", i)
		if i > 0 {
			fmt.Fprintf(&b, " REFERENCES t%d", i-1)
		}
		for c := range 7 {
			typ := "text"
			if alter && c == 0 {
				typ = "varchar(200)"
			}
			if alter && c == 6 {
				continue
			}
			fmt.Fprintf(&b, ", c%d %s", c, typ)
		}
		if alter {
			b.WriteString(", added boolean NOT NULL DEFAULT false")
		}
		b.WriteString(", created_at timestamptz NOT NULL DEFAULT now());\n")
		col := "c1"
		if alter {
			col = "c2"
		}
		fmt.Fprintf(&b, "CREATE INDEX t%d_idx ON t%d (%s);\n", i, i, col)
	}
	return b.String()
}

// BenchmarkDiffPostgres times the diff alone: 500 tables (5,000 columns,
// 500 indexes, 499 foreign keys), 50 of them changed.
func BenchmarkDiffPostgres(b *testing.B) {
	live, want := mustOpenPostgres(b), mustOpenPostgres(b)
	mustExec(b, live, benchSchema(500, false))
	mustExec(b, want, benchSchema(500, true))
	lm, wm := mustModel(b, live), mustModel(b, want)
	b.ResetTimer()
	for b.Loop() {
		p, err := plan.Diff(lm, wm, plan.Options{})
		if err != nil || len(p.Steps) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkPushPostgres times a whole push of a 100-table schema with 10
// tables changed, as `studio push` runs it: scratch database created,
// desired schema run and read, live read, diff, counts, apply, scratch
// dropped.
func BenchmarkPushPostgres(b *testing.B) {
	desired := benchSchema(100, true)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		live := mustOpenPostgres(b)
		mustExec(b, live, benchSchema(100, false))
		b.StartTimer()
		s, err := blueprint.NewScratch(ctx, live, "")
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Exec(ctx, []blueprint.File{{Path: "schema.sql", SQL: desired}}); err != nil {
			b.Fatal(err)
		}
		wm, err := s.Inspect(ctx)
		if err != nil {
			b.Fatal(err)
		}
		wo := mustObjects(b, s.DB)
		s.Close()
		p, err := plan.Diff(mustModel(b, live), wm, plan.Options{LiveObjects: mustObjects(b, live), DesiredObjects: wo})
		if err != nil {
			b.Fatal(err)
		}
		if err := plan.Assess(ctx, live, p); err != nil {
			b.Fatal(err)
		}
		if err := plan.Apply(ctx, live, p, plan.ApplyOptions{AcceptDataLoss: true}); err != nil {
			b.Fatal(err)
		}
	}
}
