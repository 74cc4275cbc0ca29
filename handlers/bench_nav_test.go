package handlers_test

import (
	"io"
	"net/http/httptest"
	"testing"

	"studio/database"
	"studio/handlers"
)

// The sidebar's benchmarks: pages of a database with 5,000 tables, each
// with the sidebar (a window of views.NavCap entries, the index folded
// once per cached model), and the filter's answer. The catalog is read
// once before timing: the figures are the steady state, the model
// served from the catalog cache (goal: a grid page ≤ 50 ms).

func BenchmarkSidebar5000TablesSQLite(b *testing.B) {
	benchSidebar(b, mustSQLiteTables(b, 5000), "main")
}

func BenchmarkSidebar5000TablesPostgres(b *testing.B) {
	benchSidebar(b, mustPostgresTables(b, 5000), "public")
}

func benchSidebar(b *testing.B, db *database.DB, schema string) {
	app, err := handlers.NewApp(db, handlers.Options{Addr: testAddr})
	if err != nil {
		b.Fatal(err)
	}
	get := func(b *testing.B, path string, hx bool) int {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = testAddr
		if hx {
			req.Header.Set("HX-Request", "true")
		}
		resp, err := app.Test(req, -1)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("GET %s: %v %v", path, resp.StatusCode, err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return int(n)
	}
	table := "/schema/" + schema + "/table/t02500"
	for _, p := range []struct {
		name, path string
		hx         bool
	}{
		{"grid", table + "/rows", false},
		{"structure", table, false},
		{"filter", "/nav?q=t024&schema=" + schema + "&table=t02500", true},
		{"filter-all", "/nav?q=t0&schema=" + schema + "&table=t02500", true},
	} {
		b.Run(p.name, func(b *testing.B) {
			get(b, p.path, p.hx) // the catalog, read once
			var size int
			for b.Loop() {
				size = get(b, p.path, p.hx)
			}
			b.ReportMetric(float64(size)/1024, "KiB/page")
		})
	}
}
