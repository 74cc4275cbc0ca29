package rows

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Op is a filter operator.
type Op string

// Filter operators, as they appear in URLs (op.column=value).
const (
	OpEq       Op = "eq"
	OpNe       Op = "ne"
	OpLt       Op = "lt"
	OpLe       Op = "le"
	OpGt       Op = "gt"
	OpGe       Op = "ge"
	OpContains Op = "contains"
	OpStarts   Op = "starts"
	OpLike     Op = "like"
	OpILike    Op = "ilike"
	OpNull     Op = "null"
	OpNotNull  Op = "notnull"
	OpIn       Op = "in"
	OpBetween  Op = "between"
)

// Ops lists every operator in the order forms offer them.
var Ops = []Op{OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpBetween, OpContains, OpStarts, OpLike, OpILike, OpNull, OpNotNull, OpIn}

// OpLabel is how an operator reads in a form.
func OpLabel(o Op) string {
	return map[Op]string{OpEq: "=", OpNe: "≠", OpLt: "<", OpLe: "≤", OpGt: ">", OpGe: "≥",
		OpContains: "contains", OpStarts: "starts with", OpLike: "LIKE", OpILike: "ILIKE",
		OpNull: "is null", OpNotNull: "is not null", OpIn: "in list", OpBetween: "between"}[o]
}

// Page sizes.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
	maxInValues  = 200
)

// Filter is one condition; conditions are AND-ed.
type Filter struct {
	Column string
	Op     Op
	Value  string
}

// Query is what a grid URL asks for. The zero value is the first page in
// key order.
type Query struct {
	Filters []Filter
	Sort    string
	Desc    bool
	Limit   int
	After   string // cursor: rows after this one
	Before  string // cursor: rows before this one
	Last    bool   // the last page
	Hidden  []string
}

// OpsFor returns the operators that fit a column's kind.
func OpsFor(k Kind) []Op {
	switch k {
	case KindBinary:
		return []Op{OpNull, OpNotNull}
	case KindBool:
		return []Op{OpEq, OpNe, OpNull, OpNotNull}
	case KindJSON:
		return []Op{OpContains, OpStarts, OpLike, OpILike, OpNull, OpNotNull}
	case KindEnum:
		return []Op{OpEq, OpNe, OpIn, OpNull, OpNotNull, OpLt, OpLe, OpGt, OpGe, OpBetween}
	}
	return Ops
}

// ParseQuery reads a grid URL's parameters and checks them against t:
// unknown columns, operators that do not fit a column's type, bad sizes and
// conflicting cursors wrap ErrBadQuery. A value that does not fit its
// column's type is a *FilterError (which wraps ErrBadQuery too); then the
// Query returned holds every filter as it was typed, so the form can show
// them again beside the reason.
func ParseQuery(v url.Values, t *Table) (Query, error) {
	q := Query{Limit: DefaultLimit}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys) // filters in a stable order, whatever the map does
	for _, k := range keys {
		if err := q.set(k, v[k], t); err != nil {
			return Query{}, err
		}
	}
	if (q.After != "") && (q.Before != "" || q.Last) || q.Before != "" && q.Last {
		return Query{}, fmt.Errorf("%w: use only one of after, before and last", ErrBadQuery)
	}
	for i, f := range q.Filters {
		if why := checkValue(t.Column(f.Column), f.Op, f.Value); why != "" {
			return q, &FilterError{Index: i, Column: f.Column, Reason: why}
		}
	}
	return q, nil
}

func (q *Query) set(k string, vals []string, t *Table) error {
	last := vals[len(vals)-1]
	switch k {
	case "sort":
		name := strings.TrimPrefix(last, "-")
		if name == "" {
			return nil
		}
		c := t.Column(name)
		if c == nil {
			return fmt.Errorf("%w: cannot sort by %q: no such column", ErrBadQuery, name)
		}
		if !c.Sortable() {
			return fmt.Errorf("%w: cannot sort by %q: %s values have no order", ErrBadQuery, name, c.Type)
		}
		q.Sort, q.Desc = name, strings.HasPrefix(last, "-")
	case "limit":
		n, err := strconv.Atoi(last)
		if err != nil || n < 1 || n > MaxLimit {
			return fmt.Errorf("%w: limit must be a number from 1 to %d", ErrBadQuery, MaxLimit)
		}
		q.Limit = n
	case "after":
		q.After = last
	case "before":
		q.Before = last
	case "last":
		q.Last = last != "" && last != "0" && last != "false"
	case "hide":
		for _, h := range vals {
			if t.Column(h) != nil && !slices.Contains(q.Hidden, h) {
				q.Hidden = append(q.Hidden, h)
			}
		}
	default:
		return q.addFilters(k, vals, t)
	}
	return nil
}

// addFilters reads op.column=value parameters; other parameters are
// ignored so links can carry their own (htmx adds some).
func (q *Query) addFilters(k string, vals []string, t *Table) error {
	op, col, ok := strings.Cut(k, ".")
	if !ok || !slices.Contains(Ops, Op(op)) {
		return nil
	}
	c := t.Column(col)
	if c == nil {
		return fmt.Errorf("%w: cannot filter on %q: no such column", ErrBadQuery, col)
	}
	if !slices.Contains(OpsFor(c.Kind), Op(op)) {
		return fmt.Errorf("%w: %q does not apply to column %q (%s)", ErrBadQuery, OpLabel(Op(op)), col, c.Type)
	}
	for _, v := range vals {
		f := Filter{Column: col, Op: Op(op), Value: v}
		if err := f.check(c); err != nil {
			return err
		}
		q.Filters = append(q.Filters, f)
	}
	return nil
}

func (f Filter) check(c *Column) error {
	switch {
	case f.Op == OpIn && len(SplitList(f.Value)) > maxInValues:
		return fmt.Errorf("%w: at most %d values in a list", ErrBadQuery, maxInValues)
	}
	return nil
}

// JoinList writes values as one "in" or "between" value, each comma and
// backslash escaped, as SplitList reads them.
func JoinList(vals ...string) string {
	esc := strings.NewReplacer(`\`, `\\`, `,`, `\,`)
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = esc.Replace(v)
	}
	return strings.Join(out, ",")
}

// SplitList splits an "in" or "between" value on commas; a backslash escapes a comma
// or a backslash.
func SplitList(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case s[i] == ',':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

// Values is the query as URL parameters, in a canonical order; cursors are
// left out (see Page's links).
func (q Query) Values() url.Values {
	v := url.Values{}
	for _, f := range q.Filters {
		v.Add(string(f.Op)+"."+f.Column, f.Value)
	}
	if q.Sort != "" {
		s := q.Sort
		if q.Desc {
			s = "-" + s
		}
		v.Set("sort", s)
	}
	if q.Limit != 0 && q.Limit != DefaultLimit {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	for _, h := range q.Hidden {
		v.Add("hide", h)
	}
	return v
}

// Encode is Values encoded, "" for the plain first page.
func (q Query) Encode() string { return q.Values().Encode() }

// Shown reports whether a column is visible.
func (q Query) Shown(col string) bool { return !slices.Contains(q.Hidden, col) }

// SortedBy returns the query sorted by col (desc when asked), from the
// first page.
func (q Query) SortedBy(col string, desc bool) Query {
	q.Sort, q.Desc = col, desc
	return q.FirstPage()
}

// FirstPage drops the cursor.
func (q Query) FirstPage() Query {
	q.After, q.Before, q.Last = "", "", false
	return q
}
