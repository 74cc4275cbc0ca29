package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
)

// browserForm is what a browser submits from the form sel matches: its
// action, and every named field (checkboxes when ticked, a select's
// chosen option, a textarea's text).
func browserForm(t *testing.T, d dom, sel string) (string, url.Values) {
	t.Helper()
	form := d.doc.Find(sel).First()
	if form.Length() == 0 {
		t.Fatalf("no form %s", sel)
	}
	v := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, f *goquery.Selection) {
		name := f.AttrOr("name", "")
		switch {
		case name == "":
		case f.Is("textarea"):
			v.Add(name, f.Text())
		case f.Is("select"):
			opt := f.Find("option[selected]")
			if opt.Length() == 0 {
				opt = f.Find("option").First()
			}
			v.Add(name, opt.AttrOr("value", ""))
		case f.Is(`[type="checkbox"]`):
			if _, on := f.Attr("checked"); on {
				v.Add(name, f.AttrOr("value", "on"))
			}
		default:
			v.Add(name, f.AttrOr("value", ""))
		}
	})
	return form.AttrOr("action", ""), v
}

// editForm opens the row page at rowURL, follows its Edit link and
// returns the form's action and fields.
func editForm(t *testing.T, app *fiber.App, rowURL string) (string, url.Values) {
	t.Helper()
	_, body := do(t, app, "GET", rowURL, nil, nil)
	edit := parse(t, body).attr(`a[data-testid="edit-row"]`, "href")
	if edit == "" {
		t.Fatalf("%s offers no Edit link", rowURL)
	}
	_, body = do(t, app, "GET", edit, nil, nil)
	return browserForm(t, parse(t, body), `form[data-testid="row-form"]`)
}

