package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// editSQL has a check, a default, a boolean, a foreign key, a unique
// column, a composite key named with quotes and spaces, and a view.
const editSQL = `
CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id TEXT NOT NULL REFERENCES users(id),
  body TEXT CHECK (length(body) < 40), score INTEGER DEFAULT 0, flag BOOLEAN);
CREATE TABLE "we""ird t" ("k 1" INTEGER NOT NULL, "k""2" TEXT NOT NULL, "v al" TEXT, PRIMARY KEY ("k 1", "k""2"));
CREATE VIEW recent AS SELECT id, body FROM posts;
INSERT INTO users VALUES ('u1', 'a@x', '<script>alert(1)</script>'), ('u2', 'b@x', 'bob');
INSERT INTO posts VALUES (1, 'u1', 'hello', 5, 1), (2, 'u2', 'world', 0, 0), (3, 'u2', 'line 1' || char(13, 10) || 'line 2', 1, NULL);
INSERT INTO "we""ird t" VALUES (1, 'a', 'x'), (2, 'b', 'y');
`

// mustEditSQLite is a SQLite file holding editSQL.
func mustEditSQLite(t *testing.T) *database.DB {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t, filepath.Join(t.TempDir(), "edit.db"), database.Options{Create: true})
	if _, err := db.ExecContext(ctx, editSQL); err != nil {
		t.Fatal(err)
	}
	return db
}

// gridCell is the editor URL of one cell on the grid at path: the nth row
// (from 0), column col.
func gridCell(t *testing.T, app *fiber.App, path string, n int, col string) string {
	t.Helper()
	_, body := do(t, app, "GET", path, nil, nil)
	var found []string
	for _, u := range cellURLs(t, body) {
		if strings.HasSuffix(u, "col="+url.QueryEscape(col)) || strings.Contains(u, "col="+url.QueryEscape(col)+"&") {
			found = append(found, u)
		}
	}
	if n >= len(found) {
		t.Fatalf("no cell %d of %s on %s (%d found)", n, col, path, len(found))
	}
	return found[n]
}

// gridTargets is the delete checkboxes' values of the grid at path.
func gridTargets(t *testing.T, app *fiber.App, path string) []string {
	t.Helper()
	_, body := do(t, app, "GET", path, nil, nil)
	return parse(t, body).attrs(`input[name="row"]`, "value")
}

// post sends a form as htmx does from a page of the studio.
func post(t *testing.T, app *fiber.App, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	return do(t, app, "POST", path, strings.NewReader(form.Encode()), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true",
		"Origin": "http://" + testAddr, "Sec-Fetch-Site": "same-origin"})
}

// saveForm is the form the inline editor of cellURL posts.
func saveForm(t *testing.T, cellURL, value string) url.Values {
	t.Helper()
	u, err := url.Parse(cellURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	return url.Values{"key": {q.Get("key")}, "v": {q.Get("v")}, "col": {q.Get("col")}, "value": {value}}
}

func cellPath(cellURL string) string { return strings.SplitN(cellURL, "?", 2)[0] }

func queryString(t *testing.T, db *database.DB, q string, args ...any) string {
	t.Helper()
	var s *string
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return "<NULL>"
	}
	return *s
}

const postsGrid = "/schema/main/table/posts/rows"

