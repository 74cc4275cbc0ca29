package database_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/introspect"
)

// mustSQLiteFile creates a SQLite file with a table, an index, a view and
// a non-zero user_version, and returns its path.
func mustSQLiteFile(t *testing.T) string {
	t.Helper()
	return sqlitetest.File(t, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
		CREATE INDEX t_name ON t(name);
		CREATE VIEW v AS SELECT name FROM t;
		INSERT INTO t VALUES (1, 'a'), (2, 'b');
		PRAGMA user_version = 7;`)
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestReadOnlySQLiteRefusesEveryWrite attacks a read-only pool with what
// mode=ro alone lets through (ATTACH then writes there, VACUUM INTO,
// switching query_only off) and with plain writes. Each case runs its
// steps on one pinned connection, so a pragma that got through would be
// in force for the next step; the last step is the one that must fail,
// and every step before it must fail too or leave nothing behind.
func TestReadOnlySQLiteRefusesEveryWrite(t *testing.T) {
	path := mustSQLiteFile(t)
	dir := filepath.Dir(path)
	side := filepath.Join(dir, "side.db")
	before := fileSum(t, path)
	db := sqlitetest.Open(t, path, database.Options{ReadOnly: true})
	cases := []struct {
		name  string
		steps []string
	}{
		{"attach then write", []string{"ATTACH '" + side + "' AS side", "CREATE TABLE side.x (a)", "INSERT INTO side.x VALUES (1)"}},
		{"attach memory", []string{"ATTACH ':memory:' AS m"}},
		{"detach", []string{"DETACH main"}},
		{"vacuum into", []string{"VACUUM INTO '" + filepath.Join(dir, "copy.db") + "'"}},
		{"vacuum", []string{"VACUUM"}},
		{"query_only off then write", []string{"PRAGMA query_only = 0", "INSERT INTO t VALUES (3, 'c')"}},
		{"query_only empty then write", []string{"PRAGMA query_only = ''", "INSERT INTO t VALUES (3, 'c')"}},
		{"user_version", []string{"PRAGMA user_version = 5"}},
		{"writable_schema", []string{"PRAGMA writable_schema = 1"}},
		{"busy_timeout", []string{"PRAGMA busy_timeout = 0"}},
		{"journal_mode", []string{"PRAGMA journal_mode = DELETE"}},
		{"insert", []string{"INSERT INTO t VALUES (3, 'c')"}},
		{"update", []string{"UPDATE t SET name = 'x'"}},
		{"delete", []string{"DELETE FROM t"}},
		{"returning", []string{"DELETE FROM t RETURNING *"}},
		{"create table", []string{"CREATE TABLE u (a)"}},
		{"create temp table", []string{"CREATE TEMP TABLE u (a)"}},
		{"create index", []string{"CREATE INDEX t_id ON t(id)"}},
		{"drop table", []string{"DROP TABLE t"}},
		{"drop view", []string{"DROP VIEW v"}},
		{"alter", []string{"ALTER TABLE t ADD COLUMN z"}},
		{"reindex", []string{"REINDEX"}},
		{"analyze", []string{"ANALYZE"}},
		{"load_extension", []string{"SELECT load_extension('/nonexistent')"}},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for _, s := range c.steps {
				if _, err := conn.ExecContext(ctx, s); err == nil {
					t.Errorf("%s: allowed on a read-only database", s)
				}
			}
		})
	}
	for _, f := range []string{side, filepath.Join(dir, "copy.db")} {
		if _, err := os.Stat(f); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was created (stat: %v)", f, err)
		}
	}
	var n, v int
	if err := db.QueryRow("SELECT (SELECT count(*) FROM t), (SELECT user_version FROM pragma_user_version)").Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != 2 || v != 7 {
		t.Errorf("rows %d user_version %d, want 2 and 7", n, v)
	}
	db.Close()
	if fileSum(t, path) != before {
		t.Error("the database file changed")
	}
}

// TestReadOnlySQLiteStillReads checks that the authorizer leaves every
// read the studio and a console user need: queries, read transactions,
// savepoints, recursive CTEs, the introspection pragmas with and without
// an argument, and the whole introspection of the schema.
func TestReadOnlySQLiteStillReads(t *testing.T) {
	db := sqlitetest.Open(t, mustSQLiteFile(t), database.Options{ReadOnly: true})
	ctx := context.Background()
	reads := []string{
		"SELECT * FROM t JOIN v ON v.name = t.name",
		"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10) SELECT sum(n) FROM c",
		"SELECT * FROM pragma_table_info('t')",
		"SELECT * FROM main.pragma_index_list('t')",
		"SELECT * FROM pragma_table_list",
		"PRAGMA table_info(t)",
		"PRAGMA main.foreign_key_list('t')",
		"PRAGMA user_version",
		"PRAGMA schema_version",
		"PRAGMA foreign_keys",
		"PRAGMA integrity_check",
		"PRAGMA journal_mode",
		"SELECT coalesce(NULL, 1), json_object('a', 1)",
	}
	for _, q := range reads {
		rs, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		for rs.Next() {
		}
		if err := errors.Join(rs.Err(), rs.Close()); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	mustReadInTx(t, db.DB)
	d, err := introspect.For(db.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Inspect(ctx, db)
	if err != nil {
		t.Fatalf("introspect a read-only database: %v", err)
	}
	if !strings.Contains(strings.ToLower(modelNames(m)), "t_name") {
		t.Errorf("introspection lost the index: %s", modelNames(m))
	}
}

func mustReadInTx(t *testing.T, db *sql.DB) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{"SAVEPOINT a", "SELECT count(*) FROM t", "RELEASE a"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Errorf("%s in a transaction: %v", q, err)
		}
	}
}

// modelNames lists tables and indexes of a model for a failure message.
func modelNames(m *introspect.Model) string {
	var b strings.Builder
	for _, s := range m.Schemas {
		for _, tb := range s.Tables {
			b.WriteString(tb.Name + " ")
			for _, ix := range tb.Indexes {
				b.WriteString(ix.Name + " ")
			}
		}
	}
	return b.String()
}

// TestWritableSQLiteKeepsNoAuthorizer makes sure the read-only driver's
// hook stays on its own pools: a writable pool opened after a read-only
// one can still attach and write.
func TestWritableSQLiteKeepsNoAuthorizer(t *testing.T) {
	path := mustSQLiteFile(t)
	sqlitetest.Open(t, path, database.Options{ReadOnly: true})
	db := sqlitetest.Open(t, path, database.Options{})
	side := filepath.Join(t.TempDir(), "side.db")
	if _, err := db.Exec("ATTACH '" + side + "' AS side; CREATE TABLE side.x (a); INSERT INTO t VALUES (9, 'z')"); err != nil {
		t.Fatalf("writable pool refused: %v", err)
	}
}
