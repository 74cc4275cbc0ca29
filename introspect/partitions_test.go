package introspect

import (
	"fmt"
	"strings"
	"testing"
)

// partitionedSQL is a payment table split by month into 53 partitions, the
// last of them split again by staff, plus a partition kept in another
// schema.
func partitionedSQL() string {
	var b strings.Builder
	b.WriteString(`CREATE TABLE public.staff (id int PRIMARY KEY);
CREATE TABLE public.payment (
  id int NOT NULL, staff_id int NOT NULL REFERENCES public.staff(id), amount numeric(5,2), paid_at date NOT NULL,
  PRIMARY KEY (id, staff_id, paid_at)
) PARTITION BY RANGE (paid_at);
CREATE SCHEMA archive;
CREATE TABLE archive.payment_old PARTITION OF public.payment FOR VALUES FROM ('2000-01-01') TO ('2020-01-01');
`)
	for i := range 52 {
		from := fmt.Sprintf("%04d-%02d-01", 2020+i/12, i%12+1)
		to := fmt.Sprintf("%04d-%02d-01", 2020+(i+1)/12, (i+1)%12+1)
		fmt.Fprintf(&b, "CREATE TABLE public.payment_p%03d PARTITION OF public.payment FOR VALUES FROM ('%s') TO ('%s');\n", i, from, to)
	}
	b.WriteString(`CREATE TABLE public.payment_p052 PARTITION OF public.payment FOR VALUES FROM ('2024-05-01') TO ('2030-01-01') PARTITION BY LIST (staff_id);
CREATE TABLE public.payment_p052_a PARTITION OF public.payment_p052 FOR VALUES IN (1);
CREATE TABLE public.payment_p052_b PARTITION OF public.payment_p052 FOR VALUES IN (2);
INSERT INTO public.staff VALUES (1), (2);
INSERT INTO public.payment SELECT g, 1 + g % 2, 1.5, DATE '2020-01-01' + (g % 3650) FROM generate_series(1, 20000) AS g;
ANALYZE;
`)
	return b.String()
}

func TestPostgresFoldsPartitions(t *testing.T) {
	db := mustOpenPostgres(t, partitionedSQL())
	ctx := testContext(t)
	summary, err := (&Postgres{}).Summary(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	full, err := (&Postgres{}).Inspect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*Model{"Summary": summary, "Inspect": full} {
		t.Run(name, func(t *testing.T) {
			public, archive := mustSchema(t, m, "public"), mustSchema(t, m, "archive")
			folded := public.Fold()
			if len(folded) != 2 || folded[0].Table.Name != "payment" || folded[1].Table.Name != "staff" {
				t.Fatalf("public folds to %v, want payment and staff", foldedNames(folded))
			}
			pay := folded[0]
			if len(pay.Partitions) != 55 || pay.Partitions[0].Name != "payment_p000" || pay.Partitions[54].Name != "payment_p052_b" {
				t.Errorf("payment has %d partitions (%s … %s), want 55: 53 and two sub-partitions",
					len(pay.Partitions), pay.Partitions[0].Name, pay.Partitions[len(pay.Partitions)-1].Name)
			}
			// The parent's own estimate (the whole tree, once analyzed) and
			// the sub-partitioned partition's must not be counted twice.
			if got := pay.RowEstimate(); got != 20000 {
				t.Errorf("payment rows %d, want 20000 (the leaves' sum)", got)
			}
			if got := pay.SizeBytes(); got <= 0 {
				t.Errorf("payment size %d, want the leaves' sum", got)
			}
			if own := pay.Table.SizeBytes; own < -1 {
				t.Errorf("a partitioned table's own size is %d", own)
			}
			// A partition in another schema stays listed there.
			if got := archive.Fold(); len(got) != 1 || got[0].Table.Name != "payment_old" || public.PartitionRoots()["payment_p052_a"] != "payment" {
				t.Errorf("archive folds to %v", foldedNames(got))
			}
		})
	}
}

func mustSchema(t *testing.T, m *Model, name string) *Schema {
	t.Helper()
	for i := range m.Schemas {
		if m.Schemas[i].Name == name {
			return &m.Schemas[i]
		}
	}
	t.Fatalf("no schema %s", name)
	return nil
}

func foldedNames(fs []Folded) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s(+%d)", f.Table.Name, len(f.Partitions)))
	}
	return out
}

func TestFoldWithoutPartitions(t *testing.T) {
	s := Schema{Name: "main", Tables: []Table{
		{Name: "b", RowEstimate: 3, SizeBytes: -1},
		{Name: "a", RowEstimate: -1, SizeBytes: 10},
		// Its parent is not in the model: nothing to fold it under.
		{Name: "orphan", PartitionOf: &TableRef{Schema: "main", Name: "gone"}, RowEstimate: 1},
	}}
	got := s.Fold()
	if fmt.Sprint(foldedNames(got)) != "[b(+0) a(+0) orphan(+0)]" {
		t.Fatalf("Fold = %v", foldedNames(got))
	}
	if got[0].RowEstimate() != 3 || got[0].SizeBytes() != -1 || got[1].SizeBytes() != 10 {
		t.Errorf("a table without partitions keeps its own figures")
	}
}
