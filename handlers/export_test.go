package handlers_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
	"studio/internal/pgtest"
)

// exportUpdating reports -update (rewrite the export golden files); the
// flag is registered by whichever test file of the package gets there
// first.
var exportUpdating = exportUpdateFlag()

func exportUpdateFlag() func() bool {
	if f := flag.Lookup("update"); f != nil {
		return func() bool { return f.Value.String() == "true" }
	}
	b := flag.Bool("update", false, "rewrite testdata golden files from the current output")
	return func() bool { return *b }
}

// awkwardSQLite holds the values that break naive exports, in SQLite.
const awkwardSQLite = `
CREATE TABLE awkward (id INTEGER PRIMARY KEY, label TEXT, data BLOB, big INTEGER, amount NUMERIC,
  decimal_text TEXT, doc JSON, at DATETIME, flag BOOLEAN, ratio REAL);
INSERT INTO awkward VALUES
 (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (2, '', x'', 0, 0, '', '{}', '1970-01-01 00:00:00', 0, 0.0),
 (3, 'say "hi", then leave', x'00ff0a', 9007199254740993, 12345678901234567890.123456789,
  '12345678901234567890.123456789', '{"a": [1, 2.50],' || char(10) || ' "b": "<i>x</i>"}', '2024-02-29 23:59:59.123+05:30', 1, 1.5),
 (4, 'line one' || char(10) || 'line two' || char(13) || char(10) || 'Zürich ✓ 日本 🙂', x'e697a5', -9223372036854775808, -0.5,
  '-0.000000001', '"s"', '2024-06-01T12:00:00Z', 0, -1e300),
 (5, '<script>alert(1)</script>', NULL, 42, 7, '7', 'not json', 'tomorrow', 1, 0.1);
CREATE VIEW awkward_view AS SELECT id, label, big FROM awkward WHERE id > 1;
`

// awkwardPostgres holds them in PostgreSQL, with its own types on top.
const awkwardPostgres = `
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'Asia/Kolkata'); END $$;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE awkward (id integer PRIMARY KEY, label text, data bytea, big bigint, amount numeric, doc jsonb,
  raw json, at timestamptz, tags text[], feeling mood, flag boolean, ratio double precision, span interval, u uuid);
INSERT INTO awkward VALUES
 (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (2, '', '\x', 0, 0, '{}', '[]', '1970-01-01 00:00:00+00', '{}', 'sad', false, 0, '0', '00000000-0000-0000-0000-000000000000'),
 (3, 'say "hi", then leave', '\x00ff0a', 9007199254740993, 12345678901234567890.123456789,
  '{"a": [1, 2.50], "b": "<i>x</i>"}', E'{\n  "k": 1\n}', '2024-02-29 23:59:59.123456+00',
  '{"a,b","c\"d",NULL,""}', 'happy', true, 1.5, '1 day 02:03:04', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
 (4, E'line one\nline two\r\nZürich ✓ 日本 🙂', '\xe697a5', -9223372036854775808, -0.000000001,
  '"s"', 'null', 'infinity', '{"日本"}', 'ok', NULL, 'NaN', '-1 mons', NULL),
 (5, '<script>alert(1)</script>', NULL, 42, 7, '[null, true]', '{"x": "<b>"}', '2024-06-01 12:00:00-07', '{{1,2},{3,4}}', NULL, true, 1e300, NULL, NULL);
CREATE VIEW awkward_view AS SELECT id, label, big FROM awkward WHERE id > 1;
`

