package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
	"studio/internal/sqlitetest"
)

// TestBrowserConsolePostgresRunExplainCancel types a query, runs it and
// sees its rows, explains it, then cancels a thirty-second pg_sleep with
// the Cancel button and puts a recent statement back in the editor.
func TestBrowserConsolePostgresRunExplainCancel(t *testing.T) {
	admin, _ := consolePG(t, false)
	base := serve(t, admin, handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	editor := chromedp.CSS(`[data-testid="console-sql"]`)
	do("open the console", chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS(`header nav a[href="/console"]`)),
		chromedp.WaitVisible(editor))
	do("type and run", chromedp.SendKeys(editor, "SELECT id, name FROM t ORDER BY id"),
		chromedp.Click(chromedp.CSS(`[data-testid="console-run"]`)))
	until(t, ctx, `document.querySelector('[data-testid="console-result"]').dataset.outcome === "rows"`)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="console-grid"] tbody tr').length`))
	if err != nil || n != 50 {
		t.Fatalf("%d rows shown (%v)", n, err)
	}
	browsertest.Screenshot(t, ctx, "console")

	do("explain", chromedp.Click(chromedp.CSS(`[data-testid="console-explain"]`)))
	until(t, ctx, `document.querySelector('[data-testid="console-result"]').dataset.outcome === "plan"`)
	plan, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="console-plan"]`)))
	if !strings.Contains(plan, "Scan") {
		t.Errorf("plan %q", plan)
	}

	do("run a long statement", chromedp.SetValue(editor, "SELECT pg_sleep(30)"),
		chromedp.Click(chromedp.CSS(`[data-testid="console-run"]`)))
	until(t, ctx, `!document.querySelector('[data-testid="console-cancel"]').disabled`)
	start := time.Now()
	do("cancel", chromedp.Click(chromedp.CSS(`[data-testid="console-cancel"]`)))
	until(t, ctx, `document.querySelector('[data-testid="console-result"]').dataset.outcome === "cancelled"`)
	if time.Since(start) > 10*time.Second {
		t.Errorf("cancel took %s", time.Since(start))
	}
	disabled, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-testid="console-cancel"]').disabled`))
	if !disabled {
		t.Error("Cancel stays enabled after the run ended")
	}

	// The history (swapped in with the result) puts a statement back.
	do("pick from history", chromedp.SetValue(editor, "SELECT 1"),
		chromedp.Click(chromedp.CSS(`[data-testid="console-history-entry"][data-sql="SELECT id, name FROM t ORDER BY id"]`)))
	until(t, ctx, `document.querySelector('[data-testid="console-sql"]').value === "SELECT id, name FROM t ORDER BY id"`)
}

