package introspect

import (
	"context"
	"testing"
)

// TestSQLiteQueryCountConstant proves SQLite introspection sends the same
// number of queries for 10 tables as for 200.
func TestSQLiteQueryCountConstant(t *testing.T) {
	assertConstantQueries(t, &SQLite{}, func(t *testing.T, n int) Queryer {
		return sqliteConn(t, sqliteManyTables(n))
	})
}

// TestPostgresQueryCountConstant proves the same for PostgreSQL.
func TestPostgresQueryCountConstant(t *testing.T) {
	assertConstantQueries(t, &Postgres{}, func(t *testing.T, n int) Queryer {
		return mustOpenPostgres(t, pgManyTables(n))
	})
}

func assertConstantQueries(t *testing.T, d Dialect, open func(*testing.T, int) Queryer) {
	calls := map[string]func(context.Context, Queryer) (*Model, error){
		"Inspect": func(ctx context.Context, q Queryer) (*Model, error) { return d.Inspect(ctx, q) },
		"Summary": d.Summary,
	}
	counts := map[string][]int{}
	for _, n := range []int{10, 200} {
		q := open(t, n)
		for name, call := range calls {
			cq := &countingQueryer{q: q}
			m, err := call(testContext(t), cq)
			if err != nil {
				t.Fatalf("%s with %d tables: %v", name, n, err)
			}
			if got := countTables(m); got != n {
				t.Fatalf("%s with %d tables found %d", name, n, got)
			}
			counts[name] = append(counts[name], cq.n)
		}
	}
	for name, c := range counts {
		t.Logf("%s %s: %d queries for 10 tables, %d for 200", d.Name(), name, c[0], c[1])
		if c[0] != c[1] {
			t.Errorf("%s sent %d queries for 10 tables but %d for 200", name, c[0], c[1])
		}
	}
}

func countTables(m *Model) int {
	n := 0
	for _, s := range m.Schemas {
		n += len(s.Tables)
	}
	return n
}
