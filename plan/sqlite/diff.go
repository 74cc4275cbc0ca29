// Package sqlite is plan's SQLite planner: it diffs two SQLite models into
// the statements that turn one into the other (ALTER TABLE where SQLite
// allows it, else the documented 12-step rebuild; views, triggers and
// indexes dropped and created around the tables they name) and applies a
// plan on one pinned connection with foreign keys off and checked before
// COMMIT. plan chooses it by dialect; callers use plan, not this package.
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

// side is one schema (live or desired) indexed by lower-case name.
type side struct {
	rels     map[string]*introspect.Table // tables, virtual tables, views
	names    []string                     // keys of rels, sorted
	indexes  map[string]index             // CREATE INDEX indexes
	triggers map[string]trigger
}

// index is an index with the lower-case name of its table.
type index struct {
	table string
	ix    introspect.Index
}

// trigger is a trigger with the lower-case name of its table or view.
type trigger struct {
	table string
	tr    introspect.Trigger
}

// diff holds one diff's decisions while it is planned.
type diff struct {
	live, want *side
	// renames maps a lower-case table name to its column renames (lower
	// old name -> new name as desired spells it).
	renames map[string]map[string]string
	// gone and added are relations only on one side (a kind change is
	// both); changed are tables and virtual tables on both sides that
	// differ.
	gone, added map[string]bool
	changed     map[string]*tableChange
	// rebuilt are relations dropped and created again under their name
	// (rebuilds, recreated virtual tables): their indexes and triggers go
	// with them and whatever names them must be dropped first.
	rebuilt map[string]bool
	// dropViews and dropTriggers are views and triggers dropped before
	// the tables change (gone, changed, or naming something that does).
	dropViews, dropTriggers map[string]bool
	hints                   []string
	fkOff                   bool
}

// tableChange is how one table or virtual table changes.
type tableChange struct {
	name       string // lower-case
	live, want *introspect.Table
	steps      []step.Step
	// droppedCols are columns removed with ALTER TABLE DROP COLUMN, which
	// SQLite refuses while a view or trigger names them.
	droppedCols map[string]bool
}

// Diff plans the SQLite changes that turn live into desired. SQLite keeps
// the CREATE statement of every object, so objects are created from the
// desired statements verbatim and compared on their normalised text;
// tables change with ALTER TABLE where SQLite allows it and are otherwise
// rebuilt (the documented 12 steps). See the phases in plan below.
// renames maps "table.old" to a column's new name (see plan.Options).
func Diff(live, desired *introspect.Model, renames map[string]string) (*step.Plan, error) {
	for _, s := range desired.Schemas {
		if s.Name != "main" && len(s.Tables) > 0 {
			return nil, fmt.Errorf("desired schema: tables in attached database %s: push plans the main database only", s.Name)
		}
	}
	d := &diff{live: newSide(live), want: newSide(desired), gone: map[string]bool{}, added: map[string]bool{},
		changed: map[string]*tableChange{}, rebuilt: map[string]bool{},
		dropViews: map[string]bool{}, dropTriggers: map[string]bool{}}
	var err error
	if d.renames, err = d.parseRenames(renames); err != nil {
		return nil, err
	}
	if err := d.classify(); err != nil {
		return nil, err
	}
	d.dependents()
	return d.plan(), nil
}

// plan puts the steps in an order that runs: first the views and
// triggers that go or would break, then indexes that go, then tables
// (drops children first, creates parents first, then changes), virtual
// tables, and finally indexes, views (before triggers, as INSTEAD OF
// triggers need their view) and triggers.
func (d *diff) plan() *step.Plan {
	p := &step.Plan{Dialect: database.SQLite, Steps: []step.Step{}}
	for _, phase := range []func() []step.Step{
		d.dropTriggerSteps, d.dropViewSteps, d.dropIndexSteps, d.dropTableSteps,
		d.createTableSteps, d.changeTableSteps, d.virtualSteps,
		d.createIndexSteps, d.createViewSteps, d.createTriggerSteps,
	} {
		p.Steps = append(p.Steps, phase()...)
	}
	p.ForeignKeysOff = d.fkOff
	p.Hints = d.hints
	return p
}

