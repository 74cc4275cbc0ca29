package introspect

import (
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"studio/database"
)

// mustSQLiteFixture opens the rich fixture with an attached database.
func mustSQLiteFixture(t *testing.T) *sql.Conn {
	t.Helper()
	conn := sqliteConn(t, mustRead(t, "testdata/sqlite_fixture.sql"))
	aux := filepath.Join(t.TempDir(), "aux.db")
	ctx := testContext(t)
	if _, err := conn.ExecContext(ctx, "ATTACH ? AS aux", aux); err != nil {
		t.Fatal(err)
	}
	stmts := strings.ReplaceAll(mustRead(t, "testdata/sqlite_attached.sql"), "CREATE TABLE events", "CREATE TABLE aux.events")
	stmts = strings.ReplaceAll(stmts, "CREATE INDEX events_kind_idx", "CREATE INDEX aux.events_kind_idx")
	if _, err := conn.ExecContext(ctx, stmts); err != nil {
		t.Fatal(err)
	}
	return conn
}

func TestSQLiteGolden(t *testing.T) {
	q := mustSQLiteFixture(t)
	m, err := (&SQLite{}).Inspect(testContext(t), q)
	if err != nil {
		t.Fatal(err)
	}
	zeroStats(m)
	assertGolden(t, "sqlite.golden.json", m)
}

func TestSQLiteSummaryGolden(t *testing.T) {
	q := mustSQLiteFixture(t)
	m, err := (&SQLite{}).Summary(testContext(t), q)
	if err != nil {
		t.Fatal(err)
	}
	zeroStats(m)
	assertGolden(t, "sqlite_summary.golden.json", m)
}

func TestSQLiteInspectNamedSchemas(t *testing.T) {
	q := mustSQLiteFixture(t)
	ctx := testContext(t)
	m, err := (&SQLite{}).Inspect(ctx, q, "aux")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Schemas) != 1 || m.Schemas[0].Name != "aux" || len(m.Schemas[0].Tables) != 1 {
		t.Fatalf("Inspect(aux) = %+v, want only aux with its one table", m.Schemas)
	}
	_, err = (&SQLite{}).Inspect(ctx, q, "main", "nope")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `"nope"`) {
		t.Fatalf("Inspect(nope) error = %v, want ErrNotFound naming the schema", err)
	}
}

// TestSQLiteStats checks row estimates and sizes: from dbstat's cell
// counts (exact, so the overview agrees with the grid's count, even after
// ANALYZE went stale), from sqlite_stat1 above the dbstat size limit (a
// partial index's entry does not stand for the table), and unknown
// without either.
func TestSQLiteStats(t *testing.T) {
	tests := []struct {
		name     string
		setup    string
		limit    int64
		rows     map[string]int64
		wantSize bool
	}{
		{"dbstat", "", 0,
			map[string]int64{"authors": 2, "posts": 3, "tags": 2, "post_tags": 3, "tag_votes": 0, "notes_fts": 1, "published_posts": -1}, true},
		{"dbstat over stale stat1", "ANALYZE; INSERT INTO authors (name, email) VALUES ('Cy', 'cy@example.com');", 0,
			map[string]int64{"authors": 3, "posts": 3, "tags": 2, "post_tags": 3, "tag_votes": 0}, true},
		{"stat1 above the limit", `ANALYZE; INSERT INTO authors (name, email) VALUES ('Cy', 'cy@example.com');
			DELETE FROM sqlite_stat1 WHERE tbl = 'posts';
			INSERT INTO sqlite_stat1 VALUES ('posts', 'posts_author_idx', '3 1'), ('posts', 'posts_live_idx', '2 1');`, 1,
			map[string]int64{"authors": 2, "posts": 3, "tags": 2, "post_tags": 3}, false},
		{"over limit", "", 1,
			map[string]int64{"authors": -1, "posts": -1, "tags": -1, "notes_fts": -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := mustSQLiteFixture(t)
			ctx := testContext(t)
			if tt.setup != "" {
				if _, err := conn.ExecContext(ctx, tt.setup); err != nil {
					t.Fatal(err)
				}
			}
			m, err := (&SQLite{DBStatLimit: tt.limit}).Summary(ctx, conn)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.rows {
				tb, err := m.Table("main", name)
				if err != nil {
					t.Fatal(err)
				}
				if tb.RowEstimate != want {
					t.Errorf("%s RowEstimate = %d, want %d", name, tb.RowEstimate, want)
				}
				if tb.Kind != KindView && (tb.SizeBytes > 0) != tt.wantSize {
					t.Errorf("%s SizeBytes = %d, want known: %v", name, tb.SizeBytes, tt.wantSize)
				}
			}
		})
	}
}

