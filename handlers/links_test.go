package handlers_test

import (
	"context"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/demo"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// mustDemoDB creates the demo database (SQLite) in a temporary folder.
func mustDemoDB(t testing.TB) (*database.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo", "demo.db")
	if _, err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, database.Target{Dialect: database.SQLite, Path: path}, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// walkGrids opens the grid of every relation in schema (as the overview
// lists them) and follows every link each grid page holds, once; it
// fails on any answer of 400 or more. It returns the links it followed.
func walkGrids(t *testing.T, app *fiber.App, schema string) []string {
	t.Helper()
	_, body := do(t, app, "GET", "/", nil, nil)
	grids := parse(t, body).attrs(`#schema-`+schema+` a[data-testid="rows-link"]`, "href")
	if len(grids) == 0 {
		t.Fatalf("the overview lists no grids of %s", schema)
	}
	seen := map[string]bool{}
	for _, g := range grids {
		resp, body := do(t, app, "GET", g, nil, nil)
		if resp.StatusCode >= 400 {
			t.Fatalf("%s: status %d", g, resp.StatusCode)
		}
		for _, link := range parse(t, body).attrs("main a[href]", "href") {
			if !strings.HasPrefix(link, "/") || seen[link] {
				continue
			}
			seen[link] = true
			if resp, _ := do(t, app, "GET", link, nil, nil); resp.StatusCode >= 400 {
				t.Errorf("%s links %s: status %d", g, link, resp.StatusCode)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// TestDemoGridLinksAllAnswer walks every link of every grid of the demo,
// tables and the view: none answers 4xx (a view's row link answered 400).
func TestDemoGridLinksAllAnswer(t *testing.T) {
	db, _ := mustDemoDB(t)
	links := walkGrids(t, mustApp(t, db, handlers.Options{}), "main")
	var viewRows int
	for _, l := range links {
		if strings.HasPrefix(l, "/schema/main/table/topic_activity/row?") {
			viewRows++
		}
	}
	if viewRows == 0 || len(links) < 500 {
		t.Errorf("%d links walked, %d of them the view's rows: the walk missed the grids", len(links), viewRows)
	}
}

// TestViewRowLinkShowsThatRow checks a view's row link opens the row it
// stands on, on SQLite (untyped expression columns, NULLs) and PostgreSQL
// (json, which has no equality).
func TestViewRowLinkShowsThatRow(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			const script = `CREATE TABLE t (id integer PRIMARY KEY, name text, doc {{json}});
				INSERT INTO t VALUES (1, 'one', '{"a":1}'), (2, NULL, NULL), (3, 'three', '{"a":3}');
				CREATE VIEW v AS SELECT id * 10 AS n, name, doc, count(*) OVER () AS total FROM t;`
			var db *database.DB
			schema := "main"
			if dialect == database.Postgres {
				db, schema = openPG(t, strings.ReplaceAll(script, "{{json}}", "json")), "public"
			} else {
				db = sqlitetest.New(t, fixtureSQL)
				if _, err := db.ExecContext(context.Background(), strings.ReplaceAll(script, "{{json}}", "text")); err != nil {
					t.Fatal(err)
				}
			}
			app := mustApp(t, db, handlers.Options{})
			_, body := do(t, app, "GET", "/schema/"+schema+"/table/v/rows?sort=-n&limit=2", nil, nil)
			links := parse(t, body).attrs(`td.rowlink a`, "href")
			if len(links) != 2 {
				t.Fatalf("want a link on each of the 2 rows, got %v", links)
			}
			// Second page, second row: n = 10 (sorted down: 30, 20 | 10).
			_, body = do(t, app, "GET", "/schema/"+schema+"/table/v/rows?sort=-n&limit=2&after="+after(t, body), nil, nil)
			links = parse(t, body).attrs(`td.rowlink a`, "href")
			if len(links) != 1 {
				t.Fatalf("second page links %v", links)
			}
			resp, row := do(t, app, "GET", links[0], nil, nil)
			if resp.StatusCode != 200 || !parse(t, row).shows("one") || parse(t, row).shows("three") {
				t.Errorf("%s: status %d, want the row of n = 10:\n%s", links[0], resp.StatusCode, row)
			}
			walkGrids(t, app, schema)
			// PostgreSQL's json has no order: no sort link (the walk above),
			// and a hand-made one is the user's mistake, not a 500.
			if resp, _ := do(t, app, "GET", "/schema/"+schema+"/table/t/rows?sort=doc", nil, nil); dialect == database.Postgres && resp.StatusCode != 400 {
				t.Errorf("sort by json: status %d, want 400", resp.StatusCode)
			}
		})
	}
}

// after is the cursor of a grid page's Next link.
func after(t *testing.T, body string) string {
	t.Helper()
	next := parse(t, body).attr(`[data-testid="page-next"]`, "href")
	u, err := url.Parse(next)
	if err != nil || u.Query().Get("after") == "" {
		t.Fatalf("no next page: %q", next)
	}
	return u.Query().Get("after")
}

// TestFaviconIsServedAndLinked: browsers ask for /favicon.ico whatever a
// page links; every page links the vendored icon.
func TestFaviconIsServedAndLinked(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/favicon.ico", nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(body, "\x00\x00\x01\x00") {
		t.Fatalf("/favicon.ico: status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	_, page := do(t, app, "GET", "/", nil, nil)
	icon := parse(t, page).attr(`link[rel="icon"]`, "href")
	if resp, _ := do(t, app, "GET", icon, nil, nil); icon == "" || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("the page's icon %q does not load", icon)
	}
}

// TestGridSaysHowManyRowsOnce: one row is "1 row", an empty table says
// "0 rows" once (no "No rows" beside it), a page holding every row
// counts itself.
func TestGridSaysHowManyRowsOnce(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/posts/rows?eq.id=1", nil, nil)
	page := parse(t, body)
	if got := page.text(`[data-testid="count"]`); got != "1 row" || page.shows("1 rows") {
		t.Errorf("one row: count %q\n%s", got, page.text("main"))
	}
	if page.attr(`table[role="grid"]`, "aria-rowcount") != "2" {
		t.Errorf("a complete page knows its row count: aria-rowcount %q", page.attr(`table[role="grid"]`, "aria-rowcount"))
	}
	_, body = do(t, app, "GET", "/schema/main/table/posts/rows?limit=2", nil, nil)
	if got := parse(t, body).text(`[data-testid="page-rows"]`); got != "2 rows on this page" {
		t.Errorf("a partial page: %q", got)
	}
	_, body = do(t, app, "GET", "/schema/main/table/recent/rows?eq.id=99", nil, nil)
	if page := parse(t, body); page.text(`[data-testid="count"]`) != "0 rows" || page.shows("No rows") || !page.has(`[data-testid="no-rows"] a`) {
		t.Errorf("an empty filtered result: %s", page.text("main"))
	}
	_, body = do(t, app, "GET", "/schema/main/table/"+url.PathEscape(`we"ird tåble ü`)+"/rows?eq.n=5", nil, nil)
	if strings.Count(parse(t, body).text("main"), "0 rows") != 1 {
		t.Errorf("0 rows said more than once: %s", parse(t, body).text("main"))
	}
}

// TestDemoOverviewAgreesWithGridCount: the overview's figure for messages
// is the grid's exact count (a partial index's ANALYZE entry said 4,904).
func TestDemoOverviewAgreesWithGridCount(t *testing.T) {
	db, _ := mustDemoDB(t)
	app := mustApp(t, db, handlers.Options{})
	_, body := do(t, app, "GET", "/", nil, nil)
	over := parse(t, body).text(`tr[data-table-name="messages"] td.num[title^="estimated rows"]`)
	_, frag := do(t, app, "GET", "/schema/main/table/messages/rows/count", nil, nil)
	count := parse(t, frag).text(`[data-testid="count"]`)
	if over+" rows" != count {
		t.Errorf("overview says %q, the grid %q", over, count)
	}
}
