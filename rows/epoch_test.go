package rows

import (
	"slices"
	"testing"

	"studio/database"
	"studio/introspect"
)

func TestTimeName(t *testing.T) {
	for name, want := range map[string]bool{
		"created_at": true, "CREATED_AT": true, "updatedAt": true, "lastSeenAt": true, "expires2At": true,
		"birth_date": true, "Date": true, "timestamp": true, "run_time": true, "startTime": true,
		"format": false, "stat": false, "At": false, "flat": false, "id": false, "count": false, "seat": false, "LASTSEENAT": false,
	} {
		if got := timeName(name); got != want {
			t.Errorf("timeName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestEpochUnits(t *testing.T) {
	tb := &Table{Columns: []Column{
		{Name: "id", Kind: KindInt},
		{Name: "created_at", Kind: KindInt},  // milliseconds
		{Name: "updatedAt", Kind: KindInt},   // seconds
		{Name: "deleted_at", Kind: KindInt},  // all NULL
		{Name: "birth_date", Kind: KindText}, // text dates are left alone
		{Name: "timeout", Kind: KindInt},     // a duration: out of range
		{Name: "mixed_at", Kind: KindInt},    // seconds and milliseconds
		{Name: "stored_at", Kind: KindInt},   // SQLite text in an INTEGER column
		{Name: "id", Kind: KindInt},
	}}
	row := func(vals ...string) Row {
		r := Row{}
		for i, s := range vals {
			v := Value{Kind: tb.Columns[i].Kind, Text: s, Null: s == "NULL"}
			if i == 7 && s == "x" {
				v.Kind = KindText
			}
			r.Values = append(r.Values, v)
		}
		return r
	}
	rs := []Row{
		row("1", "1737969443621", "1737969443", "NULL", "2025-01-27", "30000", "1737969443", "1737969443", "5"),
		row("2", "NULL", "1000000000", "NULL", "2025-01-28", "30", "1737969443621", "x", "6"),
	}
	got := EpochUnits(tb, rs)
	want := []TimeUnit{NotTime, EpochMillis, EpochSeconds, NotTime, NotTime, NotTime, NotTime, NotTime, NotTime}
	if !slices.Equal(got, want) {
		t.Errorf("units %v, want %v", got, want)
	}
	if got := EpochUnits(tb, rs[:0]); got != nil {
		t.Errorf("an empty page has no times: %v", got)
	}
	// Ranges: 1e9..4e9 seconds, 1e12..4e12 milliseconds; anything else is
	// a number.
	for text, want := range map[string]TimeUnit{"999999999": NotTime, "1000000000": EpochSeconds, "4000000000": EpochSeconds,
		"4000000001": NotTime, "999999999999": NotTime, "1000000000000": EpochMillis, "4000000000000": EpochMillis,
		"4000000000001": NotTime, "-1737969443": NotTime} {
		if got := epochUnit([]Row{{Values: []Value{{Kind: KindInt, Text: text}}}}, 0); got != want {
			t.Errorf("%s: %v, want %v", text, got, want)
		}
	}
}

func TestEpochUTC(t *testing.T) {
	for _, c := range []struct {
		text string
		unit TimeUnit
		want string
	}{
		{"1737969443621", EpochMillis, "2025-01-27 09:17:23.621Z"},
		{"1737969443", EpochSeconds, "2025-01-27 09:17:23Z"},
		{"1000000000", EpochSeconds, "2001-09-09 01:46:40Z"},
		{"12", NotTime, ""},
		{"x", EpochSeconds, ""},
	} {
		got, ok := EpochUTC(c.text, c.unit)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("EpochUTC(%s, %d) = %q %v, want %q", c.text, c.unit, got, ok, c.want)
		}
	}
}

func TestLabelStatementPadsToPowersOfTwo(t *testing.T) {
	fk := &fkFixture
	for n, want := range map[int]int{1: 1, 2: 2, 3: 4, 4: 4, 5: 8, 100: 128, 1000: 1024} {
		vals := make([]Value, n)
		for i := range vals {
			vals[i] = Value{Kind: KindInt, Text: "1"}
		}
		st, args := labelStatement(&Table{Dialect: database.Postgres}, fk, "Name", vals)
		if len(args) != want {
			t.Errorf("%d values: %d parameters, want %d", n, len(args), want)
		}
		if n == 3 && st != `SELECT "ArtistId", substr("Name", 1, 100) FROM "public"."Artist" WHERE "ArtistId" IN ($1, $2, $3, $4)` {
			t.Errorf("statement %s", st)
		}
	}
	st, args := labelStatement(&Table{Dialect: database.SQLite}, fk, `we"ird`, []Value{{Kind: KindInt, Text: "7"}, {Kind: KindText, Text: "7'; DROP TABLE x"}})
	if st != `SELECT "ArtistId", substr("we""ird", 1, 100) FROM "public"."Artist" WHERE "ArtistId" IN (?, ?)` ||
		args[0] != int64(7) || args[1] != "7'; DROP TABLE x" {
		t.Errorf("SQLite: %s %v", st, args)
	}
}

var fkFixture = introspect.ForeignKey{Columns: []string{"ArtistId"}, RefSchema: "public", RefTable: "Artist", RefColumns: []string{"ArtistId"}}
