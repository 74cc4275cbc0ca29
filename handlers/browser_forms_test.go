package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"studio/handlers"
	"studio/internal/browsertest"
)

func TestBrowserTypedFiltersSQLite(t *testing.T)   { browserTypedFilters(t, "sqlite") }
func TestBrowserTypedFiltersPostgres(t *testing.T) { browserTypedFilters(t, "postgres") }
func TestBrowserGuidedInsertSQLite(t *testing.T)   { browserGuidedInsert(t, "sqlite") }
func TestBrowserGuidedInsertPostgres(t *testing.T) { browserGuidedInsert(t, "postgres") }

// setField sets a form control's value as a person would (the change and
// input events fire).
func setField(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.focus(); el.value = %q;
	  el.dispatchEvent(new Event("input", {bubbles: true})); el.dispatchEvent(new Event("change", {bubbles: true})); })()`, sel, v))
}

// browserTypedFilters: a condition retyped by its column (an epoch
// column takes dates), between two dates, conditions added and removed
// without a request, and a refused value shown beside its condition.
func browserTypedFilters(t *testing.T, dialect string) {
	db := typedDB(t, dialect)
	schema := map[string]string{"sqlite": "main", "postgres": "public"}[dialect]
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	grid := base + "/schema/" + schema + "/table/ev/rows"
	browserDo(t, ctx, "open the grid", colorScheme("light", 1440), chromedp.Navigate(grid),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="filter-add"]`)))
	browserDo(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.stillHere = true`))

	// The empty condition becomes created_at: a date-time picker.
	browserDo(t, ctx, "pick created_at", setField(`[data-testid="filter-0"] [name="fcol"]`, "created_at"))
	until(t, ctx, `document.querySelector('[data-testid="filter-0"] [name="fval"]').type === "datetime-local"`)
	browserDo(t, ctx, "between", setField(`[data-testid="filter-0"] [name="fop"]`, "between"))
	until(t, ctx, `!document.querySelector('[data-testid="filter-0"] [data-filter-to]').hidden`)
	browserDo(t, ctx, "two dates", setField(`[data-testid="filter-0"] [name="fval"]`, "2025-02-01T00:00"),
		setField(`[data-testid="filter-0"] [name="fto"]`, "2025-02-15T00:00"))

	// Add two conditions, remove one: no request.
	browserDo(t, ctx, "add", chromedp.Click(chromedp.CSS(`[data-testid="filter-add"]`)), chromedp.Click(chromedp.CSS(`[data-testid="filter-add"]`)))
	until(t, ctx, `document.querySelectorAll('[data-filter]').length === 3 && document.activeElement.matches('[data-filter]:last-child [name="fcol"]')`)
	browserDo(t, ctx, "remove", chromedp.Click(chromedp.CSS(`[data-filter]:last-child [data-filter-remove]`)))
	until(t, ctx, `document.querySelectorAll('[data-filter]').length === 2 && window.stillHere === true`)
	browserDo(t, ctx, "role", setField(`[data-filter]:last-child [name="fcol"]`, "role"))
	until(t, ctx, `document.querySelector('[data-filter]:last-child select[name="fval"] option[value="admin"]') !== null`)
	browserDo(t, ctx, "member", setField(`[data-filter]:last-child [name="fval"]`, "member"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	until(t, ctx, `location.search.includes("between.created_at=2025-02-01T00%3A00%2C2025-02-15T00%3A00") && !!document.querySelector('[data-testid="count"][data-exact="true"]')`)
	if ids := cells(t, ctx, "id"); len(ids) != 1 || ids[0] != "1" {
		t.Errorf("between two dates, a member: %v", ids)
	}
	if v := eval[string](t, ctx, `document.querySelector('[data-testid="filter-0"] [name="fval"]').value`); v != "2025-02-01T00:00" {
		t.Errorf("the condition shows %q", v)
	}

	// A list with a value that is no integer: refused beside the field.
	browserDo(t, ctx, "id in", setField(`[data-testid="filter-2"] [name="fcol"]`, "id"), setField(`[data-testid="filter-2"] [name="fop"]`, "in"))
	until(t, ctx, `document.querySelector('[data-testid="filter-2"] [name="fval"]').type === "text"`)
	browserDo(t, ctx, "list", setField(`[data-testid="filter-2"] [name="fval"]`, "1,x"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	until(t, ctx, `!!document.querySelector('.filter.bad [data-testid="filter-problem"]')`)
	msg := eval[string](t, ctx, `document.querySelector('.filter.bad [data-testid="filter-problem"]').textContent`)
	if !strings.Contains(msg, `"x" is not a whole number`) {
		t.Errorf("refusal %q", msg)
	}
	if v := eval[string](t, ctx, `document.querySelector('.filter.bad [name="fval"]').value`); v != "1,x" {
		t.Errorf("the refused value must stay as typed: %q", v)
	}
	if eval[bool](t, ctx, `!!document.querySelector('table.grid tbody tr')`) {
		t.Error("a refused filter shows no rows")
	}
	if dialect == "sqlite" {
		for _, theme := range []string{"light", "dark"} {
			for _, w := range []int64{1440, 800} {
				browserDo(t, ctx, "look", colorScheme(theme, w))
				browsertest.Screenshot(t, ctx, fmt.Sprintf("filters-refused-%s-%d", theme, w))
			}
		}
		// The Columns popover floats: the toolbar does not move.
		browserDo(t, ctx, "look", colorScheme("light", 1440))
		before := eval[float64](t, ctx, `document.querySelector('.grid-bar').getBoundingClientRect().top`)
		browserDo(t, ctx, "columns", chromedp.Click(chromedp.CSS(`details.columns summary`)))
		until(t, ctx, `document.querySelector('details.columns').open`)
		if after := eval[float64](t, ctx, `document.querySelector('.grid-bar').getBoundingClientRect().top`); after != before {
			t.Errorf("opening Columns moved the toolbar from %v to %v", before, after)
		}
		browsertest.Screenshot(t, ctx, "filters-columns")
	}
}

// browserGuidedInsert: the insert form marks what is required and states
// the rules; the browser refuses a missing title and a too-high rating
// before sending; the foreign key's picker finds a member by name.
func browserGuidedInsert(t *testing.T, dialect string) {
	db, schema := formsDB(t, dialect)
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	browserDo(t, ctx, "open the form", colorScheme("light", 1440), chromedp.Navigate(base+"/schema/"+schema+"/table/cards/rows/new"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="insert-form"]`)))
	until(t, ctx, `!!window.htmx`)
	valid := func(sel string) bool {
		return eval[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q).checkValidity()`, sel))
	}
	submit := func() {
		browserDo(t, ctx, "submit", chromedp.Click(chromedp.CSS(`[data-testid="insert-submit"]`)))
	}
	submit()
	if !strings.HasSuffix(eval[string](t, ctx, `location.pathname`), "/rows/new") || valid(`[name="val:title"]`) {
		t.Fatal("an empty required title must stop the submit in the browser")
	}
	browserDo(t, ctx, "type", setField(`[name="val:title"]`, "Hello"), setField(`[name="val:rating"]`, "9"),
		setField(`[name="val:meta"]`, `{"a":`))
	if valid(`[name="val:rating"]`) || valid(`[name="val:meta"]`) {
		t.Error("a rating above the CHECK's 5 and broken JSON must be invalid before the submit")
	}
	// The picker: typing part of a name lists the member.
	browserDo(t, ctx, "owner", chromedp.Click(chromedp.CSS(`[name="val:owner"]`)), setField(`[name="val:owner"]`, "grace"))
	until(t, ctx, `[...document.querySelectorAll('#'+document.querySelector('[name="val:owner"]').getAttribute('list')+' option')].map(o => o.value).join() === "m2"`)
	browserDo(t, ctx, "choose", setField(`[name="val:owner"]`, "m2"))
	until(t, ctx, `document.querySelector('[data-fk-label]').textContent === "Grace Hopper"`)
	if dialect == "sqlite" {
		for _, theme := range []string{"light", "dark"} {
			for _, w := range []int64{1440, 800} {
				browserDo(t, ctx, "look", colorScheme(theme, w), chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
				browsertest.Screenshot(t, ctx, fmt.Sprintf("insert-hints-%s-%d", theme, w))
			}
		}
		browserDo(t, ctx, "look", colorScheme("light", 1440))
	}
	browserDo(t, ctx, "fix", setField(`[name="val:rating"]`, "4"), setField(`[name="val:meta"]`, `{"a": 1}`))
	if dialect == "postgres" {
		// integer PRIMARY KEY numbers rows only on SQLite: here it is required.
		if !eval[bool](t, ctx, `document.querySelector('[name="val:id"]').required`) {
			t.Error("id has no default on PostgreSQL: required")
		}
		browserDo(t, ctx, "id", setField(`[name="val:id"]`, "1"))
	}
	// Ctrl+Enter saves.
	browserDo(t, ctx, "save", chromedp.Click(chromedp.CSS(`[name="val:title"]`)), chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	until(t, ctx, `location.pathname.endsWith("/row") && !!document.querySelector('[data-testid="record"]')`)
	if got := queryString(t, db, "SELECT title || '|' || rating || '|' || owner FROM cards"); got != "Hello|4|m2" {
		t.Errorf("inserted %q", got)
	}
}

// TestBrowserCellEditorOpensAtTheValue: a long value opens in a text area
// as tall as it, the caret after it (nothing selected: one keystroke must
// not replace 3 KB), and Ctrl+Enter saves.
func TestBrowserCellEditorOpensAtTheValue(t *testing.T) {
	db, schema := formsDB(t, "sqlite")
	long := strings.Repeat("a line of a long message\n", 30)
	if _, err := db.ExecContext(t.Context(), `INSERT INTO cards (id, title, body) VALUES (1, 'x', ?)`, long); err != nil {
		t.Fatal(err)
	}
	base := serve(t, db, handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "open the grid", colorScheme("light", 1440), chromedp.Navigate(base+"/schema/"+schema+"/table/cards/rows"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)))
	browserDo(t, ctx, "open the editor", chromedp.DoubleClick(chromedp.CSS(gridCellSel(t, ctx, 1, "body"))),
		chromedp.WaitVisible(chromedp.CSS(`.cell-edit textarea[data-value]`)))
	until(t, ctx, `document.activeElement.matches('.cell-edit textarea')`)
	state := eval[[]float64](t, ctx, `(() => { const a = document.activeElement; return [a.selectionStart, a.selectionEnd, a.value.length, a.rows, a.clientHeight]; })()`)
	if state[0] != state[2] || state[1] != state[2] {
		t.Errorf("caret %v..%v, want at the end (%v)", state[0], state[1], state[2])
	}
	if state[3] < 16 || state[4] < 300 {
		t.Errorf("a 30-line value opens in %v rows, %vpx high", state[3], state[4])
	}
	browsertest.Screenshot(t, ctx, "cell-editor-long")
	browserDo(t, ctx, "type and save", chromedp.KeyEvent("tail"), chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	until(t, ctx, `!document.querySelector('.cell-edit')`)
	if got := queryString(t, db, "SELECT substr(body, -5) FROM cards WHERE id = 1"); got != "\ntail" {
		t.Errorf("saved the end %q", got)
	}
}
