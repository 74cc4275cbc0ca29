package introspect

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// graph builds a model from "schema.table -> schema.table" edges.
func graph(tables []string, edges [][2]string) *Model {
	m := &Model{}
	at := map[string]*Table{}
	split := func(ref string) (string, string) { return ref[:1], ref[2:] } // "a.x": schema a, table x
	for _, ref := range tables {
		s, n := split(ref)
		var sch *Schema
		for i := range m.Schemas {
			if m.Schemas[i].Name == s {
				sch = &m.Schemas[i]
			}
		}
		if sch == nil {
			m.Schemas = append(m.Schemas, Schema{Name: s})
			sch = &m.Schemas[len(m.Schemas)-1]
		}
		sch.Tables = append(sch.Tables, Table{Name: n})
	}
	for si := range m.Schemas {
		for ti := range m.Schemas[si].Tables {
			t := &m.Schemas[si].Tables[ti]
			at[m.Schemas[si].Name+"."+t.Name] = t
		}
	}
	for i, e := range edges {
		s, n := split(e[1])
		from := at[e[0]]
		from.ForeignKeys = append(from.ForeignKeys, ForeignKey{Name: fmt.Sprintf("fk%d", i), RefSchema: s, RefTable: n})
	}
	return m
}

func refs(names ...string) []TableRef {
	out := []TableRef{}
	for _, n := range names {
		out = append(out, TableRef{Schema: n[:1], Name: n[2:]})
	}
	return out
}

func TestFKCycles(t *testing.T) {
	tests := []struct {
		name   string
		tables []string
		edges  [][2]string
		want   [][]TableRef
	}{
		{"no keys", []string{"a.x", "a.y"}, nil, [][]TableRef{}},
		{"chain", []string{"a.x", "a.y", "a.z"}, [][2]string{{"a.x", "a.y"}, {"a.y", "a.z"}}, [][]TableRef{}},
		// A tree (parent_id → the same table) is not a cycle between tables.
		{"self reference is a tree, not a cycle", []string{"a.x", "a.y"}, [][2]string{{"a.y", "a.y"}, {"a.x", "a.y"}},
			[][]TableRef{}},
		{"two-table cycle", []string{"a.x", "a.y"}, [][2]string{{"a.x", "a.y"}, {"a.y", "a.x"}},
			[][]TableRef{refs("a.x", "a.y")}},
		{"cross-schema cycle of three plus a separate pair",
			[]string{"b.q", "a.p", "a.r", "c.m", "c.n"},
			[][2]string{{"a.p", "b.q"}, {"b.q", "a.r"}, {"a.r", "a.p"}, {"c.n", "c.m"}, {"c.m", "c.n"}},
			[][]TableRef{refs("a.p", "a.r", "b.q"), refs("c.m", "c.n")}},
		{"self reference inside a cycle is reported once, as the cycle",
			[]string{"a.x", "a.y"}, [][2]string{{"a.x", "a.y"}, {"a.y", "a.x"}, {"a.x", "a.x"}},
			[][]TableRef{refs("a.x", "a.y")}},
		{"keys to tables outside the model are ignored",
			[]string{"a.x"}, [][2]string{{"a.x", "z.gone"}}, [][]TableRef{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := graph(tt.tables, tt.edges).FKCycles()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FKCycles() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFKCyclesLongChainDoesNotRecurse(t *testing.T) {
	var tables []string
	var edges [][2]string
	for i := range 100000 {
		tables = append(tables, fmt.Sprintf("a.t%06d", i))
		if i > 0 {
			edges = append(edges, [2]string{fmt.Sprintf("a.t%06d", i-1), fmt.Sprintf("a.t%06d", i)})
		}
	}
	edges = append(edges, [2]string{"a.t099999", "a.t000000"})
	got := graph(tables, edges).FKCycles()
	if len(got) != 1 || len(got[0]) != 100000 {
		t.Fatalf("want one cycle of 100000 tables, got %d cycles", len(got))
	}
}

func TestPostgresFixtureRelations(t *testing.T) {
	db := mustOpenPostgres(t, mustRead(t, "testdata/postgres_fixture.sql"))
	m, err := (&Postgres{}).Inspect(testContext(t), db)
	if err != nil {
		t.Fatal(err)
	}
	wantCycles := [][]TableRef{
		{{"public", "players"}, {"public", "teams"}},
	}
	if got := m.FKCycles(); !reflect.DeepEqual(got, wantCycles) {
		t.Errorf("FKCycles() = %v, want %v", got, wantCycles)
	}
	var got []string
	for _, in := range m.Incoming("plugin_auth", "users") {
		got = append(got, in.Schema+"."+in.Table+"."+in.FK.Name)
	}
	want := []string{
		"plugin_auth.users.users_manager_id_fkey",
		"plugin_catalog.products.products_owner_id_fkey",
		"public.orders.orders_user_id_fkey",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Incoming(plugin_auth.users) = %v, want %v", got, want)
	}
	if in := m.Incoming("public", "shipments"); len(in) != 0 {
		t.Errorf("Incoming(shipments) = %v, want none", in)
	}
}

func TestSQLiteFixtureRelations(t *testing.T) {
	m, err := (&SQLite{}).Inspect(testContext(t), mustSQLiteFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.FKCycles(), [][]TableRef{}; !reflect.DeepEqual(got, want) { // authors.mentor_id is a tree
		t.Errorf("FKCycles() = %v, want %v", got, want)
	}
	var got []string
	for _, in := range m.Incoming("main", "authors") {
		got = append(got, in.Table+"("+in.FK.Columns[0]+")")
	}
	want := []string{"authors(mentor_id)", "post_tags(tagged_by)", "posts(author_id)", "tag_votes(voter_id)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Incoming(authors) = %v, want %v", got, want)
	}
}

func TestModelTable(t *testing.T) {
	m := graph([]string{"a.x", "b.y"}, nil)
	if tb, err := m.Table("b", "y"); err != nil || tb.Name != "y" {
		t.Fatalf("Table(b, y) = %v, %v", tb, err)
	}
	for _, tc := range [][2]string{{"a", "y"}, {"c", "x"}} {
		if _, err := m.Table(tc[0], tc[1]); !errors.Is(err, ErrNotFound) {
			t.Errorf("Table(%s, %s) error = %v, want ErrNotFound", tc[0], tc[1], err)
		}
	}
}
