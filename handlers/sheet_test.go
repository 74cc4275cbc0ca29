package handlers_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
)

func TestSheetGridSQLite(t *testing.T)   { sheetGrid(t, database.SQLite) }
func TestSheetGridPostgres(t *testing.T) { sheetGrid(t, database.Postgres) }

// sheetGrid checks the grid's markup: the WAI-ARIA grid pattern, foreign
// keys with their labels, epoch times beside their values, one cell per
// value without line-breaking markup.
func sheetGrid(t *testing.T, dialect database.Dialect) {
	db, schema := sheetDB(t, dialect)
	app := mustApp(t, db, handlers.Options{})
	grid := "/schema/" + schema + "/table/albums/rows"
	resp, body := do(t, app, "GET", grid+"?sort=-plays", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	d := parse(t, body)
	g := `table[role="grid"]`
	if d.attr(g, "aria-rowcount") != "-1" || d.attr(g, "aria-colcount") != "12" || d.attr(g, "aria-multiselectable") != "true" {
		t.Errorf("grid attributes: rowcount %q colcount %q", d.attr(g, "aria-rowcount"), d.attr(g, "aria-colcount"))
	}
	if d.attr(g+" thead tr", "role") != "row" || d.attr(g+" thead tr", "aria-rowindex") != "1" {
		t.Error("the header row is row 1")
	}
	if n := d.count(g + ` thead th[role="columnheader"]`); n != 12 {
		t.Errorf("%d column headers, want 12", n)
	}
	if got := d.attrs(g+" thead th", "aria-colindex"); strings.Join(got, ",") != "1,2,3,4,5,6,7,8,9,10,11,12" {
		t.Errorf("aria-colindex of the headers %v", got)
	}
	if d.attr(`th[data-col="plays"]`, "aria-sort") != "descending" || d.has(`th[data-col="id"][aria-sort]`) {
		t.Error("the sorted column says so (aria-sort), no other")
	}
	if cells, gridcells := d.count(g+" tbody td"), d.count(g+` tbody td[role="gridcell"]`); cells != 100*12 || gridcells != cells {
		t.Errorf("%d cells, %d gridcells", cells, gridcells)
	}
	idx := d.attrs(g+" tbody tr", "aria-rowindex")
	if len(idx) != 100 || idx[0] != "2" || idx[99] != "101" || d.attr(g+" tbody tr", "role") != "row" {
		t.Errorf("row indexes %v", idx)
	}
	// The next page goes on numbering; the last page's place is unknown.
	next := d.attr(`[data-testid="page-next"]`, "href")
	if !strings.Contains(next, "at=100") {
		t.Fatalf("next link %q carries no position", next)
	}
	_, body2 := do(t, app, "GET", next, nil, nil)
	if idx := parse(t, body2).attrs(g+" tbody tr", "aria-rowindex"); len(idx) != 30 || idx[0] != "102" {
		t.Errorf("second page row indexes %v", idx)
	}
	prev := parse(t, body2).attr(`[data-testid="page-prev"]`, "href")
	if _, body3 := do(t, app, "GET", prev, nil, nil); parse(t, body3).attr(g+" tbody tr", "aria-rowindex") != "2" {
		t.Errorf("previous page from %s does not start at row 2", prev)
	}
	_, last := do(t, app, "GET", grid+"?last=1", nil, nil)
	if parse(t, last).has(g + " tbody tr[aria-rowindex]") {
		t.Error("the last page's rows cannot know their index")
	}

	// Foreign keys: the key, linked, then the referenced row's label.
	row := func(col string) string {
		for _, c := range columnCells(d, col) {
			return words(c)
		}
		return ""
	}
	fk := columnCells(d, "artist_id")[0]
	if fk.Find(`a.fk[href$="/artists/row?eq.id=5"]`).Text() != "5" || strings.TrimSpace(fk.Find(".x").Text()) != "Alice In Chains" || fk.Find(".x").AttrOr("title", "") != "Alice In Chains" {
		t.Errorf("foreign key cell %q", words(fk))
	}
	// Epoch milliseconds and seconds, with their UTC date-times.
	if got := row("released_at"); got != "1749201443621 2025-06-06 09:17:23.621Z" {
		t.Errorf("released_at %q", got)
	}
	if got := row("updated_at"); got != "1737967443 2025-01-27 08:44:03Z" && got != "1738437443 2025-02-01 19:17:23Z" {
		t.Errorf("updated_at %q", got)
	}
	if columnCells(d, "plays")[0].AttrOr("data-num", "x") != "" || columnCells(d, "plays")[0].Find("time").Length() != 0 {
		t.Error("plays: a number, right-aligned, no date")
	}
	// One line per value: JSON and long text as text, cut; binary as size and hex.
	if d.has(g+" tbody details") || d.has(g+" tbody pre") {
		t.Error("cells hold no blocks (details, pre): one line per row")
	}
	_, byID := do(t, app, "GET", grid, nil, nil)
	note := columnCells(parse(t, byID), "note")[0].Text()
	if !strings.HasPrefix(note, "a long note") || !strings.HasSuffix(note, "…") || len(note) > 200 {
		t.Errorf("long note %q", note)
	}
	if got := words(columnCells(parse(t, byID), "cover")[0]); !strings.HasPrefix(got, "7 B · 00ff10deadbeef") {
		t.Errorf("cover %q", got)
	}

	// A read-only grid says so and offers no editor.
	ro := mustApp(t, db, handlers.Options{ReadOnly: true})
	if _, body := do(t, ro, "GET", grid, nil, nil); parse(t, body).attr(g, "aria-readonly") != "true" || parse(t, body).has("[data-cell-base]") {
		t.Error("a read-only grid is aria-readonly and has no editor")
	}

	// The JSON twin stays raw: no labels, no dates.
	_, js := do(t, app, "GET", grid+"?limit=1", nil, map[string]string{"Accept": "application/json"})
	var out struct{ Rows [][]any }
	if err := json.Unmarshal([]byte(js), &out); err != nil || len(out.Rows) != 1 || out.Rows[0][2] != float64(1) || out.Rows[0][4] != float64(1738055843621) {
		t.Errorf("JSON twin %s (%v)", js, err)
	}
}

func TestSheetGridPageWeight(t *testing.T) {
	db, schema := sheetDB(t, database.SQLite)
	app := mustApp(t, db, handlers.Options{})
	_, body := do(t, app, "GET", "/schema/"+schema+"/table/albums/rows", nil, nil)
	d := parse(t, body)
	if rows, cols := d.count(`table[role="grid"] tbody tr`), d.count(`table[role="grid"] thead th[data-col]`); rows != 100 || cols != 10 {
		t.Fatalf("%d rows × %d columns", rows, cols)
	}
	const budget = 120 << 10
	t.Logf("grid page of 100 rows × 10 columns: %d bytes", len(body))
	if p := os.Getenv("STUDIO_DUMP_GRID"); p != "" {
		_ = os.WriteFile(p, []byte(body), 0o644)
	}
	if len(body) >= budget {
		t.Errorf("the page is %d bytes, over the budget of %d", len(body), budget)
	}
}

func TestSheetRowDetailSQLite(t *testing.T)   { sheetRowDetail(t, database.SQLite) }
func TestSheetRowDetailPostgres(t *testing.T) { sheetRowDetail(t, database.Postgres) }

// sheetRowDetail checks the detail panel: the row page's fragment when
// htmx targets the panel, every column whole.
func sheetRowDetail(t *testing.T, dialect database.Dialect) {
	db, schema := sheetDB(t, dialect)
	app := mustApp(t, db, handlers.Options{})
	rowURL := "/schema/" + schema + "/table/albums/row?eq.id=1"
	resp, body := do(t, app, "GET", rowURL, nil, map[string]string{"HX-Request": "true", "HX-Target": "row-detail"})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	d := parse(t, body)
	if d.has("header.top") || d.has(`[data-testid="record"]`) || !d.has(`[data-testid="detail-fields"]`) {
		t.Fatalf("not the panel fragment: %.300s", body)
	}
	if n := d.count(`[data-testid="detail-fields"] .field`); n != 10 {
		t.Errorf("%d fields, want 10", n)
	}
	field := func(col string) string { return words(d.doc.Find(`.field[data-col="` + col + `"] dd`)) }
	if got := field("note"); !strings.Contains(got, "second line") || strings.Contains(got, "…") {
		t.Errorf("the note whole: %q", got)
	}
	if d.text(`.field[data-col="note"] .text`) == "" {
		t.Error("long text in a wrapping block")
	}
	if got := field("artist_id"); got != "1 AC/DC → artists" || d.text(`[data-testid="detail-label"]`) != "AC/DC" {
		t.Errorf("artist %q", got)
	}
	if got := field("released_at"); got != "1738055843621 2025-01-28 09:17:23.621Z" || d.attr(`.field[data-col="released_at"] time`, "datetime") != "2025-01-28 09:17:23.621Z" {
		t.Errorf("released_at %q", got)
	}
	tree := `.field[data-col="meta"] [data-testid="json-tree"]`
	if !d.has(tree+" details[open] > ul > li details") || !d.hasText(tree+" .jk", "label") || !d.hasText(tree+" .js", `"Atlantic"`) || !d.hasText(tree+" .jn", "1") {
		t.Errorf("meta as a tree: %s", d.text(tree))
	}
	if got := d.text(`[data-testid="detail-hex"]`); got != "0000  00 ff 10 de ad be ef" || !d.has(`.field[data-col="cover"] a[download][href*="cell.bin"]`) {
		t.Errorf("cover hex %q", got)
	}
	if n := d.count(`[data-detail-edit]`); n != 10 || d.attr(`[data-testid="detail-fields"]`, "data-cell-url") == "" {
		t.Errorf("%d edit buttons", n)
	}
	// Without the panel as target it is the row page; read-only, no edits.
	if _, page := do(t, app, "GET", rowURL, nil, nil); !parse(t, page).has(`[data-testid="record"]`) {
		t.Error("the row page itself is unchanged")
	}
	ro := mustApp(t, db, handlers.Options{ReadOnly: true})
	if _, body := do(t, ro, "GET", rowURL, nil, map[string]string{"HX-Request": "true", "HX-Target": "row-detail"}); parse(t, body).has("[data-detail-edit]") {
		t.Error("a read-only studio offers no edits in the panel")
	}
}

func TestSheetPanelEditSQLite(t *testing.T)   { sheetPanelEdit(t, database.SQLite) }
func TestSheetPanelEditPostgres(t *testing.T) { sheetPanelEdit(t, database.Postgres) }

// sheetPanelEdit: the panel's editor is the grid's conflict-safe one; a
// save answers the panel with the new version and tells the grid; a row
// changed meanwhile is a 409 and nothing is written.
func sheetPanelEdit(t *testing.T, dialect database.Dialect) {
	db, schema := sheetDB(t, dialect)
	app := mustApp(t, db, handlers.Options{})
	base := "/schema/" + schema + "/table/albums"
	_, body := do(t, app, "GET", base+"/row?eq.id=2", nil, map[string]string{"HX-Request": "true", "HX-Target": "row-detail"})
	cellURL := parse(t, body).attr(`[data-testid="detail-fields"]`, "data-cell-url")
	editor := cellURL + "&col=title&in=panel"
	resp, body := do(t, app, "GET", editor, nil, map[string]string{"HX-Request": "true"})
	form := parse(t, body)
	if resp.StatusCode != 200 || form.attr("form.cell-edit", "hx-target") != "#row-detail" || form.value(`[name="in"]`) != "panel" ||
		!strings.HasSuffix(form.attr("form.cell-edit", "id"), "-p") {
		t.Fatalf("panel editor: %d %s", resp.StatusCode, body)
	}
	save := saveForm(t, editor, "Renamed")
	save.Set("in", "panel")
	resp, body = post(t, app, base+"/cell", save)
	if resp.StatusCode != 200 || !parse(t, body).has(`[data-testid="detail-fields"]`) || !parse(t, body).shows("Renamed") {
		t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	var ev map[string]map[string]string
	if err := json.Unmarshal([]byte(resp.Header.Get("HX-Trigger")), &ev); err != nil || ev["studio:row-saved"]["key"] == "" {
		t.Errorf("HX-Trigger %q", resp.Header.Get("HX-Trigger"))
	}
	if got := queryString(t, db, "SELECT title FROM albums WHERE id = 2"); got != "Renamed" {
		t.Errorf("stored %q", got)
	}
	// The same editor again: its version is the old one now.
	save.Set("value", "Mine")
	resp, body = post(t, app, base+"/cell", save)
	conflict := parse(t, body)
	if resp.StatusCode != 409 || !conflict.has(`[data-testid="cell-conflict"]`) || !conflict.shows("Renamed") ||
		!strings.HasSuffix(resp.Header.Get("HX-Retarget"), "-p") || conflict.attr(`[data-testid="cell-reload"]`, "hx-target") != "#row-detail" {
		t.Errorf("conflict: %d %q %s", resp.StatusCode, resp.Header.Get("HX-Retarget"), body)
	}
	if got := queryString(t, db, "SELECT title FROM albums WHERE id = 2"); got != "Renamed" {
		t.Errorf("a conflict wrote %q", got)
	}
	// The panel's reload asks for the panel by key.
	reload := conflict.attr(`[data-testid="cell-reload"]`, "hx-get")
	if _, body := do(t, app, "GET", reload, nil, map[string]string{"HX-Request": "true", "HX-Target": "row-detail"}); !parse(t, body).shows("Renamed") {
		t.Errorf("reload %s: %s", reload, body)
	}
}

func TestSheetRowPageSQLite(t *testing.T)   { sheetRowPage(t, database.SQLite) }
func TestSheetRowPagePostgres(t *testing.T) { sheetRowPage(t, database.Postgres) }

// sheetRowPage: the row page reads its values as the grid and the detail
// panel do: a foreign key with the label of the row it points to, an
// epoch column with its UTC date-time beside the number.
func sheetRowPage(t *testing.T, dialect database.Dialect) {
	db, schema := sheetDB(t, dialect)
	app := mustApp(t, db, handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/"+schema+"/table/albums/row?eq.id=1", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("row page: %d %.300s", resp.StatusCode, body)
	}
	page := parse(t, body)
	if got := page.text(`[data-testid="record"] td[data-col="artist_id"]`); !strings.Contains(got, "AC/DC") {
		t.Errorf("artist_id reads %q, want the artist's name beside the key", got)
	}
	if got := page.attr(`[data-testid="record"] td[data-col="released_at"] time`, "datetime"); !strings.HasPrefix(got, "2025-01-28") {
		t.Errorf("released_at's date-time %q, want 2025-01-28…", got)
	}
}
