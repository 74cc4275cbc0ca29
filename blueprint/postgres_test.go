package blueprint

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"studio/database"
	"studio/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// mustOpenPostgres opens a fresh database of the test cluster, with extra
// URL query settings.
func mustOpenPostgres(t *testing.T, query string) *database.DB {
	t.Helper()
	u := pgtest.NewDatabase(t)
	if query != "" {
		u += "&" + query
	}
	return mustOpen(t, u)
}

func mustOpen(t *testing.T, addr string) *database.DB {
	t.Helper()
	tg, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustScratch(t *testing.T, live *database.DB, devURL string) *Scratch {
	t.Helper()
	s, err := NewScratch(context.Background(), live, devURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func queryString(t *testing.T, db *database.DB, q string, args ...any) string {
	t.Helper()
	var s string
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

func scratchDatabases(t *testing.T, live *database.DB) string {
	t.Helper()
	return queryString(t, live, "SELECT coalesce(string_agg(datname, ','), '') FROM pg_database WHERE datname LIKE $1", scratchPrefix+"%")
}

// TestScratchPostgresLifecycle: the scratch database is a new database on
// live's server with live's search_path; it runs multi-statement files and
// is dropped on Close.
func TestScratchPostgresLifecycle(t *testing.T) {
	ctx := context.Background()
	live := mustOpenPostgres(t, "search_path=app,public")
	s, err := NewScratch(ctx, live, "")
	if err != nil {
		t.Fatal(err)
	}
	name := queryString(t, s.DB, "SELECT current_database()")
	if !strings.HasPrefix(name, scratchPrefix) || name == queryString(t, live, "SELECT current_database()") {
		t.Fatalf("scratch database %q", name)
	}
	if got := queryString(t, s.DB, "SHOW search_path"); got != queryString(t, live, "SHOW search_path") {
		t.Errorf("scratch search_path %q, want live's", got)
	}
	err = s.Exec(ctx, []File{
		{Path: "a.sql", SQL: "BEGIN;\nCREATE SCHEMA app;\nSET search_path = public;\nCREATE TYPE mood AS ENUM ('ok');\nCOMMIT;"},
		{Path: "b.sql", SQL: "CREATE TABLE app.t (id int PRIMARY KEY, m mood);\nCREATE FUNCTION app.f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"},
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Schemas) != 2 || m.Schemas[0].Name != "app" || len(m.Schemas[0].Tables) != 1 || m.Schemas[1].Enums[0].Name != "mood" {
		t.Fatalf("model: %+v", m.Schemas)
	}
	// The file's SET is undone: inspection prints types as live would.
	if got := m.Schemas[0].Tables[0].Columns[1].Type; got != "mood" {
		t.Errorf("column type printed %q", got)
	}
	s.Close()
	if left := scratchDatabases(t, live); left != "" {
		t.Fatalf("scratch database left behind: %s", left)
	}
}

// TestScratchPostgresDroppedOnError: a refused file still leaves no
// scratch database once closed.
func TestScratchPostgresDroppedOnError(t *testing.T) {
	ctx := context.Background()
	live := mustOpenPostgres(t, "")
	s, err := NewScratch(ctx, live, "")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Exec(ctx, []File{{Path: "bad.sql", SQL: "CREATE TABLE t (id int);\nCREATE TABLE t (id int);"}})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 2 {
		t.Fatalf("err = %v", err)
	}
	s.Close()
	if left := scratchDatabases(t, live); left != "" {
		t.Fatalf("scratch database left behind: %s", left)
	}
}

// TestScratchPostgresSyntaxErrorLine: a refused statement is located in
// its file, also inside multi-line statements, function bodies and after
// multi-byte characters.
func TestScratchPostgresSyntaxErrorLine(t *testing.T) {
	live := mustOpenPostgres(t, "")
	cases := []struct {
		name string
		sql  string
		line int
		msg  string
	}{
		{"syntax in second statement", "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  name txet\n);", 5, `type "txet" does not exist`},
		{"keyword typo", "-- comment\nCREATE TABLE a (id int);\nCREAT TABLE b (id int);", 3, `syntax error at or near "CREAT"`},
		{"no position: statement line", "CREATE TABLE a (id int);\n\n  CREATE TABLE a (id int);", 3, `relation "a" already exists`},
		{"after multi-byte text", "COMMENT ON SCHEMA public IS 'ééééé';\nCREATE TABLE a (x int, y int REFERENCES nowhere);", 2, `relation "nowhere" does not exist`},
		{"multi-byte on the same line", "CREATE TABLE a (\"é\" int, \"ü\" int\n, x nosuchtype);", 2, `type "nosuchtype" does not exist`},
		{"plpgsql body", "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  SELEC 1;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;", 3, `syntax error at or near "SELEC"`},
		{"detail and hint", "CREATE TABLE a (id int);\nCREATE TABLE b (x int REFERENCES a (id));", 2, "no unique constraint"},
		{"rollback refused", "CREATE TABLE a (id int);\nROLLBACK;", 2, "ROLLBACK does not belong"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustScratch(t, live, "")
			err := s.Exec(context.Background(), []File{{Path: "ok.sql", SQL: "SELECT 1;"}, {Path: "schema/x.sql", SQL: c.sql}})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SyntaxError", err)
			}
			if se.File != "schema/x.sql" || se.Line != c.line || !strings.Contains(se.Message, c.msg) {
				t.Fatalf("got %s, want schema/x.sql:%d: ...%s...", se, c.line, c.msg)
			}
		})
	}
}

// TestScratchPostgresNoCreateDB: without CREATEDB the error says to pass
// --dev-url.
func TestScratchPostgresNoCreateDB(t *testing.T) {
	admin := mustOpenPostgres(t, "")
	role := fmt.Sprintf("nocreate_%d", pgtest.MustCluster(t).Port)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" LOGIN NOCREATEDB"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.ExecContext(context.Background(), "DROP ROLE IF EXISTS "+role) })
	u, err := url.Parse(admin.Target.ConnString)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	live := mustOpen(t, u.String())
	_, err = NewScratch(ctx, live, "")
	if !errors.Is(err, ErrNoScratch) || !strings.Contains(err.Error(), "--dev-url") {
		t.Fatalf("err = %v, want ErrNoScratch", err)
	}
}

// TestScratchPostgresDevURL: a non-empty dev database is refused; an empty
// one is used and cleared again on Close, keeping its extensions.
func TestScratchPostgresDevURL(t *testing.T) {
	ctx := context.Background()
	live := mustOpenPostgres(t, "")
	for _, setup := range []string{"CREATE TABLE leftover (id int)", "CREATE SCHEMA app", "CREATE TYPE public.mood AS ENUM ('a')",
		"CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql"} {
		dev := pgtest.NewDatabase(t)
		if _, err := mustOpen(t, dev).ExecContext(ctx, setup); err != nil {
			t.Fatal(err)
		}
		if _, err := NewScratch(ctx, live, dev); !errors.Is(err, ErrDevNotEmpty) {
			t.Fatalf("%s: err = %v, want ErrDevNotEmpty", setup, err)
		}
	}
	dev := pgtest.NewDatabase(t)
	devDB := mustOpen(t, dev)
	if _, err := devDB.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm"); err != nil {
		t.Skipf("pg_trgm not available: %v", err)
	}
	s, err := NewScratch(ctx, live, dev)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Exec(ctx, []File{{Path: "s.sql", SQL: `
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE app.t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, m mood);
CREATE TABLE u (id serial PRIMARY KEY, t_id int REFERENCES app.t);
CREATE VIEW v AS SELECT * FROM u;
CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE DOMAIN posint AS int CHECK (VALUE > 0);`}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Inspect(ctx)
	if err != nil || len(m.Schemas) != 2 {
		t.Fatalf("inspect: %v %+v", err, m)
	}
	s.Close()
	left, err := pgObjects(ctx, devDB)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].name != "pg_trgm" {
		t.Fatalf("dev database not cleared: %v", left)
	}
	if _, err := NewScratch(ctx, live, dev); err != nil {
		t.Fatalf("cleared dev database refused: %v", err)
	}
}

func TestWithDatabase(t *testing.T) {
	cases := []string{
		"postgres://u:p%40ss@127.0.0.1:5432/app?sslmode=disable&dbname=other",
		"postgresql://u@localhost/app",
		"host=/tmp user=u dbname=app password='it\\'s'",
		"host=localhost port=5432",
	}
	for _, c := range cases {
		out, err := withDatabase(c, "studio_scratch_x", `"$user", public`)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		cfg, err := pgx.ParseConfig(out)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := pgx.ParseConfig(c)
		if cfg.Database != "studio_scratch_x" || cfg.User != orig.User || cfg.Password != orig.Password || cfg.Host != orig.Host {
			t.Errorf("%s -> %s: %+v", c, out, cfg)
		}
	}
}

// TestScratchPostgresPgDumpPreamble: a file as pg_dump writes it loads:
// its session settings (search_path emptied by set_config) are run and
// reset after the file, its ownership and privilege statements, which
// name roles this server does not have, are not run, and objects keep
// their schema-qualified names.
func TestScratchPostgresPgDumpPreamble(t *testing.T) {
	live := mustOpenPostgres(t, "")
	s := mustScratch(t, live, "")
	dump := `SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
ALTER DOMAIN public.year OWNER TO nobody_here;
CREATE TABLE public.film (id integer NOT NULL, release_year public.year);
ALTER TABLE public.film OWNER TO "Nobody Here";
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO nobody_here;
`
	if err := s.Exec(context.Background(), []File{{Path: "dump.sql", SQL: dump}, {Path: "after.sql", SQL: "CREATE TABLE later (y year);"}}); err != nil {
		t.Fatal(err)
	}
	m, err := s.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Schemas) != 1 || len(m.Schemas[0].Domains) != 1 || len(m.Schemas[0].Tables) != 2 {
		t.Fatalf("model = %+v, want domain year and tables film, later", m.Schemas)
	}
}
