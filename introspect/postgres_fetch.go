package introspect

import (
	"context"
	"database/sql"
	"slices"
	"sync"
)

// pgFetch holds the rows of Inspect's catalog queries. Each query fills
// only its own field, so the queries can run concurrently; pgCatalog.apply
// then builds the model from them.
type pgFetch struct {
	schemas     []string
	relations   []pgRelation
	columns     []pgColumn
	constraints []pgConstraintRow
	indexes     []pgIndexRow
	triggers    []pgTriggerRow
	enums       []pgEnumRow
	domains     []pgDomainRow
	sequences   []pgSequenceRow
}

// pool is what *sql.DB, and types embedding it, offer besides queries: a
// Queryer that spreads concurrent queries over connections.
type pool interface {
	Conn(context.Context) (*sql.Conn, error)
}

// run sends the queries: on a pool in two lanes of about equal server
// time (the first error cancels the other lane), else one by one on q.
// Two lanes, not one per query, because a fresh connection would start
// with cold catalog caches, and database/sql keeps two idle by default.
func (f *pgFetch) run(ctx context.Context, q Queryer) error {
	lanes := [][]func(context.Context, Queryer) error{
		{f.fetchIndexes, f.fetchConstraints, f.fetchSequences, f.fetchDomains},
		{f.fetchColumns, f.fetchRelations, f.fetchTriggers, f.fetchEnums},
	}
	if _, ok := q.(pool); !ok {
		return runLane(ctx, q, slices.Concat(lanes...))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for _, lane := range lanes {
		wg.Go(func() {
			if err := runLane(ctx, q, lane); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		})
	}
	wg.Wait()
	return first
}

func runLane(ctx context.Context, q Queryer, steps []func(context.Context, Queryer) error) error {
	for _, step := range steps {
		if err := step(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// pgRelation is a relation with the Table it starts as.
type pgRelation struct {
	oid    int64
	key    relKey
	server string // a foreign table's server
	table  *Table
}

func (f *pgFetch) fetchRelations(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/relations.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgRelation
		var parent relKey
		var kind, viewDef string
		var tuples float64
		t := &Table{}
		if err := r.Scan(&x.oid, &x.key.schema, &x.key.name, &kind, &tuples, &t.SizeBytes, &t.Comment, &viewDef,
			&t.PartitionKey, &parent.schema, &parent.name, &t.PartitionBound, &x.server); err != nil {
			return err
		}
		t.Name, t.Kind, t.RowEstimate = x.key.name, pgKind(kind), rowEstimate(kind, tuples)
		t.Definition = viewSelect(viewDef)
		if parent.name != "" {
			t.PartitionOf = &TableRef{Schema: parent.schema, Name: parent.name}
		}
		x.table = t
		f.relations = append(f.relations, x)
		return nil
	})
	return wrap("read postgres relations", err)
}

// pgColumn is a column with its relation oid and attribute number.
type pgColumn struct {
	ref attRef
	col Column
}

func (f *pgFetch) fetchColumns(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/columns.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgColumn
		var dflt sql.NullString
		var notNull bool
		var generated, identity string
		if err := r.Scan(&x.ref.rel, &x.ref.num, &x.col.Name, &x.col.Type, &notNull, &dflt,
			&generated, &identity, &x.col.Collation, &x.col.Comment); err != nil {
			return err
		}
		x.col.Nullable = !notNull
		switch {
		case generated == "s":
			x.col.Generated, x.col.GeneratedKind = dflt.String, "STORED"
		case dflt.Valid:
			x.col.Default = &dflt.String
		}
		switch identity {
		case "a":
			x.col.Identity = "ALWAYS"
		case "d":
			x.col.Identity = "BY DEFAULT"
		}
		f.columns = append(f.columns, x)
		return nil
	})
	return wrap("read postgres columns", err)
}

// pgConstraintRow is a constraint with its key columns still as numbers.
type pgConstraintRow struct {
	rel, refRel                int64
	name, typ                  string
	keyNums, refNums, refNames sql.NullString
	ref                        relKey
	onDelete, onUpdate, def    string
	deferrable, deferred       bool
	inherited                  bool
}

func (f *pgFetch) fetchConstraints(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/constraints.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgConstraintRow
		if err := r.Scan(&x.rel, &x.name, &x.typ, &x.keyNums, &x.ref.schema, &x.ref.name,
			&x.refRel, &x.refNums, &x.refNames, &x.onDelete, &x.onUpdate, &x.deferrable, &x.deferred, &x.def, &x.inherited); err != nil {
			return err
		}
		f.constraints = append(f.constraints, x)
		return nil
	})
	return wrap("read postgres constraints", err)
}

// pgIndexRow is an index with its key parts still as numbers.
type pgIndexRow struct {
	rel                  int64
	index                Index
	primary, backsUnique bool
	keyNums, exprs       sql.NullString
	nKeys                int64
}

func (f *pgFetch) fetchIndexes(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/indexes.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgIndexRow
		var where sql.NullString
		ix := &x.index
		if err := r.Scan(&x.rel, &ix.Name, &ix.Unique, &x.primary, &ix.Method, &where,
			&x.keyNums, &x.nKeys, &x.exprs, &x.backsUnique, &ix.Definition, &ix.Inherited); err != nil {
			return err
		}
		if where.Valid {
			ix.Where = &where.String
		}
		f.indexes = append(f.indexes, x)
		return nil
	})
	return wrap("read postgres indexes", err)
}

type pgTriggerRow struct {
	rel     int64
	trigger Trigger
}

func (f *pgFetch) fetchTriggers(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/triggers.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgTriggerRow
		if err := r.Scan(&x.rel, &x.trigger.Name, &x.trigger.SQL); err != nil {
			return err
		}
		f.triggers = append(f.triggers, x)
		return nil
	})
	return wrap("read postgres triggers", err)
}

type pgEnumRow struct {
	schema, name string
	labels       sql.NullString
}

func (f *pgFetch) fetchEnums(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/enums.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgEnumRow
		if err := r.Scan(&x.schema, &x.name, &x.labels); err != nil {
			return err
		}
		f.enums = append(f.enums, x)
		return nil
	})
	return wrap("read postgres enums", err)
}

type pgSequenceRow struct {
	schema   string
	sequence Sequence
}

func (f *pgFetch) fetchSequences(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/sequences.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgSequenceRow
		s := &x.sequence
		if err := r.Scan(&x.schema, &s.Name, &s.DataType, &s.Start, &s.Increment, &s.Min, &s.Max,
			&s.Cycle, &s.OwnedBy); err != nil {
			return err
		}
		f.sequences = append(f.sequences, x)
		return nil
	})
	return wrap("read postgres sequences", err)
}

type pgDomainRow struct {
	schema string
	domain Domain
	checks sql.NullString
}

func (f *pgFetch) fetchDomains(ctx context.Context, q Queryer) error {
	err := each(ctx, q, mustQuery("postgres/domains.sql"), []any{f.schemas}, func(r *sql.Rows) error {
		var x pgDomainRow
		var dflt sql.NullString
		var notNull bool
		d := &x.domain
		if err := r.Scan(&x.schema, &d.Name, &d.BaseType, &notNull, &dflt, &d.Collation, &x.checks); err != nil {
			return err
		}
		d.Nullable = !notNull
		if dflt.Valid {
			d.Default = &dflt.String
		}
		f.domains = append(f.domains, x)
		return nil
	})
	return wrap("read postgres domains", err)
}
