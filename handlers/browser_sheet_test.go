package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
)

// The browser tests of issue 12's grid run on the sheet fixture
// (sheet_fixture_test.go) in both dialects: the keyboard, copying,
// resizing, density, the detail panel and its editor, foreign-key labels,
// epoch times, one line per row at 800 px and a pager always in reach.

func TestBrowserSheetKeyboardSQLite(t *testing.T)   { browserSheetKeyboard(t, database.SQLite) }
func TestBrowserSheetKeyboardPostgres(t *testing.T) { browserSheetKeyboard(t, database.Postgres) }
func TestBrowserSheetLayoutSQLite(t *testing.T)     { browserSheetLayout(t, database.SQLite) }
func TestBrowserSheetLayoutPostgres(t *testing.T)   { browserSheetLayout(t, database.Postgres) }
func TestBrowserSheetPanelSQLite(t *testing.T)      { browserSheetPanel(t, database.SQLite) }
func TestBrowserSheetPanelPostgres(t *testing.T)    { browserSheetPanel(t, database.Postgres) }

// sheet is one browser on the sheet fixture's albums grid.
type sheet struct {
	t    *testing.T
	ctx  context.Context
	db   *database.DB
	base string
	grid string
}

func openSheet(t *testing.T, dialect database.Dialect, width int64) *sheet {
	t.Helper()
	db, schema := sheetDB(t, dialect)
	base := serve(t, db, handlers.Options{})
	s := &sheet{t: t, ctx: browsertest.New(t, 150*time.Second), db: db, base: base,
		grid: base + "/schema/" + schema + "/table/albums/rows?limit=25"}
	s.do("open the grid", colorScheme("light", width), grantClipboard(base))
	s.load(s.grid)
	return s
}

// load opens url and waits for the grid, its script and its count.
func (s *sheet) load(url string) {
	s.t.Helper()
	s.do("load "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`table[role="grid"]`)))
	until(s.t, s.ctx, `!!document.querySelector('table[role="grid"][data-ready]') && !!document.querySelector('[data-testid="count"][data-exact]')`)
}

func (s *sheet) do(what string, acts ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	browserDo(s.t, s.ctx, what, acts...)
}

// key presses one key (kb names) with modifiers.
func (s *sheet) key(k string, mods ...chromedp.Modifier) {
	s.t.Helper()
	s.do("press "+k, chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)))
}

// at is the focused cell's place: its row in the table (the header is
// row 0) and its column (the checkbox is column 0).
func (s *sheet) at() string {
	s.t.Helper()
	return eval[string](s.t, s.ctx, `(c => c.matches('td, th') ? c.parentNode.rowIndex + "," + c.cellIndex : "not a cell: " + c.outerHTML.slice(0, 60))(document.activeElement)`)
}

func (s *sheet) want(what, got, want string) {
	s.t.Helper()
	if got != want {
		s.t.Errorf("%s: %s, want %s", what, got, want)
	}
}

// clipboard reads the system clipboard.
func (s *sheet) clipboard() string {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("read the clipboard: %v", err)
	}
	return v
}

// grantClipboard lets the page read the clipboard, so a test can check
// what a copy put there.
func grantClipboard(origin string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, tg, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
				Setting:    browser.PermissionSettingGranted, Origin: origin}); err != nil {
				return err
			}
		}
		return nil
	})
}

// The sheet fixture's columns: 0 checkbox, 1 row link, 2 id, 3 title,
// 4 artist_id, 5 uid, 6 released_at, 7 updated_at, 8 plays, 9 meta,
// 10 cover, 11 note.

