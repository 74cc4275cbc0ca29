package handlers_test

import (
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// formsDB has what the insert form states before a submit: a required
// column, a unique one, a CHECK-IN list, a length, a range, a JSON column
// and a foreign key to a table with a label column.
func formsDB(t *testing.T, dialect string) (*database.DB, string) {
	t.Helper()
	script := `
		CREATE TABLE members (id text PRIMARY KEY, name text NOT NULL);
		INSERT INTO members VALUES ('m1', 'Ada Lovelace'), ('m2', 'Grace Hopper');
		CREATE TABLE cards (id integer PRIMARY KEY, title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
		  code varchar(12) UNIQUE, role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
		  rating integer CHECK (rating BETWEEN 1 AND 5), meta JSONTYPE, owner text REFERENCES members (id), body text);`
	if dialect == "postgres" {
		return openPG(t, strings.ReplaceAll(script, "JSONTYPE", "jsonb")), "public"
	}
	return sqlitetest.New(t, fixtureSQL, strings.ReplaceAll(script, "JSONTYPE", "json")), "main"
}

func TestInsertFormStatesTheRules(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			db, schema := formsDB(t, dialect)
			app := mustApp(t, db, handlers.Options{})
			base := "/schema/" + schema + "/table/cards"
			resp, body := do(t, app, "GET", base+"/rows/new", nil, nil)
			page := parse(t, body)
			if resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			for _, want := range []string{
				// Required: NOT NULL without a default, marked and required.
				`tr[data-col="title"] th abbr.req`, `input[name="val:title"][required][minlength="1"][maxlength="40"]`,
				// A default makes a NOT NULL column optional; its CHECK-IN a select.
				`select[name="val:role"]:not([required]) option[value="admin"]`,
				`input[name="val:code"][maxlength="12"]`, `[data-testid="hint-code"]`,
				`input[type="number"][name="val:rating"][min="1"][max="5"]`,
				`textarea[name="val:meta"][data-json]`, `textarea[name="val:body"]`,
				`input[name="val:owner"][data-fk-url][list]`,
			} {
				if !page.has(want) {
					t.Errorf("insert form lacks %s", want)
				}
			}
			if page.has(`tr[data-col="role"] abbr.req`) || page.has(`tr[data-col="code"] abbr.req`) {
				t.Error("only required columns are marked")
			}
			if h := page.text(`[data-testid="hint-code"]`); !strings.Contains(h, "unique") {
				t.Errorf("code's hint: %q", h)
			}
			hint := page.attr(`[data-testid="hint-rating"]`, "id")
			if d := page.attr(`[name="val:rating"]`, "aria-describedby"); hint == "" || !strings.Contains(d, hint) ||
				!strings.Contains(page.text(`[data-testid="hint-rating"]`), "rating") {
				t.Errorf("rating's hint %q must describe its input (%q)", hint, d)
			}
			// The picker's choices: by label or key.
			_, opts := do(t, app, "GET", page.attr(`[name="val:owner"]`, "data-fk-url")+"&q=grace", nil, nil)
			if got := parse(t, "<datalist>"+opts+"</datalist>"); got.attr(`option`, "value") != "m2" || got.attr(`option`, "label") != "Grace Hopper" || got.count("option") != 1 {
				t.Errorf("picker for grace: %s", opts)
			}
			if resp, _ := do(t, app, "GET", base+"/refs?col=title", nil, nil); resp.StatusCode != 400 {
				t.Errorf("refs of a column without a key: %d", resp.StatusCode)
			}
		})
	}
}
