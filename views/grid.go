package views

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"studio/rows"
)

// RowsURL is the grid of a table or view; query is an encoded query
// string ("" for the first page).
func RowsURL(schema, table, query string) string {
	u := TableURL(schema, table) + "/rows"
	if query != "" {
		u += "?" + query
	}
	return u
}

// RowURL is the page of one row, found by a query (eq filters on its key,
// or key=<token> for rowid/ctid tables).
func RowURL(schema, table, query string) string {
	return TableURL(schema, table) + "/row?" + query
}

// GridPage is the grid of one table or view.
type GridPage struct {
	Chrome Chrome
	Page   *rows.Page
	// ReadOnly hides every write (the studio's --read-only, or the table's
	// own reason in Page.Table.ReadOnly).
	ReadOnly bool
	// Labels name the rows foreign-key cells point to; Times say which
	// integer columns hold epoch times on this page (by column index).
	Labels rows.Labels
	Times  []rows.TimeUnit
	// First is the position of the page's first row in the whole result
	// (from 0), -1 when unknown (the last page, a bookmarked cursor): it
	// numbers the rows for assistive technology (aria-rowindex).
	First int
	// Problem, when set, is the filter value that was refused (400): the
	// page shows the form with the reason beside that condition (Index -1:
	// the database refused a value without saying which) and no rows.
	Problem *rows.FilterError
}

// pageURL is the grid URL of a query, cursor included.
func (p GridPage) pageURL(q rows.Query) string {
	v := q.Values()
	if q.After != "" {
		v.Set("after", q.After)
	}
	if q.Before != "" {
		v.Set("before", q.Before)
	}
	if q.Last {
		v.Set("last", "1")
	}
	return RowsURL(p.Page.Table.Schema, p.Page.Table.Name, v.Encode())
}

// PageURL is the grid URL of a query with its cursor: the JSON twin's next
// link uses it.
func PageURL(t *rows.Table, q rows.Query) string {
	return GridPage{Page: &rows.Page{Table: t}}.pageURL(q)
}

// sortURL cycles a column header: ascending, descending, back to key order.
func (p GridPage) sortURL(col string) string {
	q := p.Page.Query
	switch {
	case q.Sort != col:
		q = q.SortedBy(col, false)
	case !q.Desc:
		q = q.SortedBy(col, true)
	default:
		q = q.SortedBy("", false)
	}
	return p.pageURL(q)
}

func (p GridPage) sortMark(col string) string {
	q := p.Page.Query
	switch {
	case q.Sort != col:
		return ""
	case q.Desc:
		return " ▼"
	}
	return " ▲"
}

// exportURL is the export of the grid's filtered, sorted view.
func (p GridPage) exportURL(format string) string {
	u := TableURL(p.Page.Table.Schema, p.Page.Table.Name) + "/export." + format
	if e := p.Page.Query.FirstPage().Encode(); e != "" {
		u += "?" + e
	}
	return u
}

