package handlers_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

var (
	rowURLs  = regexp.MustCompile(`(?s)<tr data-cell-url="([^"]+)">(.*?)</tr>`)
	editCols = regexp.MustCompile(`<td[^>]* data-col="([^"]*)"[^>]* data-edit`)
)

// cellFinder finds the inline editor URLs of the editable cells of a grid
// (or of one row), in page order, as app.js builds them: the row's
// data-cell-url plus the cell's column.
type cellFinder struct{}

// FindAllStringSubmatch returns [match, URL] pairs, like a regexp.
func (cellFinder) FindAllStringSubmatch(body string, _ int) [][]string {
	var out [][]string
	for _, row := range rowURLs.FindAllStringSubmatch(body, -1) {
		base := html.UnescapeString(row[1])
		for _, c := range editCols.FindAllStringSubmatch(row[2], -1) {
			u := base + "&col=" + url.QueryEscape(html.UnescapeString(c[1]))
			out = append(out, []string{u, u})
		}
	}
	return out
}

// FindStringSubmatch returns the first [match, URL] pair, or nil.
func (f cellFinder) FindStringSubmatch(body string) []string {
	if all := f.FindAllStringSubmatch(body, 1); len(all) > 0 {
		return all[0]
	}
	return nil
}

// cellQueries are the query strings of the grid's cell editor URLs.
func cellQueries(body string) []string {
	var out []string
	for _, m := range (cellFinder{}).FindAllStringSubmatch(body, -1) {
		_, q, _ := strings.Cut(m[1], "?")
		out = append(out, q)
	}
	return out
}
