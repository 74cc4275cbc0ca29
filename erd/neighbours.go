package erd

import (
	"cmp"

	"studio/introspect"
)

// Neighbourhood is the part of schema s that a table's structure page
// draws: the table, the tables it references and the tables that
// reference it. Render it with Options.Focus set to the table, so that
// only the keys from or to it are drawn. A partitioned table comes with
// its partitions, so it is drawn folded as in the whole diagram; the table
// itself is never folded away, even when it is a partition. Keys to other
// schemas get Render's stand-ins; keys from other schemas are left out
// (the page lists them).
func Neighbourhood(s introspect.Schema, table string) introspect.Schema {
	roots := s.PartitionRoots()
	ident := func(name string) string {
		if name == table {
			return name
		}
		return cmp.Or(roots[name], name)
	}
	local := func(fk introspect.ForeignKey) bool { return fk.RefSchema == "" || fk.RefSchema == s.Name }
	near := map[string]bool{table: true}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			switch {
			case !local(fk):
			case ident(t.Name) == table:
				near[ident(fk.RefTable)] = true
			case ident(fk.RefTable) == table:
				near[ident(t.Name)] = true
			}
		}
	}
	out := introspect.Schema{Name: s.Name, Enums: s.Enums}
	for _, t := range s.Tables {
		if !near[ident(t.Name)] {
			continue
		}
		if t.Name == table {
			t.PartitionOf = nil
		}
		out.Tables = append(out.Tables, t)
	}
	return out
}
