package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"studio/database"
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

// TestBrowserMigrationsOutOfOrder: the page explains a late-merged
// migration, Migrate refuses it and applies nothing, and with the box
// ticked Migrate applies it.
func TestBrowserMigrationsOutOfOrder(t *testing.T) {
	db, dir := lateMergeDB(t, database.SQLite)
	base := serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})

	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/migrations"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="out-of-order-item"]`)),
	); err != nil {
		t.Fatalf("history: %v", err)
	}
	explained, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="out-of-order"]`)))
	for _, want := range []string{"0002_late.sql", "not later than the newest recorded created_at", "drizzle-orm: drizzle-orm's migrator skips it silently", "studio: studio migrate refuses"} {
		if !strings.Contains(explained, want) {
			t.Errorf("explanation lacks %q: %q", want, explained)
		}
	}
	browsertest.Screenshot(t, ctx, "migrations-out-of-order")

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = function () { return true; }; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="migrate"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#run-progress[data-done="error"]`)),
	); err != nil {
		t.Fatalf("migrate without the box: %v", err)
	}
	progress, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#run-progress`)))
	if !strings.Contains(progress, "FAILED") || !strings.Contains(progress, "0002_late.sql") || !strings.Contains(progress, "--allow-out-of-order") {
		t.Fatalf("refusal %q", progress)
	}
	if hasTable(t, db, "late_t") || hasTable(t, db, "next_t") {
		t.Fatal("the refused run applied something")
	}

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="allow-out-of-order"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="migrate"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#run-progress[data-done="finished"]`)),
	); err != nil {
		t.Fatalf("migrate with the box: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/migrations"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="history"]`)),
	); err != nil {
		t.Fatal(err)
	}
	left, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-state="out-of-order"], [data-state="pending"]').length`))
	if left != 0 || !hasTable(t, db, "late_t") {
		t.Fatalf("%d migrations left after Migrate with the box ticked", left)
	}
}

// TestBrowserMigrationVerdict: on SQLite and PostgreSQL the pending
// migration's page shows the loss first, above Migrate; Migrate's
// question repeats it; the dry run lists what each statement changed.
func TestBrowserMigrationVerdict(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db, dir := lossDB(t, dialect)
			base := serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
			ctx := browsertest.New(t, 60*time.Second)
			browserDo(t, ctx, "preview", chromedp.Navigate(base+"/migrations/m/0001_drop_avatar"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="verdict-loss"]`)))
			// The verdict is on screen first, above the Migrate button.
			if !eval[bool](t, ctx, `document.querySelector('[data-testid="verdict"]').getBoundingClientRect().bottom <= document.querySelector('[data-testid="migrate"]').getBoundingClientRect().top`) {
				t.Errorf("the verdict is not above Migrate")
			}
			if dialect == database.SQLite {
				browsertest.Screenshot(t, ctx, "migration-verdict")
			}
			browserDo(t, ctx, "dry run", chromedp.Click(chromedp.CSS(`[data-testid="dry-run"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="run-statements"]`)))
			if got := eval[string](t, ctx, `document.querySelector('[data-testid="run-statements"]').innerText`); !strings.Contains(got, "1 row") || !strings.Contains(got, "DROP COLUMN") {
				t.Errorf("dry run: %s", got)
			}
			// A person reads the question and says no: nothing runs.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = m => { window.asked = m; return false; }; true`)); err != nil {
				t.Fatal(err)
			}
			browserDo(t, ctx, "migrate, declined", chromedp.Click(chromedp.CSS(`[data-testid="migrate"]`)))
			until(t, ctx, `typeof window.asked === "string"`)
			if asked := eval[string](t, ctx, `window.asked`); !strings.Contains(asked, "Data will be lost") || !strings.Contains(asked, "avatar_url") {
				t.Errorf("Migrate asked %q", asked)
			}
		})
	}
}

// TestBrowserMigrationsDriftPanel: the Migrations page loads the drift
// check after it shows; with a hand-made column and index it lists both.
// Screenshots at 1440 and 800 px, light and dark.
func TestBrowserMigrationsDriftPanel(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	base := serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "clean", colorScheme("light", 1440), chromedp.Navigate(base+"/migrations"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="drift-clean"]`)))
	browsertest.Screenshot(t, ctx, "migrations-drift-clean")
	for _, sql := range []string{`ALTER TABLE parent ADD COLUMN hotfix integer`, `CREATE INDEX parent_hotfix_idx ON parent (hotfix)`} {
		if _, err := db.Exec(sql); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []struct {
		scheme string
		width  int64
	}{{"light", 1440}, {"dark", 1440}, {"light", 800}, {"dark", 800}} {
		browserDo(t, ctx, "drift", colorScheme(v.scheme, v.width), chromedp.Navigate(base+"/migrations"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="drift-found"]`)))
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="drift-change"]').length`))
		if n != 2 {
			t.Fatalf("%d drift changes listed, want 2", n)
		}
		browsertest.Screenshot(t, ctx, fmt.Sprintf("migrations-drift-%s-%d", v.scheme, v.width))
	}
}

// TestBrowserPreviewChangesAndRulePage: the Preview page loads the change
// list; a finding's code opens the local rule page. Screenshots at 1440
// and 800 px, light and dark.
func TestBrowserPreviewChangesAndRulePage(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	base := serve(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	ctx := browsertest.New(t, 60*time.Second)
	for _, v := range []struct {
		scheme string
		width  int64
	}{{"light", 1440}, {"dark", 1440}, {"light", 800}, {"dark", 800}} {
		browserDo(t, ctx, "preview", colorScheme(v.scheme, v.width), chromedp.Navigate(base+"/migrations/m/0001_rebuild"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="change"][data-kind="column-changed"]`)))
		browsertest.Screenshot(t, ctx, fmt.Sprintf("preview-changes-%s-%d", v.scheme, v.width))
		browserDo(t, ctx, "rule page", chromedp.Click(chromedp.CSS(`[data-code="rebuild"] a[data-testid="warning-code"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="rule-safe"]`)))
		browsertest.Screenshot(t, ctx, fmt.Sprintf("rule-page-%s-%d", v.scheme, v.width))
	}
}