// postForm posts a form as a browser does without JavaScript.
func postForm(t *testing.T, app *fiber.App, action string, form url.Values) (*http.Response, string) {
	t.Helper()
	return do(t, app, "POST", action, strings.NewReader(form.Encode()), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://" + testAddr, "Sec-Fetch-Site": "same-origin"})
}

// updates counts the UPDATE statements run on posts (a trigger logs them).
func updates(t *testing.T, db *database.DB) string {
	t.Helper()
	return queryString(t, db, "SELECT CAST(count(*) AS TEXT) FROM upd")
}

func logUpdates(t *testing.T, db *database.DB) {
	t.Helper()
	ddl := `CREATE TABLE upd (n INTEGER); CREATE TRIGGER posts_upd AFTER UPDATE ON posts BEGIN INSERT INTO upd VALUES (1); END;`
	if db.Dialect() == database.Postgres {
		ddl = `CREATE TABLE upd (n integer);
		  CREATE FUNCTION log_upd() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO upd VALUES (1); RETURN NEW; END $$;
		  CREATE TRIGGER posts_upd AFTER UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION log_upd();`
	}
	if _, err := db.ExecContext(context.Background(), ddl); err != nil {
		t.Fatal(err)
	}
}

func TestRowEditSQLite(t *testing.T) {
	db := mustEditSQLite(t)
	logUpdates(t, db)
	app := mustApp(t, db, handlers.Options{})
	const row1 = "/schema/main/table/posts/row?eq.id=1"

	action, form := editForm(t, app, row1)
	if action != row1+"&edit=1" || form.Get("val:flag") != "true" || form.Get("val:body") != "hello" || form.Get("v") == "" {
		t.Fatalf("form %s %v", action, form)
	}
	// Saving it untouched writes nothing, and says so.
	resp, _ := postForm(t, app, action, form)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != row1+"&saved=" || updates(t, db) != "0" {
		t.Fatalf("untouched save: %d %s, %s updates", resp.StatusCode, loc, updates(t, db))
	}
	_, body := do(t, app, "GET", row1+"&saved=", nil, nil)
	if !parse(t, body).hasText(`[data-testid="row-saved"][role="status"][autofocus]`, "Nothing to save: no value was changed.") {
		t.Errorf("notice after an untouched save: %s", body)
	}

	// Two fields changed: one UPDATE of those two; the boolean stays 1.
	form.Set("val:body", "edited <b>here</b>")
	form.Set("val:score", "6")
	resp, _ = postForm(t, app, action, form)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != row1+"&saved=body&saved=score" {
		t.Fatalf("save: %d %s", resp.StatusCode, loc)
	}
	if got := queryString(t, db, "SELECT body || '|' || score || '|' || flag FROM posts WHERE id = 1"); got != "edited <b>here</b>|6|1" || updates(t, db) != "1" {
		t.Errorf("stored %s after %s updates", got, updates(t, db))
	}
	_, body = do(t, app, "GET", row1+"&saved=body&saved=score", nil, nil)
	if page := parse(t, body); !page.hasText(`[data-testid="row-saved"]`, "Saved body, score.") || page.has("td b") || !page.shows("edited <b>here</b>") {
		t.Errorf("notice after the save: %s", body)
	}

	// CRLF kept, NULL by its toggle.
	_, form3 := editForm(t, app, "/schema/main/table/posts/row?eq.id=3")
	if form3.Get("nl:body") != "crlf" {
		t.Fatalf("the CRLF value is not marked: %v", form3)
	}
	form3.Set("val:body", "line 1\r\nline two")
	form3.Del("null:flag") // NULL unticked: the select's value, true, counts
	if resp, body := postForm(t, app, "/schema/main/table/posts/row?eq.id=3&edit=1", form3); resp.StatusCode != 303 {
		t.Fatalf("CRLF save: %d %s", resp.StatusCode, body)
	}
	if got := queryString(t, db, "SELECT hex(body) || '|' || quote(flag) FROM posts WHERE id = 3"); got != strings.ToUpper("6c696e6520310d0a6c696e652074776f")+"|1" {
		t.Errorf("stored %s (want CRLF kept, flag from the select: true)", got)
	}
	_, form2 := editForm(t, app, "/schema/main/table/posts/row?eq.id=2")
	form2.Set("null:body", "1")
	if resp, _ := postForm(t, app, "/schema/main/table/posts/row?eq.id=2&edit=1", form2); resp.StatusCode != 303 ||
		queryString(t, db, "SELECT quote(body) FROM posts WHERE id = 2") != "NULL" {
		t.Errorf("NULL save: %d", resp.StatusCode)
	}
}

// TestRowEditConflictAndRefusal: a row changed since the form was shown
// is a 409 that writes nothing and shows the row as it is now with the
// person's own change kept; a refused value is a 422 naming its column.
func TestRowEditConflictAndRefusal(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db, schema := mustEditSQLite(t), "main"
			if dialect == database.Postgres {
				db, schema = openPG(t, `
					CREATE TABLE users (id text PRIMARY KEY);
					CREATE TABLE posts (id integer PRIMARY KEY, author_id text NOT NULL REFERENCES users(id),
					  body text CHECK (length(body) < 40), score integer DEFAULT 0, flag boolean,
					  twice integer GENERATED ALWAYS AS (score * 2) STORED);
					INSERT INTO users VALUES ('u1'), ('u2');
					INSERT INTO posts (id, author_id, body, score, flag) VALUES (1, 'u1', 'hello', 5, true), (2, 'u2', 'world', 0, false);`), "public"
			}
			app := mustApp(t, db, handlers.Options{})
			row1 := "/schema/" + schema + "/table/posts/row?eq.id=1"
			action, form := editForm(t, app, row1)

			// Someone else changes score meanwhile; this form changes body.
			if _, err := db.ExecContext(context.Background(), "UPDATE posts SET score = 42 WHERE id = 1"); err != nil {
				t.Fatal(err)
			}
			form.Set("val:body", "mine")
			resp, body := postForm(t, app, action, form)
			page := parse(t, body)
			if resp.StatusCode != 409 || !page.has(`[data-testid="row-conflict"][role="alert"][autofocus]`) {
				t.Fatalf("conflict: %d %s", resp.StatusCode, body)
			}
			if changed := words(page.doc.Find(`[data-testid="row-changed"]`)); changed != "score is now 42" {
				t.Errorf("what changed meanwhile: %q", changed)
			}
			_, again := browserForm(t, page, `form[data-testid="row-form"]`)
			if again.Get("val:body") != "mine" || again.Get("val:score") != "42" || again.Get("v") == form.Get("v") {
				t.Errorf("the form after a conflict: body %q score %q", again.Get("val:body"), again.Get("val:score"))
			}
			if got := queryString(t, db, "SELECT body FROM posts WHERE id = 1"); got != "hello" {
				t.Errorf("the conflicting save wrote %q", got)
			}
			// Saved again from there, it writes the person's change over
			// the row as it is now.
			if resp, _ := postForm(t, app, action, again); resp.StatusCode != 303 ||
				queryString(t, db, "SELECT body || '/' || score FROM posts WHERE id = 1") != "mine/42" {
				t.Errorf("saving after the conflict: %d", resp.StatusCode)
			}

			// A value the CHECK refuses: 422, the column named and marked,
			// its field focused, the typed value kept, nothing written.
			action, form = editForm(t, app, row1)
			form.Set("val:body", strings.Repeat("x", 50))
			form.Set("val:score", "7")
			resp, body = postForm(t, app, action, form)
			page = parse(t, body)
			if resp.StatusCode != 422 || !strings.Contains(page.text(`[data-testid="row-error"]`), "body") ||
				!page.has(`tr.bad[data-col="body"] [name="val:body"][aria-invalid="true"][aria-describedby="row-error"][autofocus]`) {
				t.Fatalf("refusal: %d %s", resp.StatusCode, body)
			}
			if _, kept := browserForm(t, page, `form[data-testid="row-form"]`); kept.Get("val:score") != "7" || kept.Get("v") != form.Get("v") {
				t.Errorf("the refused form lost what was typed or its version: %v", kept)
			}
			if got := queryString(t, db, "SELECT CAST(score AS TEXT) FROM posts WHERE id = 1"); got != "42" {
				t.Errorf("a refused save wrote score = %s", got)
			}

			// A row deleted meanwhile: 409, nothing to edit any more.
			action, form = editForm(t, app, "/schema/"+schema+"/table/posts/row?eq.id=2")
			if _, err := db.ExecContext(context.Background(), "DELETE FROM posts WHERE id = 2"); err != nil {
				t.Fatal(err)
			}
			resp, body = postForm(t, app, action, form)
			if resp.StatusCode != 409 || !parse(t, body).has(`[data-testid="edit-problem"]`) {
				t.Errorf("deleted row: %d %s", resp.StatusCode, body)
			}
		})
	}
}

