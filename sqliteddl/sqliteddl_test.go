package sqliteddl

import (
	"reflect"
	"testing"
)

func TestParseTable(t *testing.T) {
	tests := []struct {
		name    string
		sql     string
		columns []Column
		checks  []Check
		uniques []Unique
		autoinc bool
	}{
		{
			name: "types as written, collations, generated",
			sql: `CREATE TABLE "s"."t" (a unsigned big int, "b c" decimal(10, 2) COLLATE "nocase" NOT NULL,
				d text GENERATED ALWAYS AS (upper(")" || a)) STORED, e AS (1 + (2 * 3)))`,
			columns: []Column{
				{Name: "a", Type: "unsigned big int"},
				{Name: "b c", Type: "decimal(10, 2)", Collation: "nocase"},
				{Name: "d", Type: "text", Generated: `upper(")" || a)`},
				{Name: "e", Generated: "1 + (2 * 3)"},
			},
		},
		{
			name: "named and unnamed checks at column and table level",
			sql: `CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0) CHECK (a < 10), b text,
				CHECK (b <> 'x, (y'), CONSTRAINT [both] CHECK (a + length(b) > 1))`,
			columns: []Column{{Name: "a", Type: "int"}, {Name: "b", Type: "text"}},
			checks: []Check{
				{Name: "a_pos", Expr: "a > 0"}, {Name: "", Expr: "a < 10"},
				{Name: "", Expr: "b <> 'x, (y'"}, {Name: "both", Expr: "a + length(b) > 1"},
			},
		},
		{
			name: "uniques, defaults and comments",
			sql: "CREATE TABLE t (\n  id integer PRIMARY KEY AUTOINCREMENT, -- (note\n  u text CONSTRAINT u_once UNIQUE DEFAULT (lower('A')),\n" +
				"  n real DEFAULT -1.5e+3, /* ) */ s text DEFAULT 'it''s',\n  UNIQUE (u, \"n\") ON CONFLICT REPLACE)",
			columns: []Column{
				{Name: "id", Type: "integer"},
				{Name: "u", Type: "text", Default: ptr("(lower('A'))")},
				{Name: "n", Type: "real", Default: ptr("-1.5e+3")},
				{Name: "s", Type: "text", Default: ptr("'it''s'")},
			},
			uniques: []Unique{{Name: "u_once", Columns: []string{"u"}}, {Name: "", Columns: []string{"u", "n"}}},
			autoinc: true,
		},
		{
			name:    "quoted keyword names are columns, not constraints",
			sql:     "CREATE TABLE t (\"check\" text, [primary] int, `unique` blob)",
			columns: []Column{{Name: "check", Type: "text"}, {Name: "primary", Type: "int"}, {Name: "unique", Type: "blob"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseTable(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			columns, checks, uniques := d.Definitions()
			if !reflect.DeepEqual(columns, tt.columns) {
				t.Errorf("columns = %#v\nwant %#v", columns, tt.columns)
			}
			if !reflect.DeepEqual(checks, tt.checks) {
				t.Errorf("checks = %#v, want %#v", checks, tt.checks)
			}
			if !reflect.DeepEqual(uniques, tt.uniques) {
				t.Errorf("uniques = %#v, want %#v", uniques, tt.uniques)
			}
			if d.AutoIncrement() != tt.autoinc {
				t.Errorf("AutoIncrement = %v, want %v", d.AutoIncrement(), tt.autoinc)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestParseIndex(t *testing.T) {
	tests := []struct {
		sql   string
		parts []string
		where *string
	}{
		{"CREATE INDEX i ON t (a, b DESC)", []string{"a", "b"}, nil},
		{`CREATE UNIQUE INDEX IF NOT EXISTS "on" ON "t(" (lower("a,b") COLLATE nocase ASC, substr(c, 1, 2)) WHERE c IS NOT NULL AND d = 'x'`,
			[]string{`lower("a,b")`, "substr(c, 1, 2)"}, ptr("c IS NOT NULL AND d = 'x'")},
		{"CREATE INDEX i ON t(a)\nWHERE (a > 0);", []string{"a"}, ptr("(a > 0)")},
	}
	for _, tt := range tests {
		d := ParseIndex(tt.sql)
		if !reflect.DeepEqual(d.Parts, tt.parts) || !reflect.DeepEqual(d.Where, tt.where) {
			t.Errorf("ParseIndex(%q) = %q, %v; want %q, %v", tt.sql, d.Parts, deref(d.Where), tt.parts, deref(tt.where))
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func TestParseViewAndModule(t *testing.T) {
	views := map[string]string{
		"CREATE VIEW v AS SELECT 1":                                      "SELECT 1",
		"CREATE VIEW IF NOT EXISTS \"as\" (a, \"as\") AS\n  SELECT 1, 2": "SELECT 1, 2",
		"CREATE TEMP VIEW v AS WITH x AS (SELECT 1) SELECT * FROM x":     "WITH x AS (SELECT 1) SELECT * FROM x",
	}
	for sql, want := range views {
		if got := ViewSelect(sql); got != want {
			t.Errorf("ViewSelect(%q) = %q, want %q", sql, got, want)
		}
	}
	modules := map[string]string{
		"CREATE VIRTUAL TABLE f USING FTS5(a, content='')":       "fts5",
		"CREATE VIRTUAL TABLE \"using\" USING rtree(id, x0, x1)": "rtree",
	}
	for sql, want := range modules {
		d, err := ParseTable(sql)
		if err != nil || d.Module != want {
			t.Errorf("ParseTable(%q).Module = %q (%v), want %q", sql, d.Module, err, want)
		}
	}
}