func browserSheetKeyboard(t *testing.T, dialect database.Dialect) {
	s := openSheet(t, dialect, 1440)
	// Once the count is exact it is the grid's row count (with its header).
	until(t, s.ctx, `document.querySelector('table[role="grid"]').getAttribute('aria-rowcount') === "131"`)
	// A click selects a cell and focuses it; the rest of the grid is out
	// of the tab order (one tab stop).
	s.do("click a title", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 1, "title"))))
	s.want("clicked", s.at(), "1,3")
	if n := eval[int](t, s.ctx, `document.querySelectorAll('table[role="grid"] [tabindex="0"]').length`); n != 1 {
		t.Errorf("%d tab stops in the grid, want 1", n)
	}
	if sel := eval[string](t, s.ctx, `document.activeElement.getAttribute('aria-selected')`); sel != "true" {
		t.Errorf("the clicked cell is not aria-selected: %q", sel)
	}
	for _, m := range []struct {
		key  string
		mods []chromedp.Modifier
		want string
	}{
		{kb.ArrowRight, nil, "1,4"}, {kb.ArrowDown, nil, "2,4"}, {kb.ArrowLeft, nil, "2,3"}, {kb.ArrowUp, nil, "1,3"},
		{kb.Tab, nil, "1,4"}, {kb.Tab, []chromedp.Modifier{chromedp.ModifierShift}, "1,3"},
		{kb.Home, nil, "1,0"}, {kb.End, nil, "1,11"}, {kb.Tab, nil, "2,0"}, {kb.Tab, []chromedp.Modifier{chromedp.ModifierShift}, "1,11"},
		{kb.End, []chromedp.Modifier{chromedp.ModifierCtrl}, "25,11"}, {kb.Home, []chromedp.Modifier{chromedp.ModifierCtrl}, "1,0"},
		{kb.ArrowUp, nil, "0,0"}, {kb.ArrowUp, nil, "0,0"}, {kb.ArrowDown, nil, "1,0"},
	} {
		s.key(m.key, m.mods...)
		s.want("after "+fmt.Sprintf("%q", m.key), s.at(), m.want)
	}
	s.key(kb.PageDown)
	if got := s.at(); got == "1,0" || !strings.HasSuffix(got, ",0") {
		t.Errorf("PageDown moved to %s", got)
	}
	s.key(kb.PageUp)
	s.want("PageUp", s.at(), "1,0")

	// Foreign keys show the referenced row's label; epoch columns their
	// UTC date.
	s.want("artist cell", eval[string](t, s.ctx, cellJS+`(1, "artist_id").innerText`), "1 AC/DC")
	s.want("released_at", eval[string](t, s.ctx, cellJS+`(1, "released_at").innerText`), "1738055843621 2025-01-28 09:17:23.621Z")

	// Copy: one cell as its value alone, a range as TSV.
	copyOf := func(row int, col string, shift ...string) string {
		t.Helper()
		s.do("select "+col, chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, row, col))))
		for _, k := range shift {
			s.key(k, chromedp.ModifierShift)
		}
		s.key("c", chromedp.ModifierCtrl)
		return s.clipboard()
	}
	s.want("copy a key", copyOf(1, "artist_id"), "1")
	s.want("copy an epoch", copyOf(1, "released_at"), "1738055843621")
	s.want("copy NULL-free text", copyOf(2, "title"), "Album 2")
	s.want("copy a range", copyOf(1, "title", kb.ArrowRight, kb.ArrowDown), "Album 1\t1\nAlbum 2\t2")
	if n := eval[int](t, s.ctx, `document.querySelectorAll('table[role="grid"] [aria-selected="true"]').length`); n != 4 {
		t.Errorf("%d cells selected, want 4", n)
	}
	// A value longer than the grid shows is cut there (the panel has it whole).
	if got := copyOf(1, "note"); !strings.HasPrefix(got, "a long note") || !strings.HasSuffix(got, "…") {
		t.Errorf("copy a long value: %q", got)
	}
	s.want("status", eval[string](t, s.ctx, `document.getElementById('grid-copied').textContent`), "Copied 1 cell.")
	s.key(kb.Escape)
	if n := eval[int](t, s.ctx, `document.querySelectorAll('table[role="grid"] [aria-selected="true"]').length`); n != 1 {
		t.Errorf("Escape leaves %d cells selected, want 1", n)
	}

	// Enter opens the conflict-safe editor, Escape cancels, F2 edits too,
	// and the focus comes back to the cell.
	s.do("select title 3", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 3, "title"))))
	s.key(kb.Enter)
	until(t, s.ctx, `document.activeElement.matches('.cell-edit [data-value]')`)
	s.key(kb.Escape)
	until(t, s.ctx, `!document.querySelector('.cell-edit')`)
	s.want("after Escape", s.at(), "3,3")
	s.want("restored", eval[string](t, s.ctx, cellText(3, "title")), "Album 3")
	s.key(kb.F2)
	until(t, s.ctx, `document.activeElement.matches('.cell-edit [data-value]')`)
	s.key("Edited 3")
	s.key(kb.Enter)
	until(t, s.ctx, `!document.querySelector('.cell-edit') && `+cellText(3, "title")+` === "Edited 3"`)
	until(t, s.ctx, `document.activeElement.matches('td')`)
	s.want("after saving", s.at(), "3,3")
	s.want("stored", queryString(t, s.db, "SELECT title FROM albums WHERE id = 3"), "Edited 3")
	s.want("label kept after the save", eval[string](t, s.ctx, cellJS+`(3, "artist_id").innerText`), "3 Aerosmith")

	// PageDown past the last row turns the page and keeps the column.
	s.key(kb.End, chromedp.ModifierCtrl)
	s.key(kb.ArrowLeft)
	s.key(kb.PageDown)
	until(t, s.ctx, `location.search.includes("after=") && !!document.querySelector('table[role="grid"][data-ready]') && document.activeElement.matches('td')`)
	s.want("next page", s.at(), "1,10")
	s.want("next page's first id", eval[string](t, s.ctx, cellText(1, "id")), "26")
	s.want("its row index", eval[string](t, s.ctx, `document.activeElement.parentNode.getAttribute('aria-rowindex')`), "27")
	s.key(kb.PageUp)
	until(t, s.ctx, `!location.search.includes("after=") && document.activeElement.matches('td') && `+cellText(25, "id")+` === "25"`)
	s.want("previous page", s.at(), "25,10")
	// The pager's links keep the selected place too.
	s.do("select row 5", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 5, "title"))))
	s.do("next page", chromedp.Click(chromedp.CSS(`[data-testid="page-next"]`)))
	until(t, s.ctx, `location.search.includes("after=") && `+cellText(1, "id")+` === "26"`)
	s.want("kept by the pager", eval[string](t, s.ctx, `(c => c.parentNode.rowIndex + "," + c.cellIndex)(document.querySelector('table[role="grid"] [tabindex="0"]'))`), "5,3")
}

