package console_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"studio/database"
	"studio/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// rowsInT is how many rows the fixture table t holds.
const rowsInT = 250

// fixture is one table t(id, name, note) of rowsInT rows, a sequence, and
// an HTML payload in row 1.
const sqliteFixture = `
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 250)
INSERT INTO t SELECT n, 'name ' || n, CASE WHEN n % 2 = 0 THEN NULL ELSE '' END FROM c;
UPDATE t SET note = '<script>alert(1)</script>' WHERE id = 1;`

const pgFixture = `
CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, note text);
INSERT INTO t SELECT n, 'name ' || n, CASE WHEN n % 2 = 0 THEN NULL ELSE '' END FROM generate_series(1, 250) n;
UPDATE t SET note = '<script>alert(1)</script>' WHERE id = 1;
CREATE SEQUENCE s;`

func mustOpen(t testing.TB, target database.Target, o database.Options) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), target, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// mustStartPostgres creates the fixture in a fresh PostgreSQL database and
// opens it as the superuser pgtest connects with.
func mustStartPostgres(t testing.TB, readOnly bool) *database.DB {
	t.Helper()
	url := pgtest.NewDatabase(t)
	db := mustOpenPostgres(t, url, false, true)
	if readOnly {
		db = mustOpenPostgres(t, url, true, false)
	}
	return db
}

func mustOpenPostgres(t testing.TB, url string, readOnly, fixture bool) *database.DB {
	t.Helper()
	target, err := database.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	db := mustOpen(t, target, database.Options{ReadOnly: readOnly})
	if fixture {
		if _, err := db.Exec(pgFixture); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

var roleSeq atomic.Int64

// mustPostgresReader returns the fixture database opened read-only as a
// role that is not a superuser and holds every privilege on t and s (so
// what refuses a write is the read-only transaction, never a missing
// grant), plus an admin pool on the same database to check the data.
func mustPostgresReader(t *testing.T) (reader, admin *database.DB) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	admin = mustOpenPostgres(t, url, false, true)
	role := fmt.Sprintf("studio_console_%d_%d", os.Getpid(), roleSeq.Add(1))
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf(`CREATE ROLE %[1]s LOGIN IN ROLE pg_read_all_data;
		GRANT ALL ON t TO %[1]s; GRANT ALL ON s TO %[1]s; GRANT CREATE ON SCHEMA public TO %[1]s`, role)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropRole(t, admin, role) })
	reader = mustOpenPostgres(t, strings.Replace(url, "postgres@", role+"@", 1), true, false)
	return reader, admin
}

// dropRole removes a test role; roles belong to the whole cluster, so
// they outlive the test's database unless dropped.
func dropRole(t *testing.T, admin *database.DB, role string) {
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf(`DROP OWNED BY %[1]s; DROP ROLE %[1]s`, role)); err != nil {
		t.Logf("drop role %s: %v", role, err)
	}
}

// countT counts t's rows through db.
func countT(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
