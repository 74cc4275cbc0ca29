package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// cellURLs are the inline editor URLs of the editable cells of a grid (or
// of one row), in page order, as app.js builds them: the row's
// data-cell-url plus the cell's column.
func cellURLs(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	parse(t, body).doc.Find("tr[data-cell-url]").Each(func(_ int, row *goquery.Selection) {
		base := row.AttrOr("data-cell-url", "")
		row.Find("td[data-col][data-edit]").Each(func(_ int, cell *goquery.Selection) {
			out = append(out, base+"&col="+url.QueryEscape(cell.AttrOr("data-col", "")))
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
