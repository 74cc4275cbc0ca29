package rows

import (
	"context"
	"errors"

	"studio/database"
)

// ErrRowNotFound is returned when no row has the key asked for (it may
// have been deleted or its key changed meanwhile).
var ErrRowNotFound = errors.New("row not found")

// keyWhere writes "WHERE key = values" for one row.
func (t *Table) keyWhere(b *builder, key []Value) {
	b.WriteString(" WHERE ")
	for i, k := range t.keyExprs() {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString(k + " = ")
		b.value(key[i])
	}
}

// LookupSQL is the statement that reads one row by key (values, then the
// pseudo key when there is one), for callers that read inside their own
// transaction.
func (t *Table) LookupSQL(key []Value, forUpdate bool) (string, []any) {
	b := newBuilder(t)
	b.WriteString("SELECT ")
	b.selectList(t)
	b.WriteString(" FROM " + t.Ident())
	t.keyWhere(b, key)
	if forUpdate {
		b.WriteString(b.eng.rowLock())
	}
	return b.String(), b.args
}

// RowOf splits a result row read by LookupSQL into values and key.
func (t *Table) RowOf(vals []Value) Row { return t.row(vals) }

// Lookup reads one row by key.
func (t *Table) Lookup(ctx context.Context, db *database.DB, key []Value) (Row, error) {
	if len(key) != len(t.Key) || len(key) == 0 {
		return Row{}, ErrRowNotFound
	}
	query, args := t.LookupSQL(key, false)
	var out *Row
	err := t.engine().query(ctx, db, query, args, Sink{Row: func(vals []Value) error {
		if out == nil {
			r := t.row(vals)
			out = &r
		}
		return nil
	}})
	if err != nil {
		return Row{}, err
	}
	if out == nil {
		return Row{}, ErrRowNotFound
	}
	return *out, nil
}
