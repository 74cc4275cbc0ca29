package rows_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"studio/database"
	"studio/introspect"
	"studio/rows"
)

// eventsFixture: an integer epoch column in milliseconds, one in seconds,
// an integer column that holds no times, a CHECK-IN list and a unique
// column.
func eventsFixture(dialect database.Dialect) []string {
	typ := "integer"
	if dialect == "postgres" {
		typ = "bigint"
	}
	return []string{
		`CREATE TABLE events (id integer PRIMARY KEY, created_at ` + typ + `, seen_at ` + typ + `, updated_at ` + typ + `,
		  role text NOT NULL CHECK (role IN ('member', 'moder''ator', 'admin')), code text UNIQUE, color text CHECK (length(color) = 7))`,
		`INSERT INTO events VALUES
		 (1, 1738368000000, 1738368000, 5, 'member', 'a', NULL),
		 (2, 1738454400000, 1738454400, 6, 'admin', 'b', NULL),
		 (3, 1740787200000, 1740787200, 7, 'moder''ator', 'c', NULL)`,
	}
}

func TestTypedFiltersConvertEpochDatesAndRefuseMisfits(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db := openDB(t, dialect, eventsFixture(dialect)...)
			tb := tableOf(t, db, schemaOf(dialect), "events")
			if got := tb.Column("role").Choices; !slices.Equal(got, []string{"member", "moder'ator", "admin"}) {
				t.Errorf("role choices %q", got)
			}
			if !tb.Column("code").Unique || tb.Column("role").Unique || !tb.Column("id").Unique {
				t.Error("code and id are unique, role is not")
			}
			if len(tb.Column("color").Checks) != 1 || tb.Column("color").Choices != nil {
				t.Errorf("color checks %q choices %q", tb.Column("color").Checks, tb.Column("color").Choices)
			}
			for raw, want := range map[string][]string{
				// 2025-02-01T00:00Z is 1738368000 s: dates compare in UTC.
				"lt.created_at=2025-02-01":                       nil,
				"le.created_at=2025-02-01":                       {"1"},
				"gt.created_at=2025-02-01":                       {"2", "3"},
				"between.created_at=2025-02-01,2025-02-02T00:00": {"1", "2"},
				"ge.seen_at=2025-02-02T00:00:00Z":                {"2", "3"},
				"eq.seen_at=2025-02-01T01:00:00%2B01:00":         {"1"},
				"gt.created_at=1738368000000":                    {"2", "3"},
				"between.id=2,3":                                 {"2", "3"},
				"in.role=admin,member":                           {"1", "2"},
				"eq.role=moder'ator":                             {"3"},
				"between.code=b,c":                               {"2", "3"},
			} {
				v, _ := url.ParseQuery(raw)
				q, err := rows.ParseQuery(v, tb)
				if err != nil {
					t.Errorf("%s: %v", raw, err)
					continue
				}
				p, err := tb.Fetch(context.Background(), db, q)
				if err != nil {
					t.Errorf("%s: %v", raw, err)
					continue
				}
				if got := ids(t, p); !slices.Equal(got, want) {
					t.Errorf("%s: rows %v, want %v", raw, got, want)
				}
				if p.Query.Encode() != q.Encode() {
					t.Errorf("%s: the page's query %q must keep the typed form", raw, p.Query.Encode())
				}
				if n, err := tb.CountRows(context.Background(), db, q.Filters, 0, 0); err != nil || n.Value != int64(len(want)) {
					t.Errorf("%s: count %v %v", raw, n, err)
				}
			}
			for raw, why := range map[string]string{
				"eq.id=abc":                        `"abc" is not a whole number`,
				"in.id=1,x":                        `"x" is not a whole number`,
				"lt.created_at=yesterday":          `neither a whole number nor a date`,
				"gt.created_at=2025-02-30":         `neither a whole number nor a date`,
				"eq.role=owner":                    `not one of the values its CHECK allows`,
				"between.id=1":                     `two values`,
				"between.id=1,":                    `two values`,
				"between.created_at=2025-01-01,zz": `neither a whole number nor a date`,
			} {
				v, _ := url.ParseQuery(raw)
				q, err := rows.ParseQuery(v, tb)
				var fe *rows.FilterError
				if !errors.As(err, &fe) || !errors.Is(err, rows.ErrBadQuery) || !strings.Contains(fe.Reason, why) {
					t.Errorf("%s: %v, want a FilterError saying %q", raw, err, why)
					continue
				}
				if fe.Column != strings.SplitN(strings.SplitN(raw, "=", 2)[0], ".", 2)[1] || len(q.Filters) != 1 || q.Filters[fe.Index].Value == "" && !strings.HasSuffix(raw, "=") {
					t.Errorf("%s: error %+v, filters kept %+v", raw, fe, q.Filters)
				}
			}
			// A date in an integer column named like a time whose values are
			// no epoch times is refused when the values are read.
			v, _ := url.ParseQuery("gt.updated_at=2025-01-01")
			q, err := rows.ParseQuery(v, tb)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tb.Fetch(context.Background(), db, q)
			var fe *rows.FilterError
			if !errors.As(err, &fe) || fe.Column != "updated_at" || !strings.Contains(fe.Reason, "not epoch") {
				t.Errorf("a date for updated_at: %v", err)
			}
		})
	}
}

