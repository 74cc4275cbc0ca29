package handlers_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"studio/database"
	"studio/handlers"
	"studio/internal/sqlitetest"
)

// typedDB is a table with a column of every type a filter checks: an
// integer key, integer epoch milliseconds (created_at), integers named
// like a time that are no epoch times (updated_at), a CHECK-IN list, a
// boolean, a float, a timestamp; on PostgreSQL an enum, a uuid and an
// array too.
func typedDB(t *testing.T, dialect string) *database.DB {
	t.Helper()
	if dialect == "postgres" {
		return openPG(t, `
			CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
			CREATE TABLE ev (id bigint PRIMARY KEY, created_at bigint, updated_at bigint,
			  role text NOT NULL CHECK (role IN ('member', 'admin')), flag boolean, score float8, ts timestamptz,
			  m mood, u uuid, arr int[]);
			INSERT INTO ev VALUES (1, 1738368000000, 5, 'member', true, 1.5, '2025-02-01 00:00:00+00', 'ok', NULL, NULL),
			  (2, 1740787200000, 6, 'admin', false, 2.5, '2025-03-01 00:00:00+00', 'sad', NULL, NULL);`)
	}
	return sqlitetest.New(t, fixtureSQL, `
		CREATE TABLE ev (id integer PRIMARY KEY, created_at integer, updated_at integer,
		  role text NOT NULL CHECK (role IN ('member', 'admin')), flag boolean, score real, ts datetime);
		INSERT INTO ev VALUES (1, 1738368000000, 5, 'member', 1, 1.5, '2025-02-01 00:00:00'),
		  (2, 1740787200000, 6, 'admin', 0, 2.5, '2025-03-01 00:00:00');`)
}

// TestEveryRefusedFilterValueIs400 walks every way a filter value can
// fail to fit its column: the grid page answers 400 with the form, the
// reason beside the condition at fault (its input marked invalid and
// described by the reason) and no rows; the JSON twin says the same.
func TestEveryRefusedFilterValueIs400(t *testing.T) {
	common := map[string]string{
		"eq.id=abc":                       `"abc" is not a whole number`,
		"in.id=1,x":                       `"x" is not a whole number`,
		"gt.created_at=yesterday":         `neither a whole number nor a date`,
		"gt.updated_at=2025-01-01":        `not epoch seconds or milliseconds`,
		"eq.role=owner":                   `not one of the values its CHECK allows (member, admin)`,
		"between.id=1":                    `two values`,
		"eq.flag=maybe":                   `true or false`,
		"lt.score=abc":                    `not a number`,
		"gt.ts=March":                     `not a date`,
		"between.created_at=2025-01-01,x": `neither a whole number nor a date`,
	}
	pgOnly := map[string]string{
		"eq.m=angry": `not a value of mood (sad, ok, happy)`,
		"eq.u=nope":  `not a UUID`,
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			app := mustApp(t, typedDB(t, dialect), handlers.Options{})
			grid := "/schema/" + map[string]string{"sqlite": "main", "postgres": "public"}[dialect] + "/table/ev/rows"
			cases := common
			if dialect == "postgres" {
				cases = merge(common, pgOnly)
			}
			for q, why := range cases {
				col := strings.SplitN(strings.SplitN(q, "=", 2)[0], ".", 2)[1]
				target := grid + "?gt.id=0&" + strings.Replace(q, ",", "%2C", 1)
				resp, body := do(t, app, "GET", target, nil, nil)
				page := parse(t, body)
				if resp.StatusCode != 400 || !page.has(`[data-testid="filters"]`) || page.has(`[data-testid="grid"] tbody tr`) {
					t.Errorf("%s: status %d, want the grid page without rows: %.300s", q, resp.StatusCode, body)
					continue
				}
				bad := `.filter.bad`
				if !strings.Contains(page.text(bad+` [data-testid="filter-problem"]`), why) ||
					page.attr(bad+` select[name="fcol"] option[selected]`, "value") != col ||
					page.attr(bad+` [name="fval"]`, "aria-invalid") != "true" ||
					page.attr(bad+` [name="fval"]`, "aria-describedby") != page.attr(bad+` [data-testid="filter-problem"]`, "id") {
					t.Errorf("%s: the reason %q must sit beside the condition on %s: %s", q, why, col, page.text(`[data-testid="filters"]`))
				}
				// The refused value stays in sight: a number input cannot
				// hold "abc" (the browser shows it empty), so it is text.
				if typ, v := page.attr(bad+` input[name="fval"]`, "type"), page.attr(bad+` input[name="fval"]`, "value"); typ == "number" {
					if _, err := strconv.ParseFloat(v, 64); err != nil {
						t.Errorf("%s: the refused value %q sits in a number input, which shows it empty", q, v)
					}
				}
				if page.count(`.filter select[name="fcol"] option[selected][value="id"]`) == 0 || page.count(`.filter.bad`) != 1 {
					t.Errorf("%s: the other condition must be kept, and only one marked", q)
				}
				resp, body = do(t, app, "GET", target, nil, map[string]string{"Accept": "application/json"})
				var got struct {
					Error  string `json:"error"`
					Status int    `json:"status"`
					Column string `json:"column"`
				}
				if err := json.Unmarshal([]byte(body), &got); err != nil || resp.StatusCode != 400 || got.Status != 400 || got.Column != col ||
					!strings.Contains(got.Error, `"`+col+`"`) || !strings.Contains(got.Error, why) {
					t.Errorf("%s JSON: %d %s", q, resp.StatusCode, body)
				}
			}
			if dialect == "postgres" {
				// A value of a type studio leaves to the database: its
				// words, on the page, at the top of the form.
				resp, body := do(t, app, "GET", grid+"?eq.arr=abc", nil, nil)
				if page := parse(t, body); resp.StatusCode != 400 || !strings.Contains(page.text(`[data-testid="filter-problem"]`), "malformed array literal") {
					t.Errorf("eq.arr=abc: %d %.300s", resp.StatusCode, body)
				}
			}
			// The count fragment and exports refuse the same values.
			for _, path := range []string{grid + "/count?eq.id=abc", strings.TrimSuffix(grid, "/rows") + "/export.csv?eq.id=abc"} {
				if resp, body := do(t, app, "GET", path, nil, nil); resp.StatusCode != 400 {
					t.Errorf("%s: %d %.200s", path, resp.StatusCode, body)
				}
			}
		})
	}
}

