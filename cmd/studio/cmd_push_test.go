package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/pgtest"
	"studio/introspect"
	"studio/plan"
)

var devEnv = map[string]string{"STUDIO_ENV": "development"}

const (
	schemaV1 = `CREATE TABLE users (
  id integer PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE posts (
  id integer PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title text NOT NULL
);
`
	// schemaV2 adds a column and an index to users and keeps posts.
	schemaV2 = `CREATE TABLE users (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text
);
CREATE INDEX users_email ON users (email);
CREATE TABLE posts (
  id integer PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title text NOT NULL
);
`
	// schemaV3 drops posts.
	schemaV3 = `CREATE TABLE users (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text
);
CREATE INDEX users_email ON users (email);
`
)

func writeSchema(t *testing.T, wd, sql string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(wd, "schema.sql"), []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustOpenAddr(t *testing.T, addr string) *database.DB {
	t.Helper()
	tg, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExecSQL(t *testing.T, db *database.DB, sql string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func countRows(t *testing.T, db *database.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// schemaOf is the database's schema without Drizzle's history and with
// the statistics zeroed, for comparing two databases. SQLite tables lose
// their DDL text: SQLite keeps a table's CREATE statement as written and
// splices ALTER TABLE ADD COLUMN into it, so a table built in two steps
// reads differently from the same table created at once (every column,
// key and constraint is still compared).
func schemaOf(t *testing.T, db *database.DB) *introspect.Model {
	t.Helper()
	sd, err := plan.ReadSide(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	m := sd.Model
	for i := range m.Schemas {
		for j := range m.Schemas[i].Tables {
			tb := &m.Schemas[i].Tables[j]
			tb.RowEstimate, tb.SizeBytes = 0, 0
			if m.Dialect == database.SQLite && tb.Kind == introspect.KindTable {
				tb.DDL = ""
			}
		}
	}
	return m
}

// assertSameSchema fails when two databases' schemas differ, showing the
// plan between them.
func assertSameSchema(t *testing.T, a, b *database.DB) {
	t.Helper()
	ma, mb := schemaOf(t, a), schemaOf(t, b)
	ja, _ := json.MarshalIndent(ma, "", " ")
	jb, _ := json.MarshalIndent(mb, "", " ")
	if string(ja) == string(jb) {
		return
	}
	p, err := plan.Diff(ma, mb, plan.Options{})
	t.Fatalf("schemas differ (plan %+v, %v)\n%s\n---\n%s", p, err, ja, jb)
}

func TestPushSQLite(t *testing.T) {
	testPush(t, "sqlite:"+filepath.Join(t.TempDir(), "app.db"), database.SQLite)
}

func TestPushPostgres(t *testing.T) {
	testPush(t, pgtest.NewDatabase(t), database.Postgres)
}

// testPush walks one database through the push life cycle: create, alter,
// dry run, refused data loss, accepted data loss (with a backup on
// SQLite), up to date.
func testPush(t *testing.T, addr string, dialect database.Dialect) {
	wd := t.TempDir()
	writeSchema(t, wd, schemaV1)
	code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr)
	if code != 0 || !strings.Contains(out, "CREATE TABLE") || !strings.Contains(out, "statement(s) in one transaction") {
		t.Fatalf("first push: exit %d\n%s%s", code, out, errOut)
	}
	db := mustOpenAddr(t, addr)
	mustExecSQL(t, db, `INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob')`)
	mustExecSQL(t, db, `INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c')`)

	writeSchema(t, wd, schemaV2)
	code, out, errOut = runIn(t, wd, devEnv, "push", "--db", addr, "--dry-run")
	if code != 3 || !strings.Contains(out, "users_email") || !strings.Contains(out, "nothing applied") ||
		(dialect == database.SQLite) == strings.Contains(out, "ran in a transaction that was rolled back") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if users := tableOf(t, schemaOf(t, db), "users"); len(users.Columns) != 2 {
		t.Fatalf("dry run changed users: %+v", users)
	}
	code, out, errOut = runIn(t, wd, devEnv, "push", "--db", addr)
	if code != 0 || !strings.Contains(out, "[1/") || strings.Contains(out, "DESTRUCTIVE") {
		t.Fatalf("second push: exit %d\n%s%s", code, out, errOut)
	}
	if n := countRows(t, db, "posts"); n != 3 {
		t.Fatalf("posts has %d rows after adding a column to users, want 3", n)
	}
	mustExecSQL(t, db, `UPDATE users SET email = 'ann@example.com' WHERE id = 1`)

	writeSchema(t, wd, schemaV3)
	before := schemaOf(t, db)
	code, out, errOut = runIn(t, wd, devEnv, "push", "--db", addr)
	if code != 4 || !strings.Contains(out, "DESTRUCTIVE") || !strings.Contains(out, "(3 row(s))") || !strings.Contains(errOut, "--accept-data-loss") {
		t.Fatalf("destructive push: exit %d\n%s%s", code, out, errOut)
	}
	if after := schemaOf(t, db); !sameJSON(before, after) || countRows(t, db, "posts") != 3 {
		t.Fatal("a refused push changed the database")
	}

	args := []string{"push", "--db", addr, "--accept-data-loss", "--json"}
	backup := filepath.Join(wd, "before-drop.db")
	if dialect == database.SQLite {
		args = append(args, "--backup", backup)
	}
	code, out, errOut = runIn(t, wd, devEnv, args...)
	var res pushOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || !res.Applied || len(res.Plan.Destructive()) != 1 || res.Plan.Destructive()[0].AtStake != 3 {
		t.Fatalf("accepted push: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if m := schemaOf(t, db); len(m.Schemas[0].Tables) != 1 || tableOf(t, m, "users") == nil || countRows(t, db, "users") != 2 {
		t.Fatalf("after the accepted push: %+v", m.Schemas)
	}
	if dialect == database.SQLite {
		if n := countRows(t, mustOpenAddr(t, "sqlite:"+backup), "posts"); n != 3 {
			t.Fatalf("backup has %d posts, want 3", n)
		}
	}
	code, out, _ = runIn(t, wd, devEnv, "push", "--db", addr, "--dry-run")
	if code != 0 || !strings.Contains(out, "schema is up to date") {
		t.Fatalf("push after push: exit %d\n%s", code, out)
	}
}

// tableOf finds a table by name in any schema.
func tableOf(t *testing.T, m *introspect.Model, name string) *introspect.Table {
	t.Helper()
	for i := range m.Schemas {
		for j := range m.Schemas[i].Tables {
			if m.Schemas[i].Tables[j].Name == name {
				return &m.Schemas[i].Tables[j]
			}
		}
	}
	t.Fatalf("no table %s in %+v", name, m.Schemas)
	return nil
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// Over the Unix socket, with --dev instead of the environment.
func TestPushPostgresUnixSocket(t *testing.T) {
	url := pgtest.NewDatabase(t)
	c := pgtest.MustCluster(t)
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	addr := "host=" + c.SocketDir() + " port=" + itoa(c.Port) + " user=postgres dbname=" + name
	wd := t.TempDir()
	writeSchema(t, wd, "CREATE SCHEMA app;\nCREATE TABLE app.t (id int PRIMARY KEY);\n")
	code, out, errOut := runIn(t, wd, nil, "push", "--dev", "--db", addr)
	if code != 0 || !strings.Contains(out, `CREATE SCHEMA`) {
		t.Fatalf("push over the socket: exit %d\n%s%s", code, out, errOut)
	}
	if n := countRows(t, mustOpenAddr(t, url), "app.t"); n != 0 {
		t.Fatalf("app.t has %d rows", n)
	}
}

func TestPushErrors(t *testing.T) {
	wd := t.TempDir()
	db := "sqlite:" + filepath.Join(wd, "app.db")
	writeSchema(t, wd, "CREATE TABLE a (id integer PRIMARY KEY);\n\nCREATE TABLE b (id integer PRIMARY KEY, oops);\nCREATE TABEL c (x int);\n")
	if err := os.WriteFile(filepath.Join(wd, "taken.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no database", []string{"push", "--dev"}, 2, "push needs a database"},
		{"syntax error names file and line", []string{"push", "--dev", "--db", db}, 2, "schema.sql:4:"},
		{"missing schema", []string{"push", "--dev", "--db", db, "--schema", "nowhere.sql"}, 2, "nowhere.sql"},
		{"backup exists", []string{"push", "--dev", "--db", db, "--backup", "taken.db"}, 2, "already exists"},
		{"backup on postgres", []string{"push", "--dev", "--db", "postgres://me@localhost/x", "--backup", "x.db"}, 2, "--backup is for SQLite"},
		{"dev-url on sqlite", []string{"push", "--dev", "--db", db, "--dev-url", "postgres://localhost/x"}, 2, "--dev-url is for PostgreSQL"},
		{"bad rename", []string{"push", "--dev", "--db", db, "--rename", "nodot=x"}, 2, "table.old=new"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runIn(t, wd, nil, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tc.code, out, errOut, tc.want)
			}
		})
	}
	code, _, help := runIn(t, wd, nil, "push", "-h")
	for _, want := range []string{"Exit codes:", "3  --dry-run", "4  the plan loses data", "--accept-data-loss", "-allow-remote-push HOST"} {
		if code != 0 || !strings.Contains(help, want) {
			t.Errorf("push -h (exit %d) lacks %q:\n%s", code, want, help)
		}
	}
}

// A rename the user names is a rename, not a drop plus add: the values
// stay.
func TestPushRenameKeepsValues(t *testing.T) {
	wd := t.TempDir()
	addr := "sqlite:" + filepath.Join(wd, "app.db")
	writeSchema(t, wd, "CREATE TABLE users (id integer PRIMARY KEY, name text);\n")
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr); code != 0 {
		t.Fatalf("first push: exit %d\n%s%s", code, out, errOut)
	}
	db := mustOpenAddr(t, addr)
	mustExecSQL(t, db, `INSERT INTO users VALUES (1, 'ann')`)
	writeSchema(t, wd, "CREATE TABLE users (id integer PRIMARY KEY, full_name text);\n")
	code, out, _ := runIn(t, wd, devEnv, "push", "--db", addr)
	if code != 4 || !strings.Contains(out, "hint:") || !strings.Contains(out, "--rename") {
		t.Fatalf("drop plus add without --rename: exit %d\n%s", code, out)
	}
	code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr, "--rename", "users.name=full_name")
	if code != 0 || strings.Contains(out, "DESTRUCTIVE") {
		t.Fatalf("push --rename: exit %d\n%s%s", code, out, errOut)
	}
	var name string
	if err := db.QueryRowContext(context.Background(), `SELECT full_name FROM users WHERE id = 1`).Scan(&name); err != nil || name != "ann" {
		t.Fatalf("full_name = %q, %v", name, err)
	}
}

// A dry run, a refused plan or a failure leaves no SQLite file behind
// where there was none.
func TestPushLeavesNoNewFileUnlessApplied(t *testing.T) {
	wd := t.TempDir()
	path := filepath.Join(wd, "new.db")
	writeSchema(t, wd, schemaV1)
	code, out, errOut := runIn(t, wd, devEnv, "push", "--db", "sqlite:"+path, "--dry-run")
	if code != 3 || !strings.Contains(out, "CREATE TABLE") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if fileExists(path) {
		t.Fatal("a dry run created the database file")
	}
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", "sqlite:"+path); code != 0 || !fileExists(path) {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
}

// A statement the database refuses mid-plan (a unique index over
// duplicate values, after a new column) fails the push with exit 1, names
// the statement, and leaves the database as it was.
func TestPushFailureAppliesNothing(t *testing.T) {
	testPushFailure(t, "sqlite:"+filepath.Join(t.TempDir(), "app.db"))
}

func TestPushFailureAppliesNothingPostgres(t *testing.T) {
	testPushFailure(t, pgtest.NewDatabase(t))
}

func testPushFailure(t *testing.T, addr string) {
	wd := t.TempDir()
	writeSchema(t, wd, "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n")
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr); code != 0 {
		t.Fatalf("first push: exit %d\n%s%s", code, out, errOut)
	}
	db := mustOpenAddr(t, addr)
	mustExecSQL(t, db, `INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'ann')`)
	before := schemaOf(t, db)
	writeSchema(t, wd, "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);\nCREATE UNIQUE INDEX users_name ON users (name);\n")
	if !strings.HasPrefix(addr, "sqlite:") {
		// The dry run rehearses the plan and says it would fail.
		code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr, "--dry-run")
		if code != 1 || !strings.Contains(errOut, "dry run: the plan would fail: step 2 (create public.users_name) failed, dry run, rolled back") ||
			!strings.Contains(errOut, "could not create unique index") || !strings.Contains(errOut, "CREATE UNIQUE INDEX") {
			t.Fatalf("dry run of a failing plan: exit %d\n%s%s", code, out, errOut)
		}
	}
	code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr)
	if code != 1 || !strings.Contains(errOut, "nothing applied") || !strings.Contains(errOut, "CREATE UNIQUE INDEX") {
		t.Fatalf("failing push: exit %d\n%s%s", code, out, errOut)
	}
	if after := schemaOf(t, db); !sameJSON(before, after) || countRows(t, db, "users") != 2 {
		t.Fatalf("a failed push changed the database:\n%+v\n%+v", before, after)
	}
}

