package postgres

import (
	"slices"
	"strings"

	"studio/introspect"
	"studio/plan/step"
	"studio/sqllex"
)

// routine is a function, procedure or aggregate the plan creates or
// replaces; drop is the live one to drop first when CREATE OR REPLACE
// cannot change it (result, arguments, kind).
type routine struct {
	f      Function
	action string
	drop   *Function
}

// node is one statement group of the part of a plan that is ordered by
// what each object names: views, materialized views and routines. text is
// what the object depends on (a view's definition, a routine's signature
// and SQL-standard body); name is how others name it.
type node struct {
	name, text string
	steps      []step.Step
}

// topo orders nodes so that each comes after the nodes its text names;
// a cycle (which only a name matching by accident makes) is broken in the
// nodes' order. Each text is scanned once.
func topo(nodes []node) []node {
	state := make([]int, len(nodes)) // 1 visiting, 2 done
	names := make([]map[string]bool, len(nodes))
	for i := range nodes {
		names[i] = identSet(nodes[i].text)
	}
	var out []node
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return
		}
		state[i] = 1
		for j := range nodes {
			if j != i && nodes[j].name != nodes[i].name && names[i][nodes[j].name] {
				visit(j)
			}
		}
		state[i] = 2
		out = append(out, nodes[i])
	}
	for i := range nodes {
		visit(i)
	}
	return out
}

// signature is what a routine's creation needs to exist: the types of
// its signature and, for a SQL-standard body (BEGIN ATOMIC, RETURN), what
// the body names. Quoted bodies are not checked while the plan runs.
func signature(f Function) string { return f.SQL }

// identSet is the set of identifiers src names (see scanIdents).
func identSet(src string) map[string]bool {
	out := map[string]bool{}
	scanIdents(src, func(_, _ int, name string) { out[name] = true })
	return out
}

// routineIdents is every identifier a routine names: in its signature
// and its body, quoted bodies included.
func routineIdents(f Function) map[string]bool {
	out := identSet(f.SQL)
	for _, t := range sqllex.Tokenize(f.SQL, sqllex.Postgres) {
		if t.Kind != sqllex.Dollar {
			continue
		}
		open := strings.IndexByte(t.Text[1:], '$') + 2
		scanIdents(t.Text[open:max(open, len(t.Text)-open)], func(_, _ int, name string) { out[name] = true })
	}
	return out
}

func anyOf(set map[string]bool, names []string) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}

func routineNode(f Function, steps ...step.Step) node {
	return node{name: f.Name, text: signature(f), steps: steps}
}

// routineDeps finds, until nothing changes, the views that must be
// dropped and created again because a routine they call is dropped, and
// the live routines that must be dropped because their signature names a
// relation the plan drops (those still wanted are created again). why
// holds the views to drop, and gains those.
func (d *diff) routineDeps(why map[key]string) (redo map[string]Function) {
	redo = map[string]Function{}
	for changed := true; changed; {
		changed = false
		var dropped []string
		for _, r := range d.routines {
			if r.drop != nil {
				dropped = append(dropped, r.f.Name)
			}
		}
		for _, f := range redo {
			dropped = append(dropped, f.Name)
		}
		for _, k := range sorted(d.live.rels) {
			if l := d.live.rels[k]; isView(l) && why[k] == "" && mentions(l.Definition, dropped...) {
				why[k], changed = "it calls a function that is dropped and created again", true
			}
		}
		var gone []string
		for _, k := range sorted(d.live.rels) {
			if why[k] != "" || !isView(d.live.rels[k]) && d.gone(k) {
				gone = append(gone, k.name)
			}
		}
		for _, f := range d.liveRoutines() {
			if _, ok := redo[f.key()]; !ok && mentions(signature(f), gone...) {
				redo[f.key()], changed = f, true
			}
		}
	}
	return redo
}

func (d *diff) liveRoutines() []Function {
	if d.opts.LiveObjects == nil || d.opts.DesiredObjects == nil {
		return nil
	}
	return d.opts.LiveObjects.Functions
}

func (d *diff) wantRoutines() []Function {
	if d.opts.LiveObjects == nil || d.opts.DesiredObjects == nil {
		return nil
	}
	return d.opts.DesiredObjects.Functions
}

