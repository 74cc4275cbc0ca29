package review

import (
	"slices"
	"strings"
	"testing"
)

// postgresSchema has a big-ish analysed table (users), a small table never
// analysed (orders, so its size comes from a count), an enum in use and a
// second schema.
const postgresSchema = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  nick varchar(50),
  score numeric(10,2),
  big bigint,
  seen timestamptz,
  m mood
);
INSERT INTO users
SELECT g, 'u' || g || '@example.com',
       CASE WHEN g % 4 = 0 THEN NULL ELSE 'n' || g END,
       g / 7.0, g, now(),
       (ARRAY['sad','ok','happy'])[g % 3 + 1]::mood
FROM generate_series(1, 20000) g;
CREATE INDEX users_email_idx ON users (email);
ANALYZE users;
CREATE TABLE orders (id int PRIMARY KEY, user_id bigint REFERENCES users(id) ON DELETE CASCADE, note text);
INSERT INTO orders SELECT g, g, CASE WHEN g % 2 = 0 THEN 'x' END FROM generate_series(1, 100) g;
CREATE SCHEMA app;
CREATE TABLE app.items (id int, name text);
INSERT INTO app.items VALUES (1, 'a'), (2, 'b'), (3, NULL);
CREATE TABLE app.tags (id int);
CREATE MATERIALIZED VIEW mood_counts AS SELECT m, count(*) AS n FROM users GROUP BY m;
CREATE VIEW nicks AS SELECT id, nick FROM users;
`

func TestAnalyzePostgres(t *testing.T) {
	db := mustOpenPostgres(t, postgresSchema)
	model := liveModel(t, db, "postgres")
	tests := []struct {
		name string
		sql  string
		want []want
	}{
		{"plain create table and index on it", `CREATE TABLE "t" ("id" serial PRIMARY KEY NOT NULL, "u" bigint);
