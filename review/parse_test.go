package review

import (
	"fmt"
	"strings"
	"testing"

	"studio/database"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name    string
		dialect database.Dialect
		in      string
		want    int
	}{
		{"two statements", database.Postgres, "CREATE TABLE a (x int); DROP TABLE b;", 2},
		{"semicolon in string and comment", database.Postgres, "SELECT ';'; -- ; ;\nSELECT 1", 2},
		{"sqlite trigger body", database.SQLite, "CREATE TRIGGER t AFTER INSERT ON m BEGIN\n UPDATE m SET a = 1;\n " +
			"INSERT INTO f VALUES (CASE WHEN 1 THEN 2 END);\nEND; DROP TABLE x;", 2},
		{"temp trigger with IF NOT EXISTS", database.SQLite, "CREATE TEMP TRIGGER IF NOT EXISTS t AFTER DELETE ON m BEGIN DELETE FROM f; END;", 1},
		{"begin atomic", database.Postgres, "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3", 2},
		{"transaction begin is not a body", database.SQLite, "BEGIN TRANSACTION; CREATE TABLE a (x); COMMIT;", 3},
		{"table named like a keyword", database.Postgres, `CREATE TABLE "trigger" (a int); DROP TABLE x;`, 2},
		{"dollar body", database.Postgres, "DO $$ BEGIN DROP TABLE x; END $$; SELECT 1;", 2},
		{"empty statements", database.Postgres, " ; ;; -- only comments\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(splitStatements(tt.in, tt.dialect)); got != tt.want {
				t.Errorf("got %d statements, want %d", got, tt.want)
			}
		})
	}
}

func TestParseNames(t *testing.T) {
	tests := []struct {
		in, schema, name string
	}{
		{`users`, "", "users"},
		{`Users`, "", "users"},
		{`"Users"`, "", "Users"},
		{`"public"."users"`, "public", "users"},
		{`latitude.users`, "latitude", "users"},
		{`"we""ird"."t a"`, `we"ird`, "t a"},
		{"`main`.`t`", "main", "t"},
		{"[main].[t]", "main", "t"},
	}
	for _, tt := range tests {
		c := cursor{toks: significant(tokenize(tt.in, database.SQLite))}
		n, ok := c.name()
		if !ok || n.schema != tt.schema || n.name != tt.name {
			t.Errorf("name(%s) = %q.%q, want %q.%q", tt.in, n.schema, n.name, tt.schema, tt.name)
		}
	}
}

// describe renders an action compactly for comparison.
func describe(a action) string {
	s := fmt.Sprintf("%d", a.op)
	if a.target.name != "" {
		s += " " + a.target.schema + "." + a.target.name
	}
	if a.col != "" {
		s += " col=" + a.col
	}
	if a.to != "" {
		s += " to=" + a.to
	}
	if a.typ != "" {
		s += " typ=" + a.typ
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{a.cascade, "cascade"}, {a.concurrently, "concurrently"}, {a.where, "where"}, {a.notValid, "notvalid"},
		{a.usingIndex, "usingindex"}, {a.on, "on"}, {a.star, "star"}, {a.inDO, "do"}, {a.materialized, "mat"}} {
		if f.on {
			s += " " + f.name
		}
	}
	if a.def != nil {
		s += fmt.Sprintf(" def{%s notnull=%v default=%v volatile=%v generated=%v}", a.def.typ, a.def.notNull,
			a.def.hasDefault, a.def.volatile, a.def.generated)
	}
	if len(a.setCols) > 0 {
		s += " set=" + strings.Join(a.setCols, ",")
	}
	for _, src := range a.srcs {
		s += " from=" + src.name
	}
	if a.conKind != "" {
		s += " con=" + a.conKind
	}
	if a.content != "" {
		s += " content=" + a.content
	}
	if a.onTable.name != "" {
		s += " on=" + a.onTable.name
	}
	if len(a.values) > 0 {
		s += " values=" + strings.Join(a.values, ",")
	}
	return s
}

