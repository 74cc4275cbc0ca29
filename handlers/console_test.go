package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/console"
	"studio/database"
	"studio/datadir"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// consolePost posts a console form as htmx does (fragment answers).
func consolePost(t *testing.T, app *fiber.App, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	return do(t, app, "POST", path, strings.NewReader(form.Encode()), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr, "HX-Request": "true"})
}

// consoleRun runs sql through the console route.
func consoleRun(t *testing.T, app *fiber.App, sql string, extra ...string) (*http.Response, string) {
	t.Helper()
	form := url.Values{"sql": {sql}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return consolePost(t, app, "/console/run", form)
}

// outcomeOf is what the console's result says it holds (rows, plan,
// error...).
func outcomeOf(t *testing.T, body string) string {
	t.Helper()
	return parse(t, body).attr(`[data-testid="console-result"]`, "data-outcome")
}

const hundreds = `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 250) SELECT n FROM c`

func TestConsolePageIsInTheNavigation(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/console?sql="+url.QueryEscape(`SELECT '<b>'`), nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d: %s", resp.StatusCode, body)
	}
	page := parse(t, body)
	for _, want := range []string{`a[href="/console"]`, `[data-testid="console-sql"]`, `[data-testid="console-history"]`} {
		if !page.has(want) {
			t.Errorf("console page lacks %s", want)
		}
	}
	if !page.hasText(`[data-testid="console-sql"]`, `SELECT '<b>'`) {
		t.Errorf("the editor does not hold ?sql=: %q", page.text(`[data-testid="console-sql"]`))
	}
	if page.has(`[data-testid="console-analyze"]`) {
		t.Error("SQLite console offers EXPLAIN ANALYZE")
	}
}

func TestConsoleRunShowsValuesAsText(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := consoleRun(t, app, `SELECT name, NULL AS nul, '' AS empty, x'00ff' AS bin FROM users`)
	if resp.StatusCode != 200 || outcomeOf(t, body) != "rows" {
		t.Fatalf("%d: %s", resp.StatusCode, body)
	}
	page := parse(t, body)
	if page.has("script:contains('alert')") || !page.shows("<script>alert(1)</script>") {
		t.Error("an HTML payload in the data was not escaped")
	}
	for _, want := range []string{".null", ".empty", ".bin", `[hx-swap-oob="true"]`} {
		if !page.has(want) {
			t.Errorf("result lacks %s", want)
		}
	}
	if !page.shows("rows 1–1") {
		t.Error("result does not say which rows it shows")
	}
}

func TestConsolePagesAndHistory(t *testing.T) {
	data := datadir.New(filepath.Join(t.TempDir(), "persistent_data"))
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{Data: data})
	_, body := consoleRun(t, app, hundreds)
	if page := parse(t, body); !page.shows("rows 1–100") || !page.has(`[name="offset"][value="100"]`) || !page.has(`[data-testid="console-next"]`) {
		t.Fatalf("first page: %s", body)
	}
	_, body = consoleRun(t, app, hundreds, "offset", "200")
	if page := parse(t, body); !page.shows("rows 201–250") || page.has(`[data-testid="console-next"]`) || !page.has(`[name="offset"][value="100"]`) {
		t.Fatalf("last page: %s", body)
	}
	consoleRun(t, app, "SELECT 2")
	st, err := os.Stat(filepath.Join(data.Root, console.HistoryFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("history file: %v %v", st, err)
	}
	_, body = do(t, app, "GET", "/console", nil, nil)
	entries := parse(t, body).doc.Find(`[data-testid="console-history-entry"]`)
	if entries.Length() != 2 || entries.First().AttrOr("data-sql", "") != "SELECT 2" || !strings.HasPrefix(entries.Last().AttrOr("data-sql", ""), "WITH RECURSIVE") {
		t.Errorf("history (newest first, pages not repeated): %s", body)
	}
}

func TestConsoleWithoutJavaScriptGetsTheWholePage(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "POST", "/console/run", strings.NewReader("sql=SELECT+42+AS+answer"), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr})
	page := parse(t, body)
	if resp.StatusCode != 200 || !page.has("head title") || !page.hasText("td", "42") || !page.hasText("textarea", "SELECT 42 AS answer") {
		t.Fatalf("%d: %s", resp.StatusCode, body)
	}
}

