package introspect

import (
	"strings"
	"testing"
)

// TestKeep: schemas left out go whole; in a kept schema, tables left out
// take their owned sequences (names with dots included) and leave the
// enums; the model given is not changed.
func TestKeep(t *testing.T) {
	m := &Model{Dialect: "postgres", Schemas: []Schema{
		{Name: "app", Tables: []Table{{Name: "users"}, {Name: "temp.x"}, {Name: "temp_y"}},
			Enums: []Enum{{Name: "mood"}},
			Sequences: []Sequence{{Name: "users_id_seq", OwnedBy: "users.id"}, {Name: "x_seq", OwnedBy: "temp.x.id"},
				{Name: "y_seq", OwnedBy: "temp_y.id"}, {Name: "free"}}},
		{Name: "drizzle", Tables: []Table{{Name: "__drizzle_migrations"}}},
	}}
	keep, hidden := m.Keep(func(s string) bool { return s == "app" }, func(_, n string) bool { return !strings.HasPrefix(n, "temp") })
	if hidden != 3 || len(keep.Schemas) != 1 {
		t.Fatalf("hidden %d, schemas %+v", hidden, keep.Schemas)
	}
	s := keep.Schemas[0]
	var seqs []string
	for _, q := range s.Sequences {
		seqs = append(seqs, q.Name)
	}
	if len(s.Tables) != 1 || s.Tables[0].Name != "users" || len(s.Enums) != 1 || strings.Join(seqs, ",") != "users_id_seq,free" {
		t.Fatalf("kept %+v, sequences %v", s, seqs)
	}
	if len(m.Schemas) != 2 || len(m.Schemas[0].Tables) != 3 || len(m.Schemas[0].Sequences) != 4 {
		t.Fatal("Keep changed the model it was given")
	}
}
