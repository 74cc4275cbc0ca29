package rows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
)

// ErrConflict is wrapped by every ConflictError: the row changed or went
// away since it was shown, so nothing was written.
var ErrConflict = errors.New("the row changed since it was shown")

// ErrReadOnly is wrapped when rows of a table cannot be changed; the
// message says why.
var ErrReadOnly = errors.New("read-only")

// ConflictError says which row no longer matches what the user saw.
type ConflictError struct {
	// Index is the target's position in the request (0 for one row).
	Index int
	Key   []Value
	// Current is the row as it is now; nil when it is gone (deleted, or
	// its key changed).
	Current *Row
}

func (e *ConflictError) Error() string {
	if e.Current == nil {
		return "the row was deleted (or its key changed) since it was shown; nothing was written"
	}
	return "the row was changed by someone else since it was shown; nothing was written"
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Input is one value from a form: Text as the database prints values of
// the column's type (bytea/blob as \x hex), or NULL, or the column's
// default (inserts only).
type Input struct {
	Text    string
	Null    bool
	Default bool
}

// Target names a row as it was shown: its key and its Version.
type Target struct {
	Key     []Value
	Version string
}

// TargetToken is a row as a form value: "<KeyToken>.<Version>".
func (t *Table) TargetToken(r Row) string { return t.KeyToken(r) + "." + r.Version() }

// ParseTarget reads a TargetToken; a damaged one wraps ErrBadQuery.
func (t *Table) ParseTarget(s string) (Target, error) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 || i == len(s)-1 {
		return Target{}, fmt.Errorf("%w: the row reference %q is damaged; reload the page", ErrBadQuery, s)
	}
	key, err := t.DecodeKey(s[:i])
	if err != nil {
		return Target{}, err
	}
	return Target{Key: key, Version: s[i+1:]}, nil
}

// Editor changes the rows of one table: every change runs in its own
// transaction and touches a row only while it still has the version the
// user saw. Build it with NewEditor.
type Editor struct {
	Table *Table
	db    *database.DB
	// model is the introspected table: its constraints tell which column a
	// violation is about.
	model *introspect.Table
}

// NewEditor returns the editor of a table in m. It returns an error
// wrapping ErrReadOnly, saying why, when the table's rows cannot be
// changed (views, tables without a usable key), and introspect.ErrNotFound
// when there is no such table.
func NewEditor(db *database.DB, m *introspect.Model, schema, name string) (*Editor, error) {
	t, err := NewTable(m, schema, name)
	if err != nil {
		return nil, err
	}
	if !t.Editable() {
		return nil, fmt.Errorf("%w: %s", ErrReadOnly, t.ReadOnly)
	}
	it, err := m.Table(schema, name)
	if err != nil {
		return nil, err
	}
	return &Editor{Table: t, db: db, model: it}, nil
}

// Defaulted reports whether the database fills the column when an insert
// leaves it out: it has a default, is computed or an identity, or is
// SQLite's rowid alias (INTEGER PRIMARY KEY).
func (e *Editor) Defaulted(col string) bool {
	c := e.Table.Column(col)
	if c == nil {
		return false
	}
	if c.Default != "" || c.Computed {
		return true
	}
	for _, mc := range e.model.Columns {
		if mc.Name == col && mc.Identity != "" {
			return true
		}
	}
	return e.Table.engine().autoKey(e.model, col)
}

// index is the position of a column among the table's columns.
func (e *Editor) index(col string) int {
	return slices.IndexFunc(e.Table.Columns, func(c Column) bool { return c.Name == col })
}

// editable returns the column a form names, refusing computed ones.
func (e *Editor) editable(col string) (*Column, error) {
	c := e.Table.Column(col)
	switch {
	case c == nil:
		return nil, fmt.Errorf("%w: no column %q in %s", ErrBadQuery, col, e.Table.Name)
	case c.Computed:
		return nil, fmt.Errorf("%w: %q is computed by the database and cannot be set", ErrBadQuery, col)
	}
	return c, nil
}

// Update sets one column of the row target names, only if the row still
// has target's version: otherwise nothing is written and the error is a
// *ConflictError. It returns the row as it is after the change. The
// database's refusals (constraints, values that are not of the column's
// type) come back as *ConstraintError.
func (e *Editor) Update(ctx context.Context, target Target, col string, in Input) (Row, error) {
	c, err := e.editable(col)
	if err != nil {
		return Row{}, err
	}
	if in.Default {
		return Row{}, fmt.Errorf("%w: a column can be reset to its default only when inserting", ErrBadQuery)
	}
	var out Row
	err = e.write(ctx, func(tx txn) error {
		cur, err := e.current(ctx, tx, 0, target)
		if err != nil {
			return err
		}
		p, err := e.param(c, in, cur.Values[e.index(col)])
		if err != nil {
			return err
		}
		b := newBuilder(e.Table)
		b.WriteString("UPDATE " + e.Table.Ident() + " SET " + quote(col) + " = ")
		b.arg(p)
		e.Table.keyWhere(b, target.Key)
		b.WriteString(" RETURNING " + strings.Join(e.Table.keyExprs(), ", "))
		out, err = e.readBack(ctx, tx, b)
		return err
	})
	if err != nil {
		return Row{}, e.explain(ctx, err, []string{col}, nil)
	}
	return out, nil
}

