package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
)

// manyTablesPG is a PostgreSQL database with n small tables t00000….
func manyTablesPG(t *testing.T, n int) *database.DB {
	t.Helper()
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "CREATE TABLE t%05d (id integer PRIMARY KEY, note text);\n", i)
	}
	return openPG(t, sb.String())
}

// focused describes the focused element for a test's messages and
// checks: what a selector would name.
const focusedJS = `(() => { const e = document.activeElement; if (!e || e === document.body) return "body";
  return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "[" + (e.getAttribute("data-testid") || e.getAttribute("name") || e.className || "") + "] " + (e.getAttribute("href") || e.textContent.trim().slice(0, 30)); })()`

// press sends keys to the focused element, one key event each.
func press(t *testing.T, ctx context.Context, keys ...string) {
	t.Helper()
	for _, k := range keys {
		browserDo(t, ctx, "press "+k, chromedp.KeyEvent(k))
	}
}

// slash presses "/" as a person's keyboard does (see typeKey).
func slash(t *testing.T, ctx context.Context) { typeKey(t, ctx, "/", "Slash", "/", 191) }

// typeKey presses a key as a person's keyboard does: one keyDown carrying
// the text, so a page that prevents its default types nothing (kb.Encode
// sends the text as a separate char event, which nothing can prevent).
func typeKey(t *testing.T, ctx context.Context, key, code, text string, vk int64) {
	t.Helper()
	browserDo(t, ctx, "press "+key, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: text, UnmodifiedText: text,
			WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := down
		up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, up)
		return err
	}))
}

// waitFor is until that says, when it gives up, what state shows.
func waitFor(t *testing.T, ctx context.Context, js, state string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("still false after 10s: %s\nstate: %s", js, eval[string](t, ctx, state))
}

// focusIs reports whether the focused element matches sel.
func focusIs(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	return eval[bool](t, ctx, fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, sel))
}

func TestBrowserSidebarKeyboardSQLite(t *testing.T) {
	browserSidebarKeyboard(t, mustSQLiteTables(t, 300), "main")
}

func TestBrowserSidebarKeyboardPostgres(t *testing.T) {
	browserSidebarKeyboard(t, manyTablesPG(t, 300), "public")
}

