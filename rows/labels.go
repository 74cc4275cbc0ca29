package rows

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"studio/database"
	"studio/introspect"
)

// Labels name the rows that foreign-key cells point to: per column of the
// referencing table, the referenced row's label by the key's text.
type Labels map[string]map[string]string

// Of is the label of value v of column col, "" when there is none.
func (l Labels) Of(col string, v Value) string {
	if v.Null {
		return ""
	}
	return l[col][v.Text]
}

// labelTimeout bounds each label query: labels decorate a page and must
// never hold it up.
const labelTimeout = time.Second

// labelMax is how much of a label is read; the grid shows one line.
const labelMax = 100

// LabelColumn is the column that names a table's rows for a reader, or ""
// when there is none: a text column (by declared type; SQLite's TEXT
// affinity) that is neither in the primary key nor a foreign key. One
// named like a name (name, title, label, display_name, ...) wins, else
// the first. An album's artist reads as its name, a user as the display
// name rather than the e-mail.
func LabelColumn(dialect database.Dialect, it *introspect.Table) string {
	fk := map[string]bool{}
	for _, k := range it.ForeignKeys {
		for _, c := range k.Columns {
			fk[c] = true
		}
	}
	var texts []string
	for _, c := range it.Columns {
		if !c.PrimaryKey && !slices.Contains(it.PrimaryKey, c.Name) && !fk[c.Name] && kindOf(engineOf(dialect), c.Type, false) == KindText {
			texts = append(texts, c.Name)
		}
	}
	for _, want := range labelNames {
		for _, name := range texts {
			if strings.EqualFold(strings.ReplaceAll(name, "_", ""), want) {
				return name
			}
		}
	}
	for _, name := range texts {
		if low := strings.ToLower(name); strings.HasSuffix(low, "name") || strings.HasSuffix(low, "title") {
			return name
		}
	}
	if len(texts) == 0 {
		return ""
	}
	return texts[0]
}

// labelNames are the column names that name a row, best first, compared
// without underscores and case.
var labelNames = []string{"name", "title", "label", "displayname", "fullname", "username", "slug", "email"}

// FetchLabels reads the labels of the rows that rs point to through each
// single-column foreign key of t that is shown: one query per key for the
// whole page, never one per cell, with the page's distinct values as
// parameters. Keys whose table has no label column are skipped. m is the
// model t was built from.
func (t *Table) FetchLabels(ctx context.Context, db *database.DB, m *introspect.Model, rs []Row, shown func(col string) bool) (Labels, error) {
	out := Labels{}
	for i, c := range t.Columns {
		if c.FK == nil || !shown(c.Name) {
			continue
		}
		ref, err := m.Table(c.FK.RefSchema, c.FK.RefTable)
		if err != nil {
			continue // a key into a table the model does not hold (filtered out)
		}
		label := LabelColumn(t.Dialect, ref)
		vals := distinct(rs, i)
		if label == "" || len(vals) == 0 {
			continue
		}
		st, args := labelStatement(t, c.FK, label, vals)
		got := map[string]string{}
		qctx, cancel := context.WithTimeout(ctx, labelTimeout)
		err = t.engine().query(qctx, db, st, args, Sink{Row: func(v []Value) error {
			if !v[0].Null && !v[1].Null && v[1].Text != "" {
				got[v[0].Text] = v[1].Text
			}
			return nil
		}})
		cancel()
		if err != nil {
			return out, fmt.Errorf("labels of %s.%s: %w", c.FK.RefSchema, c.FK.RefTable, err)
		}
		out[c.Name] = got
	}
	return out, nil
}

// distinct are the non-NULL values of column i on rs, each once.
func distinct(rs []Row, i int) []Value {
	seen := map[string]bool{}
	var out []Value
	for _, r := range rs {
		v := r.Values[i]
		if v.Null || seen[v.Text] {
			continue
		}
		seen[v.Text] = true
		out = append(out, v)
	}
	return out
}

// labelStatement is SELECT key, label FROM parent WHERE key IN (...). The
// list is padded to a power of two with repeats of its last value, so a
// foreign key has a dozen statement shapes, not one per count (SQLite's
// prepared statements are kept by text).
func labelStatement(t *Table, fk *introspect.ForeignKey, label string, vals []Value) (string, []any) {
	b := newBuilder(t)
	key := quote(fk.RefColumns[0])
	fmt.Fprintf(b, "SELECT %s, substr(%s, 1, %d) FROM %s WHERE %s IN (", key, quote(label), labelMax, qualified(fk.RefSchema, fk.RefTable), key)
	n := 1 << bits.Len(uint(len(vals)-1))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.value(vals[min(i, len(vals)-1)])
	}
	b.WriteString(")")
	return b.String(), b.args
}