// countURL loads the count fragment.
func (p GridPage) countURL() string {
	v := url.Values{}
	for _, f := range p.Page.Query.Filters {
		v.Add(string(f.Op)+"."+f.Column, f.Value)
	}
	u := p.base() + "/rows/count"
	if e := v.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

func (p GridPage) base() string { return TableURL(p.Page.Table.Schema, p.Page.Table.Name) }

// editable reports whether the page offers writes.
func (p GridPage) editable() bool { return !p.ReadOnly && p.Page.Table.Editable() }

// RowQuery is the query that finds one row by its key.
func RowQuery(t *rows.Table, r rows.Row) string {
	if t.Pseudo {
		return "key=" + t.KeyToken(r)
	}
	var b strings.Builder
	for i, k := range t.Key {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape("eq." + k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(r.Key[i].Text))
	}
	return b.String()
}

// refURL links a foreign-key cell to the row it references.
func refURL(c rows.Column, v rows.Value) string {
	if c.FK == nil || v.Null {
		return ""
	}
	return RowURL(c.FK.RefSchema, c.FK.RefTable, url.Values{"eq." + c.FK.RefColumns[0]: {v.Text}}.Encode())
}

// Long text is cut at this many characters, with the rest one click away.
const cutAt = 160

func cut(s string) (string, bool) {
	if len(s) <= cutAt {
		return s, false
	}
	i := cutAt
	for i > 0 && !utf8Start(s[i]) {
		i--
	}
	return s[:i] + "…", true
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// prettyJSON indents JSON for display; text that is not JSON comes back
// unchanged.
func prettyJSON(s string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(s), "", "  ") != nil {
		return s
	}
	return b.String()
}

// looksJSON reports whether a text value holds a JSON object or array
// (SQLite keeps JSON in text columns).
func looksJSON(v rows.Value) bool {
	if v.Kind == rows.KindJSON {
		return true
	}
	t := strings.TrimSpace(v.Text)
	return v.Kind == rows.KindText && len(t) > 1 && (t[0] == '{' || t[0] == '[') && json.Valid([]byte(t))
}

// hexPreview is the first bytes of a binary value in hex.
func hexPreview(b string) string {
	const n = 16
	if len(b) <= n {
		return hex.EncodeToString([]byte(b))
	}
	return hex.EncodeToString([]byte(b[:n])) + "…"
}

// numeric reports whether a value is right-aligned.
func numeric(v rows.Value) bool {
	return v.Kind == rows.KindInt || v.Kind == rows.KindFloat || v.Kind == rows.KindNumeric
}

// first is the opening of a JSON value for its collapsed summary.
func first(s string) string {
	s, _ = cut(s)
	if len(s) > 60 {
		s, _ = s[:60]+"…", true
	}
	return s
}

func lastPage(q rows.Query) rows.Query {
	q = q.FirstPage()
	q.Last = true
	return q
}

func sortParam(q rows.Query) string {
	if q.Sort == "" {
		return ""
	}
	if q.Desc {
		return "-" + q.Sort
	}
	return q.Sort
}

// opsOf lists the operators a filter row offers for its column (all of
// them for the empty row).
func opsOf(t *rows.Table, col string) []rows.Op {
	if c := t.Column(col); c != nil {
		return rows.OpsFor(c.Kind)
	}
	return rows.Ops
}

// rowKeys are what a row carries, computed once per row: its key token
// and version (one hash per row, not per cell).
type rowKeys struct {
	target  string // "token.version", the delete checkbox's value
	cellURL string // the cell editor's URL but for "&col=NAME" (the detail panel's)
	rowURL  string
}

func (p GridPage) keysOf(r rows.Row) rowKeys { return p.keysAt(r, -1) }

// keysAt is keysOf for the page's row i: a view's row, which has no key,
// links to its place in the page's result (i < 0: no link).
func (p GridPage) keysAt(r rows.Row, i int) rowKeys {
	t := p.Page.Table
	if !t.Paged() {
		if i < 0 {
			return rowKeys{}
		}
		q := p.Page.At(i)
		v := q.Values()
		v.Set("after", q.After)
		return rowKeys{rowURL: RowURL(t.Schema, t.Name, v.Encode())}
	}
	tok, ver := t.KeyToken(r), r.Version()
	// Tokens and versions are base64url: nothing to escape.
	return rowKeys{target: tok + "." + ver, cellURL: p.base() + "/cell?key=" + tok + "&v=" + ver,
		rowURL: RowURL(t.Schema, t.Name, RowQuery(t, r))}
}

// Thousands formats n with thousands separators.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func countText(c rows.Count) string {
	switch {
	case c.Exact:
		return RowCount(c.Value)
	case c.More:
		return "more than " + Thousands(rows.CountCap) + " rows"
	}
	return "count unavailable"
}

// cellLink is where a cell links: the referenced row for a foreign key,
// the raw bytes for a binary value.
func cellLink(t *rows.Table, r rows.Row, c rows.Column, v rows.Value) string {
	if v.Kind == rows.KindBinary && !v.Null && t.Paged() {
		return TableURL(t.Schema, t.Name) + "/cell.bin?" + url.Values{"key": {t.KeyToken(r)}, "col": {c.Name}}.Encode()
	}
	return refURL(c, v)
}

// RowCount is "1 row", "2 rows", "1,234 rows".
func RowCount(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return Thousands(n) + " rows"
}