--> statement-breakpoint
CREATE INDEX "t_u_idx" ON "t" USING btree ("u");--> statement-breakpoint
ALTER TABLE "t" ADD CONSTRAINT "t_u_fk" FOREIGN KEY ("u") REFERENCES "public"."users"("id") ON DELETE cascade;`, nil},
		{"create index on a big table", `CREATE INDEX "users_nick_idx" ON "users" USING btree ("nick");`, []want{
			{1, KindLock, SeverityWarning, 20000, `CREATE INDEX "users_nick_idx" blocks writes to "users" while it builds`},
		}},
		{"no lock_timeout before a lock: reported once, at the first, with its size", "CREATE INDEX a ON orders (note);\nCREATE INDEX b ON users (nick);\nCREATE INDEX c ON users (big);", []want{
			{1, KindLock, SeverityInfo, 100, `CREATE INDEX "a"`},
			{1, KindLock, SeverityWarning, 100, `the migration sets no lock_timeout`},
			{1, KindLock, SeverityInfo, 100, `sets no statement_timeout`},
			{2, KindLock, SeverityWarning, 20000, `CREATE INDEX "b"`},
			{3, KindLock, SeverityWarning, 20000, `CREATE INDEX "c"`},
		}},
		{"lock_timeout and statement_timeout set first", "SET lock_timeout = '5s';\nSET statement_timeout = '1min';\nCREATE INDEX b ON users (nick);", []want{
			{3, KindLock, SeverityWarning, 20000, `CREATE INDEX "b"`},
		}},
		{"timeouts: a plain ALTER TABLE takes a lock too", "SET statement_timeout = '1min';\nALTER TABLE users ADD COLUMN x text;", []want{
			{2, KindLock, SeverityWarning, 20000, `this statement on "users" takes an ACCESS EXCLUSIVE lock and the migration sets no lock_timeout`},
		}},
		{"create index on a small never-analysed table", "\n\nCREATE INDEX orders_note_idx ON orders (note);", []want{
			{3, KindLock, SeverityInfo, 100, `"orders" holds 100 rows`},
		}},
		{"create index concurrently inside the transaction", `CREATE INDEX CONCURRENTLY users_nick_idx ON users (nick);`, []want{
			{1, KindTransaction, SeverityWarning, -1, "CONCURRENTLY cannot run inside a transaction block: Drizzle's migrator fails here"},
		}},
		{"create index concurrently after COMMIT", "COMMIT;\n--> statement-breakpoint\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_nick_idx ON users (nick);", []want{
			{1, KindTransaction, SeverityInfo, -1, "COMMIT ends the run's transaction: studio migrate commits the work so far"},
		}},
		{"drop index", `DROP INDEX "users_email_idx";`, []want{
			{1, KindLock, SeverityWarning, 20000, `DROP INDEX "users_email_idx" blocks all reads and writes of "users"`},
		}},
		{"drop index created in the batch", "CREATE INDEX i ON orders (note);\nDROP INDEX i;", []want{
			{1, KindLock, SeverityInfo, 100, `CREATE INDEX "i" blocks writes to "orders"`},
		}},
		{"concurrently twice", "CREATE INDEX CONCURRENTLY i ON orders (note);\nDROP INDEX CONCURRENTLY users_email_idx;", []want{
			{1, KindTransaction, SeverityWarning, -1, "CREATE INDEX CONCURRENTLY cannot run"},
			{2, KindTransaction, SeverityWarning, -1, "DROP INDEX CONCURRENTLY cannot run"},
		}},
		{"create index that exists", "CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);", nil},
		{"narrow varchar that every value fits", `ALTER TABLE "users" ALTER COLUMN "nick" SET DATA TYPE varchar(20);`, []want{
			{1, KindLock, SeverityWarning, 20000, `checks every row of "users" under an ACCESS EXCLUSIVE lock`},
		}},
		{"narrow varchar below the values", `ALTER TABLE "users" ALTER COLUMN "nick" SET DATA TYPE varchar(4);`, []want{
			{1, KindFails, SeverityError, 14250, `ALTER COLUMN "nick" TYPE varchar(4) fails: 14,250 values of "users"."nick" do not convert to varchar(4), e.g. 'n1`},
			{1, KindLock, SeverityWarning, 20000, `checks every row of "users" under an ACCESS EXCLUSIVE lock`},
		}},
		{"widen varchar is free", `ALTER TABLE users ALTER COLUMN nick TYPE text; ALTER TABLE users ALTER COLUMN score TYPE numeric(12,2);`, nil},
		{"round numeric", `ALTER TABLE users ALTER COLUMN score TYPE numeric(10,0);`, []want{
			{1, KindDataLoss, SeverityError, 20000, "values are rounded to 0 decimal places"},
			{1, KindLock, SeverityWarning, 20000, "rewrites"},
		}},
		{"timestamptz to date", `ALTER TABLE users ALTER COLUMN seen TYPE date;`, []want{
			{1, KindDataLoss, SeverityError, 20000, "the time of day is lost"},
			{1, KindLock, SeverityWarning, 20000, "rewrites"},
		}},
		{"bigint to integer when every value fits", `ALTER TABLE users ALTER COLUMN big TYPE integer;`, []want{
			{1, KindLock, SeverityWarning, 20000, "rewrites"},
		}},
		{"bigint to numeric(3) over values out of range", `ALTER TABLE users ALTER COLUMN big TYPE numeric(3);`, []want{
			{1, KindFails, SeverityError, 19001, `19,001 values of "users"."big" do not convert to numeric(3), e.g. '1`},
			{1, KindLock, SeverityWarning, 20000, "rewrites"},
		}},
		{"volatile and stable defaults", `ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() NOT NULL;
ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now() NOT NULL;`, []want{
			{1, KindLock, SeverityWarning, 20000, `ADD COLUMN "token" with a volatile default rewrites "users"`},
		}},
		{"not null column without default", `ALTER TABLE orders ADD COLUMN kind text NOT NULL;`, []want{
			{1, KindNotNull, SeverityError, 100, `ADD COLUMN "kind" NOT NULL without a DEFAULT fails: "orders" has 100 rows`},
		}},
		{"foreign key without NOT VALID", `ALTER TABLE orders ADD CONSTRAINT o_fk FOREIGN KEY (id) REFERENCES users(id);
ALTER TABLE orders ADD CONSTRAINT o_fk2 FOREIGN KEY (id) REFERENCES users(id) NOT VALID;
ALTER TABLE users ADD CONSTRAINT u_email UNIQUE (email);
ALTER TABLE users ADD CONSTRAINT u_email2 UNIQUE USING INDEX users_email_idx;`, []want{
			{1, KindLock, SeverityInfo, 100, "ADD FOREIGN KEY on \"orders\" without NOT VALID"},
			{3, KindLock, SeverityWarning, 20000, "ADD UNIQUE on \"users\" builds its index"},
		}},
		{"set not null", `ALTER TABLE users ALTER COLUMN nick SET NOT NULL;`, []want{
			{1, KindNotNull, SeverityError, 5000, `SET NOT NULL on "users"."nick" fails: 5,000 rows hold NULL`},
			{1, KindLock, SeverityWarning, 20000, "scans every row"},
		}},
		{"drop not null", `ALTER TABLE users ALTER COLUMN email DROP NOT NULL;`, []want{
			{1, KindIncompatible, SeverityInfo, -1, `DROP NOT NULL on "users"."email"`},
		}},
		{"truncate and drops", `TRUNCATE orders;
DROP TABLE "app"."items";
ALTER TABLE users DROP COLUMN nick;`, []want{
			{1, KindDataLoss, SeverityError, 100, `TRUNCATE "orders" deletes 100 rows`},
			{2, KindDataLoss, SeverityError, 3, `DROP TABLE "app"."items" deletes 3 rows`},
			{3, KindDataLoss, SeverityError, 15000, `DROP COLUMN "nick" deletes 15,000 non-null values of "users"`},
		}},
		{"a table emptied earlier in the batch", "DELETE FROM orders;\nALTER TABLE orders ADD COLUMN kind text NOT NULL;\nCREATE INDEX ON orders (kind);", []want{
			{1, KindDataLoss, SeverityError, 100, `DELETE without WHERE deletes all 100 rows of "orders"`},
		}},
		{"truncate cascade", `TRUNCATE users CASCADE;`, []want{
			{1, KindDataLoss, SeverityError, 20000, `TRUNCATE "users" deletes 20,000 rows`},
			{1, KindDataLoss, SeverityError, 100, `CASCADE also deletes the 100 rows of "orders"`},
		}},
		{"drop table cascade names dependents", `DROP TABLE users CASCADE;`, []want{
			{1, KindDataLoss, SeverityError, 20000, `DROP TABLE "users" deletes 20,000 rows; CASCADE also drops the foreign keys of "orders" and the views "mood_counts" and "nicks"`},
		}},
		{"drop enum type with cascade", "DROP TYPE mood CASCADE;", []want{
			{1, KindDataLoss, SeverityError, 20000, `DROP TYPE "mood" CASCADE drops column "m" of "users" with its 20,000 values`},
		}},
		{"drop materialized view", "DROP VIEW nicks;\nDROP MATERIALIZED VIEW mood_counts;", []want{
			{2, KindDataLoss, SeverityWarning, 3, `DROP MATERIALIZED VIEW "mood_counts" discards 3 stored rows`},
		}},
		{"drop schema cascade", `DROP SCHEMA app CASCADE;`, []want{
			{1, KindDataLoss, SeverityError, 3, `DROP SCHEMA "app" CASCADE drops its 2 tables holding 3 rows`},
		}},
		{"delete cascades on postgres", `DELETE FROM users;`, []want{
			{1, KindDataLoss, SeverityError, 20000, `deletes all 20,000 rows of "users"`},
			{1, KindDataLoss, SeverityError, 100, `deleting from "users" deletes the 100 rows of "orders" that reference it`},
		}},
		{"drop inside a DO block", `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'orders') THEN
    DROP TABLE orders;
  END IF;
END $$;`, []want{
			{3, KindDataLoss, SeverityWarning, 100, "inside a DO block"},
		}},
		{"function bodies do not run", `CREATE OR REPLACE FUNCTION wipe() RETURNS void AS $$ BEGIN DELETE FROM orders; END $$ LANGUAGE plpgsql;`, nil},
		{"drizzle enum value removal", `ALTER TABLE "public"."users" ALTER COLUMN "m" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."mood";--> statement-breakpoint
CREATE TYPE "public"."mood" AS ENUM('sad', 'ok');--> statement-breakpoint
ALTER TABLE "public"."users" ALTER COLUMN "m" SET DATA TYPE "public"."mood" USING "m"::"public"."mood";`, []want{
			{1, KindLock, SeverityWarning, 20000, "rewrites"},
			{3, KindIncompatible, SeverityError, 6667, `recreates the enum without 'happy'`},
			{4, KindLock, SeverityWarning, 20000, "rewrites"},
		}},
		{"enum value removal after a cleanup", `UPDATE users SET m = 'ok' WHERE m = 'happy';
ALTER TABLE users ALTER COLUMN m SET DATA TYPE text;
DROP TYPE mood;
CREATE TYPE mood AS ENUM('sad', 'ok');`, []want{
			{2, KindLock, SeverityWarning, 20000, "rewrites"},
			{4, KindIncompatible, SeverityWarning, 6667, "the statement at line 1 must clear the 6,667 rows holding them now"},
		}},
		{"rename column and table", `ALTER TABLE users RENAME COLUMN nick TO handle;
ALTER TABLE app.tags RENAME TO labels;`, []want{
			{1, KindRename, SeverityWarning, -1, `RENAME COLUMN "nick" TO "handle" on "users"`},
			{2, KindRename, SeverityWarning, -1, `ALTER TABLE "app"."tags" RENAME TO "labels"`},
		}},
		{"begin commit pair and rollback", "BEGIN;\nCREATE TABLE x (a int);\nCOMMIT;\nROLLBACK;", []want{
			{1, KindTransaction, SeverityInfo, -1, "studio migrate skips this BEGIN"},
			{3, KindTransaction, SeverityInfo, -1, "COMMIT closes the BEGIN at line 1"},
			{4, KindTransaction, SeverityWarning, -1, "studio migrate refuses the migration"},
		}},
		{"unqualified names resolve to the only schema that has them", `DROP TABLE tags;`, []want{
			{1, KindDataLoss, SeverityInfo, 0, `DROP TABLE "app"."tags"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Analyze(testContext(t), db, "postgres", model, chunks("0001_test.sql", tt.sql))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(tt.name, "timeout") {
				got = slices.DeleteFunc(got, func(w Warning) bool { return strings.Contains(w.Code, "timeout") })
			}
			checkWarnings(t, got, tt.want)
		})
	}
}
