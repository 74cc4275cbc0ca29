package rows_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"studio/database"
	"studio/rows"
)

// effectsFixture: users own instances (CASCADE) that hold comments
// (CASCADE), write messages (SET NULL), create tags (NO ACTION) and
// manage each other (SET NULL, a self-reference).
var effectsFixture = []string{
	`CREATE TABLE users (id integer PRIMARY KEY, manager_id integer REFERENCES users (id) ON DELETE SET NULL)`,
	`CREATE TABLE instances (id integer PRIMARY KEY, owner_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE)`,
	`CREATE TABLE comments (id integer PRIMARY KEY, instance_id integer NOT NULL REFERENCES instances (id) ON DELETE CASCADE)`,
	`CREATE TABLE messages (id integer PRIMARY KEY, author_id integer REFERENCES users (id) ON DELETE SET NULL)`,
	`CREATE TABLE tags (id integer PRIMARY KEY, created_by integer REFERENCES users (id))`,
	`INSERT INTO users VALUES (1, NULL), (2, 1), (3, 1)`,
	`INSERT INTO instances VALUES (10, 1), (11, 1), (12, 1), (20, 2)`,
	`INSERT INTO comments VALUES (100, 10), (101, 10), (102, 11), (103, 11), (104, 12), (105, 12), (200, 20)`,
	`INSERT INTO messages VALUES (1000, 1), (1001, 1), (1002, 1), (1003, 1), (1004, 2)`,
	`INSERT INTO tags VALUES (1, 1)`,
}

func TestDeleteEffectsSQLite(t *testing.T)   { deleteEffects(t, database.SQLite) }
func TestDeleteEffectsPostgres(t *testing.T) { deleteEffects(t, database.Postgres) }

// effectKey names an effect for comparison: table.key action depth.
type effectKey struct {
	table, action string
	depth         int
}

func deleteEffects(t *testing.T, dialect database.Dialect) {
	db := mustEditDB(t, dialect, effectsFixture...)
	ed := mustEditor(t, db, "users")
	m := editModel(t, db)
	byID := map[string]rows.Row{}
	for _, r := range firstRows(t, db, ed) {
		byID[cell(t, ed, r, "id").Text] = r
	}
	effects := func(ids ...string) (map[effectKey]int64, rows.Effects) {
		t.Helper()
		var keys [][]rows.Value
		for _, id := range ids {
			keys = append(keys, byID[id].Key)
		}
		es, err := ed.Table.DeleteEffects(context.Background(), db, m, keys, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got := map[effectKey]int64{}
		for _, e := range es.List {
			if !e.Rows.Exact {
				t.Errorf("%s: count not exact: %+v", e.Table, e.Rows)
			}
			got[effectKey{e.Table, e.Action, e.Depth}] = e.Rows.Value
		}
		return got, es
	}

	got, es := effects("1")
	want := map[effectKey]int64{
		{"instances", "CASCADE", 1}: 3, {"comments", "CASCADE", 2}: 6,
		{"messages", "SET NULL", 1}: 4, {"tags", "NO ACTION", 1}: 1, {"users", "SET NULL", 1}: 2,
	}
	if !reflect.DeepEqual(got, want) || !es.Blocked() || es.Partial {
		t.Errorf("delete user 1: %v (blocked %v, partial %v), want %v, blocked", got, es.Blocked(), es.Partial, want)
	}
	// Deleting a manager with one of the users they manage: that user is
	// deleted anyway, so only user 3 has their manager set to NULL.
	if got, _ := effects("1", "2"); got[effectKey{"users", "SET NULL", 1}] != 1 || got[effectKey{"comments", "CASCADE", 2}] != 7 {
		t.Errorf("delete users 1 and 2: %v", got)
	}

	got, es = effects("2")
	want = map[effectKey]int64{
		{"instances", "CASCADE", 1}: 1, {"comments", "CASCADE", 2}: 1,
		{"messages", "SET NULL", 1}: 1, {"tags", "NO ACTION", 1}: 0, {"users", "SET NULL", 1}: 0,
	}
	if !reflect.DeepEqual(got, want) || es.Blocked() {
		t.Fatalf("delete user 2: %v (blocked %v), want %v", got, es.Blocked(), want)
	}
	// What was foretold is what the delete does.
	if _, err := ed.Delete(context.Background(), []rows.Target{target(byID["2"])}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"SELECT count(*) FROM instances": "3", "SELECT count(*) FROM comments": "6",
		"SELECT count(*) FROM messages WHERE author_id IS NULL": "1",
	} {
		var n string
		if err := db.QueryRow(q).Scan(&n); err != nil || n != want {
			t.Errorf("%s = %s (%v), want %s", q, n, err, want)
		}
	}
	// The blocked delete is refused by the database too.
	if _, err := ed.Delete(context.Background(), []rows.Target{target(byID["1"])}); err == nil {
		t.Errorf("deleting user 1 succeeded despite the tag that references it")
	}
}

// TestDeleteEffectsOutOfTime: a budget already spent leaves every count
// unknown and the effects partial, not an error.
func TestDeleteEffectsOutOfTime(t *testing.T) {
	db := mustEditDB(t, database.SQLite, effectsFixture...)
	ed := mustEditor(t, db, "users")
	rs := firstRows(t, db, ed)
	es, err := ed.Table.DeleteEffects(context.Background(), db, editModel(t, db), [][]rows.Value{rs[0].Key}, time.Nanosecond)
	if err != nil {
		t.Fatal(err)
	}
	if !es.Partial || len(es.List) == 0 || es.List[0].Rows.Value != -1 || es.Blocked() {
		t.Errorf("effects out of time: %+v", es)
	}
	for _, e := range es.List {
		if e.Action == rows.ActionNoAction && !e.MayBlock() {
			t.Errorf("%s: an unknown count of a NO ACTION key may block", e.Table)
		}
	}
}
