package introspect

import "testing"

func TestDomainOf(t *testing.T) {
	m := &Model{Dialect: "postgres", Schemas: []Schema{
		{Name: "public", Domains: []Domain{{Name: "year"}, {Name: "Odd name"}, {Name: "code"}}},
		{Name: "cat", Domains: []Domain{{Name: "code"}, {Name: "handle"}, {Name: "x.y"}}},
	}}
	cases := []struct{ schema, typ, wantSchema, wantName string }{
		{"public", "year", "public", "year"},
		{"cat", "year", "public", "year"},         // bare: visible on the search_path
		{"cat", "code", "cat", "code"},            // the column's own schema first
		{"other", "code", "", ""},                 // bare and in two schemas: not guessed
		{"public", "cat.handle", "cat", "handle"}, // qualified
		{"public", `"Odd name"[]`, "public", "Odd name"},
		{"public", `cat."x.y"`, "cat", "x.y"},
		{"public", "integer", "", ""},
		{"public", "character varying(5)", "", ""},
		{"public", "timestamp with time zone", "", ""},
	}
	for _, c := range cases {
		s, d := m.DomainOf(c.schema, c.typ)
		name := ""
		if d != nil {
			name = d.Name
		}
		if s != c.wantSchema || name != c.wantName {
			t.Errorf("DomainOf(%q, %q) = %q, %q; want %q, %q", c.schema, c.typ, s, name, c.wantSchema, c.wantName)
		}
	}
}
