package introspect

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseCreateTable(t *testing.T) {
	tests := []struct {
		name    string
		sql     string
		columns map[string]columnDDL
		checks  []Check
		uniques []Unique
		autoinc bool
	}{
		{
			name: "types as written, collations, generated",
			sql: `CREATE TABLE "s"."t" (a unsigned big int, "b c" decimal(10, 2) COLLATE "nocase" NOT NULL,
				d text GENERATED ALWAYS AS (upper(")" || a)) STORED, e AS (1 + (2 * 3)))`,
			columns: map[string]columnDDL{
				"a":   {typ: "unsigned big int"},
				"b c": {typ: "decimal(10, 2)", collation: "nocase"},
				"d":   {typ: "text", generated: `upper(")" || a)`},
				"e":   {generated: "1 + (2 * 3)"},
			},
		},
		{
			name: "named and unnamed checks at column and table level",
			sql: `CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0) CHECK (a < 10), b text,
				CHECK (b <> 'x, (y'), CONSTRAINT [both] CHECK (a + length(b) > 1))`,
			columns: map[string]columnDDL{"a": {typ: "int"}, "b": {typ: "text"}},
			checks: []Check{
				{Name: "a_pos", Expr: "a > 0"}, {Name: "", Expr: "a < 10"},
				{Name: "", Expr: "b <> 'x, (y'"}, {Name: "both", Expr: "a + length(b) > 1"},
			},
		},
		{
			name: "uniques, defaults and comments",
			sql: "CREATE TABLE t (\n  id integer PRIMARY KEY AUTOINCREMENT, -- (note\n  u text CONSTRAINT u_once UNIQUE DEFAULT (lower('A')),\n" +
				"  n real DEFAULT -1.5e+3, /* ) */ s text DEFAULT 'it''s',\n  UNIQUE (u, \"n\") ON CONFLICT REPLACE)",
			columns: map[string]columnDDL{
				"id": {typ: "integer"},
				"u":  {typ: "text", dflt: ptr("(lower('A'))")},
				"n":  {typ: "real", dflt: ptr("-1.5e+3")},
				"s":  {typ: "text", dflt: ptr("'it''s'")},
			},
			uniques: []Unique{{Name: "u_once", Columns: []string{"u"}}, {Name: "", Columns: []string{"u", "n"}}},
			autoinc: true,
		},
		{
			name:    "quoted keyword names are columns, not constraints",
			sql:     "CREATE TABLE t (\"check\" text, [primary] int, `unique` blob)",
			columns: map[string]columnDDL{"check": {typ: "text"}, "primary": {typ: "int"}, "unique": {typ: "blob"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseCreateTable(tt.sql)
			if !reflect.DeepEqual(d.columns, tt.columns) {
				t.Errorf("columns = %#v\nwant %#v", d.columns, tt.columns)
			}
			if !reflect.DeepEqual(d.checks, tt.checks) {
				t.Errorf("checks = %#v, want %#v", d.checks, tt.checks)
			}
			if !reflect.DeepEqual(d.uniques, tt.uniques) {
				t.Errorf("uniques = %#v, want %#v", d.uniques, tt.uniques)
			}
			if d.autoIncrement != tt.autoinc {
				t.Errorf("autoIncrement = %v, want %v", d.autoIncrement, tt.autoinc)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestParseCreateIndex(t *testing.T) {
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
		d := parseCreateIndex(tt.sql)
		if !reflect.DeepEqual(d.parts, tt.parts) || !reflect.DeepEqual(d.where, tt.where) {
			t.Errorf("parseCreateIndex(%q) = %q, %v; want %q, %v", tt.sql, d.parts, deref(d.where), tt.parts, deref(tt.where))
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
		if got := parseViewSelect(sql); got != want {
			t.Errorf("parseViewSelect(%q) = %q, want %q", sql, got, want)
		}
	}
	modules := map[string]string{
		"CREATE VIRTUAL TABLE f USING FTS5(a, content='')":       "fts5",
		"CREATE VIRTUAL TABLE \"using\" USING rtree(id, x0, x1)": "rtree",
	}
	for sql, want := range modules {
		if got := parseModule(sql); got != want {
			t.Errorf("parseModule(%q) = %q, want %q", sql, got, want)
		}
	}
}

// TestSQLiteBrokenView checks that a view over a dropped table, which makes
// SQLite's pragmas fail, costs only that view its columns.
func TestSQLiteBrokenView(t *testing.T) {
	conn := mustOpenSQLite(t, `CREATE TABLE kept (a int, b text);
		CREATE TABLE gone (x int);
		CREATE VIEW broken AS SELECT x FROM gone;
		DROP TABLE gone;`)
	m, err := (&SQLite{}).Inspect(testContext(t), conn)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := m.Table("main", "kept")
	broken, _ := m.Table("main", "broken")
	if kept == nil || len(kept.Columns) != 2 || broken == nil || len(broken.Columns) != 0 {
		t.Fatalf("kept = %+v, broken = %+v; want 2 columns and none", kept, broken)
	}
	if broken.Definition != "SELECT x FROM gone" {
		t.Errorf("broken view Definition = %q", broken.Definition)
	}
}

func TestSQLiteEmpty(t *testing.T) {
	m, err := (&SQLite{}).Inspect(testContext(t), mustOpenSQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	want := &Model{Dialect: "sqlite", Schemas: []Schema{{Name: "main", Tables: []Table{}, Enums: []Enum{}, Domains: []Domain{}}}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("empty database = %+v, want %+v", m, want)
	}
}

func TestFor(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		d, err := For(name)
		if err != nil || d.Name() != name {
			t.Errorf("For(%q) = %v, %v", name, d, err)
		}
	}
	if _, err := For("mysql"); !errors.Is(err, ErrUnknownDialect) {
		t.Errorf("For(mysql) error = %v, want ErrUnknownDialect", err)
	}
}