// browserSidebarKeyboard walks the sidebar with the keyboard alone: the
// tab order, "/" to the filter, typing filters on the server, the arrow
// keys and Enter open a table, the filter is kept on the next page,
// Escape clears it, and Enter right after typing opens the first match.
func browserSidebarKeyboard(t *testing.T, db *database.DB, schema string) {
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 120*time.Second)
	grid := func(table string) string { return "/schema/" + schema + "/table/" + table + "/rows" }
	browserDo(t, ctx, "open a grid", colorScheme("light", 1440), chromedp.Navigate(base+grid("t00010")),
		chromedp.WaitVisible(chromedp.CSS(`#nav-list a[aria-current="page"]`)))
	until(t, ctx, `document.querySelector('#nav-list a[aria-current]').getAttribute('tabindex') === '0'`)

	// Tab order: skip link, header, filter, the list as one stop (the
	// current table), then the page.
	order := []string{`a.skip`, `[data-nav-toggle]`, `a.brand`, `header nav a[href="/"]`, `header nav a[href="/migrations"]`,
		`header nav a[href="/console"]`, `[data-theme-toggle]`, `#nav-q`, `#nav-list a[aria-current="page"][href="` + grid("t00010") + `"]`, `main a`}
	for i, sel := range order {
		press(t, ctx, kb.Tab)
		if !focusIs(t, ctx, sel) {
			t.Fatalf("tab %d: focus on %s, want %s", i+1, eval[string](t, ctx, focusedJS), sel)
		}
		if i == 0 && eval[float64](t, ctx, `document.activeElement.getBoundingClientRect().top`) < 0 {
			t.Error("the focused skip link is off screen")
		}
	}

	// "/" from the page focuses the filter; typing asks the server.
	eval[bool](t, ctx, `document.activeElement.blur(), true`)
	slash(t, ctx)
	if !focusIs(t, ctx, "#nav-q") {
		t.Fatalf("/ focused %s", eval[string](t, ctx, focusedJS))
	}
	browserDo(t, ctx, "type", chromedp.SendKeys(chromedp.CSS(`#nav-q`), "t0029"))
	until(t, ctx, `document.querySelector('#nav-list').dataset.q === 't0029' && document.querySelectorAll('#nav-list a[data-nav-link]').length === 10`)
	if s := eval[string](t, ctx, `document.querySelector('#nav-status').textContent`); s != "10 tables match." {
		t.Errorf("status %q", s)
	}
	browsertest.Screenshot(t, ctx, "nav-filter-"+string(db.Dialect()))
	// Down into the list, down once more, Enter: that table's grid.
	press(t, ctx, kb.ArrowDown)
	if !focusIs(t, ctx, `a[href="`+grid("t00290")+`"]`) {
		t.Fatalf("ArrowDown focused %s", eval[string](t, ctx, focusedJS))
	}
	press(t, ctx, kb.ArrowDown, kb.ArrowUp, kb.ArrowDown)
	if !focusIs(t, ctx, `a[href="`+grid("t00291")+`"][tabindex="0"]`) {
		t.Fatalf("arrows focused %s", eval[string](t, ctx, focusedJS))
	}
	press(t, ctx, kb.Enter)
	until(t, ctx, `location.pathname === "`+grid("t00291")+`" && !!document.querySelector('[data-testid="grid"]')`)
	// The filter stays, the list with it, the new table marked.
	until(t, ctx, `document.querySelector('#nav-q').value === 't0029' && document.querySelectorAll('#nav-list a[data-nav-link]').length === 10 &&
	  document.querySelector('#nav-list a[aria-current="page"]').getAttribute('href') === "`+grid("t00291")+`"`)

	// Escape empties the filter and the whole list is back.
	slash(t, ctx)
	if !focusIs(t, ctx, "#nav-q") {
		t.Fatalf("/ focused %s", eval[string](t, ctx, focusedJS))
	}
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, `document.querySelector('#nav-q').value === '' && document.querySelector('#nav-list').dataset.q === '' &&
	  document.querySelectorAll('#nav-list a[data-nav-link]').length === 200`,
		`JSON.stringify([document.querySelector('#nav-q').value, document.querySelector('#nav-list').dataset.q, document.querySelectorAll('#nav-list a[data-nav-link]').length, document.activeElement.id])`)
	if eval[bool](t, ctx, `document.cookie.includes('studio_nav_q=t')`) {
		t.Error("the cleared filter is still kept")
	}
	// Enter right after typing waits for the answer, then opens the
	// first match.
	browserDo(t, ctx, "type and Enter", chromedp.SendKeys(chromedp.CSS(`#nav-q`), "t00123"+kb.Enter))
	until(t, ctx, `location.pathname === "`+grid("t00123")+`" && !!document.querySelector('[data-testid="grid"]')`)
}

