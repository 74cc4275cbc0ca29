package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/datadir"
	"studio/handlers"
	"studio/internal/pgtest"
	"studio/internal/sqlitetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const testAddr = "127.0.0.1:4983"

// fixtureSQL is a small schema with the awkward parts: a self-reference, a
// cascade, a name with quotes, spaces and unicode, and an HTML payload.
const fixtureSQL = `
CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
  body TEXT CHECK (length(body) < 10000)
);
CREATE INDEX posts_author ON posts(author_id) WHERE parent_id IS NULL;
CREATE TABLE "we""ird tåble ü" ("<b>col</b>" TEXT, n INTEGER);
CREATE VIEW recent AS SELECT id, body FROM posts ORDER BY id DESC LIMIT 10;
INSERT INTO users VALUES ('u1', 'a@example.com', '<script>alert(1)</script>');
`

// mustApp builds the production app around db (nil = unconfigured).
func mustApp(t *testing.T, db *database.DB, opts handlers.Options) *fiber.App {
	t.Helper()
	if opts.Addr == "" {
		opts.Addr = testAddr
	}
	if opts.Data.Root == "" {
		opts.Data = datadir.New(filepath.Join(t.TempDir(), "persistent_data"))
	}
	app, err := handlers.NewApp(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// do sends a request as a same-origin browser would.
func do(t *testing.T, app *fiber.App, method, target string, body io.Reader, header map[string]string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	req.Host = testAddr
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := app.Test(req, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func TestOverviewListsSchemasAndTables(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	page := parse(t, body)
	for _, want := range []string{"main", "users", "posts", "recent", `we"ird tåble ü`} {
		if !page.shows(want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if !page.has(`a[href="/schema/main/erd"]`) || !page.has(`script[src="`+htmxPath(t)+`"]`) {
		t.Errorf("overview lacks the diagram link or the local htmx")
	}
}

func htmxPath(t *testing.T) string {
	t.Helper()
	return "/static/htmx-2.0.11.min.js"
}

func TestStaticAssetsAreServedLocally(t *testing.T) {
	app := mustApp(t, nil, handlers.Options{})
	resp, body := do(t, app, "GET", htmxPath(t), nil, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(body, "htmx") {
		t.Fatalf("htmx: status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestTablePageShowsStructure(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/posts", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	page := parse(t, body)
	for _, want := range []string{"not null (rowid)", "author_id", "CASCADE", "SET NULL", "posts_author", "parent_id IS NULL", "length(body) < 10000", "CREATE TABLE posts"} {
		if !page.shows(want) {
			t.Errorf("structure page lacks %q", want)
		}
	}
	// posts.parent_id → posts is a tree, not a cycle between tables.
	if page.shows("Foreign-key cycle") {
		t.Errorf("a self-referencing key is reported as a foreign-key cycle")
	}
	if !page.has(`a[href="/schema/main/table/users"]`) {
		t.Errorf("structure page does not link the referenced table")
	}
	_, body = do(t, app, "GET", "/schema/main/table/users", nil, nil)
	if users := parse(t, body); !users.shows("Referenced by") || !users.has(`a[href="/schema/main/table/posts"]`) {
		t.Errorf("users page does not list posts as referencing it")
	}
}

// TestStructureLinksDomainsPostgres: a column typed with a domain links
// to the domain's row on its schema's page (in another schema too), the
// table page lists the domains its columns use, and the schema page shows
// each domain's base type, NULL, default and checks.
func TestStructureLinksDomainsPostgres(t *testing.T) {
	db := openPG(t, `CREATE SCHEMA cat;
		CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
		CREATE DOMAIN cat."Odd name" AS text DEFAULT 'x' NOT NULL;
		CREATE TABLE film (id integer PRIMARY KEY, release_year year, years year[], code cat."Odd name", plain integer)`)
	app := mustApp(t, db, handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/public/table/film", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("table page: %d\n%s", resp.StatusCode, body)
	}
	page := parse(t, body)
	for _, want := range []struct{ sel, text string }{
		{`a[href="/schema/public#domain-year"][data-testid="column-domain"][title="domain over integer"]`, "year"},
		{`a[href="/schema/public#domain-year"][data-testid="column-domain"][title="domain over integer"]`, "year[]"},
		{`a[href="/schema/cat#domain-Odd%20name"][data-testid="column-domain"][title="domain over text"]`, `cat."Odd name"`},
		{`h2[id="domains"]`, "Domains"},
	} {
		if !page.hasText(want.sel, want.text) {
			t.Errorf("table page lacks %s %q", want.sel, want.text)
		}
	}
	if n := page.count(`[data-testid="column-domain"]`); n != 3 {
		t.Errorf("%d columns link to a domain, want 3", n)
	}
	_, public := do(t, app, "GET", "/schema/public", nil, nil)
	year := `tr[id="domain-year"][data-testid="domain"]`
	row := parse(t, public).text(year)
	if !strings.Contains(row, "integer") || !parse(t, public).hasText(year+" span", "year_check") ||
		!strings.Contains(row, "year_check CHECK ((VALUE >= 1901) AND (VALUE <= 2155))") {
		t.Errorf("schema page's year row: %q\n%s", row, public)
	}
	_, cat := do(t, app, "GET", "/schema/cat", nil, nil)
	row = parse(t, cat).text(`tr[id="domain-Odd%20name"][data-testid="domain"]`)
	if !strings.Contains(row, "not null") || !strings.Contains(row, "'x'::text") {
		t.Errorf("schema page's Odd name row: %q\n%s", row, cat)
	}
}

func TestTableWithQuotesSpacesAndUnicode(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/"+url.PathEscape(`we"ird tåble ü`), nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if page := parse(t, body); page.has("b:contains('col')") || !page.shows("<b>col</b>") {
		t.Errorf("column name with HTML is not escaped")
	}
}

func TestMissingTableIs404WithPage(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/table/nope", nil, nil)
	if resp.StatusCode != 404 || !parse(t, body).shows("not found") {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	resp, body = do(t, app, "GET", "/schema/nope/table/x", nil, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 404 || !strings.Contains(body, `"error"`) {
		t.Fatalf("json 404: status %d: %s", resp.StatusCode, body)
	}
}

func TestERDIsSVGWithLinks(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/schema/main/erd.svg", nil, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("status %d type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if svg := parse(t, body); !svg.has("svg") || !svg.has(`a[href="/schema/main/table/posts"]`) {
		t.Errorf("svg lacks table links")
	}
	resp, body = do(t, app, "GET", "/schema/main/erd", nil, nil)
	if resp.StatusCode != 200 || !parse(t, body).has("svg") {
		t.Fatalf("erd page status %d", resp.StatusCode)
	}
}

func TestSchemaJSONMatchesInspectShape(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, body := do(t, app, "GET", "/api/schema", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var m struct {
		Dialect string
		Schemas []struct {
			Name   string
			Tables []struct {
				Name        string
				Kind        string
				ForeignKeys []struct{ OnDelete string }
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	if m.Dialect != "sqlite" || len(m.Schemas) != 1 || m.Schemas[0].Name != "main" {
		t.Fatalf("model = %+v", m)
	}
}

func TestHostHeaderMustBeOurs(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	for _, host := range []string{"evil.example:4983", "127.0.0.1:9999", "attacker.test"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != fiber.StatusMisdirectedRequest {
			t.Errorf("Host %s: status %d, want 421", host, resp.StatusCode)
		}
	}
	for _, host := range []string{"localhost:4983", "127.0.0.1:4983", "[::1]:4983"} {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.Host = host
		resp, _ := app.Test(req)
		if resp.StatusCode != 200 {
			t.Errorf("Host %s: status %d, want 200", host, resp.StatusCode)
		}
	}
}

func TestCrossSiteWritesRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pd")
	app := mustApp(t, nil, handlers.Options{Data: datadir.New(dir)})
	body := `{"type":"sqlite"}`
	cases := []map[string]string{
		{"Origin": "http://evil.example", "Content-Type": "application/json"},
		{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
		{"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:3000", "Content-Type": "application/json"},
		{"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"},
	}
	for _, h := range cases {
		resp, _ := do(t, app, "POST", "/api/db/setup", strings.NewReader(body), h)
		if resp.StatusCode != 403 {
			t.Errorf("headers %v: status %d, want 403", h, resp.StatusCode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db.selection.json")); err == nil {
		t.Fatal("a refused request saved a selection")
	}
	resp, _ := do(t, app, "POST", "/api/db/setup", strings.NewReader(body), map[string]string{"Origin": "http://" + testAddr, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json"})
	if resp.StatusCode != 200 {
		t.Fatalf("same-origin setup: status %d", resp.StatusCode)
	}
}

func TestTokenRequiredThenCookie(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{Token: "s3cr3t-token"})
	resp, _ := do(t, app, "GET", "/", nil, nil)
	if resp.StatusCode != 401 {
		t.Fatalf("no token: status %d", resp.StatusCode)
	}
	resp, _ = do(t, app, "GET", "/?token=wrong", nil, nil)
	if resp.StatusCode != 401 {
		t.Fatalf("wrong token: status %d", resp.StatusCode)
	}
	resp, _ = do(t, app, "GET", "/schema/main?token=s3cr3t-token", nil, nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/schema/main" {
		t.Fatalf("token URL: status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookie := resp.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(strings.ToLower(cookie), "samesite=strict") {
		t.Fatalf("cookie %q", cookie)
	}
	resp, _ = do(t, app, "GET", "/", nil, map[string]string{"Cookie": "studio_token=s3cr3t-token"})
	if resp.StatusCode != 200 {
		t.Fatalf("with cookie: status %d", resp.StatusCode)
	}
	resp, _ = do(t, app, "GET", "/api/schema", nil, map[string]string{"Authorization": "Bearer s3cr3t-token"})
	if resp.StatusCode != 200 {
		t.Fatalf("with bearer: status %d", resp.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{})
	resp, _ := do(t, app, "GET", "/", nil, nil)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
}

// TestEveryStateChangingRouteRefusesForeignOrigins walks the route table:
// every route that is not GET/HEAD must refuse a cross-site browser.
func TestEveryStateChangingRouteRefusesForeignOrigins(t *testing.T) {
	app := mustApp(t, sqlitetest.New(t, fixtureSQL), handlers.Options{Push: handlers.PushOptions{Dev: true}})
	n := 0
	for _, r := range app.GetRoutes(true) {
		if r.Method == "GET" || r.Method == "HEAD" || r.Method == "OPTIONS" || r.Method == "CONNECT" || r.Method == "TRACE" {
			continue
		}
		if r.Path == "/" { // the catch-all 404 handler
			continue
		}
		n++
		t.Logf("checking %s %s", r.Method, r.Path)
		for _, h := range []map[string]string{
			{"Origin": "http://evil.example"},
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:3000"},
		} {
			h["Content-Type"] = "application/x-www-form-urlencoded"
			resp, _ := do(t, app, r.Method, r.Path, strings.NewReader("confirm=yes&type=sqlite"), h)
			if resp.StatusCode != 403 {
				t.Errorf("%s %s with %v: %d, want 403", r.Method, r.Path, h, resp.StatusCode)
			}
		}
	}
	if n < 4 {
		t.Fatalf("only %d state-changing routes found; the route table changed?", n)
	}
}