func TestConsoleErrorsAndRefusals(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	cases := []struct {
		sql, extra, want string
		status           int
		outcome          string
	}{
		{`SELECT * FROM "<b>nope</b>"`, "", "no such table: <b>nope</b>", 400, "error"},
		{"SELECT 1; DELETE FROM users", "", "one statement at a time", 400, "refused"},
		{"SELECT 1", "9999", "at most 10 minutes", 400, "refused"},
	}
	for _, c := range cases {
		var extra []string
		if c.extra != "" {
			extra = []string{"timeout", c.extra}
		}
		resp, body := consoleRun(t, app, c.sql, extra...)
		page := parse(t, body)
		if resp.StatusCode != c.status || outcomeOf(t, body) != c.outcome || !page.shows(c.want) {
			t.Errorf("%q: %d %s", c.sql, resp.StatusCode, body)
		}
		if page.has("b:contains('nope')") {
			t.Errorf("%q: error message not escaped", c.sql)
		}
	}
	if _, n := usersCount(t, app); n != "1" {
		t.Errorf("users: %s", n)
	}
	resp, _ := consolePost(t, app, "/console/cancel", url.Values{"run_id": {"nothing"}})
	if resp.StatusCode != 404 {
		t.Errorf("cancel of nothing: %d", resp.StatusCode)
	}
	resp, _ = consolePost(t, app, "/console/cancel", url.Values{"run_id": {"<x>"}})
	if resp.StatusCode != 400 {
		t.Errorf("cancel with a bad id: %d", resp.StatusCode)
	}
}

// usersCount reads the number of users through the console.
func usersCount(t *testing.T, app *fiber.App) (int, string) {
	t.Helper()
	resp, body := consoleRun(t, app, "SELECT count(*) AS n FROM users")
	return resp.StatusCode, strings.TrimSpace(parse(t, body).doc.Find("td.num").First().Text())
}

func TestConsoleExplainSQLite(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := consolePost(t, app, "/console/explain", url.Values{"sql": {"SELECT * FROM posts WHERE author_id = 'u1' ORDER BY body"}})
	if page := parse(t, body); resp.StatusCode != 200 || outcomeOf(t, body) != "plan" || !page.shows("QUERY PLAN") || !page.shows("posts") {
		t.Fatalf("%d: %s", resp.StatusCode, body)
	}
}

