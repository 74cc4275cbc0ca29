package rows_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"studio/database"
	"studio/rows"
)

// rowFixture is a table whose UPDATE triggers log every column an UPDATE
// names, so a test sees which columns were written, not only their
// values; the CHECK lets a save be refused.
func rowFixture(dialect database.Dialect) []string {
	if dialect == database.Postgres {
		return []string{
			`CREATE TABLE log (col text)`,
			`CREATE TABLE doc (id integer PRIMARY KEY, title text NOT NULL CHECK (length(title) < 20), body text,
			  score integer, flag boolean, twice integer GENERATED ALWAYS AS (score * 2) STORED)`,
			`CREATE FUNCTION log_title() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES ('title'); RETURN NEW; END $$`,
			`CREATE FUNCTION log_flag() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES ('flag'); RETURN NEW; END $$`,
			`CREATE TRIGGER doc_title AFTER UPDATE OF title ON doc FOR EACH ROW EXECUTE FUNCTION log_title()`,
			`CREATE TRIGGER doc_flag AFTER UPDATE OF flag ON doc FOR EACH ROW EXECUTE FUNCTION log_flag()`,
			`INSERT INTO doc (id, title, body, score, flag) VALUES (1, 'first', E'a\r\nb', 5, true), (2, 'second', NULL, 7, false)`,
		}
	}
	return []string{
		`CREATE TABLE log (col TEXT)`,
		`CREATE TABLE doc (id INTEGER PRIMARY KEY, title TEXT NOT NULL CHECK (length(title) < 20), body TEXT,
		  score INTEGER, flag BOOLEAN, twice INTEGER GENERATED ALWAYS AS (score * 2) STORED)`,
		`CREATE TRIGGER doc_title AFTER UPDATE OF title ON doc BEGIN INSERT INTO log VALUES ('title'); END`,
		`CREATE TRIGGER doc_flag AFTER UPDATE OF flag ON doc BEGIN INSERT INTO log VALUES ('flag'); END`,
		`INSERT INTO doc (id, title, body, score, flag) VALUES (1, 'first', 'a' || char(13, 10) || 'b', 5, 1), (2, 'second', NULL, 7, 0)`,
	}
}

// shown is the form a row page shows for r: every editable column with
// the value as it is.
func shown(e *rows.Editor, r rows.Row) map[string]rows.Input {
	out := map[string]rows.Input{}
	for i, c := range e.Table.Columns {
		if !c.Computed {
			out[c.Name] = rows.ValueInput(r.Values[i])
		}
	}
	return out
}