func TestBrowserSidebarCollapseAndDrawer(t *testing.T) {
	base := serve(t, mustEditSQLite(t), handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	visible := `document.querySelector('#sidebar').checkVisibility()`
	expanded := `document.querySelector('[data-nav-toggle]').getAttribute('aria-expanded')`
	browserDo(t, ctx, "open", colorScheme("light", 1440), chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`#sidebar`)))
	until(t, ctx, expanded+` === 'true'`)

	// Collapsed, it stays collapsed after a reload (applied before the
	// first paint) and after a boosted navigation.
	browserDo(t, ctx, "collapse", chromedp.Click(chromedp.CSS(`[data-nav-toggle]`)))
	until(t, ctx, `!`+visible+` && `+expanded+` === 'false'`)
	browserDo(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))
	if eval[bool](t, ctx, visible) || eval[string](t, ctx, `document.documentElement.dataset.nav`) != "collapsed" {
		t.Error("the collapsed sidebar is back after a reload")
	}
	until(t, ctx, expanded+` === 'false'`)
	browserDo(t, ctx, "boosted link", chromedp.Click(chromedp.CSS(`a[data-testid="tab-structure"]`)))
	until(t, ctx, `location.pathname === "/schema/main/table/posts" && !!document.querySelector('[data-testid="columns"]')`)
	if eval[bool](t, ctx, visible) || eval[string](t, ctx, expanded) != "false" {
		t.Error("the sidebar opened again on the next page")
	}
	// "/" opens it and focuses the filter.
	slash(t, ctx)
	until(t, ctx, visible+` && document.activeElement.id === 'nav-q' && `+expanded+` === 'true'`)

	// 800 px: hidden behind the Tables button, which opens a drawer from
	// the keyboard; Escape closes it and gives the button the focus.
	browserDo(t, ctx, "narrow", colorScheme("light", 800), chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))
	if eval[bool](t, ctx, visible) || !eval[bool](t, ctx, `document.querySelector('[data-nav-toggle]').checkVisibility()`) {
		t.Fatal("at 800 px the sidebar shows, or its button does not")
	}
	until(t, ctx, expanded+` === 'false'`)
	browserDo(t, ctx, "focus the button", chromedp.Focus(chromedp.CSS(`[data-nav-toggle]`)))
	press(t, ctx, kb.Enter)
	until(t, ctx, visible+` && document.activeElement.id === 'nav-q' && `+expanded+` === 'true'`)
	if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector('#sidebar')).position`); pos != "fixed" {
		t.Errorf("the drawer is %s, not over the page", pos)
	}
	browsertest.Screenshot(t, ctx, "nav-drawer-800")
	press(t, ctx, kb.Escape)
	until(t, ctx, `!`+visible+` && document.activeElement.matches('[data-nav-toggle]') && `+expanded+` === 'false'`)
	// A table picked in the drawer opens, and the drawer closes.
	browserDo(t, ctx, "open again", chromedp.Click(chromedp.CSS(`[data-nav-toggle]`)))
	until(t, ctx, visible)
	browserDo(t, ctx, "pick users", chromedp.Click(chromedp.CSS(`#nav-list a[href="/schema/main/table/users/rows"]`)))
	until(t, ctx, `location.pathname === "/schema/main/table/users/rows" && !`+visible)
	// Back at 1440 px the sidebar is where it was left: open.
	browserDo(t, ctx, "wide", colorScheme("light", 1440))
	until(t, ctx, visible+` && `+expanded+` === 'true'`)
}

