package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
)

// until polls a JavaScript condition for at most ten seconds, riding
// out navigations (evaluating during one fails).
func until(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("still false after 10s: %s", js)
}

// ready is true once htmx has processed the element sel names (it binds
// swapped-in content a moment after the swap; a person never clicks that
// fast, a test does).
func ready(sel string) string {
	return fmt.Sprintf(`!!(document.querySelector(%q) || {})["htmx-internal-data"]`, sel)
}

// browserDo runs actions and fails the test with what was being done.
func browserDo(t *testing.T, ctx context.Context, what string, acts ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, acts...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// cellJS is a JavaScript function giving the grid's cell of row n (from
// 1) in column col, or null: a cell's column is its header's (same index).
const cellJS = `((n, col) => { const g = document.querySelector('table[role="grid"]'); if (!g) return null;
  const i = [...g.rows[0].cells].findIndex(th => th.dataset.col === col); const tr = g.tBodies[0].rows[n - 1];
  return tr && i >= 0 ? tr.cells[i] : null; })`

// valueJS is a JavaScript function giving a cell's value as a reader sees
// it, without what the grid shows beside it (labels, dates: class x).
const valueJS = `(c => { if (!c) return null; const k = c.cloneNode(true); k.querySelectorAll('.x').forEach(x => x.remove()); return k.textContent.trim(); })`

// gridCellSel is the CSS selector of row n's (from 1) cell of col on the
// grid shown.
func gridCellSel(t *testing.T, ctx context.Context, n int, col string) string {
	t.Helper()
	i := eval[int](t, ctx, fmt.Sprintf(`[...document.querySelector('table[role="grid"]').rows[0].cells].findIndex(th => th.dataset.col === %q)`, col))
	if i < 0 {
		t.Fatalf("no column %s on the grid", col)
	}
	return fmt.Sprintf(`table.grid tbody tr:nth-child(%d) td:nth-child(%d)`, n, i+1)
}

// cellText is a JavaScript expression: the value in row n's cell of col.
func cellText(n int, col string) string {
	return fmt.Sprintf(`%s(%s(%d, %q))`, valueJS, cellJS, n, col)
}

func TestBrowserEditCellInline(t *testing.T) {
	db := mustEditSQLite(t)
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "open the grid", chromedp.Navigate(base+postsGrid+"?hide=score"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))

	// Double-click, type, Enter: the row comes back with the new value.
	browserDo(t, ctx, "open the editor", chromedp.DoubleClick(chromedp.CSS(gridCellSel(t, ctx, 1, "body"))),
		chromedp.WaitVisible(chromedp.CSS(`.cell-edit [data-value]`)))
	browsertest.Screenshot(t, ctx, "edit-cell")
	browserDo(t, ctx, "type", chromedp.SetValue(chromedp.CSS(`.cell-edit [data-value]`), "edited <b>here</b>"),
		chromedp.SendKeys(chromedp.CSS(`.cell-edit [data-value]`), kb.Enter))
	until(t, ctx, `!document.querySelector('.cell-edit') && `+cellText(1, "body")+` === "edited <b>here</b>"`)
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 1"); got != "edited <b>here</b>" {
		t.Errorf("stored %q", got)
	}
	// The row came back with the page's hidden column still hidden.
	until(t, ctx, `!document.querySelector('th[data-col="score"]') && document.querySelector('table.grid tbody tr').cells.length === document.querySelector('table.grid thead tr').cells.length`)

	// Escape puts a cell back untouched; NULL is offered for nullable columns.
	browserDo(t, ctx, "open another editor", chromedp.DoubleClick(chromedp.CSS(gridCellSel(t, ctx, 2, "body"))),
		chromedp.WaitVisible(chromedp.CSS(`.cell-edit input[name="null"]`)),
		chromedp.SendKeys(chromedp.CSS(`.cell-edit [data-value]`), "never saved"+kb.Escape))
	until(t, ctx, `!document.querySelector('.cell-edit') && `+cellText(2, "body")+` === "world"`)

	// The NULL toggle saves NULL, shown as NULL.
	browserDo(t, ctx, "open the editor again", chromedp.DoubleClick(chromedp.CSS(gridCellSel(t, ctx, 2, "body"))))
	until(t, ctx, ready(".cell-edit"))
	browserDo(t, ctx, "save NULL", chromedp.Click(chromedp.CSS(`.cell-edit input[name="null"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="cell-save"]`)))
	until(t, ctx, `!!`+cellJS+`(2, "body").querySelector('.null')`)
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 2"); got != "<NULL>" {
		t.Errorf("stored %q, want NULL", got)
	}
}

