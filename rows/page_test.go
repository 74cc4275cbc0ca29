package rows_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/pgtest"
	"studio/introspect"
	"studio/rows"
)

// openDB opens a fresh database of the dialect with the statements run.
func openDB(t *testing.T, dialect database.Dialect, stmts ...string) *database.DB {
	t.Helper()
	ctx := context.Background()
	addr := filepath.Join(t.TempDir(), "t.db")
	if dialect == "postgres" {
		addr = pgtest.NewDatabase(t)
	}
	tg, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, tg, database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return db
}

func tableOf(t *testing.T, db *database.DB, schema, name string) *rows.Table {
	t.Helper()
	d, err := introspect.For(db.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Inspect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := rows.NewTable(m, schema, name)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func schemaOf(dialect database.Dialect) string {
	if dialect == "postgres" {
		return "public"
	}
	return "main"
}

// pagingFixture has ties and NULLs in every sort column; the table name
// holds a quote and a space.
func pagingFixture(dialect database.Dialect) []string {
	stmts := []string{
		`CREATE TABLE "we""ird t" (a integer NOT NULL, b text NOT NULL, score integer, name text, PRIMARY KEY (a, b))`,
		`CREATE TABLE nokey (score integer, name text)`,
		`CREATE VIEW v AS SELECT a, b, score FROM "we""ird t"`,
	}
	if dialect == "sqlite" {
		stmts = append(stmts, `CREATE TABLE wr (a integer NOT NULL, b text NOT NULL, score integer, name text, PRIMARY KEY (a, b)) WITHOUT ROWID`)
	} else {
		stmts = append(stmts, `CREATE TABLE wr (a integer NOT NULL, b text NOT NULL, score integer, name text, PRIMARY KEY (a, b))`)
	}
	var vals []string
	for i := range 257 {
		score, name := "NULL", "NULL"
		if i%7 != 0 {
			score = fmt.Sprint(i % 5)
		}
		if i%3 != 0 {
			name = fmt.Sprintf("'%c'", 'a'+i%4)
		}
		vals = append(vals, fmt.Sprintf("(%d, '%c', %s, %s)", i/3, 'x'+i%3, score, name))
	}
	all := strings.Join(vals, ", ")
	return append(stmts,
		`INSERT INTO "we""ird t" VALUES `+all,
		`INSERT INTO wr VALUES `+all,
		`INSERT INTO nokey SELECT score, name FROM wr`)
}

// walk pages through q in one direction and returns each row's version
// plus key, in display order.
func walk(t *testing.T, db *database.DB, tb *rows.Table, q rows.Query, backwards bool) []string {
	t.Helper()
	var out []string
	for steps := 0; ; steps++ {
		if steps > 300 {
			t.Fatal("paging does not end")
		}
		p, err := tb.Fetch(context.Background(), db, q)
		if err != nil {
			t.Fatalf("fetch %+v: %v", q, err)
		}
		var ids []string
		for _, r := range p.Rows {
			ids = append(ids, rowID(r))
		}
		if backwards {
			out = append(ids, out...)
			if p.Prev == nil {
				return out
			}
			q = *p.Prev
			continue
		}
		out = append(out, ids...)
		if p.Next == nil {
			return out
		}
		q = *p.Next
	}
}

func rowID(r rows.Row) string {
	var parts []string
	for _, v := range append(slices.Clone(r.Values), r.Key...) {
		parts = append(parts, fmt.Sprintf("%v:%s", v.Null, v.Text))
	}
	return strings.Join(parts, "|")
}

// all reads the whole ordered result in one statement: the reference
// the pages must add up to.
func all(t *testing.T, db *database.DB, tb *rows.Table, q rows.Query) []string {
	t.Helper()
	var out []string
	n := len(tb.Columns)
	err := tb.Each(context.Background(), db, q, rows.Sink{Row: func(v []rows.Value) error {
		out = append(out, strings.Join(valueIDs(v[:n]), "|"))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func valueIDs(vs []rows.Value) []string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("%v:%s", v.Null, v.Text))
	}
	return parts
}

// withoutKey drops the pseudo key part rowID adds, to compare with all.
func withoutKey(ids []string, cols int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strings.Join(strings.Split(id, "|")[:cols], "|")
	}
	return out
}

func TestPagingAddsUpToTheOrderedTable(t *testing.T) {
	for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			db := openDB(t, dialect, pagingFixture(dialect)...)
			for _, table := range []string{`we"ird t`, "wr", "nokey"} {
				tb := tableOf(t, db, schemaOf(dialect), table)
				for _, sort := range []string{"", "score", "-score", "name", "-name", "a", "-b"} {
					if table == "nokey" && (sort == "a" || sort == "-b") {
						continue
					}
					q := rows.Query{Limit: 10, Sort: strings.TrimPrefix(sort, "-"), Desc: strings.HasPrefix(sort, "-")}
					want := all(t, db, tb, q)
					if len(want) != 257 {
						t.Fatalf("%s: reference has %d rows", table, len(want))
					}
					fwd := withoutKey(walk(t, db, tb, q, false), len(tb.Columns))
					if !slices.Equal(fwd, want) {
						t.Errorf("%s sort %q: forward pages differ from the ordered table (%d vs %d rows)", table, sort, len(fwd), len(want))
					}
					last := q
					last.Last = true
					back := withoutKey(walk(t, db, tb, last, true), len(tb.Columns))
					if !slices.Equal(back, want) {
						t.Errorf("%s sort %q: backward pages from the last differ (%d vs %d rows)", table, sort, len(back), len(want))
					}
				}
			}
			v := tableOf(t, db, schemaOf(dialect), "v")
			if v.Paged() {
				t.Fatal("a view has no key: it is paged by offset")
			}
			q := rows.Query{Limit: 10, Sort: "a"}
			if got := walk(t, db, v, q, false); len(got) != 257 {
				t.Errorf("view pages hold %d rows, want 257", len(got))
			}
		})
	}
}

func TestKeyChoice(t *testing.T) {
	db := openDB(t, "sqlite", pagingFixture("sqlite")...)
	for name, want := range map[string]string{`we"ird t`: "rowid (pseudo)", "wr": "a,b", "nokey": "rowid (pseudo)", "v": ""} {
		tb := tableOf(t, db, "main", name)
		got := strings.Join(tb.Key, ",")
		if tb.Pseudo {
			got += " (pseudo)"
		}
		if got != want {
			t.Errorf("%s: key %q, want %q", name, got, want)
		}
	}
}

func TestCursorTamperingIsABadQuery(t *testing.T) {
	db := openDB(t, "sqlite", pagingFixture("sqlite")...)
	tb := tableOf(t, db, "main", "wr")
	for _, c := range []string{"x", "WyJpMSJd", "W10", "WyJ6MSIsInRhIl0", "WyJpYWJjIiwidGEiXQ", "WyJpMSIsInRhIiwidGIiXQ"} {
		_, err := tb.Fetch(context.Background(), db, rows.Query{Limit: 10, After: c})
		if err == nil || !strings.Contains(err.Error(), "cursor") {
			t.Errorf("cursor %q: err %v, want a damaged-cursor error", c, err)
		}
	}
}
