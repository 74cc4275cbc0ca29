package sqllex

import (
	"reflect"
	"testing"
)

// stmt is a statement as the tests compare it.
type stmt struct {
	SQL  string
	Line int
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		d    Dialect
		src  string
		want []stmt
	}{
		{"two statements", SQLite, "CREATE TABLE a (x);\nCREATE TABLE b (y);\n",
			[]stmt{{"CREATE TABLE a (x)", 1}, {"CREATE TABLE b (y)", 2}}},
		{"no final semicolon", SQLite, "CREATE TABLE a (x);\n\n  CREATE TABLE b (y)",
			[]stmt{{"CREATE TABLE a (x)", 1}, {"CREATE TABLE b (y)", 3}}},
		{"semicolons in strings, identifiers and comments", SQLite,
			"-- a; comment\nCREATE TABLE \"a;b\" (x DEFAULT 'x;''y', [c;d], `e;f`); /* ;\n; */ SELECT 1;",
			[]stmt{{"CREATE TABLE \"a;b\" (x DEFAULT 'x;''y', [c;d], `e;f`)", 2}, {"SELECT 1", 3}}},
		{"trailing comment stays", SQLite, "SELECT 1 -- one\n;SELECT 2 /* two */",
			[]stmt{{"SELECT 1 -- one", 1}, {"SELECT 2 /* two */", 2}}},
		{"line counts inside strings", SQLite, "SELECT 'a\nb';\nSELECT 2;",
			[]stmt{{"SELECT 'a\nb'", 1}, {"SELECT 2", 3}}},
		{"sqlite trigger body with CASE ... END", SQLite,
			"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  DELETE FROM b;\nEND;\nSELECT 1;",
			[]stmt{{"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  DELETE FROM b;\nEND", 1}, {"SELECT 1", 5}}},
		{"temp trigger with IF NOT EXISTS", SQLite, "create temp trigger if not exists t after delete on a begin select 1; end;",
			[]stmt{{"create temp trigger if not exists t after delete on a begin select 1; end", 1}}},
		{"BEGIN outside a trigger is a statement", SQLite, "BEGIN;\nCREATE TABLE a (x);\nCOMMIT;",
			[]stmt{{"BEGIN", 1}, {"CREATE TABLE a (x)", 2}, {"COMMIT", 3}}},
		{"table named like a keyword", Postgres, `CREATE TABLE "trigger" (a int); DROP TABLE x;`,
			[]stmt{{`CREATE TABLE "trigger" (a int)`, 1}, {"DROP TABLE x", 1}}},
		{"comment-only and blank pieces dropped", Postgres, " ; ;; -- only comments\n/* still; nothing */", nil},
		{"drizzle breakpoints are comments", SQLite, "CREATE TABLE a (x);--> statement-breakpoint\nCREATE INDEX i ON a (x);",
			[]stmt{{"CREATE TABLE a (x)", 1}, {"CREATE INDEX i ON a (x)", 2}}},
		{"unterminated comment", SQLite, "SELECT 1; /* open", []stmt{{"SELECT 1", 1}}},
		{"nested comments", Postgres, "/* a; /* nested; */ still; */\nSELECT 1;",
			[]stmt{{"SELECT 1", 2}}},
		{"postgres strings", Postgres, "SELECT 'a;''b', E'c\\';d', \"x;\"\"y\";\nSELECT 2;",
			[]stmt{{"SELECT 'a;''b', E'c\\';d', \"x;\"\"y\"", 1}, {"SELECT 2", 2}}},
		{"dollar quotes", Postgres, "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN; RETURN 1; END\n$$ LANGUAGE plpgsql;\nDO $body$ BEGIN PERFORM 1; END $body$;",
			[]stmt{{"CREATE FUNCTION f() RETURNS int AS $$\nBEGIN; RETURN 1; END\n$$ LANGUAGE plpgsql", 1}, {"DO $body$ BEGIN PERFORM 1; END $body$", 4}}},
		{"dollar not a quote", Postgres, "SELECT $1, a$b$c FROM t;\nSELECT 2;",
			[]stmt{{"SELECT $1, a$b$c FROM t", 1}, {"SELECT 2", 2}}},
		{"begin atomic", Postgres, "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\nSELECT 3;",
			[]stmt{{"CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND", 1}, {"SELECT 3", 6}}},
		{"semicolons in parentheses (postgres rule actions)", Postgres, "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1",
			[]stmt{{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))", 1}, {"SELECT 1", 1}}},
		{"sqlite ends at any top-level semicolon", SQLite, "SELECT (1; SELECT 2)",
			[]stmt{{"SELECT (1", 1}, {"SELECT 2)", 1}}},
		{"procedure body", Postgres, "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END; CALL p()",
			[]stmt{{"CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END", 1}, {"CALL p()", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []stmt
			for _, s := range Split(tt.src, tt.d) {
				got = append(got, stmt{s.SQL, s.Line})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q)\n got %#v\nwant %#v", tt.src, got, tt.want)
			}
		})
	}
}

func TestSplitOffsetsAndTokens(t *testing.T) {
	src := "  SELECT 1 ; -- x\nSELECT (2)"
	sts := Split(src, Postgres)
	if len(sts) != 2 {
		t.Fatalf("got %d statements", len(sts))
	}
	a, b := sts[0], sts[1]
	if a.Start != 2 || a.Stop != 12 || src[a.Start:a.Start+len(a.SQL)] != a.SQL || len(a.Tokens) != 2 {
		t.Errorf("first statement %+v", a)
	}
	if b.Start != 18 || b.Stop != len(src) || b.Line != 2 || len(b.Tokens) != 4 || b.Tokens[0].Start != 18 {
		t.Errorf("second statement %+v", b)
	}
}
