package rows_test

import (
	"net/url"
	"testing"

	"studio/database"
	"studio/rows"
)

// TestSortSQLiteJSON: SQLite orders every value, whatever a column's
// declared type: a JSON (or POINT) column sorts, as PostgreSQL's json
// does not.
func TestSortSQLiteJSON(t *testing.T) {
	db := openDB(t, database.SQLite, `CREATE TABLE t (id integer PRIMARY KEY, doc JSON, at POINT)`)
	tb := tableOf(t, db, "main", "t")
	for _, col := range []string{"doc", "at"} {
		if !tb.Column(col).Sortable() {
			t.Errorf("%s is not sortable", col)
		}
		if _, err := rows.ParseQuery(url.Values{"sort": {col}}, tb); err != nil {
			t.Errorf("sort=%s: %v", col, err)
		}
	}
}
