package handlers_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"studio/database"
	"studio/handlers"
)

// page is a parsed HTML document.
type page struct{ root *html.Node }

func mustParse(t *testing.T, body string) page {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return page{n}
}

// all returns the elements below n for which match is true,
// in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// is matches elements by tag and attributes: is("tr", "data-testid", "table-row").
func is(tag string, kv ...string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if n.Data != tag {
			return false
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if v, ok := attr(n, kv[i]); !ok || (kv[i+1] != "*" && v != kv[i+1]) {
				return false
			}
		}
		return true
	}
}

func hasClass(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, _ := attr(n, "class")
		return n.Data == tag && slices.Contains(strings.Fields(v), class)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// openPagilaLike opens a fresh PostgreSQL database with the pagila-like
// schema, analyzed.
func openPagilaLike(t *testing.T) *database.DB {
	t.Helper()
	db := openPG(t, pagilaLikeSQL())
	if _, err := db.ExecContext(context.Background(), "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestOverviewFoldsPartitions(t *testing.T) {
	app := mustApp(t, openPagilaLike(t), handlers.Options{})
	for _, path := range []string{"/", "/schema/public"} {
		_, body := do(t, app, "GET", path, nil, nil)
		p := mustParse(t, body)
		rows := all(p.root, is("tr", "data-testid", "table-row"))
		if len(rows) != 23 {
			t.Errorf("%s: %d rows, want 23 (15 tables, 7 views, a materialized view)", path, len(rows))
		}
		var payment *html.Node
		for _, r := range rows {
			name, _ := attr(r, "data-table-name")
			if strings.HasPrefix(name, "payment_p") {
				t.Errorf("%s: partition %s has a row of its own", path, name)
			}
			if name == "payment" {
				payment = r
			}
		}
		if payment == nil {
			t.Fatalf("%s: no payment row", path)
		}
		details := all(payment, is("details", "data-testid", "partitions"))
		if len(details) != 1 {
			t.Fatalf("%s: payment has %d partition lists", path, len(details))
		}
		if _, open := attr(details[0], "open"); open {
			t.Errorf("%s: the partition list starts open", path)
		}
		if s := all(details[0], is("summary")); len(s) != 1 || text(s[0]) != "53 partitions" {
			t.Errorf("%s: summary %q, want \"53 partitions\"", path, text(details[0]))
		}
		links := all(details[0], is("a", "data-testid", "partition-link"))
		if len(links) != 53 || text(links[0]) != "payment_p2020_01" {
			t.Errorf("%s: %d partition links, want 53 from payment_p2020_01", path, len(links))
		}
		if href, _ := attr(links[0], "href"); href != "/schema/public/table/payment_p2020_01/rows" {
			t.Errorf("%s: partition link %s", path, href)
		}
		if also, _ := attr(payment, "data-table-also"); !strings.Contains(also, "payment_p2024_05") {
			t.Errorf("%s: the filter cannot find the partitions (%q)", path, also)
		}
		// Rows and size are summed over the partitions, and say so.
		cells := all(payment, is("td", "class", "num"))
		if len(cells) != 2 || text(cells[0]) != "0" || text(cells[1]) == "?" || strings.HasPrefix(text(cells[1]), "-") {
			t.Errorf("%s: payment's figures %q", path, text(payment))
		}
		for _, c := range cells {
			if title, _ := attr(c, "title"); !strings.Contains(title, "sum over its 53 partitions") {
				t.Errorf("%s: figure title %q does not say it is a sum", path, title)
			}
		}
	}
	_, body := do(t, app, "GET", "/", nil, nil)
	if s := all(mustParse(t, body).root, is("span", "data-testid", "summary")); len(s) != 1 || text(s[0]) != "1 schemas · 23 relations · 53 partitions" {
		t.Errorf("summary %q", text(s[0]))
	}
}

// erdBoxes lists the tables an inline diagram draws, with their links.
func erdBoxes(t *testing.T, svg *html.Node) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, a := range all(svg, is("a", "href", "*")) {
		href, _ := attr(a, "href")
		for _, g := range all(a, is("g", "data-table", "*")) {
			name, _ := attr(g, "data-table")
			out[name] = href
		}
	}
	return out
}

func TestERDPageFoldsPartitionsAndZooms(t *testing.T) {
	app := mustApp(t, openPagilaLike(t), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/public/erd", nil, nil)
	p := mustParse(t, body)
	views := all(p.root, is("div", "data-testid", "erd-view"))
	if len(views) != 1 {
		t.Fatalf("%d diagram views", len(views))
	}
	svgs := all(views[0], is("svg", "class", "erd"))
	if len(svgs) != 1 {
		t.Fatal("no inline SVG")
	}
	boxes := erdBoxes(t, svgs[0])
	if len(boxes) != 23 || boxes["payment"] != "/schema/public/table/payment" {
		t.Errorf("%d linked boxes (payment → %q), want 23", len(boxes), boxes["payment"])
	}
	if !strings.Contains(text(svgs[0]), "53 partitions") || strings.Contains(body, "payment_p2020") {
		t.Error("payment is not one box counting its partitions")
	}
	// Without JavaScript the controls stay hidden and the diagram scrolls.
	controls := all(views[0], is("div", "data-erd-controls", ""))
	if len(controls) != 1 {
		t.Fatal("no zoom controls")
	}
	if _, hidden := attr(controls[0], "hidden"); !hidden {
		t.Error("the zoom controls show without JavaScript")
	}
	for _, b := range all(controls[0], is("button")) {
		if typ, _ := attr(b, "type"); typ != "button" || (text(b) == "" && !has(b, "aria-label")) {
			t.Errorf("control %q is not a labelled button", text(b))
		}
	}
	vp := all(views[0], is("div", "data-testid", "erd"))
	if len(vp) != 1 || !has(vp[0], "tabindex") || !has(vp[0], "aria-label") {
		t.Error("the diagram's box cannot take the focus or has no label")
	}
	if !strings.Contains(body, `src="/static/erd.js"`) {
		t.Error("the page does not load erd.js")
	}
	_, svg := do(t, app, "GET", "/schema/public/erd.svg", nil, nil)
	if strings.Count(svg, `data-table="`) != 23 {
		t.Error("the SVG download is not folded the same way")
	}
}

func has(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}

func TestStructurePageShowsNeighbours(t *testing.T) {
	pg := mustApp(t, openPagilaLike(t), handlers.Options{})
	sqlite := mustApp(t, openChinookLike(t), handlers.Options{})
	cases := []struct {
		app   string
		path  string
		boxes []string // nil: no diagram
		also  string   // text the page must show
	}{
		{"pg", "/schema/public/table/customer", []string{"address", "customer", "payment", "rental", "store"}, ""},
		{"pg", "/schema/public/table/payment", []string{"customer", "payment", "rental", "staff"}, "53 partitions by RANGE (payment_date)"},
		{"pg", "/schema/public/table/payment_p2020_01", []string{"customer", "payment_p2020_01", "rental", "staff"}, "Partition of public.payment FOR VALUES FROM ('2020-01-01"},
		{"pg", "/schema/public/table/actor_info", nil, ""},
		{"sqlite", "/schema/main/table/Track", []string{"Album", "Genre", "InvoiceLine", "MediaType", "PlaylistTrack", "Track"}, ""},
		{"sqlite", "/schema/main/table/Employee", []string{"Customer", "Employee"}, ""},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			app := pg
			if c.app == "sqlite" {
				app = sqlite
			}
			resp, body := do(t, app, "GET", c.path, nil, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			p := mustParse(t, body)
			if c.also != "" && !strings.Contains(text(p.root), c.also) {
				t.Errorf("the page does not say %q", c.also)
			}
			if strings.HasSuffix(c.path, "/payment") {
				// The partitioned table holds nothing itself: its figures
				// are its partitions'.
				f := all(p.root, is("span", "data-testid", "table-figures"))
				if len(f) != 1 {
					t.Fatal("no figures of payment")
				}
				if title, _ := attr(f[0], "title"); strings.Contains(text(f[0]), " 0 B") || !strings.Contains(title, "sum over its 53 partitions") {
					t.Errorf("payment's figures %q do not sum its partitions", text(f[0]))
				}
			}
			figs := all(p.root, is("figure", "data-testid", "erd-neighbours"))
			if c.boxes == nil {
				if len(figs) != 0 {
					t.Error("a table with no keys in or out has a diagram")
				}
				return
			}
			if len(figs) != 1 {
				t.Fatalf("%d neighbourhood diagrams", len(figs))
			}
			boxes := erdBoxes(t, figs[0])
			var names []string
			for name, href := range boxes {
				names = append(names, name)
				if !strings.HasSuffix(href, "/table/"+name) {
					t.Errorf("%s links to %s", name, href)
				}
			}
			slices.Sort(names)
			if !slices.Equal(names, c.boxes) {
				t.Errorf("boxes %v, want %v", names, c.boxes)
			}
			focus := all(figs[0], hasClass("g", "erd-focus"))
			if len(focus) != 1 || !strings.HasSuffix(c.path, "/"+func() string { v, _ := attr(focus[0], "data-table"); return v }()) {
				t.Error("the page's own table is not the marked box")
			}
		})
	}
}
