package rows

import (
	"context"
	"fmt"

	"studio/database"
	"studio/introspect"
)

// RefOption is a row a foreign key may point to: its key and its label
// ("" when the referenced table has no label column).
type RefOption struct{ Key, Label string }

// refLimit is how many rows a foreign key's picker offers at once.
const refLimit = 20

// RefOptions lists the rows that column col's foreign key may point to
// whose key starts with q or whose label (LabelColumn) contains it,
// ignoring case: at most refLimit, by label then key, under the labels'
// timeout. m holds the referenced table (t may come from a filtered
// copy of it). A column without a single-column foreign key is a bad
// query.
func (t *Table) RefOptions(ctx context.Context, db *database.DB, m *introspect.Model, col, q string) ([]RefOption, error) {
	c := t.Column(col)
	if c == nil || c.FK == nil {
		return nil, fmt.Errorf("%w: %q is not a single-column foreign key", ErrBadQuery, col)
	}
	ref, err := m.Table(c.FK.RefSchema, c.FK.RefTable)
	if err != nil {
		return nil, err
	}
	label := LabelColumn(t.Dialect, ref)
	b := newBuilder(t)
	key := quote(c.FK.RefColumns[0])
	keyText := b.eng.asText(&Column{Name: c.FK.RefColumns[0], Kind: kindOfRef(t, ref, c.FK.RefColumns[0])})
	lab := "NULL"
	if label != "" {
		lab = fmt.Sprintf("substr(%s, 1, %d)", quote(label), labelMax)
	}
	fmt.Fprintf(b, "SELECT %s, %s FROM %s WHERE %s LIKE ", key, lab, qualified(c.FK.RefSchema, c.FK.RefTable), keyText)
	b.arg(escapeLike(q) + "%")
	b.WriteString(` ESCAPE '\'`)
	if label != "" {
		b.WriteString(" OR " + quote(label) + b.eng.ilike())
		b.arg("%" + escapeLike(q) + "%")
		b.WriteString(` ESCAPE '\'`)
	}
	fmt.Fprintf(b, " ORDER BY 2, 1 LIMIT %d", refLimit)
	qctx, cancel := context.WithTimeout(ctx, labelTimeout)
	defer cancel()
	var out []RefOption
	err = b.eng.query(qctx, db, b.String(), b.args, Sink{Row: func(v []Value) error {
		out = append(out, RefOption{Key: v[0].Text, Label: v[1].Text})
		return nil
	}})
	if err != nil {
		return nil, fmt.Errorf("rows %s.%s may point to: %w", c.FK.RefSchema, c.FK.RefTable, err)
	}
	return out, nil
}

// kindOfRef is the kind of column col of the referenced table ref.
func kindOfRef(t *Table, ref *introspect.Table, col string) Kind {
	for _, rc := range ref.Columns {
		if rc.Name == col {
			return kindOf(t.engine(), rc.Type, false)
		}
	}
	return KindOther
}
