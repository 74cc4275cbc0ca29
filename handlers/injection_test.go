package handlers_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// Names with a quote, a backslash, an apostrophe, unicode and markup: in
// the table, its columns and its data.
const (
	evilTable = `t"a\b'ü<script>alert(1)</script>`
	evilCol   = `c"o\l'<img src=x onerror=alert(2)>`
	evilData  = `<script>alert(3)</script>\'"`
)

func evilDB(t *testing.T) *database.DB {
	t.Helper()
	db := sqlitetest.New(t, fixtureSQL)
	q := database.QuoteIdent
	_, err := db.ExecContext(context.Background(),
		`CREATE TABLE `+q(evilTable)+` (id INTEGER PRIMARY KEY, `+q(evilCol)+` TEXT, ref TEXT REFERENCES users(id));
		 INSERT INTO `+q(evilTable)+` VALUES (1, ?, 'u1'), (2, NULL, NULL)`, evilData)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// inert fails when markup from the names or data came through unescaped:
// the parsed page holds an element or attribute they would make.
func inert(t *testing.T, what, body string) {
	t.Helper()
	page := parse(t, body)
	for _, injected := range []string{"script:contains('alert(')", `img[src="x"]`, "[onerror]"} {
		if page.has(injected) {
			t.Errorf("%s: %s rendered as markup", what, injected)
		}
	}
}

func TestEveryPageKeepsHostileNamesAndDataInert(t *testing.T) {
	db := evilDB(t)
	app := mustApp(t, db, handlers.Options{})
	base := "/schema/main/table/" + url.PathEscape(evilTable)
	_, grid := do(t, app, "GET", base+"/rows", nil, nil)
	qs := cellQueries(t, grid)
	if len(qs) == 0 {
		t.Fatalf("no editable cell on the grid: %s", grid)
	}
	cell := qs[0]
	col := url.QueryEscape(evilCol)
	pages := []string{
		"/", "/schema/main", "/schema/main/erd", "/schema/main/erd.svg", "/api/schema",
		base, base + "/rows", base + "/rows?sort=-" + col + "&notnull." + col + "=",
		base + "/rows?contains." + col + "=" + url.QueryEscape(`\'"`), base + "/rows/count?eq." + col + "=x",
		base + "/row?eq.id=1", base + "/rows/new", base + "/cell?" + cell,
		base + "/export.csv", base + "/export.json", base + "/export.ndjson",
		"/console?sql=" + url.QueryEscape(`SELECT * FROM "`+evilTable+`"`),
	}
	for _, p := range pages {
		resp, body := do(t, app, "GET", p, nil, nil)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %.200s", p, resp.StatusCode, body)
		}
		// Exports are data files, not HTML: they may hold the text as is,
		// but must never be served as HTML.
		if strings.Contains(p, "/export.") || strings.HasSuffix(p, "/api/schema") {
			if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "html") {
				t.Errorf("%s served as %s", p, ct)
			}
			continue
		}
		inert(t, p, body)
	}
	// The JSON twin holds the exact text, typed as JSON strings.
	_, js := do(t, app, "GET", base+"/rows", nil, map[string]string{"Accept": "application/json"})
	if !strings.Contains(js, `\u003cscript\u003ealert(3)\u003c/script\u003e\\'\"`) && !strings.Contains(js, `<script>alert(3)</script>\\'\"`) {
		t.Errorf("JSON twin lost the exact text: %s", js)
	}
}

func TestHostileSQLErrorsAndConsoleResultsAreInert(t *testing.T) {
	app := mustApp(t, evilDB(t), handlers.Options{})
	post := func(sql string) string {
		_, body := do(t, app, "POST", "/console/run", strings.NewReader(url.Values{"sql": {sql}}.Encode()),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		return body
	}
	inert(t, "console result", post(`SELECT * FROM "`+strings.ReplaceAll(evilTable, `"`, `""`)+`"`))
	inert(t, "console error", post(`SELECT "<script>alert(1)</script>" FROM nowhere`))
	inert(t, "console syntax error", post(`SELEC <img src=x onerror=alert(2)>`))
}

func TestEditingARowOfAHostilyNamedTable(t *testing.T) {
	db := evilDB(t)
	app := mustApp(t, db, handlers.Options{})
	base := "/schema/main/table/" + url.PathEscape(evilTable)
	save := func(col, value string) (int, string) {
		_, grid := do(t, app, "GET", base+"/rows", nil, nil)
		for _, q := range cellQueries(t, grid) {
			v, _ := url.ParseQuery(q)
			if v.Get("col") != col {
				continue
			}
			form := url.Values{"key": {v.Get("key")}, "v": {v.Get("v")}, "col": {col}, "value": {value}}
			resp, body := do(t, app, "POST", base+"/cell", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
			return resp.StatusCode, body
		}
		t.Fatalf("no editable %q cell", col)
		return 0, ""
	}
	code, body := save(evilCol, `new <b>"\'`)
	if code != 200 {
		t.Fatalf("save: %d %s", code, body)
	}
	inert(t, "saved row", body)
	var got string
	row := db.QueryRowContext(context.Background(), `SELECT `+database.QuoteIdent(evilCol)+` FROM `+database.QuoteIdent(evilTable)+` WHERE id = 1`)
	if err := row.Scan(&got); err != nil || got != `new <b>"\'` {
		t.Errorf("value %q (%v)", got, err)
	}
	// Text into an INTEGER PRIMARY KEY is the user's mistake (SQLite's
	// "datatype mismatch"), said inline: it was a 500.
	code, body = save("id", "abc")
	if code != 422 || !parse(t, body).shows("datatype mismatch") {
		t.Errorf("text into the rowid: %d %.300s", code, body)
	}
}

func TestHostileMigrationFilesAreInert(t *testing.T) {
	dir := t.TempDir()
	tag := `0000_x<img src=x onerror=alert(2)>`
	files := map[string]string{
		tag + ".sql": "-- <script>alert(1)</script>\nCREATE TABLE \"<script>alert(1)</script>\" (a text);\n",
		"meta/_journal.json": `{"version":"7","dialect":"sqlite","entries":[{"idx":0,"version":"6","when":1700000000000,"tag":` +
			strconvQuote(tag) + `,"breakpoints":true}]}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{Migrations: handlers.MigrationsOptions{Dir: dir}})
	for _, p := range []string{"/migrations", "/migrations/m/" + url.PathEscape(tag), "/api/migrations/status"} {
		resp, body := do(t, app, "GET", p, nil, nil)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %.200s", p, resp.StatusCode, body)
		}
		if !strings.HasPrefix(p, "/api/") {
			inert(t, p, body)
		}
	}
	_, body := do(t, app, "POST", "/migrations/dry-run", strings.NewReader("confirm=yes"),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"})
	inert(t, "dry run", body)
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