// TestBrowserThemeToggle: system → light → dark, remembered across a
// reload and a boosted navigation; native inputs, checkboxes and the ER
// diagram follow the chosen theme, not only the system's.
func TestBrowserThemeToggle(t *testing.T) {
	base := serve(t, mustEditSQLite(t), handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	bg := func(sel string) string {
		return eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).backgroundColor`, sel))
	}
	scheme := func(sel string) string {
		return eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).colorScheme`, sel))
	}
	name := `document.querySelector('[data-theme-name]').textContent`
	browserDo(t, ctx, "open", colorScheme("light", 1440), chromedp.Navigate(base+"/schema/main/table/posts/row?eq.id=1&edit=1"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="row-form"]`)))
	until(t, ctx, name+` === 'system'`)
	light := bg("body")

	// From the keyboard: the button is reached and pressed like any.
	browserDo(t, ctx, "focus", chromedp.Focus(chromedp.CSS(`[data-theme-toggle]`)))
	press(t, ctx, kb.Enter)
	until(t, ctx, name+` === 'light' && document.documentElement.dataset.theme === 'light'`)
	press(t, ctx, kb.Enter)
	until(t, ctx, name+` === 'dark' && document.documentElement.dataset.theme === 'dark'`)
	dark := bg("body")
	if dark == light {
		t.Fatalf("the dark theme did not change the page (%s)", dark)
	}
	for _, sel := range []string{`#nav-q`, `[name="val:body"]`, `input[type="checkbox"][name="null:body"]`, `select[name="val:flag"]`} {
		if s := scheme(sel); s != "dark" {
			t.Errorf("%s: color-scheme %q in the dark theme", sel, s)
		}
	}
	if b := bg(`[name="val:body"]`); b == "rgb(255, 255, 255)" {
		t.Error("a text input stays white in the dark theme")
	}
	browsertest.Screenshot(t, ctx, "row-edit-dark")

	// Remembered: a reload and a boosted navigation keep it.
	browserDo(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid="row-form"]`)))
	if bg("body") != dark {
		t.Error("the dark theme is gone after a reload")
	}
	browserDo(t, ctx, "to the ER diagram", chromedp.Click(chromedp.CSS(`a[data-testid="tab-structure"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="columns"]`)))
	until(t, ctx, name+` === 'dark'`)
	browserDo(t, ctx, "erd", chromedp.Click(chromedp.CSS(`main a[href="/schema/main/erd"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-erd-viewport] rect.erd-box`)))
	if fill := eval[string](t, ctx, `getComputedStyle(document.querySelector('[data-erd-viewport] rect.erd-box')).fill`); fill == "rgb(255, 255, 255)" || bg("body") != dark {
		t.Errorf("the ER diagram in the chosen dark theme: box fill %s", fill)
	}
	browsertest.Screenshot(t, ctx, "erd-dark-chosen")

	// A chosen light theme holds against a dark system; system follows it.
	browserDo(t, ctx, "dark system", colorScheme("dark", 1440), chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))
	browserDo(t, ctx, "to system", chromedp.Click(chromedp.CSS(`[data-theme-toggle]`)))
	until(t, ctx, name+` === 'system' && !document.documentElement.dataset.theme`)
	if bg("body") != dark {
		t.Error("the system theme does not follow a dark system")
	}
	browserDo(t, ctx, "to light", chromedp.Click(chromedp.CSS(`[data-theme-toggle]`)))
	until(t, ctx, name+` === 'light'`)
	if bg("body") != light || scheme(`#nav-q`) != "light" {
		t.Error("the chosen light theme does not hold against a dark system")
	}
}

func TestBrowserRowEditKeyboardSQLite(t *testing.T) {
	browserRowEdit(t, mustEditSQLite(t), "main")
}

func TestBrowserRowEditKeyboardPostgres(t *testing.T) {
	browserRowEdit(t, openPG(t, `
		CREATE TABLE users (id text PRIMARY KEY);
		CREATE TABLE posts (id integer PRIMARY KEY, author_id text NOT NULL REFERENCES users(id),
		  body text CHECK (length(body) < 40), score integer DEFAULT 0, flag boolean);
		INSERT INTO users VALUES ('u1'), ('u2');
		INSERT INTO posts VALUES (1, 'u1', 'hello', 5, true), (2, 'u2', 'world', 0, false);`), "public")
}

