package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"studio/handlers"
)

// TestPostgresStaleSchema changes a table behind the studio's cached
// schema. The grid tries once more against a fresh schema and answers; an
// insert and an export built from the stale one answer 409 (reload) and
// drop it, so the next try works.
func TestPostgresStaleSchema(t *testing.T) {
	db := openPG(t, `CREATE TABLE t (id int PRIMARY KEY, name text, a text, b text, c text);
		INSERT INTO t VALUES (1, 'one', 'a', 'b', 'c')`)
	app := mustApp(t, db, handlers.Options{})
	grid := "/schema/public/table/t/rows"
	warm := func() {
		t.Helper()
		if resp, body := do(t, app, "GET", grid, nil, nil); resp.StatusCode != 200 {
			t.Fatalf("grid: %d %.300s", resp.StatusCode, body)
		}
	}
	drop := func(col string) {
		t.Helper()
		warm() // the cached schema still has col
		if _, err := db.Exec(`ALTER TABLE t DROP COLUMN ` + col); err != nil {
			t.Fatal(err)
		}
	}
	reload := func(what string, resp int, body string) {
		t.Helper()
		if resp != 409 || !parse(t, body).shows("reload the page") {
			t.Errorf("%s against a stale schema: %d %.300s", what, resp, body)
		}
	}

	drop("a")
	resp, body := do(t, app, "GET", grid, nil, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 200 || strings.Contains(body, `"name":"a"`) || !strings.Contains(body, `"one"`) {
		t.Errorf("grid after a column went away: %d %.300s", resp.StatusCode, body)
	}

	drop("b")
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	resp, body = do(t, app, "POST", "/schema/public/table/t/rows", strings.NewReader(url.Values{"val:id": {"2"}, "val:b": {"x"}}.Encode()), form)
	reload("insert", resp.StatusCode, body)
	resp, body = do(t, app, "POST", "/schema/public/table/t/rows", strings.NewReader(url.Values{"val:id": {"2"}}.Encode()), form)
	if resp.StatusCode != 303 {
		t.Errorf("insert after the reload: %d %.300s", resp.StatusCode, body)
	}

	drop("c")
	resp, body = do(t, app, "GET", "/schema/public/table/t/export.csv", nil, nil)
	reload("export", resp.StatusCode, body)
	if resp, body := do(t, app, "GET", "/schema/public/table/t/export.csv", nil, nil); resp.StatusCode != 200 || body != "id,name\r\n1,one\r\n2,\r\n" {
		t.Errorf("export after the reload: %d %q", resp.StatusCode, body)
	}
}