// TestSQLiteNamesDifferInCase checks that a trigger target and a foreign
// key parent written in another case than the table's name still attach
// to the table, as SQLite resolves names without regard to ASCII case.
func TestSQLiteNamesDifferInCase(t *testing.T) {
	conn := sqliteConn(t, `CREATE TABLE authors (id integer PRIMARY KEY);
		CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES AUTHORS);
		CREATE TRIGGER posts_touch AFTER INSERT ON POSTS BEGIN SELECT 1; END;`)
	m, err := (&SQLite{}).Inspect(testContext(t), conn)
	if err != nil {
		t.Fatal(err)
	}
	posts, err := m.Table("main", "posts")
	if err != nil {
		t.Fatal(err)
	}
	if len(posts.Triggers) != 1 {
		t.Errorf("posts triggers = %v, want posts_touch", posts.Triggers)
	}
	fk := posts.ForeignKeys[0]
	if fk.RefTable != "authors" || len(fk.RefColumns) != 1 || fk.RefColumns[0] != "id" {
		t.Errorf("foreign key = %+v, want authors(id)", fk)
	}
	if in := m.Incoming("main", "authors"); len(in) != 1 {
		t.Errorf("Incoming(authors) = %v, want the key of posts", in)
	}
}

// TestSQLiteBrokenView checks that a view over a dropped table, which makes
// SQLite's pragmas fail, costs only that view its columns.
func TestSQLiteBrokenView(t *testing.T) {
	conn := sqliteConn(t, `CREATE TABLE kept (a int, b text);
		CREATE TABLE gone (x int);
		CREATE VIEW broken AS SELECT x FROM gone;
		DROP TABLE gone;`)
	m, err := (&SQLite{}).Inspect(testContext(t), conn)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := m.Table("main", "kept")
	broken, _ := m.Table("main", "broken")
	if kept == nil || len(kept.Columns) != 2 || broken == nil || len(broken.Columns) != 0 {
		t.Fatalf("kept = %+v, broken = %+v; want 2 columns and none", kept, broken)
	}
	if broken.Definition != "SELECT x FROM gone" {
		t.Errorf("broken view Definition = %q", broken.Definition)
	}
}

func TestSQLiteEmpty(t *testing.T) {
	m, err := (&SQLite{}).Inspect(testContext(t), sqliteConn(t))
	if err != nil {
		t.Fatal(err)
	}
	want := &Model{Dialect: "sqlite", Schemas: []Schema{{Name: "main", Tables: []Table{}, Enums: []Enum{}, Domains: []Domain{}}}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("empty database = %+v, want %+v", m, want)
	}
}

func TestFor(t *testing.T) {
	for _, name := range []database.Dialect{"sqlite", "postgres"} {
		d, err := For(name)
		if err != nil || d.Name() != name {
			t.Errorf("For(%q) = %v, %v", name, d, err)
		}
	}
	if _, err := For("mysql"); !errors.Is(err, ErrUnknownDialect) {
		t.Errorf("For(mysql) error = %v, want ErrUnknownDialect", err)
	}
}