func TestRowEditPostgresTypes(t *testing.T) {
	db := openPG(t, `
		CREATE TYPE mood AS ENUM ('sad', 'ok');
		CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, doc jsonb, at timestamptz,
			raw bytea, tags int[], m mood NOT NULL DEFAULT 'ok', flag boolean, note varchar(5));
		INSERT INTO posts (doc, at, raw, tags, note, flag) VALUES ('{"a": 1}', '2024-01-01 00:00:00+00', '\x00ff', '{1,2}', 'x', false);`)
	logUpdates(t, db)
	app := mustApp(t, db, handlers.Options{})
	const row = "/schema/public/table/posts/row?eq.id=1"
	action, form := editForm(t, app, row)
	if form.Has("val:id") || form.Get("val:flag") != "false" || form.Get("val:raw") != `\x00ff` || form.Get("val:m") != "ok" {
		t.Fatalf("form %v", form)
	}
	// Untouched: no UPDATE at all.
	if resp, _ := postForm(t, app, action, form); resp.StatusCode != 303 || updates(t, db) != "0" {
		t.Fatalf("untouched: %d, %s updates", resp.StatusCode, updates(t, db))
	}
	form.Set("val:doc", `{"b": [true, null]}`)
	form.Set("val:m", "sad")
	form.Set("val:flag", "true")
	form.Set("null:note", "1")
	resp, _ := postForm(t, app, action, form)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != row+"&saved=doc&saved=m&saved=flag&saved=note" {
		t.Fatalf("save: %d %s", resp.StatusCode, loc)
	}
	got := queryString(t, db, `SELECT concat_ws('|', doc, at AT TIME ZONE 'UTC', raw, tags, m, flag, coalesce(note, 'NULL')) FROM posts`)
	if got != `{"b": [true, null]}|2024-01-01 00:00:00|\x00ff|{1,2}|sad|t|NULL` || updates(t, db) != "1" {
		t.Errorf("stored %s after %s updates", got, updates(t, db))
	}
	// The identity column is shown, not offered.
	_, body := do(t, app, "GET", row+"&edit=1", nil, nil)
	if page := parse(t, body); page.has(`[name="val:id"]`) || !page.shows("computed by the database") {
		t.Errorf("the identity column is editable: %s", body)
	}
}

