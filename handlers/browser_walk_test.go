package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"studio/database"
	"studio/demo"
	"studio/handlers"
	"studio/internal/browsertest"
	"studio/internal/sqlitetest"
)

// The layout slips a new user met walking the demo's everyday tasks
// (issues 12 and 13), each checked at 1440 and 800 px in both themes.

// serveDemo serves a fresh demo database with its migrations folder.
func serveDemo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo", "demo.db")
	if _, err := demo.Create(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	db := sqlitetest.Open(t, path, database.Options{})
	return serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: demo.MigrationsDir(path)}})
}

// eachLook runs check at both widths in both themes.
func eachLook(t *testing.T, ctx context.Context, check func(look string)) {
	t.Helper()
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{1440, 800} {
			browserDo(t, ctx, "look", colorScheme(scheme, width))
			check(scheme + " " + map[int64]string{1440: "1440", 800: "800"}[width])
		}
	}
}

// A migration's page is titled by its name in mono; the title was set at
// the 12.5 px of inline code, smaller than the page's own text.
func TestBrowserMigrationTitleIsAHeading(t *testing.T) {
	base := serveDemo(t)
	ctx := browsertest.New(t, 60*time.Second)
	eachLook(t, ctx, func(look string) {
		browserDo(t, ctx, "open the pending migration", chromedp.Navigate(base+"/migrations/m/0001_topic_status"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="verdict"]`)))
		if px := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector("main h1")).fontSize)`); px < 18 {
			t.Errorf("%s: the migration's title is %.1f px, smaller than a heading", look, px)
		}
	})
	browsertest.Screenshot(t, ctx, "walk-migration-title")
}

// A panel that opens with its heading (the console's recent statements, a
// migration's schema changes) showed a blank band above it: the heading's
// 26 px top margin on top of the panel's padding.
func TestBrowserPanelHeadingsSitAtTheTop(t *testing.T) {
	base := serveDemo(t)
	ctx := browsertest.New(t, 60*time.Second)
	gap := `(() => { const h = document.querySelector(%q); return h.getBoundingClientRect().top - h.parentElement.getBoundingClientRect().top; })()`
	pages := []struct{ url, heading string }{
		{"/console", `[data-testid="console-history"] > h2`},
		{"/migrations/m/0001_topic_status", `[data-testid="changes"] > h2`},
	}
	eachLook(t, ctx, func(look string) {
		for _, p := range pages {
			browserDo(t, ctx, "open "+p.url, chromedp.Navigate(base+p.url), chromedp.WaitVisible(chromedp.CSS(p.heading)))
			if px := eval[float64](t, ctx, fmt.Sprintf(gap, p.heading)); px > 16 {
				t.Errorf("%s %s: %.0f px of blank panel above the heading", look, p.url, px)
			}
		}
	})
	browsertest.Screenshot(t, ctx, "walk-panel-heading")
}

// A console result's row-number column took half the width of a short
// result, pushing its one column of names to the middle of the page.
func TestBrowserConsoleRowNumbersStayNarrow(t *testing.T) {
	base := serveDemo(t)
	ctx := browsertest.New(t, 60*time.Second)
	eachLook(t, ctx, func(look string) {
		browserDo(t, ctx, "run a one-column query", chromedp.Navigate(base+"/console?sql="+url.QueryEscape("SELECT display_name FROM users LIMIT 3")),
			chromedp.WaitVisible(chromedp.CSS(`textarea`)), chromedp.Click(chromedp.CSS(`[data-testid="console-run"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="console-grid"] tbody tr`)))
		if px := eval[float64](t, ctx, `document.querySelector('[data-testid="console-grid"] th').getBoundingClientRect().width`); px > 60 {
			t.Errorf("%s: the row-number column is %.0f px wide", look, px)
		}
	})
	browsertest.Screenshot(t, ctx, "walk-console-rownum")
}

// A between filed with only its "from" date was refused as "two values
// separated by a comma", though the form has two fields and no comma.
func TestBrowserBetweenAsksForBothEnds(t *testing.T) {
	base := serveDemo(t)
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "open messages", colorScheme("light", 1440), chromedp.Navigate(base+"/schema/main/table/messages/rows"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="filter-0"]`)))
	browserDo(t, ctx, "created_at", setField(`[data-testid="filter-0"] [name="fcol"]`, "created_at"))
	until(t, ctx, `document.querySelector('[data-testid="filter-0"] [name="fval"]').type === "datetime-local"`)
	browserDo(t, ctx, "between, from only", setField(`[data-testid="filter-0"] [name="fop"]`, "between"),
		setField(`[data-testid="filter-0"] [name="fval"]`, "2025-01-15T00:00"), chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	until(t, ctx, `!!document.querySelector('.filter.bad [data-testid="filter-problem"]')`)
	msg := eval[string](t, ctx, `document.querySelector('.filter.bad [data-testid="filter-problem"]').textContent`)
	if !strings.Contains(msg, "needs two values, from and to") || strings.Contains(msg, "separated by a comma") {
		t.Errorf("a between without its end says %q", msg)
	}
	browsertest.Screenshot(t, ctx, "walk-between-one-end")
}

// Opening a delete's confirmation by keyboard focused its Delete button,
// so a second Enter deleted the row (and whatever cascades) unread.
func TestBrowserDeleteConfirmationFocusesCancel(t *testing.T) {
	base := serveDemo(t)
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "open a tag", colorScheme("light", 1440), chromedp.Navigate(base+"/schema/main/table/tags/row?eq.id=1"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="delete-row"]`)), chromedp.Focus(chromedp.CSS(`[data-testid="delete-row"]`)))
	press(t, ctx, kb.Enter)
	until(t, ctx, `!!document.querySelector('dialog[open] [data-testid="delete-cancel"]')`)
	until(t, ctx, `document.activeElement.matches('dialog[open] [data-testid="delete-cancel"]')`)
	press(t, ctx, kb.Enter)
	until(t, ctx, `!document.querySelector('dialog[open]')`)
	browserDo(t, ctx, "reopen the tag", chromedp.Navigate(base+"/schema/main/table/tags/row?eq.id=1"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	if !eval[bool](t, ctx, `!!document.querySelector('[data-testid="delete-row"]')`) {
		t.Error("Enter, Enter on Delete this row… deleted the row")
	}
	browsertest.Screenshot(t, ctx, "walk-delete-focus")
}