func TestEditCellSavesAndAnswersTheRow(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	cu := gridCell(t, app, postsGrid, 0, "body")
	resp, body := do(t, app, "GET", cu, nil, map[string]string{"HX-Request": "true"})
	if editor := parse(t, body); resp.StatusCode != 200 || !editor.has(`[data-testid="cell-editor"]`) || !editor.has(`[value="hello"]`) {
		t.Fatalf("editor: %d %s", resp.StatusCode, body)
	}
	form := saveForm(t, cu, "<img src=x onerror=alert(1)>")
	form.Set("q", "hide=score")
	resp, body = post(t, app, cellPath(cu), form)
	row := parse(t, body)
	if resp.StatusCode != 200 || !row.is("tr") {
		t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	if row.has("img") || !row.shows("<img src=x") {
		t.Errorf("the saved payload is not shown as text: %s", body)
	}
	if n := row.count("td"); n != 6 { // checkbox, link, id, author_id, body, flag
		t.Errorf("the row ignores the grid's hidden columns (%d cells): %s", n, body)
	}
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 1"); got != "<img src=x onerror=alert(1)>" {
		t.Errorf("stored %q", got)
	}
	// The row answered carries the new version: editing again works.
	again := answeredCellURLs(t, body, cellPath(cu), "id", "author_id", "body", "flag")
	if len(again) == 0 {
		t.Fatal("the answered row has no editable cells")
	}
	resp, _ = post(t, app, cellPath(cu), saveForm(t, again[0], "7"))
	if resp.StatusCode != 200 {
		t.Errorf("second edit from the answered row: %d", resp.StatusCode)
	}
}

func TestEditCellNullEmptyBooleanAndLineBreaks(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	save := func(n int, col string, form func(url.Values)) {
		t.Helper()
		cu := gridCell(t, app, postsGrid, n, col)
		f := saveForm(t, cu, "")
		form(f)
		if resp, body := post(t, app, cellPath(cu), f); resp.StatusCode != 200 {
			t.Fatalf("save %s: %d %s", col, resp.StatusCode, body)
		}
	}
	save(0, "body", func(url.Values) {})
	save(1, "body", func(f url.Values) { f.Set("null", "1") })
	save(1, "flag", func(f url.Values) { f.Set("value", "true") })
	got := queryString(t, db, `SELECT quote(p1.body) || ' ' || quote(p2.body) || ' ' || quote(p2.flag) FROM posts p1, posts p2 WHERE p1.id = 1 AND p2.id = 2`)
	if got != "'' NULL 1" {
		t.Errorf("stored %s, want '' NULL 1", got)
	}

	// A value with CRLF line breaks keeps them; the browser's CRLF for a
	// plain LF value becomes LF again.
	cu := gridCell(t, app, postsGrid, 2, "body")
	_, editor := do(t, app, "GET", cu, nil, map[string]string{"HX-Request": "true"})
	if page := parse(t, editor); !page.has(`[name="nl"][value="crlf"]`) || !page.has("textarea") {
		t.Fatalf("editor of a CRLF value: %s", editor)
	}
	f := saveForm(t, cu, "a\r\nb")
	f.Set("nl", "crlf")
	post(t, app, cellPath(cu), f)
	save(0, "body", func(f url.Values) { f.Set("value", "c\r\nd") })
	got = queryString(t, db, `SELECT quote(replace(replace(group_concat(body, '|'), char(13), '\r'), char(10), '\n')) FROM posts WHERE id IN (1, 3) ORDER BY id`)
	if got != `'c\nd|a\r\nb'` {
		t.Errorf("line breaks stored as %s", got)
	}
}

