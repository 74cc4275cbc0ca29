package introspect

import "strings"

// Keep returns a copy of m limited to the schemas and relations that
// pass, and how many relations it left out. A schema that does not pass
// is left out whole (its enums, domains and sequences too); in a schema
// that passes, enums and domains stay (drizzle-kit's tablesFilter does
// not filter them) and a sequence owned by a column of a left-out table
// goes with it, so nothing that belongs to a hidden table is shown or
// planned. m is not modified; the copy shares the tables kept.
func (m *Model) Keep(schema func(name string) bool, table func(schema, name string) bool) (*Model, int) {
	out := &Model{Dialect: m.Dialect, Schemas: make([]Schema, 0, len(m.Schemas))}
	hidden := 0
	for _, s := range m.Schemas {
		if !schema(s.Name) {
			hidden += len(s.Tables)
			continue
		}
		k := s
		k.Tables = make([]Table, 0, len(s.Tables))
		gone := map[string]bool{}
		for _, t := range s.Tables {
			if table(s.Name, t.Name) {
				k.Tables = append(k.Tables, t)
			} else {
				gone[t.Name] = true
			}
		}
		hidden += len(gone)
		if len(gone) > 0 && len(s.Sequences) > 0 {
			k.Sequences = make([]Sequence, 0, len(s.Sequences))
			for _, q := range s.Sequences {
				if !ownedByOneOf(q.OwnedBy, gone) {
					k.Sequences = append(k.Sequences, q)
				}
			}
		}
		out.Schemas = append(out.Schemas, k)
	}
	return out, hidden
}

// ownedByOneOf reports whether ownedBy ("table.column"; either name may
// hold dots) names a column of one of tables.
func ownedByOneOf(ownedBy string, tables map[string]bool) bool {
	for i := strings.IndexByte(ownedBy, '.'); i >= 0; {
		if tables[ownedBy[:i]] {
			return true
		}
		j := strings.IndexByte(ownedBy[i+1:], '.')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}
