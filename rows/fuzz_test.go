package rows

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"studio/database"
)

// fuzzTable is a table with every kind of column the filters treat apart.
func fuzzTable(dialect database.Dialect) *Table {
	t := &Table{Dialect: dialect, Schema: "s", Name: `t"x`, Kind: "table", Key: []string{"id"}}
	t.Columns = append(t.Columns, []Column{
		{Name: "id", Type: "bigint", Kind: KindInt, Key: true},
		{Name: "name", Type: "text", Kind: KindText, Nullable: true},
		{Name: `we"ird`, Type: "numeric", Kind: KindNumeric, Nullable: true},
		{Name: "ok", Type: "boolean", Kind: KindBool, Nullable: true},
		{Name: "mood", Type: "mood", Kind: KindEnum, Enum: []string{"sad", "happy"}},
		{Name: "doc", Type: "jsonb", Kind: KindJSON},
		{Name: "raw", Type: "bytea", Kind: KindBinary},
	}...)
	return t
}

// FuzzQuery feeds arbitrary grid URLs through parsing and statement
// building: nothing panics, mistakes are ErrBadQuery, and no value ever
// reaches the SQL text (the only quote characters are ESCAPE '\').
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"eq.name=x", "sort=-we%22ird&limit=10", "in.id=1,2,3", "contains.name=%27;drop table x;--",
		"after=WyJpMSJd", "before=WyJ0YSIsImkxIl0&sort=name", "last=1", "null.raw=", "eq.ok=true",
		"eq.mood=sad", "hide=name&hide=nope", "ilike.doc=%25a%25", "after=WyJvMyJd", "lt.name=%00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, dialect := range []database.Dialect{database.SQLite, database.Postgres} {
			tb := fuzzTable(dialect)
			q, err := ParseQuery(v, tb)
			if err != nil {
				if !errors.Is(err, ErrBadQuery) {
					t.Fatalf("parse error not a bad query: %v", err)
				}
				continue
			}
			st, err := tb.pageStatement(q)
			if err != nil {
				if !errors.Is(err, ErrBadQuery) {
					t.Fatalf("statement error not a bad query: %v", err)
				}
				continue
			}
			if n := strings.Count(st.sql, "'"); n != 2*strings.Count(st.sql, `ESCAPE '\'`) {
				t.Fatalf("a value reached the SQL text: %s", st.sql)
			}
			if strings.Count(st.sql, "?")+strings.Count(st.sql, "$") < len(st.args) {
				t.Fatalf("%d args but fewer placeholders: %s", len(st.args), st.sql)
			}
		}
	})
}

// FuzzCursor decodes arbitrary cursors: a damaged one is ErrBadQuery,
// never a panic, and a good one survives a round trip.
func FuzzCursor(f *testing.F) {
	f.Add("WyJpMSJd", 1)
	f.Add("WyJuIiwidGEiXQ", 2)
	f.Add("WyJvMTAwIl0", 0)
	f.Add("WyJiMDBmZiJd", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 8 {
			return
		}
		c, err := decodeCursor(s, n)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("not a bad query: %v", err)
			}
			return
		}
		again, err := decodeCursor(encodeCursor(c), n)
		if err != nil || len(again.Values) != len(c.Values) || again.Offset != c.Offset {
			t.Fatalf("round trip of %q: %+v vs %+v (%v)", s, c, again, err)
		}
		for i := range c.Values {
			if c.Values[i] != again.Values[i] {
				t.Fatalf("value %d changed: %+v vs %+v", i, c.Values[i], again.Values[i])
			}
		}
	})
}
