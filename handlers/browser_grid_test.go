package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"studio/handlers"
	"studio/internal/browsertest"
)

// cells returns the values of one column's cells on the grid shown.
func cells(t *testing.T, ctx context.Context, col string) []string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`[...document.querySelectorAll('table.grid tbody tr')].map((_, i) => %s(%s(i + 1, %q))).filter(v => v !== null)`, valueJS, cellJS, col)))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBrowserGridFilterSortPageHideAndFollowKeys(t *testing.T) {
	db := gridDB(t)
	if _, err := db.ExecContext(context.Background(), `
		WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 69)
		INSERT INTO posts (id, author_id, body) SELECT i, CASE WHEN i % 2 = 0 THEN 'u2' ELSE 'u3' END, 'post ' || i FROM n`); err != nil {
		t.Fatal(err)
	}
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	wait := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	wait("open the grid", chromedp.Navigate(base+"/schema/main/table/posts/rows?limit=25"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="count"][data-exact="true"]`)))
	if ids := cells(t, ctx, "id"); len(ids) != 25 || ids[0] != "1" {
		t.Fatalf("first page ids %v", ids)
	}
	count, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="count"]`)))
	if !strings.Contains(count, "63 rows") {
		t.Errorf("count %q", count)
	}
	browsertest.Screenshot(t, ctx, "grid")

	// Sort: one click ascending, a second descending.
	wait("sort", chromedp.Click(chromedp.CSS(`[data-testid="sort-id"]`)))
	until(t, ctx, `location.search.includes("sort=id")`)
	wait("sort desc", chromedp.Click(chromedp.CSS(`[data-testid="sort-id"]`)))
	until(t, ctx, cellText(1, "id")+` === "69"`)

	// Next page continues where the first ended.
	wait("next page", chromedp.Click(chromedp.CSS(`[data-testid="page-next"]`)))
	until(t, ctx, cellText(1, "id")+` === "44"`)

	// Filter with the form: author_id = u2.
	wait("filter", chromedp.SetValue(chromedp.CSS(`[data-testid="filter-0"] select[name="fcol"]`), "author_id"),
		chromedp.SetValue(chromedp.CSS(`[data-testid="filter-0"] select[name="fop"]`), "eq"),
		chromedp.SetValue(chromedp.CSS(`[data-testid="filter-0"] [name="fval"]`), "u2"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	until(t, ctx, `location.search.includes("eq.author_id=u2") && !!document.querySelector('[data-testid="count"][data-exact="true"]')`)
	for _, a := range cells(t, ctx, "author_id") {
		if a != "u2" {
			t.Fatalf("filter kept author %q", a)
		}
	}
	if ids := cells(t, ctx, "id"); len(ids) == 0 || ids[0] != "68" {
		t.Errorf("filtered, still sorted descending: %v", ids)
	}

	// Hide the body column.
	wait("hide", chromedp.Click(chromedp.CSS(`details.columns summary`)),
		chromedp.Click(chromedp.CSS(`[data-testid="show-body"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	until(t, ctx, `location.search.includes("hide=body") && !!document.querySelector('[data-testid="grid"]')`)
	if n := cells(t, ctx, "body"); len(n) != 0 {
		t.Errorf("body still shown in %d cells", len(n))
	}

	// Follow a foreign key to the user, then back to that user's posts.
	wait("fk jump", chromedp.Click(chromedp.CSS(gridCellSel(t, ctx, 1, "author_id")+` a.fk`)))
	until(t, ctx, `!!document.querySelector('[data-testid="record"]')`)
	email, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="record"] td[data-col="email"]`)))
	if email != "b@example.com" {
		t.Errorf("row page email %q", email)
	}
	browsertest.Screenshot(t, ctx, "row")
	wait("incoming", chromedp.Click(chromedp.CSS(`a[data-testid="incoming-link"][href*="posts"]`)))
	until(t, ctx, `location.pathname.endsWith("/posts/rows") && !!document.querySelector('[data-testid="grid"]')`)
	if authors := cells(t, ctx, "author_id"); len(authors) != 31 || authors[0] != "u2" {
		t.Errorf("incoming link should list u2's posts: %v", authors)
	}
}
