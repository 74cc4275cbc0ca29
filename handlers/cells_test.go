package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// cellURLs are the inline editor URLs of the editable cells of a grid, in
// page order, as grid.js builds them: the grid's data-cell-base, the key
// and version the row's checkbox carries ("token.version"), and the column
// of the cell's header (same index), unless that header is marked data-ro
// (computed by the database).
func cellURLs(t *testing.T, body string) []string {
	t.Helper()
	d := parse(t, body)
	var cols []string
	d.doc.Find(`table[role="grid"] thead th`).Each(func(_ int, th *goquery.Selection) {
		col := th.AttrOr("data-col", "")
		if _, ro := th.Attr("data-ro"); ro {
			col = ""
		}
		cols = append(cols, col)
	})
	return rowCellURLs(d, d.attr(`table[role="grid"]`, "data-cell-base"), cols)
}

// answeredCellURLs are the editor URLs of a grid row answered alone (an
// edit's answer) for the grid whose data-cell-base is base and whose
// shown columns are cols (in table order): the row begins with its
// checkbox and its link.
func answeredCellURLs(t *testing.T, body, base string, cols ...string) []string {
	t.Helper()
	return rowCellURLs(parse(t, body), base, append([]string{"", ""}, cols...))
}

func rowCellURLs(d dom, base string, cols []string) []string {
	var out []string
	if base == "" {
		return nil
	}
	d.doc.Find("tr").Each(func(_ int, row *goquery.Selection) {
		key, version, ok := strings.Cut(row.Find(`input[name="row"]`).AttrOr("value", ""), ".")
		if !ok {
			return
		}
		row.Find("td").Each(func(i int, _ *goquery.Selection) {
			if i < len(cols) && cols[i] != "" {
				out = append(out, base+"?key="+key+"&v="+version+"&col="+url.QueryEscape(cols[i]))
			}
		})
	})
	return out
}

// cellQueries are the query strings of the grid's cell editor URLs.
func cellQueries(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, u := range cellURLs(t, body) {
		_, q, _ := strings.Cut(u, "?")
		out = append(out, q)
	}
	return out
}

// columnCells are the cells of column col in a parsed grid, row by row.
func columnCells(d dom, col string) []*goquery.Selection {
	i := -1
	d.doc.Find(`table[role="grid"] thead th`).Each(func(n int, th *goquery.Selection) {
		if th.AttrOr("data-col", "") == col {
			i = n
		}
	})
	var out []*goquery.Selection
	if i < 0 {
		return nil
	}
	d.doc.Find(`table[role="grid"] tbody tr`).Each(func(_ int, tr *goquery.Selection) {
		out = append(out, tr.Find("td").Eq(i))
	})
	return out
}
