package views

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"studio/rows"
)

// DetailID is the id of the row detail panel beside the grid. The row
// page answers its fragment when htmx targets it (HX-Target).
const DetailID = "row-detail"

// AtParam carries the position of a page's first row in the pager's links
// (aria-rowindex); it is a hint for numbering rows, never a cursor.
const AtParam = "at"

// timeOf is the epoch unit of column i on this page.
func (p GridPage) timeOf(i int) rows.TimeUnit {
	if i < len(p.Times) {
		return p.Times[i]
	}
	return rows.NotTime
}

// timeOf is the epoch unit of the row page's column i.
func (p RowPageData) timeOf(i int) rows.TimeUnit { return GridPage{Times: p.Times}.timeOf(i) }

// utc is an epoch value's UTC date-time ("" when it is none).
func utc(v rows.Value, u rows.TimeUnit) string {
	if v.Null || u == rows.NotTime {
		return ""
	}
	s, _ := rows.EpochUTC(v.Text, u)
	return s
}

// shownCount is how many of the table's columns the page shows.
func (p GridPage) shownCount() int {
	n := 0
	for _, c := range p.Page.Table.Columns {
		if p.Page.Query.Shown(c.Name) {
			n++
		}
	}
	return n
}

// colCount is the grid's column count for aria-colcount: the shown
// columns, the row link and, when editable, the row checkbox.
func (p GridPage) colCount() string {
	n := p.shownCount() + 1
	if p.editable() {
		n++
	}
	return strconv.Itoa(n)
}

// lead is how many columns come before the table's own: the checkbox
// (editable grids) and the row link.
func (p GridPage) lead() int {
	if p.editable() {
		return 2
	}
	return 1
}

// rowCount is the grid's aria-rowcount: the rows and the header when the
// page holds every row, else -1 until grid.js reads the exact count.
func (p GridPage) rowCount() string {
	if p.Page.Complete() {
		return strconv.Itoa(len(p.Page.Rows) + 1)
	}
	return "-1"
}

// colIndex is the aria-colindex of the nth shown column (from 0).
func (p GridPage) colIndex(n int) string { return strconv.Itoa(p.lead() + n + 1) }

// gridClass names the table's classes: sk2/sk3 make the column in that
// place stick to the left while the grid scrolls sideways, when it is
// the key (the first shown column, part of the primary key).
func (p GridPage) gridClass() string {
	for _, c := range p.Page.Table.Columns {
		if !p.Page.Query.Shown(c.Name) {
			continue
		}
		if c.Key {
			return "grid rowgrid sk" + strconv.Itoa(p.lead()+1)
		}
		break
	}
	return "grid rowgrid"
}

// ariaSort is the aria-sort of a column header ("" when not sorted by it).
func (p GridPage) ariaSort(col string) string {
	q := p.Page.Query
	switch {
	case q.Sort != col:
		return ""
	case q.Desc:
		return "descending"
	}
	return "ascending"
}

// rowIndex is the aria-rowindex of the page's nth row (from 0): the
// header is row 1. "" when the page's place is unknown.
func (p GridPage) rowIndex(n int) string {
	if p.First < 0 {
		return ""
	}
	return strconv.Itoa(p.First + n + 2)
}

// nextURL and prevURL are the pager's links, carrying the position of the
// page they open when this page's is known.
func (p GridPage) nextURL() string {
	u := p.pageURL(*p.Page.Next)
	if p.First >= 0 {
		u += "&" + AtParam + "=" + strconv.Itoa(p.First+len(p.Page.Rows))
	}
	return u
}

func (p GridPage) prevURL() string {
	q := *p.Page.Prev
	u := p.pageURL(q)
	if p.First >= 0 && (q.After != "" || q.Before != "") {
		u += "&" + AtParam + "=" + strconv.Itoa(max(0, p.First-p.Page.Query.Limit))
	}
	return u
}

// numericKind reports whether a column's declared kind is a number, so
// its header is right-aligned like its values.
func numericKind(k rows.Kind) bool {
	return k == rows.KindInt || k == rows.KindFloat || k == rows.KindNumeric
}

// oneLine is a value cut for one grid line: the grid shows the start, the
// detail panel the whole.
func oneLine(s string) string {
	short, _ := cut(s)
	return short
}

// textEscaper escapes text for an element's content, where only &, < and
// > mean anything: templ's escaper also spells out every quote (&#34;, 5
// bytes), and grid values (JSON above all) are full of them.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// text writes s as an element's text, escaped for that place only (never
// use it in an attribute).
func text(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := textEscaper.WriteString(w, s)
		return err
	})
}