// A trigger function is not in the introspect model; push still creates
// it before its trigger and finds nothing to do afterwards.
func TestPushPostgresTriggerFunction(t *testing.T) {
	addr := pgtest.NewDatabase(t)
	wd := t.TempDir()
	writeSchema(t, wd, `CREATE TABLE notes (id int PRIMARY KEY, body text, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
`)
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr); code != 0 || !strings.Contains(out, "FUNCTION") {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
	db := mustOpenAddr(t, addr)
	mustExecSQL(t, db, `INSERT INTO notes (id, body) VALUES (1, 'a'); UPDATE notes SET body = 'b'`)
	var touched bool
	if err := db.QueryRowContext(context.Background(), `SELECT updated_at IS NOT NULL FROM notes`).Scan(&touched); err != nil || !touched {
		t.Fatalf("trigger did not run: %v", err)
	}
	if code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr, "--dry-run"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("second push: exit %d\n%s%s", code, out, errOut)
	}
}

// TestPushPagilaPostgres is issue 10's push, end to end: the Pagila
// schema as pg_dump wrote it (domains, an enum, a partitioned table,
// views, a materialized view, triggers, PL/pgSQL functions, one returning
// a table's rows, an aggregate) onto an empty database. The dry run
// rehearses the plan and finds it runs; the push applies it; pushing
// again has nothing to do.
func TestPushPagilaPostgres(t *testing.T) {
	addr := pgtest.NewDatabase(t)
	schema, err := filepath.Abs(filepath.Join("..", "..", "plan", "postgres", "testdata", "pgdump", "pagila-schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	wd := t.TempDir()
	code, out, errOut := runIn(t, wd, devEnv, "push", "--db", addr, "--schema", schema, "--dry-run")
	if code != 3 || !strings.Contains(out, "ran in a transaction that was rolled back") || !strings.Contains(out, "RETURNS SETOF customer") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runIn(t, wd, devEnv, "push", "--db", addr, "--schema", schema)
	if code != 0 || !strings.Contains(out, "statement(s) in one transaction") {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runIn(t, wd, devEnv, "push", "--db", addr, "--schema", schema, "--dry-run")
	if code != 0 || !strings.Contains(out, "schema is up to date") {
		t.Fatalf("push again: exit %d\n%s%s", code, out, errOut)
	}
}