func logged(t *testing.T, db *database.DB) string {
	t.Helper()
	rs, err := db.QueryContext(context.Background(), `SELECT col FROM log`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var s string
		if err := rs.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

func TestEditSQLiteUpdateRow(t *testing.T)   { editUpdateRow(t, database.SQLite) }
func TestEditPostgresUpdateRow(t *testing.T) { editUpdateRow(t, database.Postgres) }

func editUpdateRow(t *testing.T, dialect database.Dialect) {
	ctx := context.Background()
	db := mustEditDB(t, dialect, rowFixture(dialect)...)
	e := mustEditor(t, db, "doc")
	first := firstRows(t, db, e)[0]

	// The form as shown, untouched (a browser sends a textarea's line
	// breaks as CRLF and a boolean as "true"): nothing is written.
	form := shown(e, first)
	form["body"] = rows.Input{Text: "a\r\nb"}
	form["flag"] = text("true")
	got, set, err := e.UpdateRow(ctx, target(first), form)
	if err != nil || len(set) != 0 || got.Version() != first.Version() || logged(t, db) != "" {
		t.Fatalf("untouched form: set %v, err %v, log %q", set, err, logged(t, db))
	}

	// Three fields changed: one UPDATE names exactly those three.
	form["title"], form["body"], form["score"] = text("renamed"), rows.Input{Null: true}, text("11")
	got, set, err = e.UpdateRow(ctx, target(first), form)
	if err != nil || strings.Join(set, ",") != "title,body,score" {
		t.Fatalf("set %v: %v", set, err)
	}
	if logged(t, db) != "title" {
		t.Errorf("the UPDATE named %q beyond the changed columns (flag's trigger fired)", logged(t, db))
	}
	if v := cell(t, e, got, "title").Text; v != "renamed" || !cell(t, e, got, "body").Null || cell(t, e, got, "twice").Text != "22" {
		t.Errorf("row after: %+v", got.Values)
	}

	// The page's version is now stale: a second save is a conflict that
	// carries the row as it is, and writes nothing.
	form["title"] = text("mine")
	_, _, err = e.UpdateRow(ctx, target(first), form)
	var conflict *rows.ConflictError
	if !errors.As(err, &conflict) || conflict.Current == nil || cell(t, e, *conflict.Current, "title").Text != "renamed" {
		t.Fatalf("stale save: %v", err)
	}
	if v := queryText(t, db, `SELECT title FROM doc WHERE id = 1`); v != "renamed" {
		t.Errorf("a conflicting save wrote %q", v)
	}

	// A refused value writes none of the form's changes and names its
	// column.
	form = shown(e, got)
	form["score"], form["title"] = text("99"), text(strings.Repeat("x", 30))
	_, _, err = e.UpdateRow(ctx, target(got), form)
	var refused *rows.ConstraintError
	if !errors.As(err, &refused) || refused.Column != "title" || refused.Kind != rows.ViolationCheck {
		t.Fatalf("refused save: %v (%+v)", err, refused)
	}
	if v := queryText(t, db, `SELECT score FROM doc WHERE id = 1`); v != "11" {
		t.Errorf("a refused save wrote score = %s", v)
	}

	// The key itself can change; the row comes back under its new key.
	form = shown(e, got)
	form["id"] = text("10")
	moved, set, err := e.UpdateRow(ctx, target(got), form)
	if err != nil || !slices.Equal(set, []string{"id"}) || moved.Key[0].Text != "10" {
		t.Fatalf("key change: %v %v %+v", set, err, moved.Key)
	}

	// Computed columns and defaults are refused before anything runs.
	if _, _, err := e.UpdateRow(ctx, target(moved), map[string]rows.Input{"twice": text("1")}); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("computed column: %v", err)
	}
	if _, _, err := e.UpdateRow(ctx, target(moved), map[string]rows.Input{"score": {Default: true}}); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("default: %v", err)
	}
}

func queryText(t *testing.T, db *database.DB, q string) string {
	t.Helper()
	var s *string
	if err := db.QueryRowContext(context.Background(), q).Scan(&s); err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return "<NULL>"
	}
	return *s
}

func TestInputSameAndFingerprint(t *testing.T) {
	text := &rows.Column{Kind: rows.KindText}
	flag := &rows.Column{Kind: rows.KindBool}
	cases := []struct {
		c    *rows.Column
		in   rows.Input
		v    rows.Value
		same bool
	}{
		{text, rows.Input{Text: "a\r\nb"}, rows.Value{Text: "a\nb"}, true},
		{text, rows.Input{Text: "a\r\nb"}, rows.Value{Text: "a\r\nb"}, true},
		{text, rows.Input{Text: ""}, rows.Value{Null: true}, false},
		{text, rows.Input{Null: true}, rows.Value{Null: true}, true},
		{text, rows.Input{Text: "A"}, rows.Value{Text: "a"}, false},
		{flag, rows.Input{Text: "true"}, rows.Value{Kind: rows.KindInt, Text: "1"}, true},
		{flag, rows.Input{Text: "false"}, rows.Value{Kind: rows.KindBool, Text: "f"}, true},
		{flag, rows.Input{Text: "false"}, rows.Value{Kind: rows.KindBool, Text: "t"}, false},
		{text, rows.Input{Text: `\x0aff`}, rows.Value{Kind: rows.KindBinary, Text: "\n\xff"}, true},
	}
	for _, tc := range cases {
		if got := tc.in.Same(tc.c, tc.v); got != tc.same {
			t.Errorf("%+v same as %+v: %v, want %v", tc.in, tc.v, got, tc.same)
		}
		if fp := rows.Fingerprint(tc.c, tc.in) == rows.Fingerprint(tc.c, rows.ValueInput(tc.v)); fp != tc.same {
			t.Errorf("%+v fingerprint equal to %+v's: %v, want %v", tc.in, tc.v, fp, tc.same)
		}
	}
}
