package rows

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"studio/database"
)

// Row is one row of a page: its values in column order and the values of
// its key (the pseudo key's own value when the key is rowid/ctid).
type Row struct {
	Values []Value
	Key    []Value
}

// Page is one page of a grid.
type Page struct {
	Table *Table
	Query Query
	Rows  []Row
	// Next and Prev are the queries of the neighbouring pages, nil at the
	// ends. First is always the first page.
	Next, Prev *Query
	// offset is where the page starts in a view's result (OFFSET paging).
	offset int64
}

// At is the query that reads the page's row i alone, for a relation
// without a key (a view): its place in the same filtered, sorted result.
// A view has nothing else that names a row; an eq filter per column
// would miss NULLs, JSON and SQLite's untyped expression columns.
// Tables have keys and never need it.
func (p *Page) At(i int) Query {
	q := p.Query.FirstPage()
	q.Limit = 1
	q.After = encodeCursor(cursor{Offset: p.offset + int64(i)})
	return q
}

// Complete reports that the page holds every row its query matches: it
// has no neighbour either way.
func (p *Page) Complete() bool { return p.Next == nil && p.Prev == nil }

// MatchCount is how many rows match the page's query, without holding the
// page up unless asked: a complete page counts itself; exact counts every
// matching row under ctx's deadline; otherwise it is the planner's
// estimate (estimate true, Value -1 when there is none).
func (p *Page) MatchCount(ctx context.Context, db *database.DB, exact bool) (n Count, estimate bool, err error) {
	switch {
	case p.Complete():
		return Count{Value: int64(len(p.Rows)), Exact: true}, false, nil
	case exact:
		n, err = p.Table.CountRows(ctx, db, p.Query.Filters, 0, 0)
		return n, false, err
	}
	n, err = p.Table.Estimate(ctx, db, p.Query.Filters)
	if err != nil {
		n = Count{Value: -1}
	}
	return n, true, nil
}

// Fetch reads the page q asks for. Tables are paged by key: the page after
// a cursor starts with a seek on (sort column, key), so a page deep in the
// table costs what the first does.
func (t *Table) Fetch(ctx context.Context, db *database.DB, q Query) (*Page, error) {
	bound, err := t.bind(ctx, db, q.Filters)
	if err != nil {
		return nil, err
	}
	asked := q
	q.Filters = bound
	st, err := t.pageStatement(q)
	if err != nil {
		return nil, err
	}
	p := &Page{Table: t, Query: asked, offset: st.offset}
	err = t.engine().query(ctx, db, st.sql, st.args, Sink{Row: func(vals []Value) error {
		p.Rows = append(p.Rows, t.row(vals))
		return nil
	}})
	if err != nil {
		return nil, err
	}
	more := len(p.Rows) > q.Limit
	if more {
		p.Rows = p.Rows[:q.Limit]
	}
	if st.reversed {
		slices.Reverse(p.Rows)
	}
	t.links(p, st, more)
	return p, nil
}

// row splits a result row into the shown values and the key.
func (t *Table) row(vals []Value) Row {
	n := len(t.Columns)
	r := Row{Values: slices.Clone(vals[:n])}
	if t.Pseudo {
		r.Key = []Value{vals[n]}
		return r
	}
	for _, k := range t.Key {
		for i, c := range t.Columns {
			if c.Name == k {
				r.Key = append(r.Key, vals[i])
			}
		}
	}
	return r
}

// links sets the neighbouring pages. more says the statement found a row
// beyond the page in the direction it read.
func (t *Table) links(p *Page, st statement, more bool) {
	q := p.Query.FirstPage()
	if !t.Paged() {
		if more {
			n := q
			n.After = encodeCursor(cursor{Offset: st.offset + int64(q.Limit)})
			p.Next = &n
		}
		if st.offset > 0 {
			pr := q
			if st.offset > int64(q.Limit) {
				pr.After = encodeCursor(cursor{Offset: st.offset - int64(q.Limit)})
			}
			p.Prev = &pr
		}
		return
	}
	if len(p.Rows) == 0 {
		if p.Query.After != "" || p.Query.Before != "" {
			p.Prev = &q // lost our place: offer the start again
		}
		return
	}
	backwards := st.reversed
	hasNext := (!backwards && more) || (backwards && !p.Query.Last)
	hasPrev := (backwards && more) || (!backwards && p.Query.After != "")
	if hasNext {
		n := q
		n.After = encodeCursor(t.cursorAt(p.Rows[len(p.Rows)-1], q))
		p.Next = &n
	}
	if hasPrev {
		pr := q
		pr.Before = encodeCursor(t.cursorAt(p.Rows[0], q))
		p.Prev = &pr
	}
}

// cursorAt is the cursor of one row under q's sort.
func (t *Table) cursorAt(r Row, q Query) cursor {
	var c cursor
	if q.Sort != "" {
		for i, col := range t.Columns {
			if col.Name == q.Sort {
				c.Values = append(c.Values, r.Values[i])
			}
		}
	}
	c.Values = append(c.Values, r.Key...)
	return c
}