// newSide indexes the main schema of a SQLite model. Other schemas
// (attached databases) are not planned.
func newSide(m *introspect.Model) *side {
	s := &side{rels: map[string]*introspect.Table{}, indexes: map[string]index{},
		triggers: map[string]trigger{}}
	for si := range m.Schemas {
		sc := &m.Schemas[si]
		if sc.Name != "main" {
			continue
		}
		for ti := range sc.Tables {
			s.add(&sc.Tables[ti])
		}
	}
	slices.Sort(s.names)
	return s
}

func (s *side) add(t *introspect.Table) {
	key := strings.ToLower(t.Name)
	s.rels[key] = t
	s.names = append(s.names, key)
	for _, ix := range t.Indexes {
		if ix.Definition != "" {
			s.indexes[strings.ToLower(ix.Name)] = index{table: key, ix: ix}
		}
	}
	for _, tr := range t.Triggers {
		s.triggers[strings.ToLower(tr.Name)] = trigger{table: key, tr: tr}
	}
}

// kind is a relation's kind, or "" when the side lacks it.
func (s *side) kind(name string) string {
	if t := s.rels[name]; t != nil {
		return t.Kind
	}
	return ""
}

// classify decides, for every table and virtual table, whether it is
// added, gone, unchanged or changed (and how), and which views changed.
func (d *diff) classify() error {
	for _, name := range d.live.names {
		lk, wk := d.live.kind(name), d.want.kind(name)
		switch {
		case wk == "" || wk != lk:
			d.gone[name] = true
			if lk == introspect.KindView {
				d.dropViews[name] = true
			}
		case lk == introspect.KindView:
			if sameSQL(d.live.rels[name].DDL, d.want.rels[name].DDL) {
				continue
			}
			d.dropViews[name] = true
		default:
			if err := d.classifyTable(name); err != nil {
				return err
			}
		}
	}
	for _, name := range d.want.names {
		if lk := d.live.kind(name); lk == "" || lk != d.want.kind(name) {
			d.added[name] = true
		}
	}
	return nil
}

// classifyTable plans a table or virtual table present on both sides.
func (d *diff) classifyTable(name string) error {
	lt, wt := d.live.rels[name], d.want.rels[name]
	lc, err := sqliteddl.ParseTable(lt.DDL)
	if err != nil {
		return fmt.Errorf("live table %s: %w", lt.Name, err)
	}
	wc, err := sqliteddl.ParseTable(wt.DDL)
	if err != nil {
		return fmt.Errorf("desired table %s: %w", wt.Name, err)
	}
	if canonical(lc, nil) == canonical(wc, nil) {
		return nil
	}
	c := &tableChange{name: name, live: lt, want: wt}
	d.changed[name] = c
	if lt.Kind == introspect.KindVirtual {
		c.steps = d.virtualChange(c, lc, wc)
		return nil
	}
	d.hintRenames(c)
	if steps, ok := d.alterPath(c, lc, wc); ok {
		c.steps = steps
		return nil
	}
	c.steps = d.rebuild(c, lc, wc)
	return nil
}

// sameSQL compares two statements on their normalised tokens.
func sameSQL(a, b string) bool {
	return norm(sqliteddl.Tokenize(a), nil) == norm(sqliteddl.Tokenize(b), nil)
}

// countSQL counts, reading at most 1,000,001 rows, the rows of table
// matching cond ("" for all).
func count(table, cond string) string {
	where := ""
	if cond != "" {
		where = " WHERE " + cond
	}
	return "SELECT count(*) FROM (SELECT 1 FROM " + database.QuoteIdent(table) + where + " LIMIT 1000001)"
}