// browserRowEdit edits a row with the keyboard alone: skip to the page,
// Tab to Edit, change a field, save into a conflict (someone changed the
// row meanwhile), read it, save again.
func browserRowEdit(t *testing.T, db *database.DB, schema string) {
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	row := "/schema/" + schema + "/table/posts/row?eq.id=1"
	browserDo(t, ctx, "open the row", colorScheme("light", 1440), chromedp.Navigate(base+row),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="record"]`)))
	until(t, ctx, `!!window.htmx && !!document.body["htmx-internal-data"]`)
	press(t, ctx, kb.Tab, kb.Enter) // the skip link
	if !focusIs(t, ctx, "main") {
		t.Fatalf("the skip link left the focus on %s", eval[string](t, ctx, focusedJS))
	}
	tabTo := func(sel string) {
		t.Helper()
		for range 40 {
			if focusIs(t, ctx, sel) {
				return
			}
			press(t, ctx, kb.Tab)
		}
		t.Fatalf("Tab never reached %s (at %s)", sel, eval[string](t, ctx, focusedJS))
	}
	tabTo(`a[data-testid="edit-row"]`)
	press(t, ctx, kb.Enter)
	until(t, ctx, `location.search.endsWith("&edit=1") && document.activeElement.matches('[name="val:id"]')`)
	browsertest.Screenshot(t, ctx, "row-edit-"+string(db.Dialect()))

	tabTo(`[name="val:body"]`) // Tab selects the field's text: typing replaces it
	browserDo(t, ctx, "retype", chromedp.KeyEvent("typed by keyboard"))
	if _, err := db.ExecContext(context.Background(), "UPDATE posts SET score = 42 WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter)
	until(t, ctx, `!!document.querySelector('[data-testid="row-conflict"]') && document.activeElement.matches('[data-testid="row-conflict"]')`)
	msg := eval[string](t, ctx, `document.querySelector('[data-testid="row-conflict"]').innerText`)
	if !strings.Contains(msg, "Not saved") || !strings.Contains(msg, "score is now 42") || !strings.Contains(msg, "Your changes to body") {
		t.Errorf("conflict box %q", msg)
	}
	if v := eval[string](t, ctx, `document.querySelector('[name="val:body"]').value + '|' + document.querySelector('[name="val:score"]').value`); v != "typed by keyboard|42" {
		t.Errorf("the form after the conflict holds %s", v)
	}
	browsertest.Screenshot(t, ctx, "row-edit-conflict-"+string(db.Dialect()))
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 1"); got != "hello" {
		t.Fatalf("the conflicting save wrote %q", got)
	}
	tabTo(`[data-testid="row-save"]`)
	press(t, ctx, kb.Enter)
	until(t, ctx, `!!document.querySelector('[data-testid="row-saved"]') && document.activeElement.matches('[data-testid="row-saved"]') && !location.search.includes("edit=1")`)
	if n := eval[string](t, ctx, `document.querySelector('[data-testid="row-saved"]').textContent`); n != "Saved body." {
		t.Errorf("notice %q", n)
	}
	if got := queryString(t, db, "SELECT body || '/' || CAST(score AS TEXT) FROM posts WHERE id = 1"); got != "typed by keyboard/42" {
		t.Errorf("stored %s", got)
	}
}

// TestBrowserWithoutJavaScript: with scripts off the sidebar is a list of
// links and a GET form, standing above the page on a narrow screen; the
// row's edit form posts and the row page says what was saved.
func TestBrowserWithoutJavaScript(t *testing.T) {
	db := mustEditSQLite(t)
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	browserDo(t, ctx, "open", noJS, colorScheme("light", 1440), chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`#sidebar #nav-list a[aria-current="page"]`)))
	if eval[bool](t, ctx, `document.querySelector('[data-nav-toggle]').checkVisibility() || document.querySelector('[data-theme-toggle]').checkVisibility()`) {
		t.Error("buttons that need JavaScript show without it")
	}
	// The filter is a form: Enter asks for the page of matches.
	browserDo(t, ctx, "filter", chromedp.SendKeys(chromedp.CSS(`#nav-q`), "us"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`ul.nav-results`)))
	until(t, ctx, `location.pathname === "/nav" && location.search.startsWith("?q=us&")`)
	browserDo(t, ctx, "pick", chromedp.Click(chromedp.CSS(`ul.nav-results a[href="/schema/main/table/users/rows"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))

	// Edit a row: a plain form post, then the row page with its notice.
	browserDo(t, ctx, "edit", chromedp.Navigate(base+"/schema/main/table/posts/row?eq.id=2"),
		chromedp.Click(chromedp.CSS(`[data-testid="edit-row"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="row-form"]`)))
	browserDo(t, ctx, "type", chromedp.SetValue(chromedp.CSS(`[name="val:body"]`), "no script"),
		chromedp.Click(chromedp.CSS(`[data-testid="row-save"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="row-saved"]`)))
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 2"); got != "no script" {
		t.Errorf("stored %q", got)
	}

	// 800 px: the sidebar stands above the page instead of hiding behind
	// a button that cannot work.
	browserDo(t, ctx, "narrow", colorScheme("light", 800), chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))
	if !eval[bool](t, ctx, `document.querySelector('#sidebar').checkVisibility() && document.querySelector('#sidebar').getBoundingClientRect().bottom <= document.querySelector('main').getBoundingClientRect().top + 1`) {
		t.Error("at 800 px without JavaScript the sidebar is not above the page")
	}
	browsertest.Screenshot(t, ctx, "nav-800-no-js")
}