func TestTypedFilterValuesPerType(t *testing.T) {
	db := openDB(t, "postgres", typedFixture("postgres")...)
	tb := tableOf(t, db, "public", "typed")
	for raw, ok := range map[string]bool{
		"eq.n=1.5": true, "eq.n=abc": false, "lt.f=1e3": true, "lt.f=0x10": false,
		"gt.ts=2024-03-01": true, "gt.ts=2024-03-01T10:00": true, "gt.ts=2024-03-01 10:00:00%2B02": true, "gt.ts=infinity": true,
		"gt.ts=March": false, "eq.u=a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11": true, "eq.u=nope": false,
		"in.e=happy,angry": false, "lt.e=ok": true, "between.e=sad,ok": true, "eq.b=yes": false,
		"contains.t=anything": true, "between.b=true,false": false, "between.j=1,2": false,
	} {
		v, _ := url.ParseQuery(raw)
		_, err := rows.ParseQuery(v, tb)
		if (err == nil) != ok {
			t.Errorf("%s: err %v, want ok %v", raw, err, ok)
		}
		if err != nil && !errors.Is(err, rows.ErrBadQuery) {
			t.Errorf("%s: %v is not a bad query", raw, err)
		}
	}
}

// TestFormRulesFromChecks: the simple CHECK forms become rules a browser
// checks (lengths, ranges, patterns), read from SQLite's text and from
// PostgreSQL's printed form; references list the rows a key may take.
func TestFormRulesFromChecks(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			pattern := `GLOB '#[0-9a-f][0-9a-f][0-9a-f]'`
			if dialect == "postgres" {
				pattern = `~ '^#[0-9a-f]{3}$'`
			}
			db := openDB(t, dialect,
				`CREATE TABLE people (id text PRIMARY KEY, name text NOT NULL)`,
				`INSERT INTO people VALUES ('u1', 'Ada'), ('u2', 'Grace'), ('x_1', 'Barbara')`,
				`CREATE TABLE tags (id integer PRIMARY KEY, title varchar(80) CHECK (length(title) BETWEEN 1 AND 60),
				  rating integer CHECK (rating BETWEEN 1 AND 5), stock integer CHECK (stock > 0), price real CHECK (price > 0),
				  color text CHECK (color `+pattern+`), flag integer CHECK (flag IN (0, 1)),
				  owner text REFERENCES people (id))`)
			tb := tableOf(t, db, schemaOf(dialect), "tags")
			for col, want := range map[string]rows.Rules{
				"title":  {MinLen: 1, MaxLen: 60},
				"rating": {Min: "1", Max: "5"},
				"stock":  {Min: "1"},
				"price":  {},
				"flag":   {},
			} {
				if got := tb.Column(col).Rules; got != want {
					t.Errorf("%s: rules %+v, want %+v", col, got, want)
				}
			}
			if got := tb.Column("color").Rules.Pattern; got != "#[0-9a-f][0-9a-f][0-9a-f]" && got != "#[0-9a-f]{3}" {
				t.Errorf("color pattern %q", got)
			}
			if got := tb.Column("flag").Choices; !slices.Equal(got, []string{"0", "1"}) {
				t.Errorf("flag choices %q", got)
			}
			m := modelOf(t, db)
			for q, want := range map[string][]rows.RefOption{
				"":     {{Key: "u1", Label: "Ada"}, {Key: "x_1", Label: "Barbara"}, {Key: "u2", Label: "Grace"}},
				"gra":  {{Key: "u2", Label: "Grace"}},
				"x_":   {{Key: "x_1", Label: "Barbara"}},
				"u":    {{Key: "u1", Label: "Ada"}, {Key: "u2", Label: "Grace"}},
				"%":    nil,
				"nope": nil,
			} {
				got, err := tb.RefOptions(context.Background(), db, m, "owner", q)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("refs %q: %v %v, want %v", q, got, err, want)
				}
			}
			if _, err := tb.RefOptions(context.Background(), db, m, "title", ""); !errors.Is(err, rows.ErrBadQuery) {
				t.Errorf("refs of a column without a key: %v", err)
			}
		})
	}
}

