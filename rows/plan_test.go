package rows

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/introspect"
)

// TestSQLiteDateSortUsesTheIndex: date-typed columns are selected as +col
// (so the driver cannot reformat them), and SQLite reads ORDER BY "col" as
// that alias, which no index serves: every page sorted all rows (3.3 s at
// 10M rows). The page must be read in index order.
func TestSQLiteDateSortUsesTheIndex(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t, filepath.Join(t.TempDir(), "p.db"), database.Options{Create: true})
	if _, err := db.ExecContext(ctx, `CREATE TABLE big (id INTEGER PRIMARY KEY, created_at DATETIME NOT NULL, note TEXT);
		CREATE INDEX big_created ON big(created_at, id);`); err != nil {
		t.Fatal(err)
	}
	d, _ := introspect.For("sqlite")
	m, err := d.Inspect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := NewTable(m, "main", "big")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []Query{
		{Limit: 100, Sort: "created_at"},
		{Limit: 100, Sort: "created_at", Desc: true},
		{Limit: 100, Sort: "created_at", Last: true},
		{Limit: 100, Sort: "created_at", After: encodeCursor(cursor{Values: []Value{{Kind: KindText, Text: "2024-01-01"}, {Kind: KindInt, Text: "5"}}})},
	} {
		st, err := tb.pageStatement(q)
		if err != nil {
			t.Fatal(err)
		}
		plan := explainSQLite(t, db, st)
		if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "big_created") {
			t.Errorf("%+v: the page sorts instead of reading the index:\n%s\n%s", q, st.sql, plan)
		}
	}
}

func explainSQLite(t *testing.T, db *database.DB, st statement) string {
	t.Helper()
	rs, err := db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+st.sql, st.args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out strings.Builder
	for rs.Next() {
		var id, parent, unused int
		var detail string
		if err := rs.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out.WriteString(detail + "\n")
	}
	return out.String()
}

// TestSQLiteEstimateReadsTheIndexOnly: the span of the key must come from
// two index probes (max(k) - min(k) in one select scans the table).
func TestSQLiteEstimateReadsTheIndexOnly(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t, filepath.Join(t.TempDir(), "e.db"), database.Options{Create: true})
	if _, err := db.ExecContext(ctx, `CREATE TABLE big (id INTEGER PRIMARY KEY, note TEXT);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO big SELECT i, 'x' FROM n;`); err != nil {
		t.Fatal(err)
	}
	d, _ := introspect.For("sqlite")
	m, _ := d.Inspect(ctx, db)
	tb, _ := NewTable(m, "main", "big")
	var steps int
	n, err := tb.Estimate(ctx, db, nil)
	if err != nil || n.Value != 5000 || n.Exact {
		t.Fatalf("estimate %+v %v", n, err)
	}
	// The same statement under EXPLAIN: no full scan of big.
	rs, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+tb.spanSQL())
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	for rs.Next() {
		var id, parent, unused int
		var detail string
		rs.Scan(&id, &parent, &unused, &detail)
		steps++
		if strings.HasPrefix(detail, "SCAN") && detail != "SCAN CONSTANT ROW" {
			t.Errorf("the estimate scans the table: %s", detail)
		}
	}
	if steps == 0 {
		t.Error("no plan")
	}
}
