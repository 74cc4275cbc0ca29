package handlers_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// TestConsoleKeepsYourWork: the selection or the statement under the
// caret runs; a long result says more rows follow and counts them on
// request (a page holds 100); numbers align right under right-aligned headers; the editor
// completes from the catalog; the draft's key names no address. SQLite
// and PostgreSQL.
func TestConsoleKeepsYourWork(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			var db *database.DB
			schema := "main"
			if dialect == database.Postgres {
				db, _ = consolePG(t, false)
				schema = "public"
				if _, err := db.Exec(`INSERT INTO t SELECT n, 'n' || n FROM generate_series(51, 120) n`); err != nil {
					t.Fatal(err)
				}
			} else {
				db = sqlitetest.New(t, fixtureSQL)
				if _, err := db.Exec(`CREATE TABLE t (id int PRIMARY KEY, name text);
					WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 120) INSERT INTO t SELECT n, 'n' || n FROM c`); err != nil {
					t.Fatal(err)
				}
			}
			app := mustApp(t, db, handlers.Options{})
			const text = "SELECT 'first' AS x;\nSELECT id, name FROM t ORDER BY id;\n"
			// The caret in the second statement: only it runs.
			_, body := consoleRun(t, app, text, "sel_start", "25", "sel_end", "25")
			page := parse(t, body)
			if outcomeOf(t, body) != "rows" || !page.has(`[data-testid="console-grid"] th[class="num"]:nth-child(2)`) || page.shows("first") {
				t.Fatalf("statement under the caret: %s", page.text("#console-result"))
			}
			if th := page.attrs(`[data-testid="console-grid"] thead th`, "class"); len(th) != 3 || th[1] != "num" || th[2] != "" {
				t.Errorf("header alignment %q: id is numeric, name is not", th)
			}
			if s := page.text(`[data-testid="console-summary"]`); !strings.Contains(s, "more rows follow") {
				t.Errorf("summary %q", s)
			}
			// The selection runs as it is.
			if _, body := consoleRun(t, app, text, "sel_start", "0", "sel_end", "19"); !parse(t, body).shows("first") {
				t.Errorf("the selection did not run: %s", parse(t, body).text("#console-result"))
			}
			// Count on request, through the result's form.
			form := url.Values{"sql": {page.value(`[data-testid="console-count-form"] input[name="sql"]`)}, "timeout": {"5"}}
			if form.Get("sql") != "SELECT id, name FROM t ORDER BY id" {
				t.Fatalf("the count form carries %q", form.Get("sql"))
			}
			_, body = consolePost(t, app, "/console/count", form)
			if got := parse(t, body).text(`[data-testid="console-count"]`); got != "120 rows in all" {
				t.Errorf("count %q", got)
			}
			// The catalog the editor completes from.
			resp, body := do(t, app, "GET", "/console/catalog", nil, nil)
			var cat map[string]map[string][]string
			if err := json.Unmarshal([]byte(body), &cat); err != nil || resp.StatusCode != 200 || strings.Join(cat[schema]["t"], ",") != "id,name" {
				t.Errorf("catalog %d %s", resp.StatusCode, body)
			}
			// The draft's key is a hash: no address, no password.
			_, body = do(t, app, "GET", "/console", nil, nil)
			key := parse(t, body).attr(`[data-testid="console-sql"]`, "data-draft-key")
			if !strings.HasPrefix(key, "studio.console.") || len(key) != len("studio.console.")+16 || strings.Contains(body, `data-draft-key="`+db.Target.String()) {
				t.Errorf("draft key %q", key)
			}
		})
	}
}
