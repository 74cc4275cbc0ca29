package rows

import (
	"context"
	"fmt"
	"strings"
	"time"

	"studio/database"
	"studio/introspect"
)

// Foreign-key actions as introspect spells them.
const (
	ActionCascade    = "CASCADE"
	ActionSetNull    = "SET NULL"
	ActionSetDefault = "SET DEFAULT"
	ActionRestrict   = "RESTRICT"
	ActionNoAction   = "NO ACTION"
)

// MaxEffectDepth bounds how far cascades are followed: a self-referencing
// cascade (a tree) could go on for as deep as the tree is.
const MaxEffectDepth = 5

// Effect is what deleting some rows does, through one foreign key, to the
// rows of a table that reference them: deletes them too (CASCADE), sets
// their key to NULL or its default, or refuses the delete (RESTRICT, NO
// ACTION) when there are any.
type Effect struct {
	Schema, Table string // the referencing table
	Key           string // the foreign key's name
	Columns       []string
	Action        string
	// Rows is how many rows it touches: exact, capped (More: at least
	// CountCap+1) or unknown (Value -1) when the time ran out.
	Rows Count
	// Depth is 1 for rows that reference the deleted rows themselves, 2
	// for rows referencing those a cascade deletes, and so on; Of is the
	// table whose rows they reference.
	Depth int
	Of    string
}

// Blocks reports whether the effect refuses the delete: a RESTRICT or NO
// ACTION key with referencing rows. With the count unknown it may block.
func (e Effect) Blocks() bool { return e.refuses() && e.Rows.Value > 0 }

// MayBlock reports a RESTRICT or NO ACTION key whose count is unknown.
func (e Effect) MayBlock() bool { return e.refuses() && e.Rows.Value < 0 }

func (e Effect) refuses() bool { return e.Action == ActionRestrict || e.Action == ActionNoAction }

// Effects are the consequences of one delete, in the order found: each
// key's effect followed by the effects of the rows it cascades to.
type Effects struct {
	List []Effect
	// Partial says some figure is a lower bound: a count capped or cut
	// by the time budget, or cascades deeper than MaxEffectDepth.
	Partial bool
}

// Blocked reports whether any effect refuses the delete.
func (es Effects) Blocked() bool {
	for _, e := range es.List {
		if e.Blocks() {
			return true
		}
	}
	return false
}

// hop is one step from a table to the rows referencing it: the
// referencing table, its key's columns and the columns they reference.
type hop struct {
	child      *Table
	cols, refs []string
}

// effectWalk carries what every count of one DeleteEffects shares.
type effectWalk struct {
	ctx  context.Context
	db   *database.DB
	m    *introspect.Model
	root *Table
	keys [][]Value
	out  Effects
}

// DeleteEffects works out, before anything is deleted, what deleting the
// rows of t with these keys does to the rows that reference them: per
// foreign key, the action and how many rows, cascades followed (and
// counted) to MaxEffectDepth. Each count is capped at CountCap and all of
// them share budget; what does not finish in time is unknown. Rows are
// counted as the row page counts references, by the key's columns; a
// table's rows that are themselves being deleted do not count against
// its self-reference.
func (t *Table) DeleteEffects(ctx context.Context, db *database.DB, m *introspect.Model, keys [][]Value, budget time.Duration) (Effects, error) {
	if len(keys) == 0 {
		return Effects{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	w := &effectWalk{ctx: ctx, db: db, m: m, root: t, keys: keys}
	if err := w.follow(t, nil, 1); err != nil {
		return Effects{}, err
	}
	return w.out, nil
}

// follow adds the effects on the tables referencing parent, whose deleted
// rows are those path leads to (nil: the root's keys).
func (w *effectWalk) follow(parent *Table, path []hop, depth int) error {
	for _, in := range parent.Incoming {
		if len(in.FK.Columns) != len(in.FK.RefColumns) || len(in.FK.Columns) == 0 {
			continue
		}
		child, err := NewTable(w.m, in.Schema, in.Table)
		if err != nil {
			return fmt.Errorf("delete effects: %w", err)
		}
		next := append(path[:len(path):len(path)], hop{child: child, cols: in.FK.Columns, refs: in.FK.RefColumns})
		e := Effect{Schema: in.Schema, Table: in.Table, Key: in.FK.Name, Columns: in.FK.Columns,
			Action: strings.ToUpper(in.FK.OnDelete), Depth: depth, Of: parent.Name}
		if e.Action == "" {
			e.Action = ActionNoAction
		}
		e.Rows, err = w.count(next)
		if err != nil {
			return err
		}
		if !e.Rows.Exact {
			w.out.Partial = true
		}
		w.out.List = append(w.out.List, e)
		if e.Action != ActionCascade || e.Rows.Value == 0 && e.Rows.Exact {
			continue
		}
		if depth >= MaxEffectDepth {
			if len(child.Incoming) > 0 {
				w.out.Partial = true
			}
			continue
		}
		if err := w.follow(child, next, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// count counts, capped, the rows of the last hop's table that reference
// the rows the path before it leads to. A timeout is an unknown count,
// not an error.
func (w *effectWalk) count(path []hop) (Count, error) {
	last := path[len(path)-1].child
	b := newBuilder(last)
	b.WriteString("SELECT count(*) FROM (SELECT 1 FROM " + last.Ident() + " WHERE ")
	w.refer(b, path)
	if last.Schema == w.root.Schema && last.Name == w.root.Name {
		// Rows being deleted anyway neither block nor get changed.
		b.WriteString(" AND NOT (")
		w.root.keysMatch(b, w.keys)
		b.WriteString(")")
	}
	b.WriteString(fmt.Sprintf(" LIMIT %d) AS capped", CountCap+1))
	if w.ctx.Err() != nil {
		return Count{Value: -1}, nil
	}
	n, err := b.eng.count(w.ctx, w.db, b.String(), b.args)
	switch {
	case w.ctx.Err() != nil && err != nil:
		return Count{Value: -1}, nil
	case err != nil:
		return Count{}, fmt.Errorf("count rows of %s: %w", last.Ident(), err)
	case n > CountCap:
		return Count{Value: n, More: true}, nil
	}
	return Count{Value: n, Exact: true}, nil
}

// refer writes the condition that a row of path's last table references
// a row the rest of path leads to: (cols) IN (SELECT refs FROM parent
// WHERE ...), down to the root's keys.
func (w *effectWalk) refer(b *builder, path []hop) {
	h := path[len(path)-1]
	parent := w.root
	if len(path) > 1 {
		parent = path[len(path)-2].child
	}
	b.WriteString(columnTuple(h.cols) + " IN (SELECT " + strings.Join(quoteAll(h.refs), ", ") + " FROM " + parent.Ident() + " WHERE ")
	if len(path) == 1 {
		parent.keysMatch(b, w.keys)
	} else {
		w.refer(b, path[:len(path)-1])
	}
	b.WriteString(")")
}

// keysMatch writes "key = k1 OR key = k2 ..." for rows by their keys.
func (t *Table) keysMatch(b *builder, keys [][]Value) {
	exprs := t.keyExprs()
	for i, key := range keys {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("(")
		for j, k := range exprs {
			if j > 0 {
				b.WriteString(" AND ")
			}
			b.WriteString(k + " = ")
			b.value(key[j])
		}
		b.WriteString(")")
	}
}

func columnTuple(cols []string) string {
	if len(cols) == 1 {
		return quote(cols[0])
	}
	return "(" + strings.Join(quoteAll(cols), ", ") + ")"
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quote(n)
	}
	return out
}