// Delete deletes the rows targets name in one transaction. If any of them
// changed or went away since it was shown, nothing is deleted and the
// error is a *ConflictError naming it. It returns how many rows it deleted.
func (e *Editor) Delete(ctx context.Context, targets []Target) (int, error) {
	if len(targets) == 0 {
		return 0, fmt.Errorf("%w: no rows selected", ErrBadQuery)
	}
	err := e.write(ctx, func(tx txn) error {
		for i, tg := range targets {
			if _, err := e.current(ctx, tx, i, tg); err != nil {
				return err
			}
			b := newBuilder(e.Table)
			b.WriteString("DELETE FROM " + e.Table.Ident())
			e.Table.keyWhere(b, tg.Key)
			if _, err := tx.exec(ctx, b.String(), b.args); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, e.explain(ctx, err, nil, nil)
	}
	return len(targets), nil
}

// Insert adds one row. Columns missing from values, or given as Default,
// are left to the database; naming a computed column is an error. It
// returns the new row as stored.
func (e *Editor) Insert(ctx context.Context, values map[string]Input) (Row, error) {
	for name := range values {
		if _, err := e.editable(name); err != nil {
			return Row{}, err
		}
	}
	// Table order, so the statement (and a $n in an error) is predictable.
	var cols []string
	var params []any
	for i := range e.Table.Columns {
		c := &e.Table.Columns[i]
		in, ok := values[c.Name]
		if !ok || in.Default {
			continue
		}
		p, err := e.param(c, in, Value{Null: true})
		if err != nil {
			return Row{}, err
		}
		cols, params = append(cols, c.Name), append(params, p)
	}
	b := newBuilder(e.Table)
	e.insertSQL(b, cols, params)
	var out Row
	err := e.write(ctx, func(tx txn) error {
		var err error
		out, err = e.readBack(ctx, tx, b)
		return err
	})
	if err != nil {
		return Row{}, e.explain(ctx, err, cols, params)
	}
	return out, nil
}

// insertSQL writes INSERT ... RETURNING the key.
func (e *Editor) insertSQL(b *builder, cols []string, params []any) {
	b.WriteString("INSERT INTO " + e.Table.Ident())
	if len(cols) == 0 {
		b.WriteString(" DEFAULT VALUES")
	} else {
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = quote(c)
		}
		b.WriteString(" (" + strings.Join(quoted, ", ") + ") VALUES (")
		for i, p := range params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.arg(p)
		}
		b.WriteString(")")
	}
	b.WriteString(" RETURNING " + strings.Join(e.Table.keyExprs(), ", "))
}

// current reads the row target names inside tx, locking it where the
// dialect can, and checks it still has the version the user saw.
func (e *Editor) current(ctx context.Context, tx txn, i int, tg Target) (Row, error) {
	r, ok, err := e.lookup(ctx, tx, tg.Key)
	switch {
	case err != nil:
		return Row{}, err
	case !ok:
		return Row{}, &ConflictError{Index: i, Key: tg.Key}
	case r.Version() != tg.Version:
		return Row{}, &ConflictError{Index: i, Key: tg.Key, Current: &r}
	}
	return r, nil
}

// lookup reads one row by key inside tx; ok is false when there is none.
func (e *Editor) lookup(ctx context.Context, tx txn, key []Value) (Row, bool, error) {
	query, args := e.Table.LookupSQL(key, true)
	var out *Row
	err := tx.query(ctx, query, args, func(vals []Value) error {
		if out == nil {
			r := e.Table.RowOf(vals)
			out = &r
		}
		return nil
	})
	if err != nil {
		return Row{}, false, fmt.Errorf("read the row: %w", err)
	}
	if out == nil {
		return Row{}, false, nil
	}
	return *out, true, nil
}

// readBack runs a statement that returns the changed row's key and reads
// that row through the same SELECT the grid uses, so its Version matches
// what a page shows next.
func (e *Editor) readBack(ctx context.Context, tx txn, b *builder) (Row, error) {
	var key []Value
	err := tx.query(ctx, b.String(), b.args, func(vals []Value) error {
		key = slices.Clone(vals)
		return nil
	})
	if err != nil {
		return Row{}, err
	}
	if key == nil {
		return Row{}, fmt.Errorf("the database reported no changed row (a trigger may have skipped it)")
	}
	r, ok, err := e.lookup(ctx, tx, key)
	if err == nil && !ok {
		err = fmt.Errorf("the changed row cannot be read back (a trigger may have changed its key)")
	}
	return r, err
}