func TestEditCellConflict(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	cu := gridCell(t, app, postsGrid, 0, "body")
	if _, err := db.ExecContext(context.Background(), `UPDATE posts SET body = 'theirs' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	// Opening the editor of a changed row already says so.
	resp, body := do(t, app, "GET", cu, nil, map[string]string{"HX-Request": "true"})
	if box := parse(t, body); resp.StatusCode != 409 || !box.has(`[data-testid="cell-conflict"]`) || !box.shows("theirs") {
		t.Errorf("editor of a changed row: %d %s", resp.StatusCode, body)
	}
	resp, body = post(t, app, cellPath(cu), saveForm(t, cu, "mine"))
	box := parse(t, body)
	if resp.StatusCode != 409 || !box.shows("theirs") || !box.has(`[data-testid="cell-reload"]`) {
		t.Fatalf("stale save: %d %s", resp.StatusCode, body)
	}
	if target := resp.Header.Get("HX-Retarget"); !strings.HasPrefix(target, "#cell-") || !box.has(`[id="`+target[1:]+`"]`) {
		t.Errorf("conflict retargets %q", target)
	}
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 1"); got != "theirs" {
		t.Errorf("overwritten: %q", got)
	}
	// Reload gives the row as it is now; a deleted row reloads as nothing.
	reload := box.attr(`[hx-get*="/cell/row?"]`, "hx-get")
	if reload == "" {
		t.Fatalf("no reload link: %s", body)
	}
	_, row := do(t, app, "GET", reload, nil, map[string]string{"HX-Request": "true"})
	if page := parse(t, row); !page.is("tr") || !page.shows("theirs") {
		t.Errorf("reloaded row: %s", row)
	}
	if _, err := db.ExecContext(context.Background(), `DELETE FROM posts WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	resp, body = post(t, app, cellPath(cu), saveForm(t, cu, "mine"))
	if resp.StatusCode != 409 || !parse(t, body).shows("no longer exists") {
		t.Errorf("save to a deleted row: %d %s", resp.StatusCode, body)
	}
	if resp, row = do(t, app, "GET", reload, nil, nil); resp.StatusCode != 200 || row != "" {
		t.Errorf("reload of a deleted row: %d %q", resp.StatusCode, row)
	}
}

func TestEditCellConstraintErrorsInline(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	cases := []struct{ grid, col, value, want string }{
		{postsGrid, "body", strings.Repeat("x", 50), "CHECK constraint failed"},
		{postsGrid, "author_id", "nobody", "FOREIGN KEY constraint failed"},
		{"/schema/main/table/users/rows", "email", "b@x", "UNIQUE constraint failed: users.email"},
	}
	for _, c := range cases {
		cu := gridCell(t, app, c.grid, 0, c.col)
		resp, body := post(t, app, cellPath(cu), saveForm(t, cu, c.value))
		editor := parse(t, body)
		if resp.StatusCode != 422 || !editor.has(`[data-testid="cell-error"]`) || !editor.shows(c.want) {
			t.Errorf("%s = %q: %d %s", c.col, c.value, resp.StatusCode, body)
		}
		// The editor comes back with what was typed.
		if resp.Header.Get("HX-Retarget") == "" || editor.value(`[name="value"]`) != c.value {
			t.Errorf("%s: the refused value is not shown again in the editor", c.col)
		}
	}
	f := saveForm(t, gridCell(t, app, postsGrid, 0, "author_id"), "")
	f.Set("null", "1") // author_id is NOT NULL: there is no NULL toggle, but a request may say so
	if resp, body := post(t, app, "/schema/main/table/posts/cell", f); resp.StatusCode != 422 || !parse(t, body).shows("NOT NULL constraint failed") {
		t.Errorf("NULL into NOT NULL: %d %s", resp.StatusCode, body)
	}
	if got := queryString(t, db, "SELECT group_concat(body || author_id) FROM posts WHERE id < 3"); got != "hellou1,worldu2" {
		t.Errorf("refused edits changed rows: %s", got)
	}
}

func TestEditQuotedNamesAndCompositeKey(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	grid := "/schema/main/table/" + url.PathEscape(`we"ird t`) + "/rows"
	cu := gridCell(t, app, grid, 1, `k"2`)
	if resp, body := post(t, app, cellPath(cu), saveForm(t, cu, "c")); resp.StatusCode != 200 {
		t.Fatalf("edit a key column: %d %s", resp.StatusCode, body)
	}
	cu = gridCell(t, app, grid, 1, "v al")
	if resp, body := post(t, app, cellPath(cu), saveForm(t, cu, "z")); resp.StatusCode != 200 {
		t.Fatalf("edit after the key changed: %d %s", resp.StatusCode, body)
	}
	if got := queryString(t, db, `SELECT group_concat("k""2" || "v al") FROM "we""ird t"`); got != "ax,cz" {
		t.Errorf("table now %s", got)
	}
}

func TestInsertFormAndRedirect(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/posts/rows/new", nil, nil)
	page := parse(t, body)
	for _, want := range []string{`[data-testid="insert-form"]`, `[name="default:id"][value="1"][checked]`, `[name="default:score"][value="1"][checked]`,
		`[name="null:flag"][value="1"][checked]`, `select#f-4[name="val:flag"]`, `input#f-2[name="val:body"][maxlength="39"]`} {
		if !page.has(want) {
			t.Errorf("insert form lacks %s", want)
		}
	}
	if resp.StatusCode != 200 || page.has(`[name="null:author_id"]`) {
		t.Fatalf("insert form: %d", resp.StatusCode)
	}
	form := url.Values{"val:id": {""}, "default:id": {"1"}, "val:author_id": {"u2"}, "val:body": {"new\r\npost"},
		"val:score": {"0"}, "default:score": {"1"}, "val:flag": {"true"}}
	resp, body = post(t, app, "/schema/main/table/posts/rows", form)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/schema/main/table/posts/row?eq.id=4&inserted=1" {
		t.Fatalf("insert: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if got := queryString(t, db, "SELECT quote(body) || score || flag FROM posts WHERE id = 4"); got != "'new\npost'01" {
		t.Errorf("inserted %q", got)
	}
	_, body = do(t, app, "GET", resp.Header.Get("Location"), nil, nil)
	if record := parse(t, body); !record.has(`[data-testid="record"]`) || !record.shows("u2") ||
		!strings.Contains(record.text(`[data-testid="row-saved"]`), "Inserted") {
		// The new row's page says the insert went through, as a save does.
		t.Errorf("the new row's page: %s", body)
	}

	form.Set("val:author_id", "nobody")
	resp, body = post(t, app, "/schema/main/table/posts/rows", form)
	if form := parse(t, body); resp.StatusCode != 422 || !form.has(`[data-testid="insert-error"]`) || !form.shows("FOREIGN KEY") ||
		!form.has(`.bad[data-col="author_id"]`) || form.value(`[name="val:author_id"]`) != "nobody" {
		t.Errorf("refused insert: %d %s", resp.StatusCode, body)
	}
}

func TestDeleteRowsAllOrNothing(t *testing.T) {
	db := mustEditSQLite(t)
	app := mustApp(t, db, handlers.Options{})
	targets := gridTargets(t, app, postsGrid)
	if len(targets) != 3 {
		t.Fatalf("checkboxes %v", targets)
	}
	if _, err := db.ExecContext(context.Background(), `UPDATE posts SET score = 9 WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	resp, body := post(t, app, "/schema/main/table/posts/rows/delete", url.Values{"row": targets, "q": {"sort=-id"}})
	if page := parse(t, body); resp.StatusCode != 409 || !page.shows("id = 3") || !page.shows("Nothing was changed") {
		t.Errorf("stale delete: %d %s", resp.StatusCode, body)
	}
	if n := queryString(t, db, "SELECT count(*) FROM posts"); n != "3" {
		t.Fatalf("%s rows left after a refused delete", n)
	}
	resp, body = post(t, app, "/schema/main/table/posts/rows/delete", url.Values{"row": targets[:2], "q": {"sort=-id"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != postsGrid+"?sort=-id#deleted=2" {
		t.Fatalf("delete: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if n := queryString(t, db, "SELECT group_concat(id) FROM posts"); n != "3" {
		t.Errorf("left %s", n)
	}
	if resp, _ := post(t, app, "/schema/main/table/posts/rows/delete", url.Values{}); resp.StatusCode != 400 {
		t.Errorf("delete of nothing: %d", resp.StatusCode)
	}
	// A referenced row: the foreign key's refusal, nothing deleted.
	resp, body = post(t, app, "/schema/main/table/users/rows/delete", url.Values{"row": gridTargets(t, app, "/schema/main/table/users/rows")})
	if resp.StatusCode != 422 || !parse(t, body).shows("FOREIGN KEY constraint failed") {
		t.Errorf("delete of referenced rows: %d %s", resp.StatusCode, body)
	}
}

func TestEditRefusedWhenReadOnly(t *testing.T) {
	db := mustEditSQLite(t)
	cu := gridCell(t, mustApp(t, db, handlers.Options{}), postsGrid, 0, "body")
	targets := gridTargets(t, mustApp(t, db, handlers.Options{}), postsGrid)
	app := mustApp(t, db, handlers.Options{ReadOnly: true})
	check := func(what string, resp *http.Response, body, reason string) {
		t.Helper()
		if resp.StatusCode != 403 || !parse(t, body).shows(reason) {
			t.Errorf("%s: %d %s", what, resp.StatusCode, body)
		}
	}
	ro := "read-only"
	r, b := do(t, app, "GET", "/schema/main/table/posts/rows/new", nil, nil)
	check("insert form", r, b, ro)
	r, b = do(t, app, "GET", cu, nil, nil)
	check("cell editor", r, b, ro)
	r, b = post(t, app, cellPath(cu), saveForm(t, cu, "x"))
	check("save", r, b, ro)
	r, b = post(t, app, "/schema/main/table/posts/rows", url.Values{"val:author_id": {"u1"}})
	check("insert", r, b, ro)
	r, b = post(t, app, "/schema/main/table/posts/rows/delete", url.Values{"row": targets})
	check("delete", r, b, ro)
	if n := queryString(t, db, "SELECT count(*) || group_concat(body) FROM posts WHERE id < 3"); n != "2hello,world" {
		t.Errorf("read-only studio changed rows: %s", n)
	}
	// Views are read-only in any mode, saying why.
	writable := mustApp(t, db, handlers.Options{})
	r, b = do(t, writable, "GET", "/schema/main/table/recent/rows/new", nil, nil)
	check("insert into a view", r, b, "views are read-only")
	r, b = post(t, writable, "/schema/main/table/recent/rows/delete", url.Values{"row": targets})
	check("delete from a view", r, b, "views are read-only")
}

func TestEditPostgresCellsInsertAndDelete(t *testing.T) {
	db := openPG(t, `
		CREATE TYPE mood AS ENUM ('sad', 'ok');
		CREATE TABLE things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, doc jsonb, at timestamptz,
			raw bytea, tags int[], m mood NOT NULL DEFAULT 'ok', note varchar(5) UNIQUE, ms mood[]);
		INSERT INTO things (doc, at, raw, tags, note) VALUES ('{"a": 1}', '2024-01-01 00:00:00+00', '\x00ff', '{1,2}', 'x');
		CREATE TABLE nokey (v text);`)
	app := mustApp(t, db, handlers.Options{})
	grid := "/schema/public/table/things/rows"
	for col, value := range map[string]string{"doc": `{"b": [true, null]}`, "at": "2024-02-29 23:59:59.5+05:30",
		"raw": `\xdeadbeef`, "tags": "{3,NULL}", "m": "sad"} {
		cu := gridCell(t, app, grid, 0, col)
		if resp, body := post(t, app, cellPath(cu), saveForm(t, cu, value)); resp.StatusCode != 200 {
			t.Errorf("%s = %s: %d %s", col, value, resp.StatusCode, body)
		}
	}
	got := queryString(t, db, `SELECT concat_ws('|', doc, at AT TIME ZONE 'UTC', raw, tags, m) FROM things`)
	if got != `{"b": [true, null]}|2024-02-29 18:29:59.5|\xdeadbeef|{3,NULL}|sad` {
		t.Errorf("stored %s", got)
	}
	// An enum picks from its values; an array of enums is typed.
	for col, want := range map[string]string{"m": `select[id]`, "ms": `[placeholder="{a,b,c}"]`} {
		if _, editor := do(t, app, "GET", gridCell(t, app, grid, 0, col), nil, nil); !parse(t, editor).has(want) {
			t.Errorf("editor of %s lacks %s: %s", col, want, editor)
		}
	}
	cu := gridCell(t, app, grid, 0, "note")
	resp, body := post(t, app, cellPath(cu), saveForm(t, cu, "toolong"))
	if resp.StatusCode != 422 || !parse(t, body).shows("character varying(5)") {
		t.Errorf("too long for varchar(5): %d %s", resp.StatusCode, body)
	}

	resp, body = post(t, app, "/schema/public/table/things/rows", url.Values{"val:note": {"x"}, "default:m": {"1"}, "null:doc": {"1"}})
	if form := parse(t, body); resp.StatusCode != 422 || !form.shows("already exists") || !form.has(`.bad[data-col="note"]`) {
		t.Errorf("duplicate insert: %d %s", resp.StatusCode, body)
	}
	resp, _ = post(t, app, "/schema/public/table/things/rows", url.Values{"val:note": {"y"}, "default:m": {"1"}, "null:doc": {"1"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/schema/public/table/things/row?eq.id=3&inserted=1" {
		t.Fatalf("insert: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = post(t, app, "/schema/public/table/things/rows/delete", url.Values{"row": gridTargets(t, app, grid)})
	if n := queryString(t, db, "SELECT count(*)::text FROM things"); resp.StatusCode != 303 || n != "0" {
		t.Errorf("delete all: %d, %s left", resp.StatusCode, n)
	}
	resp, body = do(t, app, "GET", "/schema/public/table/nokey/rows/new", nil, nil)
	if resp.StatusCode != 403 || !parse(t, body).shows("no primary key") {
		t.Errorf("table without a key: %d %s", resp.StatusCode, body)
	}
}

// TestPlainFormPostFromOurPage: with Referrer-Policy no-referrer a browser
// sends "Origin: null" on a plain form POST; Sec-Fetch-Site still says
// same-origin, and that passes. Without it, "null" is refused.
func TestPlainFormPostFromOurPage(t *testing.T) {
	app := mustApp(t, mustEditSQLite(t), handlers.Options{})
	form := url.Values{"row": gridTargets(t, app, postsGrid)[:1]}.Encode()
	for _, c := range []struct {
		site string
		want int
	}{{"", 403}, {"cross-site", 403}, {"same-origin", 303}} {
		h := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"}
		if c.site != "" {
			h["Sec-Fetch-Site"] = c.site
		}
		if resp, body := do(t, app, "POST", "/schema/main/table/posts/rows/delete", strings.NewReader(form), h); resp.StatusCode != c.want {
			t.Errorf("Sec-Fetch-Site %q: %d, want %d: %s", c.site, resp.StatusCode, c.want, body)
		}
	}
}

// TestEditCellErrorsReplaceOnlyTheEditor: whatever goes wrong with a save,
// the answer is aimed at the editor, never at the whole row.
func TestEditCellErrorsReplaceOnlyTheEditor(t *testing.T) {
	db := mustEditSQLite(t)
	cu := gridCell(t, mustApp(t, db, handlers.Options{}), postsGrid, 0, "body")
	id := "#cell-"
	for name, app := range map[string]*fiber.App{"read-only": mustApp(t, db, handlers.Options{ReadOnly: true}), "writable": mustApp(t, db, handlers.Options{})} {
		f := saveForm(t, cu, "x")
		if name == "writable" {
			f.Set("key", "damaged")
		}
		resp, body := post(t, app, cellPath(cu), f)
		if resp.StatusCode < 400 || !strings.HasPrefix(resp.Header.Get("HX-Retarget"), id) || !parse(t, body).has(`[data-testid="error"]`) {
			t.Errorf("%s: %d %q %s", name, resp.StatusCode, resp.Header.Get("HX-Retarget"), body)
		}
	}
}
