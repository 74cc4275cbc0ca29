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

// TestBrowserDomainLinkAndRehearsalPostgres: on a table page a person
// follows a column's domain type to the domain's row on the schema page;
// on the Push page a plan that would fail says at which step, before any
// Apply button.
func TestBrowserDomainLinkAndRehearsalPostgres(t *testing.T) {
	db, schema := pgPushFixture(t, `CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
		CREATE TABLE film (id integer PRIMARY KEY, release_year year); INSERT INTO film VALUES (1, NULL);`,
		"CREATE DOMAIN year AS integer NOT NULL CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);\nCREATE TABLE film (id integer PRIMARY KEY, release_year year);\n")
	base := serve(t, db, handlers.Options{Push: handlers.PushOptions{Dev: true, Schema: schema}})

	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/schema/public/table/film"),
		chromedp.Click(chromedp.CSS(`[data-testid="column-domain"]`)),
		chromedp.WaitVisible(chromedp.CSS(`h1[data-testid="schema-name"]`)), // the table page lists the domain too
		chromedp.WaitVisible(chromedp.CSS(`tr#domain-year`)),
	); err != nil {
		t.Fatalf("following the domain link: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/schema/public#domain-year") {
		t.Fatalf("domain link went to %s", loc)
	}
	browsertest.Screenshot(t, ctx, "domain-row")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/push"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="push-rehearsal-failed"]`)),
	); err != nil {
		t.Fatalf("push page: %v", err)
	}
	browsertest.Screenshot(t, ctx, "push-rehearsal-failed")
	applies, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="push-apply"]').length`))
	if err != nil || applies != 0 {
		t.Fatalf("a failing plan offers Apply (%d buttons, %v)", applies, err)
	}
}
