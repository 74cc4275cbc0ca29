package handlers_test

import (
	"bytes"
	"net/url"
	"regexp"
	"testing"

	"studio/handlers"
)

// BenchmarkDeleteConfirmation measures the delete route's GET on the demo
// (SQLite): what deleting one user would do, counted before the click
// (rows.Table.DeleteEffects): 26 extension instances cascaded and their
// 65 comments, 675 messages and 3 topics set to NULL, 11 comments set to
// NULL, 8 tags blocking. The page answers within the effects' budget
// whatever the data; this is its cost on data of the demo's size.
func BenchmarkDeleteConfirmation(b *testing.B) {
	db, _ := mustDemoDB(b)
	app, err := handlers.NewApp(db, handlers.Options{Addr: testAddr})
	if err != nil {
		b.Fatal(err)
	}
	grid := getPage(b, app, "/schema/main/table/users/rows", false)
	m := regexp.MustCompile(`name="row" value="([^"]+)"`).FindSubmatch(grid)
	if m == nil {
		b.Fatal("no row token on the users grid")
	}
	confirm := "/schema/main/table/users/rows/delete?row=" + url.QueryEscape(string(m[1]))
	for range warmUp {
		if page := getPage(b, app, confirm, false); !bytes.Contains(page, []byte("extension_instances")) {
			b.Fatalf("the confirmation does not name the cascade: %.300s", page)
		}
	}
	var size int
	for b.Loop() {
		size = len(getPage(b, app, confirm, false))
	}
	b.ReportMetric(float64(size), "bytes/page")
}
