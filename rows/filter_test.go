package rows_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"studio/database"
	"studio/rows"
)

func typedFixture(dialect database.Dialect) []string {
	if dialect == "postgres" {
		return []string{
			`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`,
			`CREATE TABLE typed (id bigint PRIMARY KEY, n numeric, f float8, b boolean, t text, ts timestamptz, e mood, j jsonb, u uuid, by bytea, arr int[])`,
			`INSERT INTO typed VALUES
			 (1, 1.5, 0.5, true, 'apple', '2024-01-01 00:00:00+00', 'happy', '{"k":1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00', '{1,2}'),
			 (2, 10, 2.5, false, 'Banana_%', '2024-06-01 00:00:00+00', 'sad', '[1,2]', NULL, NULL, NULL),
			 (3, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, NULL),
			 (4, 99999999999999999999.5, -1, true, 'cherry, pie', '2025-01-01 00:00:00+00', 'happy', '{"k":"apple"}', NULL, NULL, NULL)`,
		}
	}
	return []string{
		`CREATE TABLE typed (id integer PRIMARY KEY, n numeric, f real, b boolean, t text, ts text, j json, by blob)`,
		`INSERT INTO typed VALUES
		 (1, 1.5, 0.5, 1, 'apple', '2024-01-01 00:00:00+00', '{"k":1}', x'00'),
		 (2, 10, 2.5, 0, 'Banana_%', '2024-06-01 00:00:00+00', '[1,2]', NULL),
		 (3, NULL, NULL, NULL, '', NULL, NULL, NULL),
		 (4, 99999999999999999999.5, -1, 1, 'cherry, pie', '2025-01-01 00:00:00+00', '{"k":"apple"}', NULL)`,
	}
}

func ids(t *testing.T, p *rows.Page) []string {
	t.Helper()
	var out []string
	for _, r := range p.Rows {
		out = append(out, r.Values[0].Text)
	}
	return out
}

func TestFiltersOfEveryOperator(t *testing.T) {
	common := map[string][]string{
		"eq.t=apple":              {"1"},
		"ne.t=apple":              {"2", "3", "4"},
		"lt.n=10":                 {"1"},
		"le.n=10":                 {"1", "2"},
		"gt.n=10":                 {"4"},
		"ge.n=1.5":                {"1", "2", "4"},
		"lt.f=0.5":                {"4"},
		"contains.t=AN":           {"2"},
		"contains.t=_%25":         {"2"},
		"contains.t=%25":          {"2"},
		"starts.t=b":              {"2"},
		"like.t=%25e%25":          {"1", "4"},
		"null.n=":                 {"3"},
		"notnull.n=":              {"1", "2", "4"},
		`in.t=apple,cherry\,+pie`: {"1", "4"},
		"eq.b=true":               {"1", "4"},
		"eq.b=false":              {"2"},
		"gt.ts=2024-03-01":        {"2", "4"},
		"contains.j=apple":        {"4"},
		"null.by=":                {"2", "3", "4"},
		"eq.t=":                   {"3"},
		"gt.id=1&lt.id=4":         {"2", "3"},
		"ge.id=2&ge.id=3":         {"3", "4"},
		"sort=-n&notnull.n=":      {"4", "2", "1"},
	}
	pgOnly := map[string][]string{
		"ilike.t=b%25":   {"2"},
		"like.t=b%25":    nil,
		"eq.e=happy":     {"1", "4"},
		"in.e=happy,sad": {"1", "2", "4"},
		"lt.e=happy":     {"2"},
		"eq.u=a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11": {"1"},
		"contains.arr=2":                 {"1"},
		"ge.ts=2024-06-01+02:00:00%2B02": {"2", "4"},
	}
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db := openDB(t, dialect, typedFixture(dialect)...)
			tb := tableOf(t, db, schemaOf(dialect), "typed")
			cases := common
			if dialect == "postgres" {
				cases = merge(common, pgOnly)
			}
			for raw, want := range cases {
				v, err := url.ParseQuery(raw)
				if err != nil {
					t.Fatal(err)
				}
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
			}
		})
	}
}

func merge(a, b map[string][]string) map[string][]string {
	out := map[string][]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func TestFilterMistakesAreBadQueries(t *testing.T) {
	db := openDB(t, "postgres", typedFixture("postgres")...)
	tb := tableOf(t, db, "public", "typed")
	for _, raw := range []string{"lt.by=x", "eq.b=maybe", "eq.e=angry", "eq.nope=1", "sort=nope", "limit=0", "limit=5000", "lt.j=1", "after=x&before=y"} {
		v, _ := url.ParseQuery(raw)
		if _, err := rows.ParseQuery(v, tb); !errors.Is(err, rows.ErrBadQuery) {
			t.Errorf("%s: err %v, want ErrBadQuery", raw, err)
		}
	}
	// A value PostgreSQL cannot read as the column's type is refused by
	// the database, not guessed at.
	v, _ := url.ParseQuery("eq.n=abc")
	q, err := rows.ParseQuery(v, tb)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Fetch(context.Background(), db, q); err == nil || !strings.Contains(err.Error(), "invalid input syntax") {
		t.Errorf("eq.n=abc: %v", err)
	}
}

func TestValuesAsTheDatabasePrintsThem(t *testing.T) {
	db := openDB(t, "postgres", typedFixture("postgres")...)
	tb := tableOf(t, db, "public", "typed")
	p, err := tb.Fetch(context.Background(), db, rows.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for i, c := range tb.Columns {
		got[c.Name] = p.Rows[0].Values[i].String()
	}
	for col, want := range map[string]string{
		"n": "1.5", "b": "true", "ts": "2024-01-01 00:00:00+00", "e": "happy", "j": `{"k": 1}`,
		"u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "by": `\x00`, "arr": "{1,2}",
	} {
		if got[col] != want {
			t.Errorf("%s = %q, want %q", col, got[col], want)
		}
	}
	big := p.Rows[3].Values[1]
	if big.Text != "99999999999999999999.5" {
		t.Errorf("numeric lost digits: %q", big.Text)
	}
	if b, _ := big.MarshalJSON(); string(b) != `"99999999999999999999.5"` {
		t.Errorf("numeric JSON %s, want a string", b)
	}
	if p.Rows[2].Values[4].Null || p.Rows[2].Values[4].Text != "" || !p.Rows[2].Values[1].Null {
		t.Error("NULL and '' must stay apart")
	}
}

// TestStreamPGReportsBindErrorsBeforeColumns: a value PostgreSQL refuses
// as a parameter fails the stream before the sink hears of any column
// (an export would otherwise have started a 200 answer for an error).
func TestStreamPGReportsBindErrorsBeforeColumns(t *testing.T) {
	db := openDB(t, "postgres", `CREATE TABLE n (id int PRIMARY KEY)`)
	announced := false
	err := rows.WithPG(context.Background(), db, func(c *pgx.Conn) error {
		return rows.StreamPG(context.Background(), c, "SELECT id FROM n WHERE id = $1", []any{"abc"}, rows.Sink{
			Columns: func([]rows.ResultColumn) error { announced = true; return nil },
			Row:     func([]rows.Value) error { return nil },
		})
	})
	if err == nil || announced {
		t.Fatalf("err %v, columns announced %v", err, announced)
	}
}
