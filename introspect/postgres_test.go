package introspect

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestPostgresGolden(t *testing.T) {
	db := mustOpenPostgres(t, mustRead(t, "testdata/postgres_fixture.sql"))
	m, err := (&Postgres{}).Inspect(testContext(t), db)
	if err != nil {
		t.Fatal(err)
	}
	zeroStats(m)
	assertGolden(t, "postgres.golden.json", m)
}

func TestPostgresSummaryGolden(t *testing.T) {
	db := mustOpenPostgres(t, mustRead(t, "testdata/postgres_fixture.sql"))
	m, err := (&Postgres{}).Summary(testContext(t), db)
	if err != nil {
		t.Fatal(err)
	}
	zeroStats(m)
	assertGolden(t, "postgres_summary.golden.json", m)
}

func TestPostgresInspectNamedSchemas(t *testing.T) {
	db := mustOpenPostgres(t, mustRead(t, "testdata/postgres_fixture.sql"))
	ctx := testContext(t)
	m, err := (&Postgres{}).Inspect(ctx, db, "plugin_auth", "empty_schema")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range m.Schemas {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "empty_schema,plugin_auth" {
		t.Fatalf("schemas = %v, want empty_schema,plugin_auth", names)
	}
	if len(m.Schemas[0].Tables) != 0 || len(m.Schemas[1].Tables) != 1 {
		t.Fatalf("tables = %d, %d; want 0, 1", len(m.Schemas[0].Tables), len(m.Schemas[1].Tables))
	}
	// A foreign key into a schema that is not read still names its columns.
	m, err = (&Postgres{}).Inspect(ctx, db, "plugin_catalog")
	if err != nil {
		t.Fatal(err)
	}
	products, err := m.Table("plugin_catalog", "products")
	if err != nil {
		t.Fatal(err)
	}
	var owner *ForeignKey
	for i := range products.ForeignKeys {
		if products.ForeignKeys[i].Name == "products_owner_id_fkey" {
			owner = &products.ForeignKeys[i]
		}
	}
	if owner == nil || owner.RefSchema != "plugin_auth" || strings.Join(owner.RefColumns, ",") != "id" {
		t.Errorf("products_owner_id_fkey = %+v, want a key to plugin_auth.users(id)", owner)
	}
	_, err = (&Postgres{}).Inspect(ctx, db, "public", "nope")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `schema "nope"`) {
		t.Fatalf("Inspect(nope) error = %v, want ErrNotFound naming the schema", err)
	}
}

// TestPostgresStats checks that a never-analyzed table reports -1 rows and
// an analyzed one its count, and that sizes are known for tables only: the
// summary estimates them from pg_class page counts (unknown until the table
// is first analyzed), Inspect measures them.
func TestPostgresStats(t *testing.T) {
	db := mustOpenPostgres(t, mustRead(t, "testdata/postgres_fixture.sql"))
	ctx := testContext(t)
	check := func(want int64, sizeKnown bool) {
		t.Helper()
		m, err := (&Postgres{}).Summary(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		users, err := m.Table("plugin_auth", "users")
		if err != nil {
			t.Fatal(err)
		}
		if users.RowEstimate != want || (users.SizeBytes > 0) != sizeKnown || (!sizeKnown && users.SizeBytes != -1) {
			t.Errorf("users: RowEstimate %d (want %d), SizeBytes %d (known: %v)", users.RowEstimate, want, users.SizeBytes, sizeKnown)
		}
		view, err := m.Table("public", "order_totals")
		if err != nil {
			t.Fatal(err)
		}
		if view.RowEstimate != -1 || view.SizeBytes != -1 {
			t.Errorf("view: RowEstimate %d, SizeBytes %d; want -1, -1", view.RowEstimate, view.SizeBytes)
		}
	}
	check(-1, false)
	full, err := (&Postgres{}).Inspect(ctx, db, "plugin_auth")
	if err != nil {
		t.Fatal(err)
	}
	if users, _ := full.Table("plugin_auth", "users"); users.SizeBytes <= 0 {
		t.Errorf("Inspect: users SizeBytes %d, want the measured size", users.SizeBytes)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE plugin_auth.users"); err != nil {
		t.Fatal(err)
	}
	check(2, true)
}

func TestCheckExpr(t *testing.T) {
	tests := []struct{ def, want string }{
		{"CHECK ((price >= (0)::numeric))", "(price >= (0)::numeric)"},
		{"CHECK ((status = ANY (ARRAY['a'::text, ')'::text]))) NOT VALID", "(status = ANY (ARRAY['a'::text, ')'::text]))"},
		{"CHECK (ok) NO INHERIT", "ok"},
		{"something else", "something else"},
	}
	for _, tt := range tests {
		if got := checkExpr(tt.def); got != tt.want {
			t.Errorf("checkExpr(%q) = %q, want %q", tt.def, got, tt.want)
		}
	}
}

func TestIntArray(t *testing.T) {
	tests := []struct {
		in   string
		want []int64
		ok   bool
	}{
		{"[1,2,3]", []int64{1, 2, 3}, true},
		{" [ -1 , 0 ] ", []int64{-1, 0}, true},
		{"[]", []int64{}, true},
		{"{1,2}", nil, false},
		{"[1,x]", nil, false},
	}
	for _, tt := range tests {
		got, err := intArray(tt.in)
		if (err == nil) != tt.ok || (tt.ok && !slices.Equal(got, tt.want)) {
			t.Errorf("intArray(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
