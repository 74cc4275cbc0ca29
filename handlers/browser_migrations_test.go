package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"studio/handlers"
	"studio/internal/browsertest"
)

func TestBrowserMigrationsPreviewDryRunAndMigrate(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	base := serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})

	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/migrations/m/0001_rebuild"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="warning"][data-kind="rebuild"]`)),
	); err != nil {
		t.Fatalf("preview: %v", err)
	}
	browsertest.Screenshot(t, ctx, "migration-preview")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="dry-run"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="run-outcome"]`)),
	); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	outcome, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="run-outcome"]`)))
	if !strings.Contains(outcome, "rolled back") {
		t.Fatalf("dry run outcome %q", outcome)
	}

	// A person answers "OK" to the "Apply N pending migrations?" dialog.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = function () { return true; }; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="migrate"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#run-progress[data-done]`)),
	); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	progress, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#run-progress`)))
	if !strings.Contains(progress, "finished") || !strings.Contains(progress, "0001_rebuild") {
		t.Fatalf("progress %q", progress)
	}
	browsertest.Screenshot(t, ctx, "migration-run")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/migrations"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="history"]`)),
	); err != nil {
		t.Fatal(err)
	}
	pending, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-state="pending"]').length`))
	if pending != 0 {
		t.Fatalf("%d migrations still pending after Migrate", pending)
	}
	browsertest.Screenshot(t, ctx, "migrations")
	var children int
	db.QueryRow("SELECT count(*) FROM child").Scan(&children)
	if children != 3 {
		t.Fatalf("child rows = %d, want 3", children)
	}
}