// TestRowEditRefusedWhereRowsCannotChange: no form and a 403 in a
// read-only studio and on a view.
func TestRowEditRefusedWhereRowsCannotChange(t *testing.T) {
	db := mustEditSQLite(t)
	ro := mustApp(t, db, handlers.Options{ReadOnly: true})
	_, body := do(t, ro, "GET", "/schema/main/table/posts/row?eq.id=1&edit=1", nil, nil)
	if page := parse(t, body); page.has(`[data-testid="edit-row"]`) || page.has(`form[data-testid="row-form"]`) || !page.has(`[data-testid="record"]`) {
		t.Errorf("read-only studio offers the edit form: %s", body)
	}
	form := url.Values{"key": {"x"}, "v": {"y"}, "val:body": {"no"}}
	if resp, _ := postForm(t, ro, "/schema/main/table/posts/row?eq.id=1", form); resp.StatusCode != 403 {
		t.Errorf("read-only save: %d", resp.StatusCode)
	}
	app := mustApp(t, db, handlers.Options{})
	_, body = do(t, app, "GET", "/schema/main/table/recent/row?eq.id=1&edit=1", nil, nil)
	if page := parse(t, body); page.has(`form[data-testid="row-form"]`) || !page.shows("views are read-only") {
		t.Errorf("a view's row offers the edit form: %s", body)
	}
	if resp, _ := postForm(t, app, "/schema/main/table/recent/row?eq.id=1", form); resp.StatusCode != 403 {
		t.Errorf("saving a view's row: %d", resp.StatusCode)
	}
	if got := queryString(t, db, "SELECT body FROM posts WHERE id = 1"); got != "hello" {
		t.Errorf("stored %q", got)
	}
}

// TestRowEditQuotedNamesAndRowidKeys: a composite key of quoted names,
// and a table without a declared key, found by its rowid token.
func TestRowEditQuotedNamesAndRowidKeys(t *testing.T) {
	db := mustEditSQLite(t)
	if _, err := db.ExecContext(context.Background(), `CREATE TABLE "no key" ("a b" TEXT, n INTEGER); INSERT INTO "no key" VALUES ('x', 1)`); err != nil {
		t.Fatal(err)
	}
	app := mustApp(t, db, handlers.Options{})
	weird := "/schema/main/table/" + url.PathEscape(`we"ird t`) + "/row?" + url.Values{"eq.k 1": {"2"}, `eq.k"2`: {"b"}}.Encode()
	action, form := editForm(t, app, weird)
	form.Set("val:v al", "changed")
	if resp, body := postForm(t, app, action, form); resp.StatusCode != 303 || !strings.HasSuffix(resp.Header.Get("Location"), "&saved=v+al") {
		t.Fatalf("composite key: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if got := queryString(t, db, `SELECT "v al" FROM "we""ird t" WHERE "k 1" = 2`); got != "changed" {
		t.Errorf("stored %q", got)
	}

	_, grid := do(t, app, "GET", "/schema/main/table/"+url.PathEscape("no key")+"/rows", nil, nil)
	link := parse(t, grid).attr(`td.rowlink a`, "href")
	if !strings.Contains(link, "/row?key=") {
		t.Fatalf("no rowid link: %q", link)
	}
	action, form = editForm(t, app, link)
	if !strings.Contains(action, "?key=") {
		t.Fatalf("action %q", action)
	}
	form.Set("val:n", "2")
	resp, _ := postForm(t, app, action, form)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !strings.Contains(loc, "/row?key=") || !strings.HasSuffix(loc, "&saved=n") {
		t.Fatalf("rowid table: %d %s", resp.StatusCode, loc)
	}
	if got := queryString(t, db, `SELECT CAST(n AS TEXT) FROM "no key"`); got != "2" {
		t.Errorf("stored %q", got)
	}
}