// placeRoutines splits what diffFunctions collected, plus the routines
// redo must drop and create again, into drops ordered with the views the
// plan drops (dropNodes), creates before the tables (phFunctions), and
// creates after them, ordered with the views the plan creates
// (createNodes). A routine is created after the tables when its
// signature or body names a relation the plan creates, or a routine
// created after them; unless a table's default, check, generated column
// or index, or a domain, calls it: those need it first, and its body is
// not checked then.
func (d *diff) placeRoutines(redo map[string]Function, made []string) (dropNodes, createNodes []node) {
	routines := slices.Clone(d.routines)
	seen := map[string]bool{}
	for _, r := range routines {
		seen[r.f.key()] = true
	}
	wanted := map[string]Function{}
	for _, f := range d.wantRoutines() {
		wanted[f.key()] = f
	}
	for _, key := range slices.Sorted(mapKeys(redo)) {
		f := redo[key]
		switch w, ok := wanted[key]; {
		case !ok:
			dropNodes = append(dropNodes, routineNode(f, dropFunction(f)))
			seen[key] = true // dropped here, not at the end
		case seen[key]:
			for i := range routines {
				if routines[i].f.key() == key && routines[i].drop == nil {
					routines[i].drop, routines[i].action = &f, "create"
				}
			}
		default:
			routines = append(routines, routine{f: w, action: "create", drop: &f})
			seen[key] = true
		}
	}
	for _, f := range d.goneRoutines {
		if !seen[f.key()] {
			d.add(phDropFunctions, dropFunction(f))
		}
	}
	used := d.calledByTables()
	late := map[string]bool{}
	sig := make([]map[string]bool, len(routines))
	all := make([]map[string]bool, len(routines))
	for i, r := range routines {
		sig[i], all[i] = identSet(signature(r.f)), routineIdents(r.f)
	}
	for changed := true; changed; {
		changed = false
		var lateNames []string
		for _, r := range routines {
			if late[r.f.key()] {
				lateNames = append(lateNames, r.f.Name)
			}
		}
		for i, r := range routines {
			k := r.f.key()
			if late[k] {
				continue
			}
			if anyOf(sig[i], made) || !used[r.f.Name] && (anyOf(all[i], made) || anyOf(all[i], lateNames)) {
				late[k], changed = true, true
			}
		}
	}
	var early []node
	for _, r := range routines {
		if r.drop != nil {
			dropNodes = append(dropNodes, routineNode(*r.drop, dropFunction(*r.drop)))
		}
		n := routineNode(r.f, step.Step{SQL: r.f.SQL, Action: r.action, ObjectKind: r.f.objectKind(), Object: r.f.key()})
		if late[r.f.key()] {
			createNodes = append(createNodes, n)
		} else {
			early = append(early, n)
		}
	}
	for _, n := range topo(early) {
		for _, s := range n.steps {
			d.add(phFunctions, s)
		}
	}
	return dropNodes, createNodes
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// calledByTables are the names the desired tables' defaults, generated
// columns, checks and indexes, and the desired domains, mention: the
// routines among them are created before the tables.
func (d *diff) calledByTables() map[string]bool {
	out := map[string]bool{}
	note := func(src string) {
		for name := range identSet(src) {
			out[name] = true
		}
	}
	for _, k := range sorted(d.want.rels) {
		t := d.want.rels[k]
		if t.Kind != introspect.KindTable {
			continue
		}
		for _, c := range t.Columns {
			if c.Default != nil {
				note(*c.Default)
			}
			note(c.Generated)
		}
		for _, c := range t.Checks {
			note(c.Expr)
		}
		for _, ix := range t.Indexes {
			note(ix.Definition)
		}
	}
	for _, k := range sorted(d.want.domains) {
		note(domainText(d.want.domains[k]))
	}
	return out
}

// callsMadeRoutine reports whether src names a routine the plan creates.
func (d *diff) callsMadeRoutine(src string) bool {
	for _, r := range d.routines {
		if mentions(src, r.f.Name) {
			return true
		}
	}
	return false
}