// TestBrowserConsoleExportShowsProgress exports a query from the console:
// the file downloads, the page stays, and the progress line next to the
// button ends with the count, as the grid's export link does.
func TestBrowserConsoleExportShowsProgress(t *testing.T) {
	base := serve(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	dir := t.TempDir()
	editor := chromedp.CSS(`[data-testid="console-sql"]`)
	if err := chromedp.Do(ctx, allowDownloads(dir), chromedp.Navigate(base+"/console"), chromedp.WaitVisible(editor),
		chromedp.SetValue(editor, hundreds), chromedp.Click(chromedp.CSS(`[data-testid="console-export"]`))); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, `!!document.querySelector('[data-testid="export-progress"][data-state="done"]')`)
	line, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="export-progress"]`)))
	if !strings.Contains(line, "250 rows exported.") {
		t.Errorf("progress line %q", line)
	}
	if path, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); path != "/console" {
		t.Errorf("the page moved to %s", path)
	}
	var file []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if file, _ = os.ReadFile(filepath.Join(dir, "query.csv")); strings.Count(string(file), "\r\n") == 251 {
			break
		}
	}
	if !strings.HasPrefix(string(file), "n\r\n1\r\n2\r\n") || strings.Count(string(file), "\r\n") != 251 {
		t.Errorf("downloaded file: %.200q", file)
	}
}

// TestBrowserConsoleKeepsYourWork: on SQLite and PostgreSQL the draft
// survives leaving the console and coming back (a link, Back, a reload);
// Ctrl+Enter runs only the statement under the caret; typing part of a
// column's name offers it, and Enter takes it.
func TestBrowserConsoleKeepsYourWork(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			var db *database.DB
			if dialect == database.Postgres {
				db, _ = consolePG(t, false)
			} else {
				db = sqlitetest.New(t, fixtureSQL)
				if _, err := db.Exec(`CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'n1'), (2, 'n2')`); err != nil {
					t.Fatal(err)
				}
			}
			base := serve(t, db, handlers.Options{})
			ctx := browsertest.New(t, 90*time.Second)
			editor := chromedp.CSS(`[data-testid="console-sql"]`)
			const draft = "SELECT 'first' AS x;\nSELECT name FROM t WHERE id = 2;\n"
			browserDo(t, ctx, "open the console", chromedp.Navigate(base+"/console"), chromedp.WaitVisible(editor),
				chromedp.SendKeys(editor, "SELECT 'first' AS x;"))
			// The rest as a paste would put it (no completion in the way).
			eval[bool](t, ctx, `(() => { const e = document.getElementById('console-sql'); e.value = `+"`"+draft+"`"+`;
				e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
			browserDo(t, ctx, "leave by a link", chromedp.Click(chromedp.CSS(`header nav a[href="/"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="schema"]`)))
			browserDo(t, ctx, "back", chromedp.NavigateBack())
			until(t, ctx, `(document.getElementById('console-sql') || {}).value === `+"`"+draft+"`")
			browserDo(t, ctx, "reload", chromedp.Reload())
			until(t, ctx, `(document.getElementById('console-sql') || {}).value === `+"`"+draft+"`")
			browserDo(t, ctx, "away and back by the menu", chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS(`header nav a[href="/console"]`)),
				chromedp.WaitVisible(editor))
			until(t, ctx, `document.getElementById('console-sql').value === `+"`"+draft+"`")

			// Ctrl+Enter with the caret in the second statement.
			eval[bool](t, ctx, `(() => { const e = document.getElementById('console-sql'); e.focus(); e.setSelectionRange(30, 30); return true; })()`)
			browserDo(t, ctx, "Ctrl+Enter", chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
			until(t, ctx, `document.querySelector('[data-testid="console-result"]').dataset.outcome === "rows"`)
			if got := eval[string](t, ctx, `document.querySelector('[data-testid="console-grid"]').innerText`); !strings.Contains(got, "n2") || strings.Contains(got, "first") {
				t.Errorf("ran %q, want the second statement's row", got)
			}

			// Completion: "na" after SELECT offers the column of the table the
			// statement names; Enter takes it.
			eval[bool](t, ctx, `(() => { const e = document.getElementById('console-sql'); e.value = 'SELECT  FROM t'; e.focus(); e.setSelectionRange(7, 7); return true; })()`)
			browserDo(t, ctx, "type part of a name", chromedp.SendKeys(editor, "na"))
			until(t, ctx, `!document.getElementById('console-complete').hidden && document.querySelector('#console-complete [aria-selected="true"]').dataset.name === "name"`)
			if dialect == database.SQLite {
				browsertest.Screenshot(t, ctx, "console-complete")
			}
			pressEnter(t, ctx)
			until(t, ctx, `document.getElementById('console-sql').value === 'SELECT name FROM t' && document.getElementById('console-complete').hidden`)
		})
	}
}

// pressEnter presses Enter as a person's keyboard does (see typeKey).
func pressEnter(t *testing.T, ctx context.Context) { typeKey(t, ctx, "Enter", "Enter", "\r", 13) }

// TestBrowserConsoleCompletesBesideOddNames: a statement naming a
// "table" that is also a name every JavaScript object has (constructor,
// toString) still gets the columns of the real tables it names.
func TestBrowserConsoleCompletesBesideOddNames(t *testing.T) {
	db := sqlitetest.New(t, fixtureSQL)
	if _, err := db.Exec(`CREATE TABLE t (id int PRIMARY KEY, name text)`); err != nil {
		t.Fatal(err)
	}
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	editor := chromedp.CSS(`[data-testid="console-sql"]`)
	browserDo(t, ctx, "open the console", chromedp.Navigate(base+"/console"), chromedp.WaitVisible(editor), chromedp.Click(editor))
	until(t, ctx, `performance.getEntriesByType('resource').some(e => e.name.endsWith('/console/catalog') && e.responseEnd > 0)`)
	until(t, ctx, `(() => { const e = document.getElementById('console-sql'); e.value = 'SELECT  FROM t, u JOIN constructor ON true'; e.focus(); e.setSelectionRange(7, 7); return true; })()`)
	browserDo(t, ctx, "type part of a name", chromedp.SendKeys(editor, "na"))
	until(t, ctx, `!document.getElementById('console-complete').hidden && document.querySelector('#console-complete [aria-selected="true"]').dataset.name === "name"`)
}