func modelOf(t *testing.T, db *database.DB) *introspect.Model {
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

// TestSQLiteTextDatesCompareAsTimes: SQLite compares dates stored as text
// as text; a picker's "2025-02-01T10:00" is written as the column writes
// its values (a space or a T, seconds), so it finds the right rows.
func TestSQLiteTextDatesCompareAsTimes(t *testing.T) {
	db := openDB(t, "sqlite",
		`CREATE TABLE spaced (id integer PRIMARY KEY, at datetime)`,
		`INSERT INTO spaced VALUES (1, '2025-02-01 09:00:00'), (2, '2025-02-01 10:00:00'), (3, '2025-02-01 23:00:00')`,
		`CREATE TABLE iso (id integer PRIMARY KEY, at datetime)`,
		`INSERT INTO iso VALUES (1, '2025-02-01T09:00:00Z'), (2, '2025-02-01T10:00:00Z'), (3, '2025-02-01T23:00:00Z')`)
	for _, table := range []string{"spaced", "iso"} {
		tb := tableOf(t, db, "main", table)
		for raw, want := range map[string][]string{
			"ge.at=2025-02-01T10:00":                    {"2", "3"},
			"le.at=2025-02-01 10:00":                    {"1", "2"},
			"between.at=2025-02-01T09:30,2025-02-01T12": {"2"},
		} {
			v, _ := url.ParseQuery(raw)
			q, err := rows.ParseQuery(v, tb)
			if err != nil {
				if raw == "between.at=2025-02-01T09:30,2025-02-01T12" {
					continue // "2025-02-01T12" is no date-time: refused, as it should be
				}
				t.Fatalf("%s: %v", raw, err)
			}
			p, err := tb.Fetch(context.Background(), db, q)
			if err != nil {
				t.Fatalf("%s %s: %v", table, raw, err)
			}
			if table == "iso" && raw == "le.at=2025-02-01 10:00" {
				want = []string{"1"} // "…T10:00:00Z" sorts after "…T10:00:00": a zone stored is text too
			}
			if got := ids(t, p); !slices.Equal(got, want) {
				t.Errorf("%s %s: %v, want %v", table, raw, got, want)
			}
		}
	}
}
