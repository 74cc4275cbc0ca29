package introspect

import (
	"cmp"
	"slices"
)

// Folded is a relation as the overview and the ER diagram show it: a
// partitioned table carries every partition below it (sub-partitions
// included), the way a virtual table carries its shadow tables.
type Folded struct {
	Table      *Table
	Partitions []*Table // by name
}

// Fold lists s's relations in order with each partition folded under the
// partitioned table at the root of its tree. A partition whose parent is
// not in s (another schema) stays a relation of its own, so nothing is
// hidden where its parent cannot be seen.
func (s *Schema) Fold() []Folded {
	roots := s.PartitionRoots()
	parts := map[string][]*Table{}
	for i := range s.Tables {
		if root, ok := roots[s.Tables[i].Name]; ok {
			parts[root] = append(parts[root], &s.Tables[i])
		}
	}
	out := make([]Folded, 0, len(s.Tables)-len(roots))
	for i := range s.Tables {
		t := &s.Tables[i]
		if _, folded := roots[t.Name]; folded {
			continue
		}
		p := parts[t.Name]
		slices.SortFunc(p, func(a, b *Table) int { return cmp.Compare(a.Name, b.Name) })
		out = append(out, Folded{Table: t, Partitions: p})
	}
	return out
}

// PartitionRoots maps each partition that Fold folds (its parent is in s)
// to the table at the root of its partition tree.
func (s *Schema) PartitionRoots() map[string]string {
	parent := map[string]string{}
	for _, t := range s.Tables {
		if t.PartitionOf != nil && t.PartitionOf.Schema == s.Name {
			parent[t.Name] = t.PartitionOf.Name
		}
	}
	have := make(map[string]bool, len(s.Tables))
	for _, t := range s.Tables {
		have[t.Name] = true
	}
	roots := map[string]string{}
	for name := range parent {
		root := name
		// A partition tree has no cycles; the bound only guards against a
		// model that was not read from a database.
		for range len(parent) {
			p, ok := parent[root]
			if !ok || !have[p] {
				break
			}
			root = p
		}
		if root != name {
			roots[name] = root
		}
	}
	return roots
}

// RowEstimate is what the partitioned table holds: the sum of its leaf
// partitions' estimates, counting only the known ones (the table itself
// holds no rows, and its own estimate, once analyzed, already counts the
// whole tree); the table's own when no leaf's is known, or when it has no
// partitions.
func (f Folded) RowEstimate() int64 {
	return f.sumLeaves(func(t *Table) int64 { return t.RowEstimate })
}

// SizeBytes is the sum of the leaf partitions' sizes, as RowEstimate.
func (f Folded) SizeBytes() int64 {
	return f.sumLeaves(func(t *Table) int64 { return t.SizeBytes })
}

func (f Folded) sumLeaves(value func(*Table) int64) int64 {
	inner := map[string]bool{}
	for _, p := range f.Partitions {
		inner[p.PartitionOf.Name] = true
	}
	total, known := int64(0), false
	for _, p := range f.Partitions {
		if v := value(p); !inner[p.Name] && v >= 0 {
			total, known = total+v, true
		}
	}
	if !known {
		return value(f.Table)
	}
	return total
}
