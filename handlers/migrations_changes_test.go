package handlers_test

import (
	"testing"

	"studio/handlers"
	"studio/review"
)

// TestPreviewChangeList: the Preview page loads the migration's change
// list (a replay before and through it); without JavaScript the link is
// a page of its own.
func TestPreviewChangeList(t *testing.T) {
	_, _, get := migrationsApp(t, false)
	_, body := get("/migrations/m/0001_rebuild")
	page := parse(t, body)
	if page.attr(`[data-testid="changes"]`, "hx-get") != "/migrations/m/0001_rebuild/changes" {
		t.Fatalf("no change list placeholder:\n%s", body)
	}
	code, body := get("/migrations/m/0000_init/changes")
	page = parse(t, body)
	if code != 200 || page.count(`[data-testid="change"][data-kind="table-added"]`) != 2 || !page.has("main h1") {
		t.Errorf("0000_init changes: %d\n%s", code, body)
	}
	_, body = get("/migrations/m/0001_rebuild/changes")
	if page = parse(t, body); !page.has(`[data-testid="change"][data-kind="column-changed"]`) || !page.shows("parent.name") {
		t.Errorf("0001_rebuild changes:\n%s", page.text("#changes"))
	}
	if code, _ := get("/migrations/m/nope/changes"); code != 404 {
		t.Errorf("unknown migration: %d", code)
	}
}

// TestPreviewRuleLinksAndConfig: each finding's code links to the local
// rule page, which explains it; studio.json's levels apply on the page
// as in studio lint (a rule turned off is not raised, a level changed is
// the finding's).
func TestPreviewRuleLinksAndConfig(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	app := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	_, body := do(t, app, "GET", "/migrations/m/0001_rebuild", nil, nil)
	page := parse(t, body)
	link := page.attr(`[data-code="rebuild"] a[data-testid="warning-code"]`, "href")
	if link != "/rules/rebuild" {
		t.Fatalf("rebuild finding links to %q:\n%s", link, body)
	}
	resp, body := do(t, app, "GET", link, nil, nil)
	rule, _ := review.RuleFor("rebuild")
	if rp := parse(t, body); resp.StatusCode != 200 || !rp.hasText(`[data-testid="rule-safe"]`, rule.Safe) ||
		!rp.hasText(`[data-testid="rule-level"]`, rule.Severity) {
		t.Errorf("rule page: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := do(t, app, "GET", "/rules/no-such-rule", nil, nil); resp.StatusCode != 404 {
		t.Errorf("unknown rule: %d", resp.StatusCode)
	}
	_, body = do(t, app, "GET", "/rules", nil, nil)
	if n := parse(t, body).count(`[data-testid="rule"]`); n != len(review.Rules()) {
		t.Errorf("rules page lists %d rules, want %d", n, len(review.Rules()))
	}

	off := mustApp(t, db, handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir,
		Review: review.Options{Rules: map[string]string{"rebuild": "off", "rebuild-cascade": "error"}}}})
	_, body = do(t, off, "GET", "/migrations/m/0001_rebuild", nil, nil)
	page = parse(t, body)
	if resp, _ := do(t, off, "GET", "/migrations/m/0001_rebuild", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("preview with studio.json levels: %d", resp.StatusCode)
	}
	if page.has(`[data-code="rebuild"]`) {
		t.Errorf("a rule off in studio.json was raised:\n%s", body)
	}
	if !page.has(`[data-code="rebuild-cascade"].callout.error`) {
		t.Errorf("rebuild-cascade is not raised as the error studio.json makes it:\n%s", body)
	}
	_, body = do(t, off, "GET", "/rules/rebuild", nil, nil)
	if rp := parse(t, body); !rp.hasText(`[data-testid="rule-level"]`, "off") || !rp.shows("set in studio.json") {
		t.Errorf("rule page ignores studio.json:\n%s", body)
	}
}