func TestConsoleTimeoutAndCancelSQLite(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	infinite := `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c`
	resp, body := consoleRun(t, app, infinite, "timeout", "1")
	if resp.StatusCode != 200 || outcomeOf(t, body) != "timeout" {
		t.Fatalf("timeout: %d %s", resp.StatusCode, body)
	}
	done := make(chan string, 1)
	go func() {
		_, body := consoleRun(t, app, infinite, "run_id", "cancel-me")
		done <- body
	}()
	waitCancel(t, app, "cancel-me")
	select {
	case body := <-done:
		if outcomeOf(t, body) != "cancelled" {
			t.Fatalf("cancelled run: %s", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled run did not end")
	}
}

// waitCancel posts /console/cancel until the run is found running.
func waitCancel(t *testing.T, app *fiber.App, id string) {
	t.Helper()
	for range 500 {
		resp, _ := consolePost(t, app, "/console/cancel", url.Values{"run_id": {id}})
		if resp.StatusCode == 204 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the run never became cancellable")
}

func TestConsoleReadOnlySQLiteRefusesWrites(t *testing.T) {
	db := sqlitetest.Open(t, sqlitetest.File(t, fixtureSQL), database.Options{ReadOnly: true})
	path := db.Target.Path
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, db, handlers.Options{ReadOnly: true})
	side := filepath.Join(t.TempDir(), "side.db")
	for _, sql := range []string{
		"ATTACH '" + side + "' AS side", "CREATE TABLE side.x (a)",
		"VACUUM INTO '" + side + "'",
		"PRAGMA query_only = 0", "DELETE FROM users",
		"PRAGMA user_version = 5",
		"UPDATE users SET name = 'x' RETURNING id",
		"SELECT 1; DELETE FROM users",
	} {
		resp, body := consoleRun(t, app, sql)
		if resp.StatusCode == 200 {
			t.Errorf("%s: allowed: %s", sql, body)
		}
	}
	if _, err := os.Stat(side); err == nil {
		t.Error("ATTACH or VACUUM INTO created a file")
	}
	if _, n := usersCount(t, app); n != "1" {
		t.Errorf("users: %s", n)
	}
	_, body := do(t, app, "GET", "/console", nil, nil)
	if !parse(t, body).has(`[data-testid="console-read-only"]`) {
		t.Error("the read-only console does not say so")
	}
	db.Close()
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the database file changed")
	}
}

func TestConsoleExportStreamsAndRollsBack(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := consolePost(t, app, "/console/export", url.Values{"sql": {"SELECT id, name FROM users"}, "format": {"csv"}})
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename=query.csv`) || body != "id,name\r\nu1,<script>alert(1)</script>\r\n" && body != "id,name\nu1,<script>alert(1)</script>\n" {
		t.Fatalf("csv: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	resp, body = consolePost(t, app, "/console/export", url.Values{"sql": {hundreds}, "format": {"ndjson"}})
	if resp.StatusCode != 200 || strings.Count(body, "\n") != 250 {
		t.Fatalf("ndjson: %d, %d lines", resp.StatusCode, strings.Count(body, "\n"))
	}
	// An export is a read: a DELETE ... RETURNING streams its rows and is
	// rolled back.
	consolePost(t, app, "/console/export", url.Values{"sql": {"DELETE FROM users RETURNING id"}, "format": {"json"}})
	if _, n := usersCount(t, app); n != "1" {
		t.Errorf("users after an exported DELETE: %s", n)
	}
	resp, body = consolePost(t, app, "/console/export", url.Values{"sql": {"SELECT * FROM nope"}, "format": {"csv"}})
	if resp.StatusCode != 400 || outcomeOf(t, body) != "error" {
		t.Errorf("export of a bad statement: %d %s", resp.StatusCode, body)
	}
	resp, _ = consolePost(t, app, "/console/export", url.Values{"sql": {"SELECT 1"}, "format": {"xml"}})
	if resp.StatusCode != 400 {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}
}

// TestConsoleExportReportsProgress: a console export with a progress id
// reports like a table's, also when the database refuses the statement.
func TestConsoleExportReportsProgress(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	accept := map[string]string{"Accept": "application/json"}
	resp, body := consolePost(t, app, "/console/export", url.Values{"sql": {hundreds}, "format": {"csv"}, "progress": {"console0001"}})
	if resp.StatusCode != 200 || strings.Count(body, "\n") != 251 {
		t.Fatalf("export: %d, %d lines", resp.StatusCode, strings.Count(body, "\n"))
	}
	if _, body = do(t, app, "GET", "/exports/console0001", nil, accept); body != `{"rows":250,"done":true,"error":""}` {
		t.Errorf("progress: %s", body)
	}
	resp, body = consolePost(t, app, "/console/export", url.Values{"sql": {"SELECT * FROM nope"}, "format": {"csv"}, "progress": {"console0002"}})
	if resp.StatusCode != 400 || outcomeOf(t, body) != "error" {
		t.Fatalf("export of a bad statement: %d %s", resp.StatusCode, body)
	}
	if _, body = do(t, app, "GET", "/exports/console0002", nil, accept); !strings.Contains(body, `"done":true`) || !strings.Contains(body, "no such table: nope") {
		t.Errorf("progress of a refused export: %s", body)
	}
}

// consolePG opens a PostgreSQL database holding t (50 rows) and s; with
// reader it also returns a read-only pool connected as a role that is not
// a superuser but may write t and use s, so only the READ ONLY
// transaction stands in the way of a write.
func consolePG(t *testing.T, reader bool) (admin, ro *database.DB) {
	t.Helper()
	admin = openPG(t, `CREATE TABLE t (id int PRIMARY KEY, name text);
		INSERT INTO t SELECT n, 'n' || n FROM generate_series(1, 50) n; CREATE SEQUENCE s;`)
	if !reader {
		return admin, nil
	}
	role := fmt.Sprintf("studio_hconsole_%d_%d", os.Getpid(), consoleRoles.Add(1))
	if _, err := admin.Exec(fmt.Sprintf(`CREATE ROLE %[1]s LOGIN IN ROLE pg_read_all_data; GRANT ALL ON t, s TO %[1]s`, role)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec(fmt.Sprintf(`DROP OWNED BY %[1]s; DROP ROLE %[1]s`, role)) })
	tg := admin.Target
	tg.ConnString = strings.Replace(tg.ConnString, "postgres@", role+"@", 1)
	ro, err := database.Open(context.Background(), tg, database.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return admin, ro
}

var consoleRoles atomic.Int64

func TestConsolePostgresReadOnlyRefusesWrites(t *testing.T) {
	admin, ro := consolePG(t, true)
	app := mustApp(t, ro, handlers.Options{ReadOnly: true})
	for _, sql := range []string{
		"BEGIN READ WRITE", "BEGIN READ WRITE; DELETE FROM t; COMMIT",
		"SET default_transaction_read_only = off", "DELETE FROM t",
		"SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "INSERT INTO t VALUES (100, 'x')",
		"WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
		"DO $$ BEGIN DELETE FROM t; END $$",
		"COPY t TO PROGRAM 'touch /tmp/studio-console-must-not-exist'",
		"SELECT nextval('s')",
	} {
		resp, body := consoleRun(t, app, sql)
		if strings.HasPrefix(sql, "SET ") {
			continue // may succeed: rolled back with the rest
		}
		if resp.StatusCode == 200 {
			t.Errorf("%s: allowed: %s", sql, body)
		}
	}
	var n, seq int
	if err := admin.QueryRow("SELECT (SELECT count(*) FROM t WHERE name LIKE 'n%'), (SELECT last_value FROM s)").Scan(&n, &seq); err != nil || n != 50 || seq != 1 {
		t.Errorf("data changed: %d rows, sequence %d (%v)", n, seq, err)
	}
	if _, err := os.Stat("/tmp/studio-console-must-not-exist"); err == nil {
		t.Error("COPY TO PROGRAM ran")
	}
	// The superuser connection cannot be held read-only: refused.
	tg := admin.Target
	su, err := database.Open(context.Background(), tg, database.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close()
	resp, body := consoleRun(t, mustApp(t, su, handlers.Options{ReadOnly: true}), "SELECT 1")
	if resp.StatusCode != 403 || outcomeOf(t, body) != "refused" || !parse(t, body).shows("pg_read_all_data") {
		t.Errorf("superuser read-only: %d %s", resp.StatusCode, body)
	}
}

func TestConsolePostgresErrorPositionExplainAndCancel(t *testing.T) {
	admin, _ := consolePG(t, false)
	app := mustApp(t, admin, handlers.Options{})
	resp, body := consoleRun(t, app, "SELECT id,\n  \"<i>nosuch</i>\" FROM t")
	if page := parse(t, body); resp.StatusCode != 400 || !page.shows("line 2, column 3") || !page.shows("  ^") || page.has("i:contains('nosuch')") {
		t.Errorf("error position: %d %s", resp.StatusCode, body)
	}
	_, page := do(t, app, "GET", "/console", nil, nil)
	if !parse(t, page).has(`[data-testid="console-analyze"]`) {
		t.Error("PostgreSQL console lacks EXPLAIN ANALYZE")
	}
	resp, body = consolePost(t, app, "/console/explain", url.Values{"sql": {"DELETE FROM t"}, "analyze": {"on"}})
	if page := parse(t, body); resp.StatusCode != 200 || !page.shows("actual") || !page.shows("rolled back") {
		t.Errorf("explain analyze: %d %s", resp.StatusCode, body)
	}
	var n int
	if err := admin.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 50 {
		t.Errorf("EXPLAIN ANALYZE DELETE left %d rows (%v)", n, err)
	}
	done := make(chan string, 1)
	go func() {
		_, body := consoleRun(t, app, "SELECT pg_sleep(30)", "run_id", "pg-sleep")
		done <- body
	}()
	waitCancel(t, app, "pg-sleep")
	select {
	case body := <-done:
		if outcomeOf(t, body) != "cancelled" {
			t.Fatalf("cancelled run: %s", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled run did not end")
	}
}

func TestConsoleExportPostgresIsAReadOnlyTransaction(t *testing.T) {
	admin, _ := consolePG(t, false)
	app := mustApp(t, admin, handlers.Options{})
	resp, body := consolePost(t, app, "/console/export", url.Values{"sql": {"SELECT id, name FROM t ORDER BY id"}, "format": {"ndjson"}})
	if resp.StatusCode != 200 || strings.Count(body, "\n") != 50 || !strings.HasPrefix(body, `{"id":1,"name":"n1"}`) {
		t.Fatalf("ndjson: %d %q", resp.StatusCode, body[:min(len(body), 200)])
	}
	// Even in write mode an export cannot write: the transaction is READ ONLY.
	resp, body = consolePost(t, app, "/console/export", url.Values{"sql": {"DELETE FROM t RETURNING id"}, "format": {"csv"}})
	if resp.StatusCode != 400 || !parse(t, body).shows("read-only transaction") {
		t.Errorf("exported DELETE: %d %s", resp.StatusCode, body)
	}
	var n int
	if err := admin.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 50 {
		t.Errorf("%d rows left (%v)", n, err)
	}
}
