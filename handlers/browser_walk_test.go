package handlers_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
