package rows

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// UpdateRow sets several columns of the row target names in one UPDATE,
// in one transaction, only if the row still has target's version:
// otherwise nothing is written and the error is a *ConflictError. Only
// the inputs that change a value are written (Input.Same): a form sends
// every field, and a column nobody touched is never rewritten, so its
// triggers and the database's own formatting stay as they were. It
// returns the row after the change and the columns written, in table
// order; with nothing to change it writes nothing and returns the row as
// it is. The database's refusals come back as *ConstraintError naming
// the column when it can be known.
func (e *Editor) UpdateRow(ctx context.Context, target Target, values map[string]Input) (Row, []string, error) {
	for name, in := range values {
		if _, err := e.editable(name); err != nil {
			return Row{}, nil, err
		}
		if in.Default {
			return Row{}, nil, fmt.Errorf("%w: a column can be reset to its default only when inserting", ErrBadQuery)
		}
	}
	var out Row
	var set []string
	var params []any
	err := e.write(ctx, func(tx txn) error {
		cur, err := e.current(ctx, tx, 0, target)
		if err != nil {
			return err
		}
		b := newBuilder(e.Table)
		b.WriteString("UPDATE " + e.Table.Ident() + " SET ")
		for i := range e.Table.Columns {
			c := &e.Table.Columns[i]
			in, ok := values[c.Name]
			if !ok || in.Same(c, cur.Values[i]) {
				continue
			}
			p, err := e.param(c, in, cur.Values[i])
			if err != nil {
				return err
			}
			if len(set) > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quote(c.Name) + " = ")
			b.arg(p)
			set, params = append(set, c.Name), append(params, p)
		}
		if len(set) == 0 {
			out = cur
			return nil
		}
		e.Table.keyWhere(b, target.Key)
		b.WriteString(" RETURNING " + strings.Join(e.Table.keyExprs(), ", "))
		out, err = e.readBack(ctx, tx, b)
		return err
	})
	if err != nil {
		return Row{}, nil, e.explain(ctx, err, set, params)
	}
	return out, set, nil
}

// Same reports whether in, typed into a form field of column c that
// showed v (as v.String()), leaves v as it is: both NULL, or both not
// and the same text once a browser's line breaks (CRLF from a textarea)
// and the spellings of a boolean (SQLite's 1, PostgreSQL's t) are set
// aside.
func (in Input) Same(c *Column, v Value) bool {
	if in.Null || v.Null {
		return in.Null == v.Null
	}
	return canonical(c, in.Text) == canonical(c, v.String())
}

// Fingerprint is a short digest of what a form field showed or holds,
// compared as Same compares: a form carries the fingerprint of each
// value it showed, so a page told of a conflict knows which fields the
// person changed without sending every value back twice.
func Fingerprint(c *Column, in Input) string {
	h := sha256.New()
	if in.Null {
		h.Write([]byte{0})
	} else {
		h.Write([]byte{1})
		h.Write([]byte(canonical(c, in.Text)))
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:9])
}

// ValueInput is the form input that shows v unchanged.
func ValueInput(v Value) Input { return Input{Text: v.String(), Null: v.Null} }

func canonical(c *Column, s string) string {
	if c.Kind == KindBool {
		switch strings.ToLower(s) {
		case "1", "t", "true":
			return "true"
		case "0", "f", "false":
			return "false"
		}
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}
