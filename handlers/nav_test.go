package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
	"studio/views"
)

// mustSQLiteTables is a SQLite file with n tables t00000… of 10 columns,
// each with a foreign key to the one before, as the PostgreSQL benchmark
// fixture has.
func mustSQLiteTables(tb testing.TB, n int) *database.DB {
	tb.Helper()
	ctx := context.Background()
	db := sqlitetest.New(tb)
	var sb strings.Builder
	sb.WriteString("BEGIN;\n")
	for i := range n {
		fmt.Fprintf(&sb, "CREATE TABLE t%05d (id INTEGER PRIMARY KEY, ref INTEGER", i)
		if i > 0 {
			fmt.Fprintf(&sb, " REFERENCES t%05d(id)", i-1)
		}
		for c := 2; c < 10; c++ {
			fmt.Fprintf(&sb, ", c%d TEXT", c)
		}
		sb.WriteString(");\n")
	}
	sb.WriteString("INSERT INTO t00000 (id) VALUES (1);\nCOMMIT;")
	if _, err := db.ExecContext(ctx, sb.String()); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestSidebarOnEveryConnectedPage(t *testing.T) {
	app := mustApp(t, mustEditSQLite(t), handlers.Options{})
	for _, path := range []string{"/", "/console", "/migrations", "/schema/main", "/schema/main/erd",
		"/schema/main/table/posts", "/schema/main/table/posts/rows", "/schema/main/table/posts/row?eq.id=1",
		"/schema/main/table/posts/rows/new", "/schema/main/table/nope/rows"} {
		_, body := do(t, app, "GET", path, nil, nil)
		page := parse(t, body)
		// Landmarks in order, a skip link to the main content, and the
		// sidebar's parts: a labelled filter that works as a GET form.
		if !page.has(`body > a.skip[href="#main"]:first-child`) || !page.has(`body > header`) || !page.has(`main#main`) ||
			!page.has(`body > footer`) || page.count(`nav[aria-label="Tables"]`) != 1 {
			t.Errorf("%s: landmarks or skip link missing: %s", path, body)
			continue
		}
		if !page.has(`form[method="get"][action="/nav"] input#nav-q[name="q"][type="search"][aria-keyshortcuts="/"]`) ||
			!page.has(`label[for="nav-q"]`) || !page.has(`#nav-status[role="status"]`) {
			t.Errorf("%s: the filter is not a labelled GET form with its shortcut and status", path)
		}
		if page.attr(`button[data-nav-toggle]`, "aria-controls") != "sidebar" || !page.has(`button[data-nav-toggle][aria-expanded]`) ||
			!page.has(`button[data-theme-toggle]`) {
			t.Errorf("%s: no collapse or theme button", path)
		}
		if !page.has(`script[src="/static/theme.js"]:not([defer])`) || !page.has(`script[src="/static/nav.js"][defer]`) {
			t.Errorf("%s: theme.js must run before the first paint, nav.js deferred", path)
		}
		// Every table is listed (a view too, saying so); on a table's
		// pages it is the current one, marked by more than colour.
		if got := page.attrs(`#nav-list a[data-nav-link]`, "href"); len(got) != 4 || got[3] != "/schema/main/table/we%22ird%20t/rows" {
			t.Errorf("%s: sidebar links %v", path, got)
		}
		if !page.hasText(`#nav-list li[data-name="recent"] .nav-kind`, "view") {
			t.Errorf("%s: the view is not labelled a view", path)
		}
		current := page.attrs(`#nav-list a[aria-current="page"]`, "href")
		if strings.HasPrefix(path, "/schema/main/table/posts") {
			if len(current) != 1 || current[0] != "/schema/main/table/posts/rows" || !page.has(`#nav-list li.on > a[aria-current="page"]`) {
				t.Errorf("%s: current %v", path, current)
			}
		} else if len(current) != 0 {
			t.Errorf("%s: %v marked current", path, current)
		}
	}
	// Set-up (no database yet) has no sidebar.
	_, body := do(t, mustApp(t, nil, handlers.Options{}), "GET", "/setup", nil, nil)
	if parse(t, body).has(`nav[aria-label="Tables"]`) || parse(t, body).has(`[data-nav-toggle]`) {
		t.Error("the set-up page shows a table sidebar")
	}
}

func TestSidebarFoldsPartitions(t *testing.T) {
	app := mustApp(t, openPagilaLike(t), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/public/table/film/rows", nil, nil)
	page := parse(t, body)
	if page.has(`#nav-list > ul > li > a[href*="payment_p"]`) {
		t.Error("a partition is listed as a table of its own")
	}
	payment := `#nav-list li[data-name="payment"]`
	if !page.hasText(payment+` > details[data-testid="nav-partitions"]:not([open]) > summary`, "53 partitions") ||
		page.count(payment+` details li a[data-nav-link]`) != 50 || !page.has(payment+` details li.nav-more a[href="/schema/public/table/payment"]`) {
		t.Errorf("payment's partitions are not folded, 50 listed and the rest linked: %s", words(page.doc.Find(payment)))
	}
	// On a partition's page, its parent's list is open with it first and
	// marked; the parent is not.
	_, body = do(t, app, "GET", "/schema/public/table/payment_p2024_05/rows", nil, nil)
	page = parse(t, body)
	if !page.has(payment+` > details[open] li.on:first-child > a[aria-current="page"][href="/schema/public/table/payment_p2024_05/rows"]`) ||
		page.has(payment+`.on`) {
		t.Errorf("the current partition is not shown open and marked: %s", words(page.doc.Find(payment)))
	}
	// The filter finds a table by a partition's name.
	_, body = do(t, app, "GET", "/nav?q=p2024_05", nil, map[string]string{"HX-Request": "true"})
	list := parse(t, body)
	if got := list.attrs(`#nav-list > ul > li > a`, "href"); len(got) != 1 || got[0] != "/schema/public/table/payment/rows" ||
		!list.has(`details[open] li:first-child a[href="/schema/public/table/payment_p2024_05/rows"]`) {
		t.Errorf("filtering by a partition's name: %v", got)
	}
}

func TestSidebarFoldsFTSShadowTables(t *testing.T) {
	db := mustEditSQLite(t)
	if _, err := db.ExecContext(context.Background(), `CREATE VIRTUAL TABLE notes USING fts5(body)`); err != nil {
		t.Fatal(err)
	}
	_, body := do(t, mustApp(t, db, handlers.Options{}), "GET", "/schema/main/table/posts/rows", nil, nil)
	page := parse(t, body)
	notes := `#nav-list li[data-name="notes"]`
	if !page.hasText(notes+" .nav-kind", "virtual table") || !page.hasText(notes+` details[data-testid="nav-shadows"] summary`, "5 shadow tables") ||
		!page.hasText(notes+` .nav-shadow`, "notes_config") || page.has(`#nav-list a[href*="notes_"]`) {
		t.Errorf("the FTS table's shadow tables are not folded under it: %s", words(page.doc.Find(notes)))
	}
}

// TestSidebarCapsAndFiltersOnTheServer: a database with more tables than
// the sidebar lists shows a window around the current table and says how
// many it leaves out; the filter asks the server, as a fragment for htmx
// and as a page without JavaScript.
func TestSidebarCapsAndFiltersOnTheServer(t *testing.T) {
	app := mustApp(t, mustSQLiteTables(t, 600), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/t00450/rows", nil, nil)
	page := parse(t, body)
	links := page.attrs(`#nav-list a[data-nav-link]`, "href")
	if len(links) != views.NavCap || !page.has(`#nav-list a[aria-current="page"][href="/schema/main/table/t00450/rows"]`) {
		t.Fatalf("%d links, the current one marked: %v", len(links), page.has(`#nav-list a[aria-current]`))
	}
	if links[0] != "/schema/main/table/t00350/rows" || links[len(links)-1] != "/schema/main/table/t00549/rows" {
		t.Errorf("window %s … %s, want t00350 … t00549", links[0], links[len(links)-1])
	}
	more := page.doc.Find(`#nav-list [data-testid="nav-more"]`)
	if more.Length() != 2 || !strings.Contains(words(more.First()), "350 more above") || !strings.Contains(words(more.Last()), "50 more") ||
		!page.hasText(`#nav-status`, "600 tables; 200 listed: type to find the others.") {
		t.Errorf("what is left out: %q / %q", words(more), page.text(`#nav-status`))
	}

	// The filter's fragment: the list and the status out of band, the
	// current table still marked.
	_, body = do(t, app, "GET", "/nav?q=T0059&schema=main&table=t00591", nil, map[string]string{"HX-Request": "true"})
	frag := parse(t, body)
	if got := frag.attrs(`#nav-list a[data-nav-link]`, "href"); len(got) != 10 || frag.has("header") ||
		frag.attr(`#nav-list a[aria-current="page"]`, "href") != "/schema/main/table/t00591/rows" || frag.attr(`#nav-list`, "data-q") != "T0059" {
		t.Errorf("fragment for T0059: %v %s", got, body)
	}
	if !frag.has(`#nav-status[hx-swap-oob="innerHTML"]`) || !frag.hasText(`#nav-status`, "10 tables match.") {
		t.Errorf("status: %s", frag.text("#nav-status"))
	}
	_, body = do(t, app, "GET", "/nav?q=t0", nil, map[string]string{"HX-Request": "true"})
	if frag := parse(t, body); frag.count(`#nav-list a[data-nav-link]`) != views.NavCap || !frag.hasText(`#nav-status`, "600 tables match; 200 listed: type more to narrow.") {
		t.Errorf("600 matches: %d listed, %q", frag.count(`#nav-list a[data-nav-link]`), frag.text("#nav-status"))
	}
	_, body = do(t, app, "GET", "/nav?q=nothing-like-it", nil, map[string]string{"HX-Request": "true"})
	if frag := parse(t, body); frag.count(`#nav-list a`) != 0 || !strings.Contains(frag.text(`#nav-status`), "No table matches") {
		t.Errorf("no match: %s", body)
	}

	// Without JavaScript the form is a GET of a page listing the matches,
	// with the sidebar filtered the same way.
	resp, body := do(t, app, "GET", "/nav?"+url.Values{"q": {"t0012"}}.Encode(), nil, nil)
	res := parse(t, body)
	if resp.StatusCode != 200 || res.count(`ul.nav-results a[data-nav-link]`) != 10 || res.attr(`#nav-q`, "value") != "t0012" ||
		res.count(`#nav-list a[data-nav-link]`) != 10 {
		t.Errorf("the filter as a page: %d, %d results", resp.StatusCode, res.count(`ul.nav-results a[data-nav-link]`))
	}
}

// TestSidebarFilterKeptBetweenPages: nav.js keeps the filter in a cookie,
// so the next page's list comes filtered from the server.
func TestSidebarFilterKeptBetweenPages(t *testing.T) {
	app := mustApp(t, mustEditSQLite(t), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/users/rows", nil, map[string]string{"Cookie": "studio_nav_q=" + url.PathEscape("pos ")})
	page := parse(t, body)
	if page.attr(`#nav-q`, "value") != "pos" || strings.Join(page.attrs(`#nav-list a[data-nav-link]`, "href"), " ") != "/schema/main/table/posts/rows" {
		t.Errorf("filtered sidebar: %q %v", page.attr(`#nav-q`, "value"), page.attrs(`#nav-list a[data-nav-link]`, "href"))
	}
}
