package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
	"studio/sqliteddl"
)

// dropTableSteps drops the tables and virtual tables the desired schema
// lacks, children before parents. Foreign keys are off for the plan, so
// no ON DELETE action touches the rows of tables that stay; a child that
// stays with rows pointing into a dropped table fails the foreign key
// check and the plan rolls back.
func (d *diff) dropTableSteps() []step.Step {
	var names []string
	for _, name := range d.live.names {
		if k := d.live.kind(name); d.gone[name] && k != introspect.KindView {
			names = append(names, name)
		}
	}
	names = fkOrder(d.live, names)
	slices.Reverse(names)
	var steps []step.Step
	for _, name := range names {
		t := d.live.rels[name]
		if t.Kind == introspect.KindVirtual {
			if lc, err := sqliteddl.ParseTable(t.DDL); err == nil {
				steps = append(steps, dropVirtual(t, lc))
				continue
			}
		}
		d.fkOff = true
		steps = append(steps, step.Step{SQL: "DROP TABLE " + database.QuoteIdent(t.Name), Action: "drop", ObjectKind: "table",
			Object: t.Name, Table: t.Name, Destructive: true, CountSQL: count(t.Name, ""),
			Reason: fmt.Sprintf("drops table %s and all its rows", t.Name)})
	}
	return steps
}

// createTableSteps creates the new tables from the desired statements,
// parents before children.
func (d *diff) createTableSteps() []step.Step {
	var names []string
	for _, name := range d.want.names {
		if d.added[name] && d.want.kind(name) == introspect.KindTable {
			names = append(names, name)
		}
	}
	var steps []step.Step
	for _, name := range fkOrder(d.want, names) {
		t := d.want.rels[name]
		steps = append(steps, step.Step{SQL: t.DDL, Action: "create", ObjectKind: "table", Object: t.Name, Table: t.Name,
			Reason: "new table"})
	}
	return steps
}

// changeTableSteps alters or rebuilds the changed tables, parents first.
func (d *diff) changeTableSteps() []step.Step {
	var names []string
	for _, name := range d.want.names {
		if c := d.changed[name]; c != nil && c.want.Kind == introspect.KindTable {
			names = append(names, name)
		}
	}
	var steps []step.Step
	for _, name := range fkOrder(d.want, names) {
		steps = append(steps, d.changed[name].steps...)
	}
	return steps
}

// fkOrder orders names so that a table comes after the tables its
// foreign keys point to (cycles are broken by name order).
func fkOrder(s *side, names []string) []string {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	deps := map[string][]string{}
	for _, n := range names {
		for _, fk := range s.rels[n].ForeignKeys {
			if p := strings.ToLower(fk.RefTable); in[p] && p != n {
				deps[n] = append(deps[n], p)
			}
		}
	}
	return topo(names, deps)
}

// topo orders names (given sorted) so that each comes after its deps,
// choosing the first ready name each time; names left in a cycle follow
// in their order.
func topo(names []string, deps map[string][]string) []string {
	done := map[string]bool{}
	var out []string
	for len(out) < len(names) {
		progress := false
		for _, n := range names {
			if done[n] || slices.ContainsFunc(deps[n], func(p string) bool { return !done[p] }) {
				continue
			}
			done[n], progress = true, true
			out = append(out, n)
			break
		}
		if progress {
			continue
		}
		for _, n := range names { // a cycle: take the first name left
			if !done[n] {
				done[n] = true
				out = append(out, n)
				break
			}
		}
	}
	return out
}