// mustExportDB opens a database of the dialect holding stmts. PostgreSQL
// is reopened after the fixture so per-database settings (time zone)
// apply to every connection.
func mustExportDB(t *testing.T, dialect database.Dialect, stmts string) *database.DB {
	t.Helper()
	ctx := context.Background()
	addr := filepath.Join(t.TempDir(), "export.db")
	if dialect == database.Postgres {
		addr = pgtest.NewDatabase(t)
	}
	tg, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, tg, database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, stmts); err != nil {
		t.Fatal(err)
	}
	if dialect == database.Postgres {
		db.Close()
		if db, err = database.Open(ctx, tg, database.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func schemaFor(dialect database.Dialect) string {
	if dialect == database.Postgres {
		return "public"
	}
	return "main"
}

func TestSQLiteExportFormats(t *testing.T) {
	testExportFormats(t, database.SQLite, awkwardSQLite)
}

func TestPostgresExportFormats(t *testing.T) {
	testExportFormats(t, database.Postgres, awkwardPostgres)
}

// testExportFormats compares each format with its golden file (read them:
// they are the contract) and checks the headers of the download.
func testExportFormats(t *testing.T, dialect database.Dialect, fixture string) {
	app := mustApp(t, mustExportDB(t, dialect, fixture), handlers.Options{})
	for _, format := range []string{"csv", "json", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			resp, body := do(t, app, "GET", "/schema/"+schemaFor(dialect)+"/table/awkward/export."+format+"?sort=id", nil, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			wantType := map[string]string{"csv": "text/csv", "json": "application/json", "ndjson": "application/x-ndjson"}[format]
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
				t.Errorf("Content-Type %q, want %s", ct, wantType)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename=awkward.`+format {
				t.Errorf("Content-Disposition %q", cd)
			}
			checkGolden(t, filepath.Join("testdata", "export", string(dialect)+"."+format), body)
			checkExportSyntax(t, format, body, 5)
		})
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if exportUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\ngot\n%s\nwant\n%s", path, got, want)
	}
}

// checkExportSyntax parses the body as its format and counts the rows.
func checkExportSyntax(t *testing.T, format, body string, rows int) {
	t.Helper()
	switch format {
	case "json":
		var out []map[string]any
		if err := json.Unmarshal([]byte(body), &out); err != nil || len(out) != rows {
			t.Errorf("JSON: %d rows, %v", len(out), err)
		}
	case "ndjson":
		lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
		for _, l := range lines {
			if !json.Valid([]byte(l)) {
				t.Errorf("NDJSON line is not one JSON value: %q", l)
			}
		}
		if len(lines) != rows {
			t.Errorf("NDJSON: %d lines, want %d", len(lines), rows)
		}
	}
}

// itemsSQL is a table with ties and NULLs in the sort column, and a view.
func itemsSQL(dialect database.Dialect) string {
	series := "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 250) SELECT i FROM s"
	if dialect == database.Postgres {
		series = "SELECT generate_series(1, 250) AS i"
	}
	return `CREATE TABLE items (id integer PRIMARY KEY, score integer, name text, note text);
INSERT INTO items SELECT i, CASE WHEN i % 5 = 0 THEN NULL ELSE i % 7 END, 'name ' || i, 'note ' || i FROM (` + series + `) AS s;
CREATE VIEW scored AS SELECT id, score, name FROM items WHERE score IS NOT NULL;`
}

func TestSQLiteExportMatchesTheGrid(t *testing.T) {
	testExportMatchesGrid(t, database.SQLite)
}

func TestPostgresExportMatchesTheGrid(t *testing.T) {
	testExportMatchesGrid(t, database.Postgres)
}

// testExportMatchesGrid: a filtered, sorted export with a hidden column
// holds exactly the rows the grid pages through, in the same order, for a
// table (paged by key) and a view (paged by OFFSET).
func testExportMatchesGrid(t *testing.T, dialect database.Dialect) {
	app := mustApp(t, mustExportDB(t, dialect, itemsSQL(dialect)), handlers.Options{})
	base := "/schema/" + schemaFor(dialect) + "/table/"
	for _, tc := range []struct{ table, query string }{
		{"items", "sort=-score&ge.id=3&ne.name=name+17&hide=note&limit=40"},
		{"items", "sort=name&in.score=1,2&limit=25"},
		{"items", ""},
		{"scored", "sort=id&lt.score=4&hide=score&limit=30"},
	} {
		t.Run(tc.table+"?"+tc.query, func(t *testing.T) {
			cols, want := gridRows(t, app, base+tc.table+"/rows?"+tc.query)
			resp, body := do(t, app, "GET", base+tc.table+"/export.json?"+tc.query, nil, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var objs []map[string]json.RawMessage
			if err := json.Unmarshal([]byte(body), &objs); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range objs {
				if len(o) != len(cols) {
					t.Fatalf("export row has %d columns, the grid %d (%v)", len(o), len(cols), cols)
				}
				var vals []string
				for _, c := range cols {
					vals = append(vals, string(o[c]))
				}
				got = append(got, strings.Join(vals, "|"))
			}
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("export (%d rows) differs from the grid (%d rows):\n%v\n%v", len(got), len(want), got, want)
			}
		})
	}
}

// gridRows walks the grid's JSON twin from path to its last page.
func gridRows(t *testing.T, app *fiber.App, path string) ([]string, []string) {
	t.Helper()
	var cols, out []string
	for next := &path; next != nil; {
		resp, body := do(t, app, "GET", *next, nil, map[string]string{"Accept": "application/json"})
		if resp.StatusCode != 200 {
			t.Fatalf("grid %s: %d %s", *next, resp.StatusCode, body)
		}
		var page struct {
			Columns []struct{ Name string }
			Rows    [][]json.RawMessage
			Next    *string
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		cols = cols[:0]
		for _, c := range page.Columns {
			cols = append(cols, c.Name)
		}
		for _, r := range page.Rows {
			vals := make([]string, len(r))
			for i, v := range r {
				vals[i] = string(v)
			}
			out = append(out, strings.Join(vals, "|"))
		}
		next = page.Next
	}
	return cols, out
}

func TestExportErrorsBeforeTheFirstByte(t *testing.T) {
	app := mustApp(t, mustExportDB(t, database.SQLite, awkwardSQLite), handlers.Options{})
	accept := map[string]string{"Accept": "application/json"}
	for path, want := range map[string]int{
		"/schema/main/table/awkward/export.xml":             400,
		"/schema/main/table/awkward/export.csv?sort=nosuch": 400,
		"/schema/main/table/awkward/export.csv?eq.nosuch=1": 400,
		"/schema/main/table/awkward/export.csv?after=junk":  200, // exports ignore cursors
		"/schema/main/table/awkward/export.csv?after=%%%":   400,
		"/schema/main/table/nosuch/export.csv":              404,
		"/schema/main/table/awkward/export.csv?progress=x!": 400,
		"/schema/main/table/awkward_view/export.ndjson?a=1": 200,
	} {
		resp, body := do(t, app, "GET", path, nil, accept)
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d: %s", path, resp.StatusCode, want, body)
		}
		if want != 200 && (!strings.Contains(body, `"error"`) || resp.Header.Get("Content-Disposition") != "") {
			t.Errorf("%s: not an ordinary error response: %v %s", path, resp.Header, body)
		}
	}
}

// TestPostgresExportBadFilterValue: PostgreSQL refuses a filter value only
// after the columns are described; that is still before the first byte,
// so the user gets a 400 with the database's message, not an empty file.
func TestPostgresExportBadFilterValue(t *testing.T) {
	app := mustApp(t, mustExportDB(t, database.Postgres, awkwardPostgres), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/public/table/awkward/export.csv?eq.big=abc", nil, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 400 || !strings.Contains(body, "invalid input syntax") {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
}

func TestExportProgress(t *testing.T) {
	app := mustApp(t, mustExportDB(t, database.SQLite, awkwardSQLite), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/awkward/export.csv?progress=abcd1234XYZ", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	accept := map[string]string{"Accept": "application/json"}
	resp, body = do(t, app, "GET", "/exports/abcd1234XYZ", nil, accept)
	if resp.StatusCode != 200 || body != `{"rows":5,"done":true,"error":""}` {
		t.Errorf("progress: %d %s", resp.StatusCode, body)
	}
	htmx := map[string]string{"HX-Request": "true"}
	_, body = do(t, app, "GET", "/exports/abcd1234XYZ", nil, htmx)
	if line := parse(t, body); !line.shows("5 rows exported.") || line.has("[hx-trigger]") || !line.has(`[data-state="done"]`) {
		t.Errorf("finished fragment: %s", body)
	}
	_, body = do(t, app, "GET", "/exports/notstarted1?wait=3", nil, htmx)
	if line := parse(t, body); !line.shows("Starting") || !line.has(`[hx-get="/exports/notstarted1?wait=2"]`) {
		t.Errorf("waiting fragment: %s", body)
	}
	_, body = do(t, app, "GET", "/exports/notstarted1?wait=0", nil, htmx)
	if line := parse(t, body); line.has("[hx-trigger]") || !line.has(`[data-state="unknown"]`) {
		t.Errorf("a fragment that gave up waiting still polls: %s", body)
	}
	if resp, _ := do(t, app, "GET", "/exports/notstarted1", nil, accept); resp.StatusCode != 404 {
		t.Errorf("unknown id: status %d", resp.StatusCode)
	}
	if resp, _ := do(t, app, "GET", "/exports/bad-id!", nil, accept); resp.StatusCode != 400 {
		t.Errorf("bad id: status %d", resp.StatusCode)
	}
	// A finished export's id may be used again.
	if resp, body := do(t, app, "GET", "/schema/main/table/awkward/export.json?progress=abcd1234XYZ&ge.id=4", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if _, body = do(t, app, "GET", "/exports/abcd1234XYZ", nil, accept); body != `{"rows":2,"done":true,"error":""}` {
		t.Errorf("progress of the second export: %s", body)
	}
}

// endlessSQL is a view that never ends, so an export of it stops only
// when the client goes away.
func endlessSQL(dialect database.Dialect) string {
	if dialect == database.Postgres {
		return `CREATE VIEW endless AS SELECT i, repeat('x', 1000) AS pad FROM (SELECT generate_series(1, 1000000000000) AS i) AS s`
	}
	return `CREATE VIEW endless AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s) SELECT i, printf('%.1000c', 'x') AS pad FROM s`
}

func TestSQLiteExportStopsWhenTheClientGoesAway(t *testing.T) {
	testExportStopsWhenTheClientGoesAway(t, database.SQLite)
}

func TestPostgresExportStopsWhenTheClientGoesAway(t *testing.T) {
	testExportStopsWhenTheClientGoesAway(t, database.Postgres)
}

// testExportStopsWhenTheClientGoesAway reads part of an endless export
// over a real connection, hangs up, and checks that the export ended: its
// progress says so and, in PostgreSQL, the query no longer runs.
func testExportStopsWhenTheClientGoesAway(t *testing.T, dialect database.Dialect) {
	db := mustExportDB(t, dialect, endlessSQL(dialect))
	base := serve(t, db, handlers.Options{})
	resp, err := http.Get(base + "/schema/" + schemaFor(dialect) + "/table/endless/export.csv?progress=endless0001")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, resp.Body, 4<<20); err != nil {
		t.Fatal(err)
	}
	if st := progress(t, base, "endless0001"); st.Done || st.Rows < 1000 {
		t.Errorf("while streaming: %+v", st)
	}
	if dialect == database.Postgres && running(t, db) != 1 {
		t.Fatal("the export's query is not running")
	}
	resp.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := progress(t, base, "endless0001")
		stopped := st.Done && (dialect != database.Postgres || running(t, db) == 0)
		if stopped {
			if st.Error != "the download was interrupted" {
				t.Errorf("progress after hanging up: %+v", st)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the export still runs 10s after the client went away: %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type exportStatus struct {
	Rows  int64
	Done  bool
	Error string
}

func progress(t *testing.T, base, id string) exportStatus {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/exports/"+url.PathEscape(id), nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st exportStatus
	if err := json.NewDecoder(bufio.NewReader(resp.Body)).Decode(&st); err != nil || resp.StatusCode != 200 {
		t.Fatalf("progress: %d %v", resp.StatusCode, err)
	}
	return st
}

// running counts the export queries PostgreSQL is executing.
func running(t *testing.T, db *database.DB) int {
	t.Helper()
	var n int
	err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%endless%'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBrowserExportShowsProgress clicks the grid's CSV link: the file
// downloads, the page stays, and the progress line ends with the count.
func TestBrowserExportShowsProgress(t *testing.T) {
	base := serve(t, mustExportDB(t, database.SQLite, itemsSQL(database.SQLite)), handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	dir := t.TempDir()
	if err := chromedp.Do(ctx, allowDownloads(dir),
		chromedp.Navigate(base+"/schema/main/table/items/rows?ge.id=11&hide=note"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="grid"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="export-csv"]`)),
	); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, `!!document.querySelector('[data-testid="export-progress"][data-state="done"]')`)
	line, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="export-progress"]`)))
	if !strings.Contains(line, "240 rows exported.") {
		t.Errorf("progress line %q", line)
	}
	if path, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`)); path != "/schema/main/table/items/rows?ge.id=11&hide=note" {
		t.Errorf("the page moved to %s", path)
	}
	var file []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if file, _ = os.ReadFile(filepath.Join(dir, "items.csv")); len(file) > 0 && strings.Count(string(file), "\r\n") == 241 {
			break
		}
	}
	if !strings.HasPrefix(string(file), "id,score,name\r\n11,4,name 11\r\n") || strings.Count(string(file), "\r\n") != 241 {
		t.Errorf("downloaded file: %.200q", file)
	}
}