// TestEpochFilterKeepsTheReadableDate: a date typed into an integer
// epoch column finds the rows by its UTC time, and the URL the form
// redirects to (and the page's links) keep the date as typed.
func TestEpochFilterKeepsTheReadableDate(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			app := mustApp(t, typedDB(t, dialect), handlers.Options{})
			grid := "/schema/" + map[string]string{"sqlite": "main", "postgres": "public"}[dialect] + "/table/ev/rows"
			form := url.Values{"fcol": {"created_at", ""}, "fop": {"between", "eq"}, "fval": {"2025-02-01T00:00", ""},
				"fto": {"2025-02-15T00:00", ""}}
			resp, _ := do(t, app, "GET", grid+"?"+form.Encode(), nil, nil)
			loc := resp.Header.Get("Location")
			if resp.StatusCode != 303 || loc != grid+"?between.created_at=2025-02-01T00%3A00%2C2025-02-15T00%3A00" {
				t.Fatalf("redirect %d %q", resp.StatusCode, loc)
			}
			// Without JavaScript the second value stays hidden: "from,to"
			// typed in the first box is the same filter.
			plain := url.Values{"fcol": {"id"}, "fop": {"between"}, "fval": {"1,2"}, "fto": {""}}
			if resp, _ := do(t, app, "GET", grid+"?"+plain.Encode(), nil, nil); resp.Header.Get("Location") != grid+"?between.id=1%2C2" {
				t.Errorf("between typed in one box: %q", resp.Header.Get("Location"))
			}
			resp, body := do(t, app, "GET", loc, nil, map[string]string{"Accept": "application/json"})
			if resp.StatusCode != 200 || !strings.Contains(body, `"rows":[[1,`) || strings.Contains(body, `[2,`) {
				t.Errorf("between two dates: %d %s", resp.StatusCode, body)
			}
			_, body = do(t, app, "GET", loc, nil, nil)
			page := parse(t, body)
			if v := page.attr(`[data-testid="filter-0"] input[name="fval"]`, "value"); v != "2025-02-01T00:00" ||
				page.attr(`[data-testid="filter-0"] input[name="fval"]`, "type") != "datetime-local" ||
				page.attr(`[data-testid="filter-0"] input[name="fto"]`, "value") != "2025-02-15T00:00" {
				t.Errorf("the condition shows %q in a %q input", v, page.attr(`[data-testid="filter-0"] input[name="fval"]`, "type"))
			}
			if !strings.Contains(page.attr(`[data-testid="export-csv"]`, "href"), "between.created_at=2025-02-01") {
				t.Errorf("the export link must keep the date: %s", page.attr(`[data-testid="export-csv"]`, "href"))
			}
		})
	}
}

// TestFilterInputsFitTheColumnType: each column's condition is typed as
// the column is, in the form and in the metadata filters.js builds new
// conditions from.
func TestFilterInputsFitTheColumnType(t *testing.T) {
	app := mustApp(t, typedDB(t, "postgres"), handlers.Options{})
	_, body := do(t, app, "GET", "/schema/public/table/ev/rows?eq.role=admin&eq.flag=true&gt.score=1&gt.ts=2025-01-01&eq.m=ok&gt.created_at=2025-01-01", nil, nil)
	page := parse(t, body)
	for i, want := range []string{"select", "select", "select", "datetime-local", "number", "datetime-local"} {
		sel := `[data-testid="filter-` + string(rune('0'+i)) + `"] [name="fval"]`
		got := page.attr(sel, "type")
		if page.has(`[data-testid="filter-` + string(rune('0'+i)) + `"] select[name="fval"]`) {
			got = "select"
		}
		if got != want {
			t.Errorf("condition %d (%s): %q, want %q", i, page.attr(`[data-testid="filter-`+string(rune('0'+i))+`"] select[name="fcol"] option[selected]`, "value"), got, want)
		}
	}
	var all struct {
		Labels  map[string]string `json:"labels"`
		Columns map[string]struct {
			Input   string   `json:"input"`
			Ops     string   `json:"ops"`
			Choices []string `json:"choices"`
		} `json:"columns"`
	}
	if err := json.Unmarshal([]byte(page.attr(`[data-testid="filters"]`, "data-filter-meta")), &all); err != nil {
		t.Fatal(err)
	}
	meta := all.Columns
	if m := meta["role"]; m.Input != "select" || strings.Join(m.Choices, ",") != "member,admin" {
		t.Errorf("role: %+v", m)
	}
	if m := meta["id"]; m.Input != "number" || !strings.Contains(m.Ops, "between") || all.Labels["between"] != "between" {
		t.Errorf("id: %+v", m)
	}
	if m := meta["flag"]; m.Input != "select" || strings.Contains(m.Ops, "between") {
		t.Errorf("flag: %+v", m)
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
