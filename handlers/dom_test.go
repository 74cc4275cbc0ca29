package handlers_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dom is an HTML answer parsed for assertions: markup is found with CSS
// selectors (has, count, attr), what a reader sees with text, never by
// searching the raw bytes.
type dom struct{ doc *goquery.Document }

// parse parses body, a page or an htmx fragment. A grid row answered
// alone is parsed where it goes, in a table body: anywhere else the HTML
// parser drops a <tr>.
func parse(t *testing.T, body string) dom {
	t.Helper()
	if !strings.HasPrefix(strings.TrimSpace(body), "<tr") {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("parse HTML: %v", err)
		}
		return dom{doc}
	}
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "tbody", DataAtom: atom.Tbody})
	if err != nil {
		t.Fatalf("parse a table row: %v", err)
	}
	root := &html.Node{Type: html.DocumentNode}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return dom{goquery.NewDocumentFromNode(root)}
}

// is reports whether the answer is, at its top, one element sel matches
// (a lone grid row: "tr"), not a page holding one.
func (d dom) is(sel string) bool {
	top := d.doc.Children()
	return top.Length() == 1 && top.Is(sel)
}

// has reports whether sel matches an element.
func (d dom) has(sel string) bool { return d.doc.Find(sel).Length() > 0 }

// count is how many elements sel matches.
func (d dom) count(sel string) int { return d.doc.Find(sel).Length() }

// attr is the attribute name of the first element sel matches ("" if
// none).
func (d dom) attr(sel, name string) string { return d.doc.Find(sel).First().AttrOr(name, "") }

// text is the text of the elements sel matches, or of the whole document
// when sel is "": what a reader sees, entities decoded.
func (d dom) text(sel string) string {
	if sel == "" {
		return d.doc.Text()
	}
	return d.doc.Find(sel).Text()
}

// shows reports whether the document's text holds s.
func (d dom) shows(s string) bool { return strings.Contains(d.doc.Text(), s) }

// hasText reports whether an element sel matches has exactly the text
// want, space around it aside.
func (d dom) hasText(sel, want string) bool {
	return d.doc.Find(sel).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Text()) == want
	}).Length() > 0
}

// value is what the form control sel shows: a textarea's text, else the
// value attribute.
func (d dom) value(sel string) string {
	c := d.doc.Find(sel).First()
	if c.Is("textarea") {
		return c.Text()
	}
	return c.AttrOr("value", "")
}

// attrs is the attribute name of every element sel matches, in order.
func (d dom) attrs(sel, name string) []string {
	var out []string
	d.doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr(name, "")) })
	return out
}

// words is the text of s with each run of white space as one space, as a
// reader sees it.
func words(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }
