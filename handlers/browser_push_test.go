package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"studio/handlers"
	"studio/internal/browsertest"
)

func TestBrowserPushPlanConfirmationAndApply(t *testing.T) {
	db, schema := pushFixture(t)
	base := serve(t, db, handlers.Options{Push: handlers.PushOptions{Dev: true, Schema: schema}})

	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/push"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="push-step"][data-destructive="true"]`)),
	); err != nil {
		t.Fatalf("push page: %v", err)
	}
	browsertest.Screenshot(t, ctx, "push-plan")

	// Applying without typing the table's name is refused in place.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx,
		chromedp.Click(chromedp.CSS(`[data-testid="push-apply"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#push-result [data-testid="error"]`)),
	); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS(`form[data-testid="push-form"]`)))
		t.Fatalf("unconfirmed apply: %v\n%s", err, html)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#push-result`)))
	if !strings.Contains(msg, "type its name") {
		t.Fatalf("refusal says %q", msg)
	}
	table, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`form[data-testid="push-form"] label`)))
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="push-confirm"]`), strings.TrimSpace(table)),
		chromedp.Click(chromedp.CSS(`[data-testid="push-apply"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="push-done"]`)),
	); err != nil {
		t.Fatalf("confirmed apply: %v", err)
	}
	browsertest.Screenshot(t, ctx, "push-applied")
	var cols int
	db.QueryRow("SELECT count(*) FROM pragma_table_info('users')").Scan(&cols)
	if cols != 2 {
		t.Fatalf("users has %d columns after push, want 2", cols)
	}
}