func TestBrowserEditConflict(t *testing.T) {
	db := mustEditSQLite(t)
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "open the grid", chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))
	browserDo(t, ctx, "open an editor", chromedp.DoubleClick(chromedp.CSS(gridCellSel(t, ctx, 1, "body"))),
		chromedp.WaitVisible(chromedp.CSS(`.cell-edit [data-value]`)))
	// Someone else changes the row behind the page's back.
	if _, err := db.ExecContext(context.Background(), `UPDATE posts SET score = 42 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	browserDo(t, ctx, "save", chromedp.SetValue(chromedp.CSS(`.cell-edit [data-value]`), "mine"),
		chromedp.Click(chromedp.CSS(`[data-testid="cell-save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="cell-conflict"]`)))
	until(t, ctx, ready(`[data-testid="cell-reload"]`))
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="cell-conflict"]`)))
	if err != nil || !strings.Contains(msg, "Not saved") || !strings.Contains(msg, "hello") {
		t.Errorf("conflict message %q: %v", msg, err)
	}
	browsertest.Screenshot(t, ctx, "edit-conflict")
	if got := queryString(t, db, "SELECT body || score FROM posts WHERE id = 1"); got != "hello42" {
		t.Errorf("database now %q, want hello42 untouched", got)
	}
	// Reload shows the row as it is now.
	browserDo(t, ctx, "reload", chromedp.Click(chromedp.CSS(`[data-testid="cell-reload"]`)))
	until(t, ctx, `!document.querySelector('[data-testid="cell-conflict"]') && `+cellText(1, "score")+` === "42"`)
}

func TestBrowserInsertRow(t *testing.T) {
	db := mustEditSQLite(t)
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "open the form", chromedp.Navigate(base+postsGrid),
		chromedp.Click(chromedp.CSS(`[data-testid="insert-row"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="insert-form"]`)))
	// Typing a body switches its NULL toggle off.
	browserDo(t, ctx, "fill", chromedp.SendKeys(chromedp.CSS(`[name="val:author_id"]`), "u2"),
		chromedp.SendKeys(chromedp.CSS(`[name="val:body"]`), "from the browser"))
	until(t, ctx, `!document.querySelector('[name="null:body"]').checked`)
	browsertest.Screenshot(t, ctx, "insert-row")
	browserDo(t, ctx, "submit", chromedp.Click(chromedp.CSS(`[data-testid="insert-submit"]`)))
	until(t, ctx, `location.pathname.endsWith("/posts/row") && location.search === "?eq.id=4&inserted=1" && !!document.querySelector('[data-testid="record"]')`)
	page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="record"]`)))
	if !strings.Contains(page, "from the browser") {
		t.Errorf("row page %q", page)
	}
	if got := queryString(t, db, "SELECT author_id || body || score || quote(flag) FROM posts WHERE id = 4"); got != "u2from the browser0NULL" {
		t.Errorf("stored %q", got)
	}
}

func TestBrowserDeleteRows(t *testing.T) {
	db := mustEditSQLite(t)
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "select two rows", chromedp.Navigate(base+postsGrid),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)),
		chromedp.Click(chromedp.CSS(`table.grid tbody tr:nth-child(1) input[name="row"]`)),
		chromedp.Click(chromedp.CSS(`table.grid tbody tr:nth-child(3) input[name="row"]`)))
	// The dialog says what the delete does; Cancel leaves everything.
	browserDo(t, ctx, "ask to delete", chromedp.Click(chromedp.CSS(`[data-testid="delete-selected"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dialog[open] [data-testid="delete-confirm-button"]`)))
	until(t, ctx, `document.querySelector('dialog[open] #delete-title').textContent === "Delete 2 rows from posts?"`)
	browserDo(t, ctx, "cancel", chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="delete-cancel"]`)))
	until(t, ctx, `!document.querySelector('dialog[open]')`)
	if n := queryString(t, db, "SELECT count(*) FROM posts"); n != "3" {
		t.Fatalf("cancelled delete left %s rows", n)
	}
	browserDo(t, ctx, "delete", chromedp.Click(chromedp.CSS(`[data-testid="delete-selected"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dialog[open] [data-testid="delete-confirm-button"]`)),
		chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="delete-confirm-button"]`)))
	until(t, ctx, `!!document.querySelector('[data-testid="flash"]') && location.hash === ""`)
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="flash"]`)))
	if flash != "Deleted 2 rows." {
		t.Errorf("flash %q", flash)
	}
	browsertest.Screenshot(t, ctx, "delete-rows")
	if ids := cells(t, ctx, "id"); strings.Join(ids, ",") != "2" {
		t.Errorf("grid shows ids %v, want 2", ids)
	}
	if got := queryString(t, db, "SELECT group_concat(id) FROM posts"); got != "2" {
		t.Errorf("left %s", got)
	}
}

// TestBrowserDeleteNamesCascadesAndBlockers: the delete dialog names what
// a delete cascades to, sets to NULL, and what would refuse it, on SQLite
// and PostgreSQL; the refused delete offers no Delete button.
func TestBrowserDeleteNamesCascadesAndBlockers(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db, schema := consequencesDB(t, dialect)
			base := serve(t, db, handlers.Options{})
			ctx := browsertest.New(t, 60*time.Second)
			open := func(id string) {
				t.Helper()
				browserDo(t, ctx, "open user "+id, chromedp.Navigate(base+"/schema/"+schema+"/table/users/rows?eq.id="+id),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)),
					chromedp.Click(chromedp.CSS(`table.grid tbody tr:nth-child(1) input[name="row"]`)),
					chromedp.Click(chromedp.CSS(`[data-testid="delete-selected"]`)),
					chromedp.WaitVisible(chromedp.CSS(`dialog[open] #delete-confirm`)))
			}
			open("1")
			text := eval[string](t, ctx, `document.querySelector('dialog[open] #delete-confirm').innerText`)
			for _, want := range []string{"The database would refuse this delete", "1 row of tags still references it",
				"deletes 2 rows of instances", "deletes 3 rows of comments", "sets author_id to NULL in 1 row of messages"} {
				if !strings.Contains(text, want) {
					t.Errorf("dialog lacks %q:\n%s", want, text)
				}
			}
			if eval[bool](t, ctx, `!!document.querySelector('dialog[open] [data-testid="delete-confirm-button"]')`) {
				t.Errorf("a refused delete offers its button")
			}
			if dialect == database.SQLite {
				browsertest.Screenshot(t, ctx, "delete-blocked")
			}
			open("2")
			browserDo(t, ctx, "delete bob", chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="delete-confirm-button"]`)))
			until(t, ctx, `!!document.querySelector('[data-testid="flash"]')`)
			if n := queryString(t, db, "SELECT count(*) FROM comments"); n != "3" {
				t.Errorf("comments left %s, want 3 (bob's 2 cascaded)", n)
			}
		})
	}
}
