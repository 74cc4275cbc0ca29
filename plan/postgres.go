package plan

import (
	"cmp"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
)

// postgresDiffer plans PostgreSQL changes. Everything PostgreSQL can alter
// in place is altered (columns, constraints, enum values, sequences);
// views and materialized views are dropped and recreated, along with the
// views that depend on what changes under them. See pgPhase for the order.
type postgresDiffer struct{}

func (postgresDiffer) diff(live, desired *introspect.Model, opts Options) (*Plan, error) {
	d := &pgDiff{live: newPGSide(live), want: newPGSide(desired), opts: opts}
	if err := d.applyRenames(); err != nil {
		return nil, err
	}
	d.run()
	p := &Plan{Dialect: "postgres", Steps: []Step{}, Hints: d.hints}
	for _, steps := range d.steps {
		p.Steps = append(p.Steps, steps...)
	}
	return p, nil
}

// pgPhase orders a plan: drops of what is in the way first (triggers,
// views, foreign keys, indexes, constraints, tables, whose names new
// objects may take), then creates in dependency order (unique indexes
// before the foreign keys that may reference them), then the drops of
// what is gone and was still in use until the columns changed, in
// reverse dependency order.
type pgPhase int

const (
	phDropTriggers pgPhase = iota
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
	pgPhases
)

// pgKey names a relation, enum or sequence.
type pgKey struct{ schema, name string }

func (k pgKey) String() string { return k.schema + "." + k.name }

// sql is the quoted, schema-qualified name.
func (k pgKey) sql() string { return database.QuoteIdent(k.schema) + "." + database.QuoteIdent(k.name) }

func comparePGKeys(a, b pgKey) int {
	return cmp.Or(cmp.Compare(a.schema, b.schema), cmp.Compare(a.name, b.name))
}

// pgSide indexes one model.
type pgSide struct {
	model   *introspect.Model
	schemas map[string]bool
	rels    map[pgKey]*introspect.Table
	enums   map[pgKey]*introspect.Enum
	domains map[pgKey]*introspect.Domain
	seqs    map[pgKey]*introspect.Sequence
	// owned are the sequences owned by a column, by schema and
	// "table.column".
	owned map[pgKey]*introspect.Sequence
}

func newPGSide(m *introspect.Model) *pgSide {
	s := &pgSide{model: m, schemas: map[string]bool{}, rels: map[pgKey]*introspect.Table{},
		enums: map[pgKey]*introspect.Enum{}, domains: map[pgKey]*introspect.Domain{}, seqs: map[pgKey]*introspect.Sequence{}, owned: map[pgKey]*introspect.Sequence{}}
	for si := range m.Schemas {
		sc := &m.Schemas[si]
		s.schemas[sc.Name] = true
		for ti := range sc.Tables {
			t := pgCloneTable(sc.Tables[ti])
			s.rels[pgKey{sc.Name, t.Name}] = &t
		}
		for ei := range sc.Enums {
			s.enums[pgKey{sc.Name, sc.Enums[ei].Name}] = &sc.Enums[ei]
		}
		for di := range sc.Domains {
			s.domains[pgKey{sc.Name, sc.Domains[di].Name}] = &sc.Domains[di]
		}
		for qi := range sc.Sequences {
			q := &sc.Sequences[qi]
			s.seqs[pgKey{sc.Name, q.Name}] = q
			if q.OwnedBy != "" {
				s.owned[pgKey{sc.Name, q.OwnedBy}] = q
			}
		}
	}
	return s
}

// keys returns a map's keys in schema, name order.
func pgSorted[V any](m map[pgKey]V) []pgKey {
	out := make([]pgKey, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, comparePGKeys)
	return out
}

// table returns a table (not a view) of the side, or nil.
func (s *pgSide) table(k pgKey) *introspect.Table {
	if t := s.rels[k]; t != nil && t.Kind == introspect.KindTable {
		return t
	}
	return nil
}

