package handlers_test

import (
	"context"
	"net/url"
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

// TestBrowserDemoTour walks the demo the way a new user does after
// `studio demo`, and takes the README's screenshots on the way.
func TestBrowserDemoTour(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo", "demo.db")
	if _, err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	db := sqlitetest.Open(t, path, database.Options{})
	base := serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: demo.MigrationsDir(path)}})

	b := browsertest.New(t, 90*time.Second)
	steps := []struct{ url, wait, shot string }{
		{"/", `[data-table-name="messages_fts"]`, "demo-overview"},
		{"/schema/main/table/messages", `[data-testid="triggers"], [data-testid="trigger-sql"]`, "demo-structure"},
		{"/schema/main/erd", `[data-testid="erd"] svg`, "demo-erd"},
		{"/migrations", `[data-state="pending"]`, "demo-migrations"},
		{"/migrations/m/0001_topic_status", `[data-testid="warning"][data-kind="data-loss"]`, "demo-preview"},
		{"/schema/main/table/messages/rows?limit=25&sort=-created_at", `[data-testid="count"][data-exact="true"]`, "demo-grid"},
		{"/schema/main/table/users/row?eq.id=" + firstUser(t, db), `[data-testid="incoming-count"]`, "demo-row"},
		{"/console?sql=" + url.QueryEscape("SELECT t.title, count(*) AS messages\nFROM topics t JOIN messages m ON m.topic_id = t.id\nGROUP BY t.id ORDER BY messages DESC"), `textarea`, ""},
	}
	for _, s := range steps {
		if err := chromedp.Do(b, chromedp.Navigate(base+s.url), chromedp.WaitVisible(chromedp.CSS(s.wait))); err != nil {
			t.Fatalf("%s: waiting for %s: %v", s.url, s.wait, err)
		}
		if s.shot != "" {
			browsertest.Screenshot(t, b, s.shot)
		}
	}
	// Run the console's statement and show its result.
	if err := chromedp.Do(b, chromedp.Click(chromedp.CSS(`[data-testid="console-run"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="console-result"] table`))); err != nil {
		t.Fatalf("console run: %v", err)
	}
	browsertest.Screenshot(t, b, "demo-console")
}

// firstUser is the id of a user who wrote messages.
func firstUser(t *testing.T, db *database.DB) string {
	t.Helper()
	var id string
	if err := db.QueryRow("SELECT author_id FROM messages ORDER BY id LIMIT 1").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
