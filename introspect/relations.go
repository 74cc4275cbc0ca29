package introspect

import (
	"cmp"
	"fmt"
	"slices"
)

// TableRef names a table within a model.
type TableRef struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
}

// IncomingFK is a foreign key of another table (or of the same one) that
// references a given table.
type IncomingFK struct {
	Schema string
	Table  string
	FK     ForeignKey
}

// Table returns the named table, view or virtual table of schema. It
// returns ErrNotFound when the schema or the table does not exist.
func (m *Model) Table(schema, name string) (*Table, error) {
	for si := range m.Schemas {
		s := &m.Schemas[si]
		if s.Name != schema {
			continue
		}
		for ti := range s.Tables {
			if s.Tables[ti].Name == name {
				return &s.Tables[ti], nil
			}
		}
		return nil, fmt.Errorf("table %q in schema %q: %w", name, schema, ErrNotFound)
	}
	return nil, missingSchema(schema)
}

// Column returns the column of t with exactly this name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Incoming lists the foreign keys that reference schema.table, ordered by
// referencing schema, table and key name (self-references included).
func (m *Model) Incoming(schema, table string) []IncomingFK {
	out := []IncomingFK{}
	for _, s := range m.Schemas {
		for _, t := range s.Tables {
			for _, fk := range t.ForeignKeys {
				if fk.RefSchema == schema && fk.RefTable == table {
					out = append(out, IncomingFK{Schema: s.Name, Table: t.Name, FK: fk})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b IncomingFK) int {
		return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Table, b.Table), cmp.Compare(a.FK.Name, b.FK.Name))
	})
	return out
}

// FKCycles returns the groups of tables whose foreign keys form cycles:
// every strongly connected component of the foreign-key graph with more
// than one table. A table that references only itself (parent_id, a
// tree) is not reported: its rows order among themselves, and no other
// table has to be written or deleted in a particular order for it. Tables
// within a cycle are sorted by schema and name, cycles by their first
// table.
func (m *Model) FKCycles() [][]TableRef {
	g := m.fkGraph()
	out := [][]TableRef{}
	for _, comp := range g.components() {
		if len(comp) > 1 {
			out = append(out, comp)
		}
	}
	slices.SortStableFunc(out, func(a, b []TableRef) int {
		return cmp.Or(compareRef(a[0], b[0]), cmp.Compare(len(b), len(a)))
	})
	return out
}

func compareRef(a, b TableRef) int {
	return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Name, b.Name))
}

// fkGraph is the foreign-key graph: tables, and for each the distinct
// tables it references that exist in the model, sorted.
type fkGraph struct {
	nodes []TableRef
	edges map[TableRef][]TableRef
}

func (m *Model) fkGraph() fkGraph {
	g := fkGraph{edges: map[TableRef][]TableRef{}}
	for _, s := range m.Schemas {
		for _, t := range s.Tables {
			n := TableRef{s.Name, t.Name}
			g.nodes = append(g.nodes, n)
			g.edges[n] = nil
		}
	}
	for _, s := range m.Schemas {
		for _, t := range s.Tables {
			from := TableRef{s.Name, t.Name}
			for _, fk := range t.ForeignKeys {
				to := TableRef{fk.RefSchema, fk.RefTable}
				if _, ok := g.edges[to]; ok && !slices.Contains(g.edges[from], to) {
					g.edges[from] = append(g.edges[from], to)
				}
			}
			slices.SortFunc(g.edges[from], compareRef)
		}
	}
	slices.SortFunc(g.nodes, compareRef)
	return g
}

// components returns the strongly connected components, each sorted
// (Tarjan's algorithm, iterative so that long chains cannot exhaust the
// stack).
func (g fkGraph) components() [][]TableRef {
	t := &tarjan{g: g, index: map[TableRef]int{}, low: map[TableRef]int{}, onStack: map[TableRef]bool{}}
	for _, root := range g.nodes {
		if _, seen := t.index[root]; !seen {
			t.visit(root)
		}
	}
	return t.out
}

// tarjan is the state of one run of Tarjan's algorithm.
type tarjan struct {
	g          fkGraph
	index, low map[TableRef]int
	onStack    map[TableRef]bool
	stack      []TableRef
	out        [][]TableRef
}

// visit runs the depth-first search from root with an explicit call
// stack of (node, next edge to follow).
func (t *tarjan) visit(root TableRef) {
	type frame struct {
		n    TableRef
		next int
	}
	call := []frame{{n: root}}
	t.push(root)
	for len(call) > 0 {
		f := &call[len(call)-1]
		if edges := t.g.edges[f.n]; f.next < len(edges) {
			w := edges[f.next]
			f.next++
			if _, seen := t.index[w]; !seen {
				t.push(w)
				call = append(call, frame{n: w})
			} else if t.onStack[w] {
				t.low[f.n] = min(t.low[f.n], t.index[w])
			}
			continue
		}
		n := f.n
		call = call[:len(call)-1]
		if len(call) > 0 {
			p := call[len(call)-1].n
			t.low[p] = min(t.low[p], t.low[n])
		}
		if t.low[n] == t.index[n] {
			t.popComponent(n)
		}
	}
}

func (t *tarjan) push(n TableRef) {
	t.index[n], t.low[n] = len(t.index), len(t.index)
	t.stack, t.onStack[n] = append(t.stack, n), true
}

// popComponent pops the component whose root is n off the stack.
func (t *tarjan) popComponent(n TableRef) {
	var comp []TableRef
	for {
		w := t.stack[len(t.stack)-1]
		t.stack, t.onStack[w] = t.stack[:len(t.stack)-1], false
		comp = append(comp, w)
		if w == n {
			break
		}
	}
	slices.SortFunc(comp, compareRef)
	t.out = append(t.out, comp)
}