// statement is a page's SQL and what it means for the links.
type statement struct {
	sql      string
	args     []any
	reversed bool  // read in the opposite order; rows come back reversed
	offset   int64 // OFFSET paging only
}

func (t *Table) pageStatement(q Query) (statement, error) {
	b := newBuilder(t)
	b.WriteString("SELECT ")
	b.selectList(t)
	b.WriteString(" FROM " + t.Ident())
	b.where(t, q.Filters)
	if !t.Paged() {
		return t.offsetStatement(b, q)
	}
	reversed := q.Before != "" || q.Last
	desc := q.Desc != reversed
	cur := q.After
	if q.Before != "" {
		cur = q.Before
	}
	if cur != "" {
		n := len(t.Key)
		if q.Sort != "" {
			n++
		}
		c, err := decodeCursor(cur, n)
		if err != nil {
			return statement{}, err
		}
		if len(q.Filters) == 0 {
			b.WriteString(" WHERE ")
		} else {
			b.WriteString(" AND ")
		}
		t.seek(b, q, c, desc)
	}
	t.orderBy(b, q.Sort, desc)
	b.WriteString(fmt.Sprintf(" LIMIT %d", q.Limit+1))
	return statement{sql: b.String(), args: b.args, reversed: reversed}, nil
}

func (t *Table) offsetStatement(b *builder, q Query) (statement, error) {
	var off int64
	if q.After != "" {
		c, err := decodeCursor(q.After, 0)
		if err != nil {
			return statement{}, err
		}
		off = c.Offset
	}
	if q.Before != "" || q.Last {
		return statement{}, fmt.Errorf("%w: views are paged forward only", ErrBadQuery)
	}
	if q.Sort != "" {
		b.WriteString(" ORDER BY " + b.eng.sortRef(t, q.Sort) + dir(q.Desc))
	}
	b.WriteString(fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit+1, off))
	return statement{sql: b.String(), args: b.args, offset: off}, nil
}

func dir(desc bool) string {
	if desc {
		return " DESC"
	}
	return ""
}

// orderBy sorts by the sort column, then the key in the same direction so
// ties are stable and one index on (column, key) serves the scan. NULLs
// take each dialect's default place so indexes still apply; seek follows.
func (t *Table) orderBy(b *builder, sort string, desc bool) {
	b.WriteString(" ORDER BY ")
	if sort != "" {
		b.WriteString(b.eng.sortRef(t, sort) + dir(desc) + ", ")
	}
	for i, k := range t.keyExprs() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k + dir(desc))
	}
}

// seek writes the condition "comes after cursor c" in the order being
// read.
func (t *Table) seek(b *builder, q Query, c cursor, desc bool) {
	op := " > "
	if desc {
		op = " < "
	}
	keys := c.Values
	if q.Sort == "" {
		t.tuple(b, t.keyExprs(), keys, op)
		return
	}
	sv, keys := c.Values[0], c.Values[1:]
	col := quote(q.Sort)
	nullsLast := b.eng.nullsLast(desc)
	switch {
	case sv.Null && nullsLast:
		b.WriteString("(" + col + " IS NULL AND ")
		t.tuple(b, t.keyExprs(), keys, op)
		b.WriteString(")")
	case sv.Null:
		b.WriteString("((" + col + " IS NULL AND ")
		t.tuple(b, t.keyExprs(), keys, op)
		b.WriteString(") OR " + col + " IS NOT NULL)")
	case !t.Column(q.Sort).Nullable:
		// One row comparison lets the planner range-scan an index.
		t.tuple(b, append([]string{col}, t.keyExprs()...), c.Values, op)
	default:
		b.WriteString("(" + col + op)
		b.value(sv)
		b.WriteString(" OR (" + col + " = ")
		b.value(sv)
		b.WriteString(" AND ")
		t.tuple(b, t.keyExprs(), keys, op)
		b.WriteString(")")
		if nullsLast {
			b.WriteString(" OR " + col + " IS NULL")
		}
		b.WriteString(")")
	}
}

// tuple writes (a, b) op (?, ?), or a op ? for one column.
func (t *Table) tuple(b *builder, exprs []string, vals []Value, op string) {
	if len(exprs) == 1 {
		b.WriteString(exprs[0] + op)
		b.value(vals[0])
		return
	}
	b.WriteString("(")
	for i, e := range exprs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e)
	}
	b.WriteString(")" + op + "(")
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		b.value(v)
	}
	b.WriteString(")")
}

// Version fingerprints a row as it was shown: an update or delete carries
// it, and the change happens only while the row still matches.
func (r Row) Version() string { return Version(r.Values) }

// Version fingerprints values (kind, NULL and text of each).
func Version(vals []Value) string {
	h := sha256.New()
	var head [1 + binary.MaxVarintLen64]byte
	for _, v := range vals {
		if v.Null {
			h.Write([]byte{0})
			continue
		}
		// Kind (never 0xff) and length first, so no two rows share an input.
		head[0] = byte(v.Kind) + 1
		n := binary.PutUvarint(head[1:], uint64(len(v.Text)))
		h.Write(head[:1+n])
		io.WriteString(h, v.Text)
	}
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.EncodeToString(h.Sum(sum[:0])[:18])
}
