package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"studio/database"
	"studio/handlers"
	"studio/internal/browsertest"
)

// tapListener records every byte clients send, so a test can prove the
// requests it expects refused did reach the studio.
type tapListener struct {
	net.Listener
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *tapListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &tapConn{Conn: c, l: l}, nil
}

func (l *tapListener) requests(method string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Count(l.buf.Bytes(), []byte("\r\n"+method+" /")) + map[bool]int{true: 1}[bytes.HasPrefix(l.buf.Bytes(), []byte(method+" /"))]
}

type tapConn struct {
	net.Conn
	l *tapListener
}

func (c *tapConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.l.mu.Lock()
	c.l.buf.WriteString("\r\n")
	c.l.buf.Write(p[:n])
	c.l.mu.Unlock()
	return n, err
}

// dump is everything the database holds: schema and rows.
func dump(t *testing.T, db *database.DB) string {
	t.Helper()
	var out strings.Builder
	rs, err := db.QueryContext(context.Background(), "SELECT name, sql FROM sqlite_schema ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rs.Next() {
		var name string
		var sql *string
		rs.Scan(&name, &sql)
		if sql != nil {
			fmt.Fprintln(&out, *sql)
			if strings.HasPrefix(*sql, "CREATE TABLE") {
				tables = append(tables, name)
			}
		}
	}
	rs.Close()
	for _, tb := range tables {
		rs, err := db.QueryContext(context.Background(), "SELECT * FROM "+database.QuoteIdent(tb))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		n := 0
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rs.Scan(ptrs...)
			fmt.Fprintf(&out, "%s %v\n", tb, vals)
			n++
		}
		rs.Close()
		fmt.Fprintf(&out, "%s: %d rows\n", tb, n)
	}
	return out.String()
}

type attack struct {
	Path   string            `json:"path"`
	Fields map[string]string `json:"fields"`
}

// attacks are POSTs to every state-changing route, each carrying every
// value it needs (row versions, the push plan's fingerprint): the only
// thing a foreign page lacks is being the studio's own origin.
func attacks(t *testing.T, base string) []attack {
	t.Helper()
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return strings.ReplaceAll(string(b), "&amp;", "&")
	}
	grid := get("/schema/main/table/parent/rows")
	row := regexp.MustCompile(`name="row" value="([^"]+)"`).FindStringSubmatch(grid)
	var cell []string
	if qs := cellQueries(t, grid); len(qs) > 0 {
		cell = []string{"", qs[0]}
	}
	fp := regexp.MustCompile(`name="fingerprint" value="([^"]+)"`).FindStringSubmatch(get("/push"))
	if row == nil || cell == nil || fp == nil {
		t.Fatalf("could not read tokens (row %v, cell %v, fingerprint %v)", row, cell, fp)
	}
	cv, _ := url.ParseQuery(cell[1])
	routes := map[string]map[string]string{
		"/api/db/setup":                         {"type": "sqlite", "path": "x.db"},
		"/migrations/apply":                     {"confirm": "yes"},
		"/migrations/dry-run":                   {"confirm": "yes"},
		"/api/push":                             {"fingerprint": fp[1], "confirm": "child"},
		"/schema/main/table/parent/rows":        {"val:id": "99", "val:name": "evil"},
		"/schema/main/table/parent/cell":        {"key": cv.Get("key"), "v": cv.Get("v"), "col": cv.Get("col"), "value": "evil"},
		"/schema/main/table/parent/rows/delete": {"row": row[1]},
		"/console/run":                          {"sql": "DELETE FROM child", "timeout": "5"},
		"/console/explain":                      {"sql": "DELETE FROM child", "analyze": "1"},
		"/console/cancel":                       {"run_id": "abcdefgh"},
		"/console/export":                       {"sql": "SELECT 1", "format": "csv"},
	}
	var out []attack
	for p, f := range routes {
		out = append(out, attack{Path: p, Fields: f})
	}
	return out
}

const attackPage = `<!doctype html><html><body><script>
const studio = %q, attacks = %s;
let n = 0;
for (const a of attacks) {
  for (const enc of ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]) {
    const name = "sink" + (n++), frame = document.createElement("iframe"), f = document.createElement("form");
    frame.name = name; document.body.appendChild(frame);
    f.method = "post"; f.action = studio + a.path; f.enctype = enc; f.target = name;
    for (const [k, v] of Object.entries(a.fields)) {
      const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i);
    }
    document.body.appendChild(f); f.submit();
  }
  fetch(studio + a.path, {method: "POST", mode: "no-cors", credentials: "include", body: new URLSearchParams(a.fields)}).catch(() => {});
  fetch(studio + a.path, {method: "POST", credentials: "include", body: new URLSearchParams(a.fields),
    headers: {"HX-Request": "true", "HX-Current-URL": studio + "/"}}).catch(() => {});
}
setTimeout(() => { document.title = "done"; }, 2500);
</script></body></html>`

func TestBrowserCrossSitePagesChangeNothing(t *testing.T) {
	dir := journalFolder(t)
	db := migratedDB(t, dir)
	schema := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(schema, []byte("CREATE TABLE parent (id integer PRIMARY KEY, name text);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tap := &tapListener{Listener: ln}
	opts := handlers.Options{Addr: ln.Addr().String(), Migrations: handlers.MigrationsOptions{Dir: dir},
		Push: handlers.PushOptions{Dev: true, Schema: schema}}
	app := mustApp(t, db, opts)
	go func() { _ = app.Listener(tap) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(2 * time.Second) })
	base := "http://" + ln.Addr().String()

	list := attacks(t, base)
	before := dump(t, db)
	js, _ := json.Marshal(list)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, attackPage, base, js)
	}))
	defer evil.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(evil.URL, "http://"))

	ctx := browsertest.New(t, 90*time.Second)
	// localhost is another site than 127.0.0.1; 127.0.0.1 on another port
	// is the same site but another origin. Both are refused.
	for _, origin := range []string{"http://localhost:" + port, "http://127.0.0.1:" + port} {
		sent := tap.requests("POST")
		if err := chromedp.Do(ctx, chromedp.Navigate(origin+"/"),
			chromedp.Poll[chromedp.Void](`document.title === "done"`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("attack page at %s: %v", origin, err)
		}
		// Three forms and a no-cors fetch per route reach the studio; the
		// htmx-style fetch is stopped at its CORS preflight.
		if got := tap.requests("POST") - sent; got < 4*len(list) {
			t.Fatalf("from %s only %d POSTs reached the studio, want at least %d", origin, got, 4*len(list))
		}
		if after := dump(t, db); after != before {
			t.Fatalf("a page at %s changed the database:\nbefore:\n%s\nafter:\n%s", origin, before, after)
		}
	}

	// The same requests from a non-browser client (no Origin) go through:
	// the attacks were well-formed, only their origin stopped them.
	for _, a := range list {
		if a.Path != "/console/run" {
			continue
		}
		v := url.Values{}
		for k, x := range a.Fields {
			v.Set(k, x)
		}
		resp, err := http.PostForm(base+a.Path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if after := dump(t, db); after == before || !strings.Contains(after, "child: 0 rows") {
		t.Errorf("the console statement should have run for a same-machine client:\n%s", after)
	}
}
