package handlers_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

// gridDB is the fixture with rows: posts referencing users, payloads in
// data and in names.
func gridDB(t *testing.T) *database.DB {
	t.Helper()
	db := sqlitetest.New(t, fixtureSQL)
	_, err := db.ExecContext(context.Background(), `
		INSERT INTO users VALUES ('u2', 'b@example.com', NULL), ('u3', 'c@example.com', '');
		INSERT INTO posts (id, author_id, parent_id, body) VALUES
		  (1, 'u1', NULL, 'first'), (2, 'u1', 1, '<img src=x onerror=alert(1)>'), (3, 'u2', 1, NULL);
		INSERT INTO "we""ird tåble ü" VALUES ('<i>x</i>', 1), ('y', 2);`)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestGridShowsRowsAsText(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/posts/rows", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	grid := parse(t, body)
	if grid.has(`img[src="x"]`) || !grid.shows("<img src=x onerror=alert(1)>") {
		t.Error("an HTML payload in data must be rendered as text")
	}
	// A foreign-key cell links to the row it references.
	if !grid.has(`a[href="/schema/main/table/users/row?eq.id=u1"]`) {
		t.Error("author_id cells should link to the users row")
	}
	if !grid.has(".null") {
		t.Error("NULL should be shown as NULL")
	}
	_, body = do(t, app, "GET", "/schema/main/table/users/rows", nil, nil)
	users := parse(t, body)
	if !users.shows("<script>alert(1)</script>") || users.has("script:contains('alert(1)')") {
		t.Error("a script payload in data must be rendered as text")
	}
	if !users.has(".empty") {
		t.Error("an empty string must look different from NULL")
	}
}

func TestGridOfAWeirdlyNamedTable(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	name := url.PathEscape(`we"ird tåble ü`)
	resp, body := do(t, app, "GET", "/schema/main/table/"+name+"/rows?sort=-n&"+url.Values{"notnull.<b>col</b>": {""}}.Encode(), nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if grid := parse(t, body); !grid.shows("<i>x</i>") || grid.has("b:contains('col')") {
		t.Error("identifiers and values must be escaped")
	}
}

func TestGridJSONTwin(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	accept := map[string]string{"Accept": "application/json"}
	resp, body := do(t, app, "GET", "/schema/main/table/posts/rows?limit=2&sort=id", nil, accept)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d type %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var out struct {
		Columns []struct{ Name, Type string }
		Rows    [][]any
		Next    *string
		Count   jsonCount
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Columns) != 4 || out.Columns[0].Name != "id" || out.Columns[0].Type != "INTEGER" {
		t.Errorf("columns %+v", out.Columns)
	}
	if len(out.Rows) != 2 || out.Rows[0][0] != float64(1) || out.Next == nil {
		t.Fatalf("rows %v next %v", out.Rows, out.Next)
	}
	// Not counted: the estimate (SQLite: the span of the integer key).
	if out.Count != (jsonCount{Value: 3, Exact: false, Estimate: true}) {
		t.Errorf("count %+v, want the estimate 3", out.Count)
	}
	_, body = do(t, app, "GET", *out.Next, nil, accept)
	var next struct {
		Rows [][]any
		Next *string
	}
	if err := json.Unmarshal([]byte(body), &next); err != nil {
		t.Fatal(err)
	}
	if len(next.Rows) != 1 || next.Rows[0][0] != float64(3) || next.Rows[0][3] != nil || next.Next != nil {
		t.Errorf("second page %v next %v", next.Rows, next.Next)
	}
	for q, want := range map[string]jsonCount{
		"limit=2&count=exact":                 {Value: 3, Exact: true},
		"eq.author_id=u1":                     {Value: 2, Exact: true},     // the whole result is on the page
		"eq.author_id=u1&limit=1":             {Value: -1, Estimate: true}, // SQLite has no estimate for a filter
		"eq.author_id=u1&limit=1&count=exact": {Value: 2, Exact: true},
	} {
		if got := gridCount(t, app, "/schema/main/table/posts/rows?"+q); got != want {
			t.Errorf("%s: count %+v, want %+v", q, got, want)
		}
	}
	resp, body = do(t, app, "GET", "/schema/main/table/posts/rows?count=maybe", nil, accept)
	if resp.StatusCode != 400 || !strings.Contains(body, "count must be exact") {
		t.Errorf("count=maybe: %d %s", resp.StatusCode, body)
	}
}

// jsonCount is the JSON twin's count object.
type jsonCount struct {
	Value           int64
	Exact, Estimate bool
}

// gridCount requests a grid's JSON twin and returns its count.
func gridCount(t *testing.T, app *fiber.App, url string) jsonCount {
	t.Helper()
	resp, body := do(t, app, "GET", url, nil, map[string]string{"Accept": "application/json"})
	var out struct{ Count jsonCount }
	if err := json.Unmarshal([]byte(body), &out); resp.StatusCode != 200 || err != nil {
		t.Fatalf("GET %s: %d %v %.300s", url, resp.StatusCode, err, body)
	}
	return out.Count
}

// The JSON twin answers a filtered view at once, as the HTML page does: a
// filter that matches a row in three of 3,000 would take a count through
// all of them. The view calls seen() for every row it reads, so what the
// requests read is counted: a page reads about a hundred, a count all.
func TestPostgresGridJSONDoesNotCountUnlessAsked(t *testing.T) {
	db := openPG(t, `CREATE TABLE calls (n int NOT NULL);
		INSERT INTO calls VALUES (0);
		CREATE FUNCTION seen(i int) RETURNS int LANGUAGE plpgsql AS $$
		  BEGIN UPDATE calls SET n = n + 1; RETURN i; END $$;
		CREATE TABLE items (id int PRIMARY KEY, grp int NOT NULL);
		INSERT INTO items SELECT g, g % 3 FROM generate_series(1, 3000) g;
		ANALYZE items;
		CREATE VIEW seen_items AS SELECT id, seen(grp) AS grp FROM items;`)
	app := mustApp(t, db, handlers.Options{})
	calls := func() int64 {
		var n int64
		if err := db.QueryRowContext(context.Background(), "SELECT n FROM calls").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	grid := "/schema/public/table/seen_items/rows?eq.grp=1"
	got := gridCount(t, app, grid)
	if !got.Estimate || got.Exact || got.Value < 1 {
		t.Errorf("filtered view: count %+v, want the planner's estimate", got)
	}
	if n := calls(); n > 1000 {
		t.Errorf("the JSON twin read %d rows of 3,000 for one page: it counted", n)
	}
	before := calls()
	if got := gridCount(t, app, grid+"&count=exact"); got != (jsonCount{Value: 1000, Exact: true}) {
		t.Errorf("count=exact: %+v, want exactly 1000", got)
	}
	if n := calls() - before; n < 3000 {
		t.Errorf("count=exact read %d rows, want all 3,000", n)
	}
}

func TestGridBadParametersAre400(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	for _, q := range []string{"sort=nope", "eq.nope=1", "limit=abc", "after=%21%21", "after=WyJpMSJd&before=WyJpMSJd"} {
		resp, body := do(t, app, "GET", "/schema/main/table/posts/rows?"+q, nil, nil)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d: %.200s", q, resp.StatusCode, body)
		}
	}
	resp, _ := do(t, app, "GET", "/schema/main/table/nope/rows", nil, nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown table: status %d", resp.StatusCode)
	}
}

func TestFilterFormRedirectsToCanonicalURL(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	form := url.Values{"fcol": {"author_id", ""}, "fop": {"eq", "eq"}, "fval": {"u1", ""}, "sort": {"-id"}, "limit": {"50"},
		"cols": {"1"}, "all": {"id", "author_id", "parent_id", "body"}, "show": {"id", "author_id", "body"}}
	resp, _ := do(t, app, "GET", "/schema/main/table/posts/rows?"+form.Encode(), nil, nil)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || loc != "/schema/main/table/posts/rows?eq.author_id=u1&hide=parent_id&limit=50&sort=-id" {
		t.Fatalf("status %d location %q", resp.StatusCode, loc)
	}
	_, body := do(t, app, "GET", loc, nil, map[string]string{"Accept": "application/json"})
	if !strings.Contains(body, `"rows":[[2,"u1"`) || strings.Contains(body, "parent_id") {
		t.Errorf("filtered, sorted page without the hidden column: %s", body)
	}
}

func TestCountFragment(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/posts/rows/count?eq.author_id=u1", nil, nil)
	if count := parse(t, body); !count.shows("2 rows") || !count.has(`[data-exact="true"]`) {
		t.Errorf("count fragment: %s", body)
	}
}

func TestRowPageCountsReferencingRows(t *testing.T) {
	app := mustApp(t, gridDB(t), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/users/row?eq.id=u1", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if page := parse(t, body); !page.shows("a@example.com") || !page.shows("2 rows") ||
		!page.has(`a[href="/schema/main/table/posts/rows?eq.author_id=u1"]`) {
		t.Errorf("row page lacks the row or its referencing rows: %s", body)
	}
	resp, _ = do(t, app, "GET", "/schema/main/table/users/row?eq.id=nobody", nil, nil)
	if resp.StatusCode != 404 {
		t.Errorf("missing row: status %d", resp.StatusCode)
	}
	// A table without a declared key is found by rowid token.
	_, grid := do(t, app, "GET", "/schema/main/table/"+url.PathEscape(`we"ird tåble ü`)+"/rows", nil, nil)
	link := parse(t, grid).attr(`a[href*="/row?key="]`, "href")
	if link == "" {
		t.Fatal("no row link by key token")
	}
	resp, body = do(t, app, "GET", link, nil, nil)
	if resp.StatusCode != 200 || !parse(t, body).shows("<i>x</i>") {
		t.Errorf("row by key token: %d %s", resp.StatusCode, link)
	}
}

func TestGridPostgresValuesAndEstimate(t *testing.T) {
	db := openPG(t, `CREATE TABLE big (id bigint PRIMARY KEY, n numeric, ts timestamptz, j jsonb);
		INSERT INTO big SELECT g, g * 1.5, '2024-01-01'::timestamptz + g * interval '1 hour', jsonb_build_object('g', g) FROM generate_series(1, 20000) g;
		INSERT INTO big VALUES (9007199254740993, 12345678901234567890.123456789, NULL, NULL);`)
	app := mustApp(t, db, handlers.Options{})
	_, body := do(t, app, "GET", "/schema/public/table/big/rows?sort=-id&limit=1", nil, map[string]string{"Accept": "application/json"})
	if !strings.Contains(body, `"rows":[["9007199254740993","12345678901234567890.123456789",null,null]]`) {
		t.Errorf("big numbers must stay exact, as strings: %s", body)
	}
	// Never analyzed: the count is an estimate, not a full COUNT.
	if !strings.Contains(body, `"exact":false`) {
		t.Errorf("count of 20,001 rows should be inexact on a page: %s", body)
	}
	_, frag := do(t, app, "GET", "/schema/public/table/big/rows/count", nil, nil)
	if count := parse(t, frag); !count.shows("more than 10,000") || !count.has(`[data-testid="count-exact"]`) {
		t.Errorf("capped count fragment: %s", frag)
	}
	_, exact := do(t, app, "GET", "/schema/public/table/big/rows/count?exact=1", nil, nil)
	if !parse(t, exact).shows("20,001 rows") {
		t.Errorf("exact count: %s", exact)
	}
	resp, msg := do(t, app, "GET", "/schema/public/table/big/rows?eq.n=abc", nil, nil)
	if resp.StatusCode != 400 || !parse(t, msg).shows("invalid input syntax") {
		t.Errorf("a filter value PostgreSQL refuses: %d %s", resp.StatusCode, msg)
	}
}

// openPG opens a fresh PostgreSQL database with the script run.
func openPG(t *testing.T, script string) *database.DB {
	t.Helper()
	ctx := context.Background()
	tg, err := database.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, tg, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, script); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestReadOnlyGridOffersNoWrites(t *testing.T) {
	db := gridDB(t)
	for name, opts := range map[string]handlers.Options{"read-only studio": {ReadOnly: true}, "writable": {}} {
		app := mustApp(t, db, opts)
		_, body := do(t, app, "GET", "/schema/main/table/posts/rows", nil, nil)
		grid := parse(t, body)
		writes := grid.has(`[data-testid="insert-row"]`) || grid.has(`[name="row"]`) || grid.has("[data-cell-base]")
		if writes == opts.ReadOnly {
			t.Errorf("%s: write controls shown = %v", name, writes)
		}
	}
	// A view is read-only whatever the mode, and says why.
	app := mustApp(t, db, handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/recent/rows", nil, nil)
	if grid := parse(t, body); grid.has(`[data-testid="insert-row"]`) || !grid.shows("views are read-only") {
		t.Error("a view must offer no writes and say why")
	}
}

func TestBinaryCellsShowSizeAndDownload(t *testing.T) {
	db := gridDB(t)
	if _, err := db.ExecContext(context.Background(), `CREATE TABLE files (id INTEGER PRIMARY KEY, data BLOB);
		INSERT INTO files VALUES (1, x'00ff10deadbeef')`); err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, db, handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/files/rows", nil, nil)
	grid := parse(t, body)
	if !grid.shows("7 B") || !grid.shows("00ff10deadbeef") {
		t.Errorf("binary cell: size and hex expected")
	}
	// The download is one click away: the detail panel and the row page.
	_, panel := do(t, app, "GET", grid.attr(`td.rowlink a`, "href"), nil, map[string]string{"HX-Request": "true", "HX-Target": "row-detail"})
	link := parse(t, panel).attr(`a[href*="/cell.bin?"]`, "href")
	if link == "" {
		t.Fatal("no download link")
	}
	resp, raw := do(t, app, "GET", link, nil, nil)
	if resp.StatusCode != 200 || raw != "\x00\xff\x10\xde\xad\xbe\xef" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q %q", resp.StatusCode, raw, resp.Header.Get("Content-Disposition"))
	}
}

func TestRowPageDeletesItsRow(t *testing.T) {
	db := gridDB(t)
	app := mustApp(t, db, handlers.Options{})
	_, body := do(t, app, "GET", "/schema/main/table/posts/row?eq.id=3", nil, nil)
	token := parse(t, body).attr(`[name="row"]`, "value")
	if token == "" {
		t.Fatal("the row page offers no delete")
	}
	resp, _ := do(t, app, "POST", "/schema/main/table/posts/rows/delete", strings.NewReader(url.Values{"row": {token}}.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr})
	if resp.StatusCode != 303 {
		t.Fatalf("delete: status %d", resp.StatusCode)
	}
	var n int
	if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM posts WHERE id = 3").Scan(&n); err != nil || n != 0 {
		t.Errorf("row 3 still there (%d, %v)", n, err)
	}
	_, ro := do(t, mustApp(t, db, handlers.Options{ReadOnly: true}), "GET", "/schema/main/table/posts/row?eq.id=1", nil, nil)
	if parse(t, ro).has(`[data-testid="delete-row"]`) {
		t.Error("read-only mode offers a delete")
	}
}
