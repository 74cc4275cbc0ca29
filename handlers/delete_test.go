package handlers_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/internal/pgtest"
)

// consequencesSQL: users own instances (CASCADE) holding comments
// (CASCADE), write messages (SET NULL) and create tags (NO ACTION); user
// 1 has a tag, user 2 none.
const consequencesSQL = `
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE instances (id integer PRIMARY KEY, owner_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE);
CREATE TABLE comments (id integer PRIMARY KEY, instance_id integer NOT NULL REFERENCES instances (id) ON DELETE CASCADE);
CREATE TABLE messages (id integer PRIMARY KEY, author_id integer REFERENCES users (id) ON DELETE SET NULL);
CREATE TABLE tags (id integer PRIMARY KEY, created_by integer REFERENCES users (id));
INSERT INTO users VALUES (1, 'ada'), (2, 'bob'), (3, 'cy');
INSERT INTO instances VALUES (10, 1), (11, 1), (20, 2);
INSERT INTO comments VALUES (100, 10), (101, 10), (102, 11), (200, 20), (201, 20);
INSERT INTO messages VALUES (1000, 1), (1001, 2), (1002, 2), (1003, 2);
INSERT INTO tags VALUES (1, 1);
`

// consequencesDB opens a database of the dialect with consequencesSQL;
// schema is where its tables are.
func consequencesDB(t *testing.T, dialect database.Dialect) (*database.DB, string) {
	t.Helper()
	tg, schema := database.Target{Dialect: database.SQLite, Path: filepath.Join(t.TempDir(), "c.db")}, "main"
	if dialect == database.Postgres {
		var err error
		if tg, err = database.Parse(pgtest.NewDatabase(t)); err != nil {
			t.Fatal(err)
		}
		schema = "public"
	}
	db, err := database.Open(context.Background(), tg, database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(context.Background(), consequencesSQL); err != nil {
		t.Fatal(err)
	}
	return db, schema
}

// userTarget is the delete form's row value of one user, from the grid.
func userTarget(t *testing.T, app *fiber.App, grid, id string) string {
	t.Helper()
	targets := gridTargets(t, app, grid+"?eq.id="+id)
	if len(targets) != 1 {
		t.Fatalf("user %s: targets %v", id, targets)
	}
	return targets[0]
}

// TestDeleteConfirmationStatesConsequences: GET on the delete route, with
// the fields the delete form posts, names per referencing table what
// happens and to how many rows, says when the database would refuse, and
// deletes nothing; as a page, or as the dialog's fragment for htmx.
func TestDeleteConfirmationStatesConsequences(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db, schema := consequencesDB(t, dialect)
			app := mustApp(t, db, handlers.Options{})
			grid := "/schema/" + schema + "/table/users/rows"
			ada, bob := userTarget(t, app, grid, "1"), userTarget(t, app, grid, "2")
			del := grid[:len(grid)-len("/rows")] + "/rows/delete?"

			resp, body := do(t, app, "GET", del+url.Values{"row": {bob}, "q": {"sort=id"}}.Encode(), nil, nil)
			page := parse(t, body)
			if resp.StatusCode != 200 || !page.has("main #delete-confirm") {
				t.Fatalf("confirmation page: %d %s", resp.StatusCode, body)
			}
			effects := map[string]string{}
			page.doc.Find(`[data-testid="delete-effect"]`).Each(func(_ int, s *goquery.Selection) {
				effects[s.AttrOr("data-table", "")+" "+s.AttrOr("data-action", "")] = words(s)
			})
			for key, want := range map[string]string{
				"instances cascade": "deletes 1 row of instances",
				"comments cascade":  "deletes 2 rows of comments",
				"messages set null": "sets author_id to NULL in 3 rows of messages",
			} {
				if !strings.Contains(effects[key], want) {
					t.Errorf("%s: %q, want %q", key, effects[key], want)
				}
			}
			if len(effects) != 3 || page.has(`[data-testid="delete-blocked"]`) || !page.has(`[data-testid="delete-confirm-button"]`) {
				t.Errorf("bob's delete: effects %v", effects)
			}
			if v := page.attrs(`[data-testid="delete-form"] input[name="row"]`, "value"); len(v) != 1 || v[0] != bob ||
				page.attr(`[data-testid="delete-form"]`, "method") != "post" || page.value(`[data-testid="delete-form"] input[name="q"]`) != "sort=id" {
				t.Errorf("the confirmation's form does not post the same fields: %v", v)
			}

			// Ada has a tag (NO ACTION): the page says the delete would be
			// refused and offers no Delete button; as the dialog's fragment.
			resp, body = do(t, app, "GET", del+url.Values{"row": {ada}}.Encode(), nil, map[string]string{"HX-Request": "true"})
			frag := parse(t, body)
			if resp.StatusCode != 200 || frag.has("main") || !frag.has("#delete-confirm") {
				t.Fatalf("fragment: %d %s", resp.StatusCode, body)
			}
			if !strings.Contains(frag.text(`[data-testid="delete-blocked"]`), "1 row of tags still references it") ||
				frag.has(`[data-testid="delete-confirm-button"]`) {
				t.Errorf("blocked delete: %s", frag.text("#delete-confirm"))
			}
			// Cy: nothing references them.
			_, body = do(t, app, "GET", del+url.Values{"row": {userTarget(t, app, grid, "3")}}.Encode(), nil, nil)
			if !parse(t, body).has(`[data-testid="delete-no-effects"]`) {
				t.Errorf("unreferenced row: %s", parse(t, body).text("#delete-confirm"))
			}
			if resp, _ := do(t, app, "GET", del, nil, nil); resp.StatusCode != 400 {
				t.Errorf("no rows named: status %d", resp.StatusCode)
			}
			// GET never deletes.
			if n := queryString(t, db, "SELECT count(*) FROM users"); n != "3" {
				t.Fatalf("GET deleted rows: %s users left", n)
			}
			// What was stated is what the delete does.
			resp, _ = post(t, app, del[:len(del)-1], url.Values{"row": {bob}, "q": {"sort=id"}})
			if resp.StatusCode != 303 {
				t.Fatalf("delete: %d", resp.StatusCode)
			}
			for q, want := range map[string]string{"SELECT count(*) FROM instances": "2", "SELECT count(*) FROM comments": "3",
				"SELECT count(*) FROM messages WHERE author_id IS NULL": "3"} {
				if got := queryString(t, db, q); got != want {
					t.Errorf("%s = %s, want %s", q, got, want)
				}
			}
		})
	}
}
