package handlers_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"studio/database"
	"studio/handlers"
)

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
		rows := parse(t, body).doc.Find(`tr[data-testid="table-row"]`)
		if rows.Length() != 23 {
			t.Errorf("%s: %d rows, want 23 (15 tables, 7 views, a materialized view)", path, rows.Length())
		}
		for _, name := range rows.Map(func(_ int, r *goquery.Selection) string { return r.AttrOr("data-table-name", "") }) {
			if strings.HasPrefix(name, "payment_p") {
				t.Errorf("%s: partition %s has a row of its own", path, name)
			}
		}
		payment := rows.Filter(`[data-table-name="payment"]`)
		if payment.Length() == 0 {
			t.Fatalf("%s: no payment row", path)
		}
		details := payment.Find(`details[data-testid="partitions"]`)
		if details.Length() != 1 {
			t.Fatalf("%s: payment has %d partition lists", path, details.Length())
		}
		if _, open := details.Attr("open"); open {
			t.Errorf("%s: the partition list starts open", path)
		}
		if s := details.Find("summary"); s.Length() != 1 || words(s) != "53 partitions" {
			t.Errorf("%s: summary %q, want \"53 partitions\"", path, words(details))
		}
		links := details.Find(`a[data-testid="partition-link"]`)
		if links.Length() != 53 || words(links.First()) != "payment_p2020_01" {
			t.Errorf("%s: %d partition links, want 53 from payment_p2020_01", path, links.Length())
		}
		if href := links.First().AttrOr("href", ""); href != "/schema/public/table/payment_p2020_01/rows" {
			t.Errorf("%s: partition link %s", path, href)
		}
		if also := payment.AttrOr("data-table-also", ""); !strings.Contains(also, "payment_p2024_05") {
			t.Errorf("%s: the filter cannot find the partitions (%q)", path, also)
		}
		// Rows and size are summed over the partitions, and say so.
		cells := payment.Find(`td[class="num"]`)
		if cells.Length() != 2 || words(cells.Eq(0)) != "0" || words(cells.Eq(1)) == "?" || strings.HasPrefix(words(cells.Eq(1)), "-") {
			t.Errorf("%s: payment's figures %q", path, words(payment))
		}
		for _, title := range cells.Map(func(_ int, c *goquery.Selection) string { return c.AttrOr("title", "") }) {
			if !strings.Contains(title, "sum over its 53 partitions") {
				t.Errorf("%s: figure title %q does not say it is a sum", path, title)
			}
		}
	}
	_, body := do(t, app, "GET", "/", nil, nil)
	if s := parse(t, body).doc.Find(`span[data-testid="summary"]`); s.Length() != 1 || words(s) != "1 schemas · 23 relations · 53 partitions" {
		t.Errorf("summary %q", words(s))
	}
}

// erdBoxes lists the tables an inline diagram draws, with their links.
func erdBoxes(t *testing.T, svg *goquery.Selection) map[string]string {
	t.Helper()
	out := map[string]string{}
	svg.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		for _, name := range a.Find("g[data-table]").Map(func(_ int, g *goquery.Selection) string { return g.AttrOr("data-table", "") }) {
			out[name] = a.AttrOr("href", "")
		}
	})
	return out
}

func TestERDPageFoldsPartitionsAndZooms(t *testing.T) {
	app := mustApp(t, openPagilaLike(t), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/public/erd", nil, nil)
	p := parse(t, body)
	views := p.doc.Find(`div[data-testid="erd-view"]`)
	if views.Length() != 1 {
		t.Fatalf("%d diagram views", views.Length())
	}
	svgs := views.Find(`svg[class="erd"]`)
	if svgs.Length() != 1 {
		t.Fatal("no inline SVG")
	}
	boxes := erdBoxes(t, svgs)
	if len(boxes) != 23 || boxes["payment"] != "/schema/public/table/payment" {
		t.Errorf("%d linked boxes (payment → %q), want 23", len(boxes), boxes["payment"])
	}
	if svg, _ := goquery.OuterHtml(svgs); !strings.Contains(words(svgs), "53 partitions") || strings.Contains(svg, "payment_p2020") {
		t.Error("payment is not one box counting its partitions")
	}
	// Without JavaScript the controls stay hidden and the diagram scrolls.
	controls := views.Find(`div[data-erd-controls=""]`)
	if controls.Length() != 1 {
		t.Fatal("no zoom controls")
	}
	if _, hidden := controls.Attr("hidden"); !hidden {
		t.Error("the zoom controls show without JavaScript")
	}
	controls.Find("button").Each(func(_ int, b *goquery.Selection) {
		if b.AttrOr("type", "") != "button" || (words(b) == "" && !b.Is("[aria-label]")) {
			t.Errorf("control %q is not a labelled button", words(b))
		}
	})
	if vp := views.Find(`div[data-testid="erd"]`); vp.Length() != 1 || !vp.Is("[tabindex][aria-label]") {
		t.Error("the diagram's box cannot take the focus or has no label")
	}
	if !p.has(`script[src="/static/erd.js"]`) {
		t.Error("the page does not load erd.js")
	}
	_, svg := do(t, app, "GET", "/schema/public/erd.svg", nil, nil)
	if parse(t, svg).count("[data-table]") != 23 {
		t.Error("the SVG download is not folded the same way")
	}
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
			p := parse(t, body)
			if c.also != "" && !strings.Contains(words(p.doc.Selection), c.also) {
				t.Errorf("the page does not say %q", c.also)
			}
			if strings.HasSuffix(c.path, "/payment") {
				// The partitioned table holds nothing itself: its figures
				// are its partitions'.
				f := p.doc.Find(`span[data-testid="table-figures"]`)
				if f.Length() != 1 {
					t.Fatal("no figures of payment")
				}
				if strings.Contains(words(f), " 0 B") || !strings.Contains(f.AttrOr("title", ""), "sum over its 53 partitions") {
					t.Errorf("payment's figures %q do not sum its partitions", words(f))
				}
			}
			figs := p.doc.Find(`figure[data-testid="erd-neighbours"]`)
			if c.boxes == nil {
				if figs.Length() != 0 {
					t.Error("a table with no keys in or out has a diagram")
				}
				return
			}
			if figs.Length() != 1 {
				t.Fatalf("%d neighbourhood diagrams", figs.Length())
			}
			boxes := erdBoxes(t, figs)
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
			focus := figs.Find("g.erd-focus")
			if focus.Length() != 1 || !strings.HasSuffix(c.path, "/"+focus.AttrOr("data-table", "")) {
				t.Error("the page's own table is not the marked box")
			}
		})
	}
}
