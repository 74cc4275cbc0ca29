package handlers_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
	"studio/internal/sqlitetest"
)

// serve runs the production app on a free loopback port for a browser.
func serve(t *testing.T, db *database.DB, opts handlers.Options) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts.Addr = ln.Addr().String()
	app := mustApp(t, db, opts)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(2 * time.Second) })
	return "http://" + ln.Addr().String()
}

// allowDownloads lets the browser save downloads into dir.
func allowDownloads(dir string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	})
}

func TestBrowserOverviewStructureAndERD(t *testing.T) {
	base := serve(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="schema"]`)),
	); err != nil {
		t.Fatalf("overview: %v", err)
	}
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="summary"]`)))
	if err != nil || !strings.Contains(summary, "relations") {
		t.Fatalf("summary %q: %v", summary, err)
	}
	browsertest.Screenshot(t, ctx, "overview")

	// The filter box hides tables that do not match.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`[data-filter-tables]`), "pos")); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-table-name="users"]').hidden`))
	if err != nil || !hidden {
		t.Fatalf("filter did not hide users (hidden=%v, err=%v)", hidden, err)
	}

	// Follow a link to the posts structure page, then its FK to users.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/schema/main/table/posts"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="foreign-keys"]`)),
	); err != nil {
		t.Fatalf("structure page: %v", err)
	}
	name, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="table-name"]`)))
	if !strings.Contains(name, "posts") {
		t.Fatalf("table name %q", name)
	}
	browsertest.Screenshot(t, ctx, "structure")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[data-testid="fk-link"][href="/schema/main/table/users"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="incoming"]`)),
	); err != nil {
		t.Fatalf("fk link: %v", err)
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/schema/main/erd"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="erd"] svg`)),
	); err != nil {
		t.Fatalf("erd: %v", err)
	}
	browsertest.Screenshot(t, ctx, "erd")
}