func browserSheetLayout(t *testing.T, dialect database.Dialect) {
	s := openSheet(t, dialect, 1440)
	// Resize with the pointer: the width stays after a reload.
	width := func(col string) float64 {
		return eval[float64](t, s.ctx, fmt.Sprintf(`document.querySelector('th[data-col=%q]').getBoundingClientRect().width`, col))
	}
	w0 := width("title")
	h := eval[[]float64](t, s.ctx, `(r => [r.left + r.width / 2, r.top + r.height / 2])(document.querySelector('[data-testid="resize-title"]').getBoundingClientRect())`)
	s.do("drag the title's edge", chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, h[0], h[1], chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, h[0]+40, h[1], chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, h[0]+90, h[1], chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, h[0]+90, h[1], chromedp.ButtonLeft))
	if w := width("title"); w < w0+85 || w > w0+95 {
		t.Errorf("dragged 90 px: width %.0f → %.0f", w0, w)
	}
	wNote := width("note")
	s.load(s.grid)
	if w := width("title"); w < w0+85 || w > w0+95 {
		t.Errorf("after a reload the title is %.0f px wide, want %.0f", w, w0+90)
	}
	if w := width("note"); w < wNote-1 || w > wNote+1 {
		t.Errorf("the other columns keep their widths: note %.0f → %.0f", wNote, w)
	}
	// From the keyboard: Alt+→ on a header widens its column.
	s.do("focus the title header", chromedp.Click(chromedp.CSS(`th[data-col="uid"] small`)))
	wUID := width("uid")
	s.key(kb.ArrowRight, chromedp.ModifierAlt)
	s.key(kb.ArrowRight, chromedp.ModifierAlt)
	if w := width("uid"); w < wUID+31 || w > wUID+33 {
		t.Errorf("Alt+→ twice: uid %.0f → %.0f, want +32", wUID, w)
	}

	// Density: compact rows are lower, and stay compact after a reload.
	rowHeight := func() float64 {
		return eval[float64](t, s.ctx, `document.querySelector('table[role="grid"] tbody tr').getBoundingClientRect().height`)
	}
	comfortable := rowHeight()
	s.do("compact", chromedp.Click(chromedp.CSS(`[data-testid="density"]`)))
	if h := rowHeight(); h >= comfortable-4 {
		t.Errorf("compact rows %.1f px, comfortable %.1f", h, comfortable)
	}
	s.load(s.grid)
	if p := eval[string](t, s.ctx, `document.querySelector('[data-testid="density"]').getAttribute('aria-pressed')`); p != "true" || rowHeight() >= comfortable-4 {
		t.Errorf("compact not remembered: pressed %s, row %.1f px", p, rowHeight())
	}
	s.do("comfortable", chromedp.Click(chromedp.CSS(`[data-testid="density"]`)))

	// At 800 px, light and dark: one line per row (every row the same
	// height, one line high), long values cut with an ellipsis, the grid
	// scrolls sideways, and the pager stays in the window whatever the
	// grid's or the page's scroll.
	for _, scheme := range []string{"light", "dark"} {
		s.do(scheme, colorScheme(scheme, 800))
		s.do("clear widths", chromedp.Evaluate[chromedp.Void](`localStorage.clear()`))
		s.load(s.grid)
		heights := eval[[]float64](t, s.ctx, `[...document.querySelectorAll('table[role="grid"] tbody tr')].map(r => r.getBoundingClientRect().height)`)
		lo, hi := heights[0], heights[0]
		for _, h := range heights {
			lo, hi = min(lo, h), max(hi, h)
		}
		if len(heights) != 25 || hi-lo > 0.5 || hi > 36 {
			t.Errorf("%s, 800 px: row heights from %.1f to %.1f px over %d rows", scheme, lo, hi, len(heights))
		}
		if cut := eval[bool](t, s.ctx, `(c => c.scrollWidth > c.clientWidth && getComputedStyle(c).textOverflow === "ellipsis")(`+cellJS+`(1, "note"))`); !cut {
			t.Errorf("%s: the long note is not cut with an ellipsis", scheme)
		}
		if wraps := eval[int](t, s.ctx, `[...document.querySelectorAll('table[role="grid"] td[data-num]')].filter(c => c.getClientRects().length && c.scrollHeight > c.clientHeight + 1).length`); wraps != 0 {
			t.Errorf("%s: %d numbers wrap", scheme, wraps)
		}
		box := eval[[]float64](t, s.ctx, `(b => [b.scrollWidth, b.clientWidth])(document.querySelector('[data-grid-box]'))`)
		if box[0] <= box[1] {
			t.Errorf("%s: the grid does not scroll sideways (%v)", scheme, box)
		}
		reachable := `(() => { const a = document.querySelector('[data-testid="page-next"]'), r = a.getBoundingClientRect();
		  return r.top >= 0 && r.bottom <= innerHeight && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === a; })()`
		if !eval[bool](t, s.ctx, reachable) {
			t.Errorf("%s: the pager is out of the window at first", scheme)
		}
		browsertest.Screenshot(t, s.ctx, "grid-800-"+scheme)
		s.do("scroll the grid", chromedp.Evaluate[chromedp.Void](`(b => { b.scrollTop = b.scrollHeight; b.scrollLeft = b.scrollWidth; })(document.querySelector('[data-grid-box]'))`))
		if !eval[bool](t, s.ctx, reachable) {
			t.Errorf("%s: the pager is out of the window with the grid scrolled", scheme)
		}
		s.do("scroll the page", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.body.scrollHeight)`))
		if !eval[bool](t, s.ctx, reachable) {
			t.Errorf("%s: the pager is out of the window with the page scrolled", scheme)
		}
		// The key column stays in view while the grid scrolls sideways.
		if left := eval[float64](t, s.ctx, `(c => c.getBoundingClientRect().left - document.querySelector('[data-grid-box]').getBoundingClientRect().left)(`+cellJS+`(1, "id"))`); left < 60 || left > 75 {
			t.Errorf("%s: the id column is %.0f px from the grid's left edge when scrolled", scheme, left)
		}
	}
	// From the keyboard: Tab past the last cell leaves the grid for the
	// row actions and the pager.
	s.load(s.grid)
	s.do("last cell", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 1, "id"))))
	s.key(kb.End, chromedp.ModifierCtrl)
	s.want("the last cell", s.at(), "25,11")
	s.key(kb.Tab)
	if in := eval[bool](t, s.ctx, `!!document.activeElement.closest('[data-testid="grid-foot"]')`); !in {
		t.Errorf("Tab from the last cell went to %s", eval[string](t, s.ctx, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	// Without JavaScript the grid is a table of links: no tools, the pager works.
	s.do("no script", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(s.grid), chromedp.WaitVisible(chromedp.CSS(`table[role="grid"]`)))
	if eval[bool](t, s.ctx, `!!document.querySelector('[data-grid-tools]:not([hidden])')`) {
		t.Error("without script the grid's tools should stay hidden")
	}
	s.do("next without script", chromedp.Click(chromedp.CSS(`[data-testid="page-next"]`)))
	until(t, s.ctx, `location.search.includes("after=") && document.querySelectorAll('table[role="grid"] tbody tr').length === 25`)
	s.do("script again", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	}))
	s.load(s.grid)
	// A visible focus ring on the focused cell.
	s.do("focus a cell", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 2, "title"))))
	if ring := eval[string](t, s.ctx, `getComputedStyle(document.activeElement).outlineStyle + " " + getComputedStyle(document.activeElement).outlineWidth`); ring != "solid 2px" {
		t.Errorf("focused cell outline %q", ring)
	}
}

func browserSheetPanel(t *testing.T, dialect database.Dialect) {
	s := openSheet(t, dialect, 1440)
	// Space opens the detail panel for the row: every column whole, the
	// artist's name, the JSON as a tree; Escape closes it and returns to
	// the grid.
	s.do("select row 2", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 2, "uid"))))
	s.key(" ")
	until(t, s.ctx, `!document.getElementById('row-detail').hidden && !!document.querySelector('#row-detail [data-testid="detail-fields"]')`)
	s.want("panel label", eval[string](t, s.ctx, `document.querySelector('#row-detail [data-testid="detail-label"]').textContent`), "Accept")
	if !eval[bool](t, s.ctx, `!!document.querySelector('#row-detail [data-testid="json-tree"] details[open]')`) {
		t.Error("the JSON is not a tree")
	}
	s.want("focus in the panel", eval[string](t, s.ctx, `document.activeElement.id`), "row-detail")
	side := eval[[]float64](t, s.ctx, `[document.getElementById('row-detail').getBoundingClientRect().left, document.querySelector('[data-grid-box]').getBoundingClientRect().right]`)
	if side[0] < side[1] {
		t.Errorf("at 1440 px the panel sits beside the grid, not over it: %v", side)
	}
	browsertest.Screenshot(t, s.ctx, "grid-detail")
	s.key(kb.Escape)
	until(t, s.ctx, `document.getElementById('row-detail').hidden`)
	s.want("back in the grid", s.at(), "2,5")
	// The panel follows the selection while it is open.
	s.do("open the panel", chromedp.Click(chromedp.CSS(`[data-testid="detail-toggle"]`)))
	until(t, s.ctx, `(document.querySelector('#row-detail [data-testid="detail-label"]') || {}).textContent === "Accept"`)
	s.do("another row", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 4, "uid"))))
	until(t, s.ctx, `(document.querySelector('#row-detail [data-testid="detail-label"]') || {}).textContent === "Alanis Morissette"`)

	// An edit in the panel with a conflict: the row changes behind the
	// page's back; saving says so, shows the value now, writes nothing.
	s.do("edit the title in the panel", chromedp.Click(chromedp.CSS(`#row-detail [data-testid="detail-edit-title"]`)))
	until(t, s.ctx, `document.activeElement.matches('#row-detail .cell-edit [data-value]')`)
	if _, err := s.db.ExecContext(context.Background(), `UPDATE albums SET title = 'Theirs' WHERE id = 4`); err != nil {
		t.Fatal(err)
	}
	s.do("type", chromedp.SetValue(chromedp.CSS(`#row-detail .cell-edit [data-value]`), "Mine"))
	s.key(kb.Enter)
	until(t, s.ctx, `!!document.querySelector('#row-detail [data-testid="cell-conflict"]')`)
	if msg := eval[string](t, s.ctx, `document.querySelector('#row-detail [data-testid="cell-conflict"]').textContent`); !strings.Contains(msg, "Not saved") || !strings.Contains(msg, "Theirs") {
		t.Errorf("conflict %q", msg)
	}
	s.want("nothing overwritten", queryString(t, s.db, "SELECT title FROM albums WHERE id = 4"), "Theirs")
	browsertest.Screenshot(t, s.ctx, "grid-detail-conflict")
	// Reload shows the row as it is; a save then goes through and the
	// grid's row follows.
	s.do("reload", chromedp.Click(chromedp.CSS(`#row-detail [data-testid="cell-reload"]`)))
	until(t, s.ctx, `!document.querySelector('#row-detail [data-testid="cell-conflict"]') && document.querySelector('#row-detail .field[data-col="title"] dd').textContent.trim() === "Theirs"`)
	s.do("edit again", chromedp.Click(chromedp.CSS(`#row-detail [data-testid="detail-edit-title"]`)))
	until(t, s.ctx, `document.activeElement.matches('#row-detail .cell-edit [data-value]')`)
	s.do("type", chromedp.SetValue(chromedp.CSS(`#row-detail .cell-edit [data-value]`), "Mine"))
	s.key(kb.Enter)
	until(t, s.ctx, `!document.querySelector('#row-detail .cell-edit') && `+cellText(4, "title")+` === "Mine"`)
	s.want("saved", queryString(t, s.db, "SELECT title FROM albums WHERE id = 4"), "Mine")

	// At 800 px the panel lies over the grid and closes with its button.
	s.do("narrow", colorScheme("dark", 800))
	s.load(s.grid)
	s.do("select", chromedp.Click(chromedp.CSS(gridCellSel(t, s.ctx, 1, "title"))))
	s.key(" ")
	until(t, s.ctx, `!!document.querySelector('#row-detail [data-testid="detail-fields"]')`)
	if pos := eval[string](t, s.ctx, `getComputedStyle(document.getElementById('row-detail')).position`); pos != "fixed" {
		t.Errorf("at 800 px the panel is %s, want fixed over the grid", pos)
	}
	browsertest.Screenshot(t, s.ctx, "grid-detail-800-dark")
	s.do("close", chromedp.Click(chromedp.CSS(`#row-detail [data-testid="detail-close"]`)))
	until(t, s.ctx, `document.getElementById('row-detail').hidden`)
	s.want("back in the grid", s.at(), "1,3")
}
