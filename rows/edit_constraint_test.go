package rows_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"studio/database"
	"studio/rows"
)

var constraintFixture = []string{
	`CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE,
		age integer CONSTRAINT adult CHECK (age >= 18), nick text CHECK (length(nick) < 5))`,
	`CREATE TABLE posts (id integer PRIMARY KEY, author integer NOT NULL REFERENCES users(id), title text)`,
	`INSERT INTO users VALUES (1, 'a@x', 20, 'a'), (2, 'b@x', 30, 'b')`,
	`INSERT INTO posts VALUES (1, 1, 't')`,
}

func TestEditSQLiteConstraints(t *testing.T) {
	editConstraints(t, mustEditDB(t, database.SQLite, constraintFixture...))
}

func TestEditPostgresConstraints(t *testing.T) {
	db := mustEditDB(t, database.Postgres, constraintFixture...)
	editConstraints(t, db)
	// A value PostgreSQL cannot read is blamed on its column, found from
	// the parameter number PostgreSQL reports.
	users := mustEditor(t, db, "users")
	_, err := users.Insert(context.Background(), map[string]rows.Input{"id": text("3"), "email": text("c@x"), "age": text("old")})
	if !isViolation(err, rows.ViolationInvalid, "age") {
		t.Errorf("insert of a bad integer: %#v", err)
	}
}

// editConstraints breaks each kind of constraint by update and by insert
// and checks the database's message comes back with the column at fault.
func editConstraints(t *testing.T, db *database.DB) {
	ctx := context.Background()
	users, posts := mustEditor(t, db, "users"), mustEditor(t, db, "posts")
	u2 := firstRows(t, db, users)[1]
	updates := []struct {
		col  string
		in   rows.Input
		kind rows.Violation
	}{
		{"email", text("a@x"), rows.ViolationUnique},
		{"email", rows.Input{Null: true}, rows.ViolationNotNull},
		{"age", text("10"), rows.ViolationCheck},
		{"nick", text("toolong"), rows.ViolationCheck},
	}
	for _, c := range updates {
		if _, err := users.Update(ctx, target(u2), c.col, c.in); !isViolation(err, c.kind, c.col) {
			t.Errorf("update %s = %+v: want %s on %s, got %#v", c.col, c.in, c.kind, c.col, err)
		}
	}
	p1 := firstRows(t, db, posts)[0]
	if _, err := posts.Update(ctx, target(p1), "author", text("99")); !isViolation(err, rows.ViolationForeignKey, "author") {
		t.Errorf("update to a missing parent: %#v", err)
	}
	inserts := []struct {
		e    *rows.Editor
		vals map[string]rows.Input
		kind rows.Violation
		col  string
	}{
		{users, map[string]rows.Input{"id": text("3"), "email": text("a@x")}, rows.ViolationUnique, "email"},
		{users, map[string]rows.Input{"id": text("3"), "email": text("c@x"), "age": text("10")}, rows.ViolationCheck, "age"},
		{users, map[string]rows.Input{"id": text("3"), "nick": text("n")}, rows.ViolationNotNull, "email"},
		{users, map[string]rows.Input{"id": text("1"), "email": text("c@x")}, rows.ViolationUnique, "id"},
		{posts, map[string]rows.Input{"id": text("2"), "author": text("99"), "title": text("x")}, rows.ViolationForeignKey, "author"},
	}
	for _, c := range inserts {
		if _, err := c.e.Insert(ctx, c.vals); !isViolation(err, c.kind, c.col) {
			t.Errorf("insert %+v: want %s on %s, got %#v", c.vals, c.kind, c.col, err)
		}
	}
	// Deleting a referenced row: a foreign key of another table.
	u1 := firstRows(t, db, users)[0]
	_, err := users.Delete(ctx, []rows.Target{target(u1)})
	var ce *rows.ConstraintError
	if !errors.As(err, &ce) || ce.Kind != rows.ViolationForeignKey || !strings.Contains(strings.ToLower(ce.Message), "foreign key") {
		t.Errorf("delete of a referenced row: %#v", err)
	}
	if n := len(firstRows(t, db, users)); n != 2 {
		t.Errorf("%d users left after refused changes, want 2", n)
	}
}

func TestEditSQLiteInsert(t *testing.T) {
	db := mustEditDB(t, database.SQLite,
		`CREATE TABLE items (id INTEGER PRIMARY KEY, name text NOT NULL, qty integer DEFAULT 1,
			total integer GENERATED ALWAYS AS (qty * 2), note text)`,
		`CREATE TABLE loose (name text, n)`,
		`CREATE TABLE stamp (id INTEGER PRIMARY KEY, at text DEFAULT 'now')`)
	editInsert(t, db)
	loose := mustEditor(t, db, "loose")
	r, err := loose.Insert(context.Background(), map[string]rows.Input{"name": text("x"), "n": text("5")})
	if err != nil || len(r.Key) != 1 || r.Key[0].Text != "1" || cell(t, loose, r, "n").Kind != rows.KindText {
		t.Errorf("insert into a rowid table: %+v, %v", r, err)
	}
	stamp := mustEditor(t, db, "stamp")
	if r, err := stamp.Insert(context.Background(), nil); err != nil || cell(t, stamp, r, "at").Text != "now" {
		t.Errorf("insert of defaults only: %+v, %v", r, err)
	}
}

func TestEditPostgresInsert(t *testing.T) {
	editInsert(t, mustEditDB(t, database.Postgres,
		`CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
			qty integer DEFAULT 1, total integer GENERATED ALWAYS AS (qty * 2) STORED, note text)`))
}

// editInsert inserts with defaults, NULL and typed values, and refuses a
// computed column.
func editInsert(t *testing.T, db *database.DB) {
	ctx := context.Background()
	e := mustEditor(t, db, "items")
	for col, want := range map[string]bool{"id": true, "name": false, "qty": true, "total": true, "note": false} {
		if got := e.Defaulted(col); got != want {
			t.Errorf("Defaulted(%s) = %v", col, got)
		}
	}
	r, err := e.Insert(ctx, map[string]rows.Input{"name": text("<i>one</i>"), "qty": {Default: true}, "note": {Null: true}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cell(t, e, r, "id").Text, cell(t, e, r, "name").Text, cell(t, e, r, "qty").Text, cell(t, e, r, "total").Text}
	if strings.Join(got, "|") != "1|<i>one</i>|1|2" || !cell(t, e, r, "note").Null {
		t.Errorf("inserted %v, note %+v", got, cell(t, e, r, "note"))
	}
	r, err = e.Insert(ctx, map[string]rows.Input{"name": text(""), "qty": text("4"), "note": text("")})
	if err != nil || cell(t, e, r, "total").Text != "8" || cell(t, e, r, "note").Null || cell(t, e, r, "name").Text != "" {
		t.Errorf("second insert: %+v, %v", r, err)
	}
	if _, err := e.Insert(ctx, map[string]rows.Input{"name": text("x"), "total": text("3")}); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("computed column accepted: %v", err)
	}
	if _, err := e.Insert(ctx, map[string]rows.Input{"nope": text("x")}); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("unknown column accepted: %v", err)
	}
	if n := len(firstRows(t, db, e)); n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
}