// column returns a column of a table of the side, or nil.
func (s *pgSide) column(k pgKey, name string) *introspect.Column {
	if t := s.rels[k]; t != nil {
		return pgColumn(t, name)
	}
	return nil
}

func pgColumn(t *introspect.Table, name string) *introspect.Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// pgCloneTable copies a table deeply enough that renames applied to the
// copy leave the caller's model alone.
func pgCloneTable(t introspect.Table) introspect.Table {
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

// pgDiff is one diff in progress.
type pgDiff struct {
	live, want *pgSide
	opts       Options
	steps      [pgPhases][]Step
	hints      []string
	// renamed maps a table to its renamed columns, new name to old.
	renamed map[pgKey]map[string]string
	// altered are tables whose columns change type or go away: views
	// that read them must be dropped first and recreated after.
	altered map[pgKey]bool
	// keyChanged are tables whose primary key or unique keys are dropped:
	// foreign keys referencing them are dropped and added again.
	keyChanged map[pgKey]bool
	// droppedSeqs and madeSeqs are sequences a column step already drops
	// or creates.
	droppedSeqs, madeSeqs map[pgKey]bool
	// replaced are live tables dropped early and created again (a table
	// becoming a view, a new partitioning).
	replaced map[pgKey]bool
	// alteredCols are the columns of altered tables that change type or
	// go (none listed: the whole table goes); unsafeCols are the columns
	// a count cannot read in the live database (added, dropped, retyped);
	// remade are generated columns dropped and added again.
	alteredCols map[pgKey]map[string]bool
	unsafeCols  map[pgKey]map[string]bool
	remade      map[pgKey]map[string]bool
	// viewDropped and viewCreated are the views the plan drops and
	// creates (both for a recreated one).
	viewDropped, viewCreated map[pgKey]bool
	// countsOn are steps whose counts read columns the plan may change.
	countsOn []pgCountOn
	// routines are the functions, procedures and aggregates to create or
	// replace, goneRoutines the live ones that go; placeRoutines orders them.
	routines     []pgRoutine
	goneRoutines []PGFunction
}

func (d *pgDiff) add(ph pgPhase, s Step) {
	s.AtStake = -1
	d.steps[ph] = append(d.steps[ph], s)
}

// run plans everything, in an order where each part can see what the
// earlier ones decided (tables before views before triggers).
func (d *pgDiff) run() {
	d.altered, d.keyChanged = map[pgKey]bool{}, map[pgKey]bool{}
	d.droppedSeqs, d.madeSeqs, d.replaced = map[pgKey]bool{}, map[pgKey]bool{}, map[pgKey]bool{}
	d.alteredCols, d.unsafeCols, d.remade = map[pgKey]map[string]bool{}, map[pgKey]map[string]bool{}, map[pgKey]map[string]bool{}
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
func (d *pgDiff) gone(k pgKey) bool {
	w := d.want.rels[k]
	l := d.live.rels[k]
	return w == nil || l == nil || w.Kind != l.Kind || d.replaced[k]
}

func (d *pgDiff) diffSchemas() {
	for _, name := range pgSortedNames(d.want.schemas) {
		if !d.live.schemas[name] {
			d.add(phCreateSchemas, Step{SQL: "CREATE SCHEMA " + database.QuoteIdent(name), Action: "create", ObjectKind: "schema", Object: name})
		}
	}
	for _, name := range pgSortedNames(d.live.schemas) {
		if !d.want.schemas[name] {
			d.add(phDropSchemas, Step{SQL: "DROP SCHEMA " + database.QuoteIdent(name), Action: "drop", ObjectKind: "schema", Object: name,
				Destructive: true, Reason: "drops schema " + name + " (its tables are dropped by the steps before)"})
		}
	}
}

func pgSortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// pgLiteral quotes a string literal (standard_conforming_strings on).
func pgLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func pgIdents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = database.QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}
