package pgtest

import (
	"context"
	"database/sql"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

func TestPostgresClusterServesQueries(t *testing.T) {
	url := NewDatabase(t)
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRowContext(context.Background(), "select version()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	t.Log(v)
}
