// Package postgres is plan's PostgreSQL planner: it diffs two PostgreSQL
// models, with the extensions and functions the models do not hold
// (ReadObjects), into statements ordered in phases (ALTERs, enum and
// domain rebuilds, functions and views in dependency order), and applies
// or rehearses a plan in one transaction. plan chooses it by dialect;
// callers use plan, not this package.
package postgres

import (
	"cmp"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// Options tune a diff (plan.Options, which plan converts).
type Options struct {
	// Renames maps "table.old" or "schema.table.old" to a column's new
	// name.
	Renames map[string]string
	// LiveObjects and DesiredObjects are each side's extensions and
	// functions (ReadObjects); unless both are set, extensions and
	// functions are left alone.
	LiveObjects, DesiredObjects *Objects
}

// Diff plans the PostgreSQL changes that turn live into desired.
// Everything PostgreSQL can alter in place is altered (columns,
// constraints, enum values, sequences); views and materialized views are
// dropped and recreated, along with the views that depend on what changes
// under them. See phase for the order.
func Diff(live, desired *introspect.Model, opts Options) (*step.Plan, error) {
	d := &diff{live: newSide(live), want: newSide(desired), opts: opts}
	if err := d.applyRenames(); err != nil {
		return nil, err
	}
	d.run()
	p := &step.Plan{Dialect: database.Postgres, Steps: []step.Step{}, Hints: d.hints}
	for _, steps := range d.steps {
		p.Steps = append(p.Steps, steps...)
	}
	return p, nil
}

// phase orders a plan: drops of what is in the way first (triggers,
// views, foreign keys, indexes, constraints, tables, whose names new
// objects may take), then creates in dependency order (unique indexes
// before the foreign keys that may reference them), then the drops of
// what is gone and was still in use until the columns changed, in
// reverse dependency order.
type phase int

const (
	phDropTriggers phase = iota
	phDropViews
	phDropForeignKeys
	phDropIndexes
	phDropConstraints
	phDropReplaced // tables becoming views, repartitioned tables
	phDropTables
	phSettings
	phCreateSchemas
	phCreateExtensions
	phEnums
	phDomains
	phCreateSequences
	phFunctions
	phDomainsAfterFunctions // domains whose default or checks call a function the plan creates
	phCreateTables
	phColumns
	phSequences // OWNED BY and parameters, once the columns exist
	phAddConstraints
	phPartitionIndexes // a partition's copies of its parent's indexes, under their names, before the parent's
	phAttachPartitions
	phCreateIndexes
	phAddForeignKeys
	phCreateViews // views, and the functions that name tables or views, in dependency order
	phCreateTriggers
	phComments
	phDropSequences
	phDropFunctions
	phDropDomains
	phDropEnums
	phDropExtensions
	phDropSchemas
	phases
)

// key names a relation, enum or sequence.
type key struct{ schema, name string }

func (k key) String() string { return k.schema + "." + k.name }

// sql is the quoted, schema-qualified name.
func (k key) sql() string { return database.QuoteIdent(k.schema) + "." + database.QuoteIdent(k.name) }

func compareKeys(a, b key) int {
	return cmp.Or(cmp.Compare(a.schema, b.schema), cmp.Compare(a.name, b.name))
}

// side indexes one model.
type side struct {
	model   *introspect.Model
	schemas map[string]bool
	rels    map[key]*introspect.Table
	enums   map[key]*introspect.Enum
	domains map[key]*introspect.Domain
	seqs    map[key]*introspect.Sequence
	// owned are the sequences owned by a column, by schema and
	// "table.column".
	owned map[key]*introspect.Sequence
}

func newSide(m *introspect.Model) *side {
	s := &side{model: m, schemas: map[string]bool{}, rels: map[key]*introspect.Table{},
		enums: map[key]*introspect.Enum{}, domains: map[key]*introspect.Domain{}, seqs: map[key]*introspect.Sequence{}, owned: map[key]*introspect.Sequence{}}
	for si := range m.Schemas {
		sc := &m.Schemas[si]
		s.schemas[sc.Name] = true
		for ti := range sc.Tables {
			t := cloneTable(sc.Tables[ti])
			s.rels[key{sc.Name, t.Name}] = &t
		}
		for ei := range sc.Enums {
			s.enums[key{sc.Name, sc.Enums[ei].Name}] = &sc.Enums[ei]
		}
		for di := range sc.Domains {
			s.domains[key{sc.Name, sc.Domains[di].Name}] = &sc.Domains[di]
		}
		for qi := range sc.Sequences {
			q := &sc.Sequences[qi]
			s.seqs[key{sc.Name, q.Name}] = q
			if q.OwnedBy != "" {
				s.owned[key{sc.Name, q.OwnedBy}] = q
			}
		}
	}
	return s
}

// keys returns a map's keys in schema, name order.
func sorted[V any](m map[key]V) []key {
	out := make([]key, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, compareKeys)
	return out
}

// table returns a table (not a view) of the side, or nil.
func (s *side) table(k key) *introspect.Table {
	if t := s.rels[k]; t != nil && t.Kind == introspect.KindTable {
		return t
	}
	return nil
}

// column returns a column of a table of the side, or nil.
func (s *side) column(k key, name string) *introspect.Column {
	if t := s.rels[k]; t != nil {
		return t.Column(name)
	}
	return nil
}

// cloneTable copies a table deeply enough that renames applied to the
// copy leave the caller's model alone.
func cloneTable(t introspect.Table) introspect.Table {
	t.Columns = slices.Clone(t.Columns)
	t.PrimaryKey = slices.Clone(t.PrimaryKey)
	t.ForeignKeys = slices.Clone(t.ForeignKeys)
	for i := range t.ForeignKeys {
		t.ForeignKeys[i].Columns = slices.Clone(t.ForeignKeys[i].Columns)
		t.ForeignKeys[i].RefColumns = slices.Clone(t.ForeignKeys[i].RefColumns)
	}
	t.Indexes = slices.Clone(t.Indexes)
	for i := range t.Indexes {
		t.Indexes[i].Columns = slices.Clone(t.Indexes[i].Columns)
	}
	t.Uniques = slices.Clone(t.Uniques)
	for i := range t.Uniques {
		t.Uniques[i].Columns = slices.Clone(t.Uniques[i].Columns)
	}
	t.Checks = slices.Clone(t.Checks)
	t.Triggers = slices.Clone(t.Triggers)
	return t
}

// diff is one diff in progress.
type diff struct {
	live, want *side
	opts       Options
	steps      [phases][]step.Step
	hints      []string
	// renamed maps a table to its renamed columns, new name to old.
	renamed map[key]map[string]string
	// altered are tables whose columns change type or go away: views
	// that read them must be dropped first and recreated after.
	altered map[key]bool
	// keyChanged are tables whose primary key or unique keys are dropped:
	// foreign keys referencing them are dropped and added again.
	keyChanged map[key]bool
	// droppedSeqs and madeSeqs are sequences a column step already drops
	// or creates.
	droppedSeqs, madeSeqs map[key]bool
	// replaced are live tables dropped early and created again (a table
	// becoming a view, a new partitioning).
	replaced map[key]bool
	// alteredCols are the columns of altered tables that change type or
	// go (none listed: the whole table goes); unsafeCols are the columns
	// a count cannot read in the live database (added, dropped, retyped);
	// remade are generated columns dropped and added again.
	alteredCols map[key]map[string]bool
	unsafeCols  map[key]map[string]bool
	remade      map[key]map[string]bool
	// viewDropped and viewCreated are the views the plan drops and
	// creates (both for a recreated one).
	viewDropped, viewCreated map[key]bool
	// countsOn are steps whose counts read columns the plan may change.
	countsOn []countOn
	// routines are the functions, procedures and aggregates to create or
	// replace, goneRoutines the live ones that go; placeRoutines orders them.
	routines     []routine
	goneRoutines []Function
}

func (d *diff) add(ph phase, s step.Step) {
	s.AtStake = -1
	d.steps[ph] = append(d.steps[ph], s)
}

// run plans everything, in an order where each part can see what the
// earlier ones decided (tables before views before triggers).
func (d *diff) run() {
	d.altered, d.keyChanged = map[key]bool{}, map[key]bool{}
	d.droppedSeqs, d.madeSeqs, d.replaced = map[key]bool{}, map[key]bool{}, map[key]bool{}
	d.alteredCols, d.unsafeCols, d.remade = map[key]map[string]bool{}, map[key]map[string]bool{}, map[key]map[string]bool{}
	d.diffSchemas()
	d.diffObjects()
	d.diffEnums()
	d.diffDomains()
	d.diffTables()
	d.diffSequences()
	d.diffViews()
	d.diffIndexes()
	d.diffForeignKeys()
	d.diffTriggers()
	d.diffComments()
	d.finishCounts()
}

// gone reports a live relation that the plan drops (or that is dropped
// with its schema).
func (d *diff) gone(k key) bool {
	w := d.want.rels[k]
	l := d.live.rels[k]
	return w == nil || l == nil || w.Kind != l.Kind || d.replaced[k]
}

func (d *diff) diffSchemas() {
	for _, name := range sortedNames(d.want.schemas) {
		if !d.live.schemas[name] {
			d.add(phCreateSchemas, step.Step{SQL: "CREATE SCHEMA " + database.QuoteIdent(name), Action: "create", ObjectKind: "schema", Object: name})
		}
	}
	for _, name := range sortedNames(d.live.schemas) {
		if !d.want.schemas[name] {
			d.add(phDropSchemas, step.Step{SQL: "DROP SCHEMA " + database.QuoteIdent(name), Action: "drop", ObjectKind: "schema", Object: name,
				Destructive: true, Reason: "drops schema " + name + " (its tables are dropped by the steps before)"})
		}
	}
}

func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// literal quotes a string literal (standard_conforming_strings on).
func literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func idents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = database.QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}
