package handlers_test

import (
	"testing"

	"studio/database"
	"studio/handlers"
)

// BenchmarkSheetGrid measures a grid page of issue 12's sheet fixture (100
// rows of 10 columns: a foreign key with labels, two epoch columns, JSON,
// a blob) at the handler, and the same page without the foreign-key
// column: the difference is the label query (one per key per page).
func BenchmarkSheetGrid(b *testing.B) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		db, schema := sheetDB(b, dialect)
		app, err := handlers.NewApp(db, handlers.Options{Addr: testAddr})
		if err != nil {
			b.Fatal(err)
		}
		grid := "/schema/" + schema + "/table/albums/rows"
		for _, c := range []struct{ name, url string }{{"labels", grid}, {"no-fk-column", grid + "?hide=artist_id"}} {
			b.Run(string(dialect)+"/"+c.name, func(b *testing.B) {
				for range warmUp {
					getPage(b, app, c.url, false)
				}
				var size int
				for b.Loop() {
					size = len(getPage(b, app, c.url, false))
				}
				b.ReportMetric(float64(size), "bytes/page")
			})
		}
	}
}
