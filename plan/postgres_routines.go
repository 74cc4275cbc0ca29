package plan

import (
	"slices"
	"strings"

	"studio/introspect"
	"studio/sqllex"
)

// pgRoutine is a function, procedure or aggregate the plan creates or
// replaces; drop is the live one to drop first when CREATE OR REPLACE
// cannot change it (result, arguments, kind).
type pgRoutine struct {
	f      PGFunction
	action string
	drop   *PGFunction
}

// pgNode is one statement group of the part of a plan that is ordered by
// what each object names: views, materialized views and routines. text is
// what the object depends on (a view's definition, a routine's signature
// and SQL-standard body); name is how others name it.
type pgNode struct {
	name, text string
	steps      []Step
}

// pgTopo orders nodes so that each comes after the nodes its text names;
// a cycle (which only a name matching by accident makes) is broken in the
// nodes' order. Each text is scanned once.
func pgTopo(nodes []pgNode) []pgNode {
	state := make([]int, len(nodes)) // 1 visiting, 2 done
	names := make([]map[string]bool, len(nodes))
	for i := range nodes {
		names[i] = pgIdentSet(nodes[i].text)
	}
	var out []pgNode
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

// pgSignature is what a routine's creation needs to exist: the types of
// its signature and, for a SQL-standard body (BEGIN ATOMIC, RETURN), what
// the body names. Quoted bodies are not checked while the plan runs.
func pgSignature(f PGFunction) string { return f.SQL }

// pgIdentSet is the set of identifiers src names (see pgScanIdents).
func pgIdentSet(src string) map[string]bool {
	out := map[string]bool{}
	pgScanIdents(src, func(_, _ int, name string) { out[name] = true })
	return out
}

// pgRoutineIdents is every identifier a routine names: in its signature
// and its body, quoted bodies included.
func pgRoutineIdents(f PGFunction) map[string]bool {
	out := pgIdentSet(f.SQL)
	for _, t := range sqllex.Tokenize(f.SQL, sqllex.Postgres) {
		if t.Kind != sqllex.Dollar {
			continue
		}
		open := strings.IndexByte(t.Text[1:], '$') + 2
		pgScanIdents(t.Text[open:max(open, len(t.Text)-open)], func(_, _ int, name string) { out[name] = true })
	}
	return out
}

func pgAnyOf(set map[string]bool, names []string) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}

func pgRoutineNode(f PGFunction, steps ...Step) pgNode {
	return pgNode{name: f.Name, text: pgSignature(f), steps: steps}
}

// routineDeps finds, until nothing changes, the views that must be
// dropped and created again because a routine they call is dropped, and
// the live routines that must be dropped because their signature names a
// relation the plan drops (those still wanted are created again). why
// holds the views to drop, and gains those.
func (d *pgDiff) routineDeps(why map[pgKey]string) (redo map[string]PGFunction) {
	redo = map[string]PGFunction{}
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
		for _, k := range pgSorted(d.live.rels) {
			if l := d.live.rels[k]; pgIsView(l) && why[k] == "" && pgMentions(l.Definition, dropped...) {
				why[k], changed = "it calls a function that is dropped and created again", true
			}
		}
		var gone []string
		for _, k := range pgSorted(d.live.rels) {
			if why[k] != "" || !pgIsView(d.live.rels[k]) && d.gone(k) {
				gone = append(gone, k.name)
			}
		}
		for _, f := range d.liveRoutines() {
			if _, ok := redo[f.key()]; !ok && pgMentions(pgSignature(f), gone...) {
				redo[f.key()], changed = f, true
			}
		}
	}
	return redo
}

func (d *pgDiff) liveRoutines() []PGFunction {
	if d.opts.LiveObjects == nil || d.opts.DesiredObjects == nil {
		return nil
	}
	return d.opts.LiveObjects.Functions
}

func (d *pgDiff) wantRoutines() []PGFunction {
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
func (d *pgDiff) placeRoutines(redo map[string]PGFunction, made []string) (dropNodes, createNodes []pgNode) {
	routines := slices.Clone(d.routines)
	seen := map[string]bool{}
	for _, r := range routines {
		seen[r.f.key()] = true
	}
	wanted := map[string]PGFunction{}
	for _, f := range d.wantRoutines() {
		wanted[f.key()] = f
	}
	for _, key := range slices.Sorted(mapKeys(redo)) {
		f := redo[key]
		switch w, ok := wanted[key]; {
		case !ok:
			dropNodes = append(dropNodes, pgRoutineNode(f, dropFunction(f)))
			seen[key] = true // dropped here, not at the end
		case seen[key]:
			for i := range routines {
				if routines[i].f.key() == key && routines[i].drop == nil {
					routines[i].drop, routines[i].action = &f, "create"
				}
			}
		default:
			routines = append(routines, pgRoutine{f: w, action: "create", drop: &f})
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
		sig[i], all[i] = pgIdentSet(pgSignature(r.f)), pgRoutineIdents(r.f)
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
			if pgAnyOf(sig[i], made) || !used[r.f.Name] && (pgAnyOf(all[i], made) || pgAnyOf(all[i], lateNames)) {
				late[k], changed = true, true
			}
		}
	}
	var early []pgNode
	for _, r := range routines {
		if r.drop != nil {
			dropNodes = append(dropNodes, pgRoutineNode(*r.drop, dropFunction(*r.drop)))
		}
		n := pgRoutineNode(r.f, Step{SQL: r.f.SQL, Action: r.action, ObjectKind: r.f.objectKind(), Object: r.f.key()})
		if late[r.f.key()] {
			createNodes = append(createNodes, n)
		} else {
			early = append(early, n)
		}
	}
	for _, n := range pgTopo(early) {
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
func (d *pgDiff) calledByTables() map[string]bool {
	out := map[string]bool{}
	note := func(src string) {
		for name := range pgIdentSet(src) {
			out[name] = true
		}
	}
	for _, k := range pgSorted(d.want.rels) {
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
	for _, k := range pgSorted(d.want.domains) {
		note(pgDomainText(d.want.domains[k]))
	}
	return out
}

// callsMadeRoutine reports whether src names a routine the plan creates.
func (d *pgDiff) callsMadeRoutine(src string) bool {
	for _, r := range d.routines {
		if pgMentions(src, r.f.Name) {
			return true
		}
	}
	return false
}
