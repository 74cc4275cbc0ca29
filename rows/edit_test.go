package rows_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"studio/database"
	"studio/internal/pgtest"
	"studio/introspect"
	"studio/rows"
)

// mustEditDB opens a fresh database of the dialect (a file in t.TempDir()
// or a new PostgreSQL database) with the statements run.
func mustEditDB(t *testing.T, dialect database.Dialect, stmts ...string) *database.DB {
	t.Helper()
	addr := filepath.Join(t.TempDir(), "edit.db")
	if dialect == database.Postgres {
		addr = pgtest.NewDatabase(t)
	}
	db := mustOpenAddr(t, addr, database.Options{Create: true})
	for _, s := range stmts {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return db
}

func mustOpenAddr(t *testing.T, addr string, o database.Options) *database.DB {
	t.Helper()
	tg, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func editModel(t *testing.T, db *database.DB) *introspect.Model {
	t.Helper()
	d, err := introspect.For(db.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Inspect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mustEditor builds the editor of a table in the default schema.
func mustEditor(t *testing.T, db *database.DB, name string) *rows.Editor {
	t.Helper()
	e, err := rows.NewEditor(db, editModel(t, db), defaultSchema(db), name)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func defaultSchema(db *database.DB) string {
	if db.Dialect() == database.Postgres {
		return "public"
	}
	return "main"
}

// firstRows reads the first page of the editor's table in key order.
func firstRows(t *testing.T, db *database.DB, e *rows.Editor) []rows.Row {
	t.Helper()
	p, err := e.Table.Fetch(context.Background(), db, rows.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return p.Rows
}

// cell is the named column's value in r.
func cell(t *testing.T, e *rows.Editor, r rows.Row, col string) rows.Value {
	t.Helper()
	for i, c := range e.Table.Columns {
		if c.Name == col {
			return r.Values[i]
		}
	}
	t.Fatalf("no column %q", col)
	return rows.Value{}
}

func target(r rows.Row) rows.Target { return rows.Target{Key: r.Key, Version: r.Version()} }

func text(s string) rows.Input { return rows.Input{Text: s} }

func mustUpdate(t *testing.T, e *rows.Editor, r rows.Row, col string, in rows.Input) rows.Row {
	t.Helper()
	got, err := e.Update(context.Background(), target(r), col, in)
	if err != nil {
		t.Fatalf("update %s = %+v: %v", col, in, err)
	}
	return got
}

func TestEditSQLiteColumnTypes(t *testing.T) {
	db := mustEditDB(t, database.SQLite,
		`CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC, flag BOOLEAN, d DATETIME, j JSON, u)`,
		`INSERT INTO v (id, u) VALUES (1, 5)`)
	e := mustEditor(t, db, "v")
	cases := []struct {
		col, in  string
		kind     rows.Kind
		want     string
		wantNull bool
	}{
		{col: "i", in: "9223372036854775807", kind: rows.KindInt, want: "9223372036854775807"},
		{col: "i", in: "-12", kind: rows.KindInt, want: "-12"},
		{col: "i", in: "not a number", kind: rows.KindText, want: "not a number"},
		{col: "r", in: "0.1", kind: rows.KindFloat, want: "0.1"},
		{col: "r", in: "1e300", kind: rows.KindFloat, want: "1e+300"},
		{col: "t", in: "007", kind: rows.KindText, want: "007"},
		{col: "t", in: "<script>alert('x')</script>", kind: rows.KindText, want: "<script>alert('x')</script>"},
		{col: "t", in: "", kind: rows.KindText, want: ""},
		{col: "t", in: "line 1\nline 2", kind: rows.KindText, want: "line 1\nline 2"},
		{col: "b", in: `\x00ff10`, kind: rows.KindBinary, want: "\x00\xff\x10"},
		{col: "b", in: `\x`, kind: rows.KindBinary, want: ""},
		{col: "n", in: "12.50", kind: rows.KindFloat, want: "12.5"},
		{col: "n", in: "12", kind: rows.KindInt, want: "12"},
		{col: "flag", in: "true", kind: rows.KindInt, want: "1"},
		{col: "flag", in: "false", kind: rows.KindInt, want: "0"},
		{col: "d", in: "2024-01-31 13:45:00.123", kind: rows.KindText, want: "2024-01-31 13:45:00.123"},
		{col: "j", in: `{"a": [1, 2]}`, kind: rows.KindJSON, want: `{"a": [1, 2]}`},
		{col: "u", in: "6", kind: rows.KindInt, want: "6"}, // untyped: keeps the integer it held
	}
	r := firstRows(t, db, e)[0]
	for _, c := range cases {
		r = mustUpdate(t, e, r, c.col, text(c.in))
		got := cell(t, e, r, c.col)
		if got.Null || got.Kind != c.kind || got.Text != c.want {
			t.Errorf("%s = %q: read back %+v, want kind %d text %q", c.col, c.in, got, c.kind, c.want)
		}
		// What the grid shows next carries the same version.
		if again := firstRows(t, db, e)[0]; again.Version() != r.Version() {
			t.Errorf("%s = %q: version after update differs from the page's", c.col, c.in)
		}
	}
	r = mustUpdate(t, e, r, "t", rows.Input{Null: true})
	if v := cell(t, e, r, "t"); !v.Null {
		t.Errorf("NULL written as %+v", v)
	}
	if _, err := e.Update(context.Background(), target(r), "b", text(`\xZZ`)); !isViolation(err, rows.ViolationInvalid, "b") {
		t.Errorf("bad hex: %v", err)
	}
}

func TestEditPostgresColumnTypes(t *testing.T) {
	db := mustEditDB(t, database.Postgres,
		`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`,
		`CREATE TABLE v (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			i2 int2, i4 int4, i8 int8, num numeric, num2 numeric(10,2), f8 float8, f4 float4, b bool,
			t text, vc varchar(5), jb jsonb, js json, by bytea, u uuid, d date, ts timestamp,
			tz timestamptz, iv interval, ia int[], ta text[], m mood, ma mood[])`,
		`INSERT INTO v DEFAULT VALUES`)
	e := mustEditor(t, db, "v")
	cases := []struct{ col, typ, in string }{
		{"i2", "int2", "-32768"}, {"i4", "int4", "2147483647"}, {"i8", "int8", "9223372036854775807"},
		{"num", "numeric", "12345678901234567890.123456789000"}, {"num", "numeric", "NaN"},
		{"num2", "numeric(10,2)", "3.14159"}, {"f8", "float8", "0.1"}, {"f8", "float8", "-Infinity"},
		{"f4", "float4", "1.17549435e-38"}, {"b", "bool", "true"}, {"b", "bool", "false"},
		{"t", "text", "<b>bold</b> & 'quotes'"}, {"t", "text", ""}, {"t", "text", "a\nb"},
		{"vc", "varchar(5)", "héllo"}, {"jb", "jsonb", `{"b": 1, "a": [1, 2.50]}`},
		{"js", "json", `{"b":1,  "a":[1,2.50]}`}, {"by", "bytea", `\x00ff10`}, {"by", "bytea", `\x`},
		{"u", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}, {"d", "date", "2024-02-29"},
		{"ts", "timestamp", "2024-01-31 13:45:00.123456"}, {"tz", "timestamptz", "2024-01-31 13:45:00.5+05:30"},
		{"iv", "interval", "1 year 2 mons -3 days 04:05:06.789"}, {"ia", "int[]", "{1,NULL,-3}"},
		{"ta", "text[]", `{"a b",NULL,"\"q\"",""}`}, {"m", "mood", "happy"}, {"ma", "mood[]", "{sad,ok}"},
	}
	r := firstRows(t, db, e)[0]
	for _, c := range cases {
		var want string // what PostgreSQL itself prints for the typed text
		if err := db.QueryRowContext(context.Background(), "SELECT $1::"+c.typ+"::text", c.in).Scan(&want); err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		r = mustUpdate(t, e, r, c.col, text(c.in))
		if got := cell(t, e, r, c.col); got.Null || got.String() != want {
			t.Errorf("%s (%s) = %q: read back %+v, want %q", c.col, c.typ, c.in, got, want)
		}
		// Saving what is shown changes nothing: the text round-trips.
		shown := cell(t, e, r, c.col).String()
		if again := mustUpdate(t, e, r, c.col, text(shown)); again.Version() != r.Version() {
			t.Errorf("%s: saving the shown text %q changed the row", c.col, shown)
		}
	}
	for _, col := range []string{"t", "jb", "by", "ia"} {
		r = mustUpdate(t, e, r, col, rows.Input{Null: true})
		if v := cell(t, e, r, col); !v.Null {
			t.Errorf("%s: NULL written as %+v", col, v)
		}
	}
	if _, err := e.Update(context.Background(), target(r), "id", text("5")); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("identity ALWAYS column updated: %v", err)
	}
	if _, err := e.Update(context.Background(), target(r), "vc", text("too long")); !isViolation(err, rows.ViolationInvalid, "vc") {
		t.Errorf("varchar(5) overflow: %v", err)
	}
	if _, err := e.Update(context.Background(), target(r), "m", text("angry")); !isViolation(err, rows.ViolationInvalid, "m") {
		t.Errorf("bad enum value: %v", err)
	}
}

func isViolation(err error, kind rows.Violation, col string) bool {
	var ce *rows.ConstraintError
	return errors.As(err, &ce) && ce.Kind == kind && ce.Column == col && ce.Message != ""
}

// keysFixture has a composite key, a rowid table without a declared key
// (SQLite) and names with quotes and spaces.
func keysFixture(dialect database.Dialect) []string {
	stmts := []string{
		`CREATE TABLE "we""ird t" ("k 1" integer NOT NULL, "k""2" text NOT NULL, "va l" text, PRIMARY KEY ("k 1", "k""2"))`,
		`INSERT INTO "we""ird t" VALUES (1, 'a', 'x'), (1, 'b', 'y'), (2, 'a', 'z')`,
	}
	if dialect == database.SQLite {
		stmts = append(stmts,
			`CREATE TABLE loose (name text, n)`,
			`INSERT INTO loose VALUES ('one', 1), ('two', 2)`,
			`CREATE TABLE wr (a integer NOT NULL, b text NOT NULL, c text, PRIMARY KEY (a, b)) WITHOUT ROWID`,
			`INSERT INTO wr VALUES (1, 'a', 'x'), (2, 'b', 'y')`)
	}
	return stmts
}

func TestEditSQLiteKeys(t *testing.T) {
	db := mustEditDB(t, database.SQLite, keysFixture(database.SQLite)...)
	editKeys(t, db)
	for _, name := range []string{"loose", "wr"} {
		e := mustEditor(t, db, name)
		r := firstRows(t, db, e)[1]
		col := e.Table.Columns[len(e.Table.Columns)-1].Name
		r = mustUpdate(t, e, r, col, text("changed"))
		if v := cell(t, e, r, col); v.Text != "changed" {
			t.Errorf("%s: %+v", name, v)
		}
		if n, err := e.Delete(context.Background(), []rows.Target{target(r)}); err != nil || n != 1 {
			t.Fatalf("%s: delete: %d, %v", name, n, err)
		}
		if got := len(firstRows(t, db, e)); got != 1 {
			t.Errorf("%s: %d rows left, want 1", name, got)
		}
	}
}

func TestEditPostgresKeys(t *testing.T) {
	editKeys(t, mustEditDB(t, database.Postgres, keysFixture(database.Postgres)...))
}

// editKeys changes a value and then a key column of a composite key, whose
// names need quoting, and checks the other rows are untouched.
func editKeys(t *testing.T, db *database.DB) {
	t.Helper()
	e := mustEditor(t, db, `we"ird t`)
	rs := firstRows(t, db, e)
	r := mustUpdate(t, e, rs[1], "va l", text("new"))
	r = mustUpdate(t, e, r, `k"2`, text("c"))
	if got := cell(t, e, r, `k"2`).Text + cell(t, e, r, "va l").Text; got != "cnew" {
		t.Errorf("moved row reads %q", got)
	}
	after := firstRows(t, db, e)
	var texts []string
	for _, x := range after {
		texts = append(texts, cell(t, e, x, `k"2`).Text+cell(t, e, x, "va l").Text)
	}
	if got := strings.Join(texts, ","); got != "ax,cnew,az" {
		t.Errorf("table now %s", got)
	}
}

func TestEditSQLiteLostUpdate(t *testing.T)   { editLostUpdate(t, database.SQLite) }
func TestEditPostgresLostUpdate(t *testing.T) { editLostUpdate(t, database.Postgres) }

// editLostUpdate: A and B read the same row; B saves; A's save and A's
// delete, made from what A saw, are refused and B's value stays.
func editLostUpdate(t *testing.T, dialect database.Dialect) {
	db := mustEditDB(t, dialect, `CREATE TABLE acct (id integer PRIMARY KEY, owner text, balance integer)`,
		`INSERT INTO acct VALUES (1, 'ann', 100), (2, 'bob', 50)`)
	e := mustEditor(t, db, "acct")
	seenByA := firstRows(t, db, e)[0]
	seenByB := firstRows(t, db, e)[0]
	mustUpdate(t, e, seenByB, "balance", text("150"))

	_, err := e.Update(context.Background(), target(seenByA), "balance", text("90"))
	var ce *rows.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, rows.ErrConflict) || ce.Current == nil {
		t.Fatalf("stale update: %v", err)
	}
	if v := cell(t, e, *ce.Current, "balance"); v.Text != "150" {
		t.Errorf("conflict shows %q, want B's 150", v.Text)
	}
	if _, err := e.Delete(context.Background(), []rows.Target{target(seenByA)}); !errors.As(err, &ce) {
		t.Fatalf("stale delete: %v", err)
	}
	now := firstRows(t, db, e)
	if len(now) != 2 || cell(t, e, now[0], "balance").Text != "150" {
		t.Fatalf("B's value lost: %+v", now)
	}

	// A row deleted meanwhile: conflict with no current row.
	if _, err := e.Delete(context.Background(), []rows.Target{target(now[1])}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Update(context.Background(), target(now[1]), "owner", text("zed"))
	if !errors.As(err, &ce) || ce.Current != nil {
		t.Fatalf("update of a deleted row: %v", err)
	}
}

func TestEditSQLiteDeleteAllOrNothing(t *testing.T)   { editDeleteAllOrNothing(t, database.SQLite) }
func TestEditPostgresDeleteAllOrNothing(t *testing.T) { editDeleteAllOrNothing(t, database.Postgres) }

// editDeleteAllOrNothing deletes three rows of which the last changed
// meanwhile: none is deleted and the error names the third.
func editDeleteAllOrNothing(t *testing.T, dialect database.Dialect) {
	db := mustEditDB(t, dialect, `CREATE TABLE n (id integer PRIMARY KEY, v text)`,
		`INSERT INTO n VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')`)
	e := mustEditor(t, db, "n")
	rs := firstRows(t, db, e)
	mustUpdate(t, e, rs[2], "v", text("C"))
	_, err := e.Delete(context.Background(), []rows.Target{target(rs[0]), target(rs[1]), target(rs[2])})
	var ce *rows.ConflictError
	if !errors.As(err, &ce) || ce.Index != 2 || ce.Key[0].Text != "3" {
		t.Fatalf("want a conflict on the third row, got %v", err)
	}
	if n := len(firstRows(t, db, e)); n != 4 {
		t.Fatalf("%d rows left, want all 4", n)
	}
	n, err := e.Delete(context.Background(), []rows.Target{target(rs[0]), target(rs[1])})
	if err != nil || n != 2 || len(firstRows(t, db, e)) != 2 {
		t.Fatalf("delete two: %d, %v", n, err)
	}
}

func TestEditSQLiteConcurrentSaves(t *testing.T)   { editConcurrentSaves(t, database.SQLite) }
func TestEditPostgresConcurrentSaves(t *testing.T) { editConcurrentSaves(t, database.Postgres) }

// editConcurrentSaves: many saves from the same shown version at once;
// exactly one wins, the others conflict.
func editConcurrentSaves(t *testing.T, dialect database.Dialect) {
	db := mustEditDB(t, dialect, `CREATE TABLE c (id integer PRIMARY KEY, v text)`, `INSERT INTO c VALUES (1, 'start')`)
	e := mustEditor(t, db, "c")
	r := firstRows(t, db, e)[0]
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = e.Update(context.Background(), target(r), "v", text(string(rune('a'+i))))
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, rows.ErrConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d saves won, want exactly 1", won)
	}
}

func TestEditSQLiteRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	db := mustOpenAddr(t, path, database.Options{Create: true})
	for _, s := range []string{`CREATE TABLE x (id integer PRIMARY KEY, v text)`, `INSERT INTO x VALUES (1, 'a')`,
		`CREATE VIEW xv AS SELECT * FROM x`} {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rows.NewEditor(db, editModel(t, db), "main", "xv"); !errors.Is(err, rows.ErrReadOnly) {
		t.Errorf("view: %v", err)
	}
	ro := mustOpenAddr(t, path, database.Options{ReadOnly: true})
	e := mustEditor(t, ro, "x")
	r := firstRows(t, ro, e)[0]
	if _, err := e.Update(context.Background(), target(r), "v", text("b")); !errors.Is(err, rows.ErrReadOnly) {
		t.Errorf("read-only database: %v", err)
	}
}

func TestEditPostgresRefused(t *testing.T) {
	addr := pgtest.NewDatabase(t)
	db := mustOpenAddr(t, addr, database.Options{})
	for _, s := range []string{`CREATE TABLE x (id integer PRIMARY KEY, v text)`, `INSERT INTO x VALUES (1, 'a')`,
		`CREATE TABLE nokey (v text)`} {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	_, err := rows.NewEditor(db, editModel(t, db), "public", "nokey")
	if !errors.Is(err, rows.ErrReadOnly) || !strings.Contains(err.Error(), "primary key") {
		t.Errorf("table without a key: %v", err)
	}
	ro := mustOpenAddr(t, addr, database.Options{ReadOnly: true})
	e := mustEditor(t, ro, "x")
	r := firstRows(t, ro, e)[0]
	if _, err := e.Update(context.Background(), target(r), "v", text("b")); !errors.Is(err, rows.ErrReadOnly) {
		t.Errorf("read-only database: %v", err)
	}
}