func TestParseActions(t *testing.T) {
	tests := []struct {
		name    string
		dialect database.Dialect
		in      string
		want    []string
	}{
		{"drop tables with cascade", database.Postgres, `DROP TABLE IF EXISTS "a", public.b CASCADE;`,
			[]string{fmt.Sprintf("%d .a cascade", opDropTable), fmt.Sprintf("%d public.b cascade", opDropTable)}},
		{"drop in string, comment and function body is not a drop", database.Postgres,
			"SELECT 'DROP TABLE x'; /* DROP TABLE y */ -- DROP TABLE z\n" +
				"CREATE FUNCTION f() RETURNS void AS $$ BEGIN DROP TABLE w; END $$ LANGUAGE plpgsql;", nil},
		{"drop in a DO block runs", database.Postgres, `DO $$ BEGIN IF EXISTS (SELECT 1) THEN DROP TABLE "x"; END IF; END $$;`,
			[]string{fmt.Sprintf("%d .x do", opDropTable)}},
		{"drizzle FK in a DO block", database.Postgres, `DO $$ BEGIN
 ALTER TABLE "p" ADD CONSTRAINT "fk" FOREIGN KEY ("u") REFERENCES "public"."u"("id") ON DELETE cascade;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`, []string{fmt.Sprintf("%d .p do con=FOREIGN KEY", opAddConstraint)}},
		{"alter table clauses", database.Postgres,
			`ALTER TABLE "latitude"."t" DROP COLUMN "a", ADD COLUMN "b" text NOT NULL, ALTER COLUMN "c" SET DATA TYPE varchar(10) USING c::varchar, ALTER COLUMN d SET NOT NULL, DROP CONSTRAINT k;`,
			[]string{
				fmt.Sprintf("%d latitude.t col=a", opDropColumn),
				fmt.Sprintf("%d latitude.t col=b def{text notnull=true default=false volatile=false generated=false}", opAddColumn),
				fmt.Sprintf("%d latitude.t col=c typ=varchar(10)", opAlterType),
				fmt.Sprintf("%d latitude.t col=d", opSetNotNull),
				fmt.Sprintf("%d latitude.t", opDropConstraint),
			}},
		{"add column defaults", database.Postgres,
			`ALTER TABLE t ADD COLUMN a uuid DEFAULT gen_random_uuid() NOT NULL; ALTER TABLE t ADD b timestamptz DEFAULT now() NOT NULL; ALTER TABLE t ADD COLUMN c bigserial; ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (x + 1) STORED`,
			[]string{
				fmt.Sprintf("%d .t col=a def{uuid notnull=true default=true volatile=true generated=false}", opAddColumn),
				fmt.Sprintf("%d .t col=b def{timestamptz notnull=true default=true volatile=false generated=false}", opAddColumn),
				fmt.Sprintf("%d .t col=c def{bigserial notnull=false default=false volatile=true generated=false}", opAddColumn),
				fmt.Sprintf("%d .t col=d def{int notnull=false default=false volatile=false generated=true}", opAddColumn),
			}},
		{"type text", database.Postgres, `ALTER TABLE t ALTER COLUMN a TYPE timestamp (3) with time zone; ALTER TABLE t ALTER COLUMN b TYPE "s"."e" USING b::"s"."e"`,
			[]string{fmt.Sprintf("%d .t col=a typ=timestamp(3) with time zone", opAlterType),
				fmt.Sprintf("%d .t col=b typ=s.e", opAlterType)}},
		{"constraints", database.Postgres,
			`ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i; ALTER TABLE t ADD PRIMARY KEY (id)`,
			[]string{fmt.Sprintf("%d .t notvalid con=CHECK", opAddConstraint),
				fmt.Sprintf("%d .t usingindex con=UNIQUE", opAddConstraint),
				fmt.Sprintf("%d .t con=PRIMARY KEY", opAddConstraint)}},
		{"renames", database.SQLite, "ALTER TABLE `a` RENAME TO `b`; ALTER TABLE b RENAME COLUMN `x` TO `y`; ALTER TABLE b RENAME z TO w",
			[]string{fmt.Sprintf("%d .a to=b", opRenameTable), fmt.Sprintf("%d .b col=x to=y", opRenameColumn),
				fmt.Sprintf("%d .b col=z to=w", opRenameColumn)}},
		{"dml", database.Postgres, `DELETE FROM t; DELETE FROM t WHERE id = 1; UPDATE t SET a = 1, "b" = 2; UPDATE t AS x SET (c, d) = (1, 2) FROM u WHERE x.id = u.id; WITH q AS (SELECT 1) DELETE FROM t`,
			[]string{fmt.Sprintf("%d .t", opDelete), fmt.Sprintf("%d .t where", opDelete),
				fmt.Sprintf("%d .t set=a,b", opUpdate), fmt.Sprintf("%d .t where set=c,d", opUpdate),
				fmt.Sprintf("%d .t", opDelete)}},
		{"insert select", database.SQLite, "INSERT INTO `__new_user`(\"id\", \"name\") SELECT \"id\", \"name\" FROM `user`; INSERT INTO n SELECT * FROM o; INSERT INTO c SELECT count(*) FROM o",
			[]string{fmt.Sprintf("%d .__new_user from=user", opInsert), fmt.Sprintf("%d .n star from=o", opInsert),
				fmt.Sprintf("%d .c from=o", opInsert)}},
		{"indexes", database.Postgres, `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "i" ON ONLY "s"."t" USING btree (a); CREATE INDEX ON t (a); DROP INDEX CONCURRENTLY "i"`,
			[]string{fmt.Sprintf("%d .i concurrently on=t", opCreateIndex), fmt.Sprintf("%d on=t", opCreateIndex),
				fmt.Sprintf("%d .i concurrently", opDropIndex)}},
		{"sqlite objects", database.SQLite, `CREATE VIRTUAL TABLE IF NOT EXISTS message_fts USING fts5(text, content='message', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS message_ai AFTER UPDATE OF data ON message BEGIN SELECT 1; END;
PRAGMA foreign_keys=OFF; PRAGMA foreign_keys = ON; PRAGMA main.foreign_keys(0); PRAGMA journal_mode=WAL`,
			[]string{fmt.Sprintf("%d .message_fts content=message", opCreateTable),
				fmt.Sprintf("%d .message_ai on=message", opCreateTrigger),
				fmt.Sprintf("%d", opPragmaFK), fmt.Sprintf("%d on", opPragmaFK), fmt.Sprintf("%d", opPragmaFK)}},
		{"transactions", database.SQLite, "COMMIT TRANSACTION; BEGIN TRANSACTION; END; ROLLBACK; ROLLBACK TO SAVEPOINT s",
			[]string{fmt.Sprintf("%d", opCommit), fmt.Sprintf("%d", opBegin), fmt.Sprintf("%d", opCommit),
				fmt.Sprintf("%d", opRollback)}},
		{"enums", database.Postgres, `CREATE TYPE "public"."mood" AS ENUM('sad', 'ok'); ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'; DROP TYPE mood CASCADE`,
			[]string{fmt.Sprintf("%d public.mood values=sad,ok", opCreateEnum),
				fmt.Sprintf("%d .mood to=fine values=ok", opRenameEnumValue), fmt.Sprintf("%d .mood cascade", opDropType)}},
		{"lock_timeout", database.Postgres, `SET LOCAL lock_timeout = '5s'; SET search_path TO latitude, public; SET lock_timeout TO 0`,
			[]string{fmt.Sprintf("%d", opLockTimeout), fmt.Sprintf("%d", opLockTimeout)}},
		{"truncate and matview", database.Postgres, `TRUNCATE TABLE a, b RESTART IDENTITY CASCADE; DROP MATERIALIZED VIEW IF EXISTS mv`,
			[]string{fmt.Sprintf("%d .a cascade", opTruncate), fmt.Sprintf("%d .b cascade", opTruncate),
				fmt.Sprintf("%d .mv mat", opDropView)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parser{dialect: tt.dialect}
			var got []string
			for _, a := range p.chunk(tt.in) {
				got = append(got, describe(a))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("actions:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
