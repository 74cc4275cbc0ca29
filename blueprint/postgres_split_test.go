package blueprint

import (
	"reflect"
	"testing"
)

func TestSplitPostgres(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []pgStatement
	}{
		{"plain", "CREATE TABLE a (x int);\n\nCREATE TABLE b (y int)", []pgStatement{
			{SQL: "CREATE TABLE a (x int)", Line: 1}, {SQL: "CREATE TABLE b (y int)", Line: 3}}},
		{"comments and blanks", "-- head; not a statement\n/* a; /* nested; */ still; */\n;;\nSELECT 1; -- tail;\n", []pgStatement{
			{SQL: "SELECT 1", Line: 4}}},
		{"strings", "SELECT 'a;''b', E'c\\';d', \"x;\"\"y\";\nSELECT 2;", []pgStatement{
			{SQL: "SELECT 'a;''b', E'c\\';d', \"x;\"\"y\"", Line: 1}, {SQL: "SELECT 2", Line: 2}}},
		{"dollar quotes", "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN; RETURN 1; END\n$$ LANGUAGE plpgsql;\nDO $body$ BEGIN PERFORM 1; END $body$;", []pgStatement{
			{SQL: "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN; RETURN 1; END\n$$ LANGUAGE plpgsql", Line: 1},
			{SQL: "DO $body$ BEGIN PERFORM 1; END $body$", Line: 4}}},
		{"dollar not a quote", "SELECT $1, a$b$c FROM t;\nSELECT 2;", []pgStatement{
			{SQL: "SELECT $1, a$b$c FROM t", Line: 1}, {SQL: "SELECT 2", Line: 2}}},
		{"begin atomic", "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\nSELECT 3;", []pgStatement{
			{SQL: "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND", Line: 1},
			{SQL: "SELECT 3", Line: 6}}},
		{"transaction words", "BEGIN;\nCOMMIT;", []pgStatement{{SQL: "BEGIN", Line: 1}, {SQL: "COMMIT", Line: 2}}},
		{"ownership and privileges", "ALTER TABLE public.t OWNER TO postgres;\nALTER FUNCTION f(x integer) OWNER TO \"Some Role\";\nGRANT ALL ON SCHEMA public TO PUBLIC;\n" +
			"REVOKE USAGE ON SCHEMA public FROM PUBLIC;\nALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r;\nALTER TABLE owner ADD COLUMN \"to\" int;", []pgStatement{
			{SQL: "ALTER TABLE public.t OWNER TO postgres", Line: 1, Unmodelled: true},
			{SQL: "ALTER FUNCTION f(x integer) OWNER TO \"Some Role\"", Line: 2, Unmodelled: true},
			{SQL: "GRANT ALL ON SCHEMA public TO PUBLIC", Line: 3, Unmodelled: true},
			{SQL: "REVOKE USAGE ON SCHEMA public FROM PUBLIC", Line: 4, Unmodelled: true},
			{SQL: "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r", Line: 5, Unmodelled: true},
			{SQL: "ALTER TABLE owner ADD COLUMN \"to\" int", Line: 6}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := splitPG(c.src)
			for i := range got {
				got[i].Words = nil
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("splitPG(%q)\n got %#v\nwant %#v", c.src, got, c.want)
			}
		})
	}
}

func TestByteOffset(t *testing.T) {
	s := "aé\nb"
	for n, want := range map[int]int{0: 0, 1: 1, 2: 3, 3: 4, 4: 5, 9: 5} {
		if got := byteOffset(s, n); got != want {
			t.Errorf("byteOffset(%q, %d) = %d, want %d", s, n, got, want)
		}
	}
}
