package review

import (
	"strings"
	"testing"

	"studio/internal/sqlitetest"
)

// sqliteSchema is a blog with cascading children, an external-content
// FTS5 index kept in sync by triggers, and a view.
const sqliteSchema = `
CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL, bio text);
CREATE TABLE posts (
  id integer PRIMARY KEY,
  author_id integer NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  title text NOT NULL,
  body text,
  editor_id integer REFERENCES authors(id) ON DELETE SET NULL
);
CREATE TABLE comments (id integer PRIMARY KEY, post_id integer NOT NULL REFERENCES posts(id) ON DELETE CASCADE, body text);
CREATE TABLE empty (id integer PRIMARY KEY, a text);
CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, content='posts', content_rowid='id');
CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE VIEW recent AS SELECT id, title FROM posts ORDER BY id DESC LIMIT 10;
INSERT INTO authors VALUES (1, 'ann', 'hi'), (2, 'bob', NULL), (3, 'cy', 'yo');
INSERT INTO posts VALUES (1, 1, 'a', 'x', 2), (2, 1, 'b', 'y', NULL), (3, 2, 'c', NULL, 3), (4, 2, 'd', 'z', NULL), (5, 3, 'e', 'w', NULL);
INSERT INTO comments (post_id, body) VALUES (1, 'c1'), (1, 'c2'), (2, 'c3'), (3, 'c4'), (4, 'c5'), (5, 'c6'), (5, 'c7');
`

// drizzleRebuild is what drizzle-kit writes to drop posts.body.
const drizzleRebuild = `PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE ` + "`__new_posts`" + ` (
	` + "`id`" + ` integer PRIMARY KEY,
	` + "`author_id`" + ` integer NOT NULL,
	` + "`title`" + ` text NOT NULL,
	` + "`editor_id`" + ` integer,
	FOREIGN KEY (` + "`author_id`" + `) REFERENCES ` + "`authors`" + `(` + "`id`" + `) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO ` + "`__new_posts`" + `("id", "author_id", "title", "editor_id") SELECT "id", "author_id", "title", "editor_id" FROM ` + "`posts`" + `;--> statement-breakpoint
DROP TABLE ` + "`posts`" + `;--> statement-breakpoint
ALTER TABLE ` + "`__new_posts`" + ` RENAME TO ` + "`posts`" + `;--> statement-breakpoint
PRAGMA foreign_keys=ON;`

func TestAnalyzeSQLite(t *testing.T) {
	db := sqlitetest.New(t, sqliteSchema).DB
	model := liveModel(t, db, "sqlite")
	tests := []struct {
		name string
		sql  string
		want []want
	}{
		{"plain create table", "CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL);\n" +
			"CREATE INDEX tags_name ON tags (name);\nINSERT INTO tags VALUES (1, 'x');", nil},
		{"drop table with rows", "SELECT 1;\n--> statement-breakpoint\n-- remove comments\nDROP TABLE `comments`;", []want{
			{4, KindDataLoss, SeverityError, 7, `DROP TABLE "comments" deletes 7 rows`},
		}},
		{"drop empty table", "DROP TABLE empty;", []want{
			{1, KindDataLoss, SeverityInfo, 0, "empty now"},
		}},
		{"drop table created in the batch", "CREATE TABLE tmp (a);\nINSERT INTO tmp VALUES (1);\nDROP TABLE tmp;", nil},
		{"drop missing table", "DROP TABLE IF EXISTS nothing_here;", nil},
		{"drop in strings and comments", "-- DROP TABLE posts;\nSELECT 'DROP TABLE posts', \"DROP TABLE posts\";\n/* DELETE FROM posts; */", nil},
		{"drop parent cascades", "DROP TABLE authors;", []want{
			{1, KindDataLoss, SeverityError, 3, `DROP TABLE "authors" deletes 3 rows`},
			{1, KindDataLoss, SeverityWarning, 2, `sets "editor_id" to NULL in the 2 rows of "posts"`},
			{1, KindDataLoss, SeverityWarning, 5, `dropping "authors" deletes the 5 rows of "posts" that reference it (ON DELETE CASCADE)`},
			{1, KindDataLoss, SeverityWarning, 7, `deletes up to 7 rows of "comments", through "posts" (ON DELETE CASCADE)`},
		}},
		{"drizzle rebuild", drizzleRebuild, []want{
			{1, KindTransaction, SeverityInfo, -1, "PRAGMA foreign_keys=OFF does nothing inside a transaction"},
			{11, KindRebuild, SeverityInfo, 5, `DROP TABLE "posts" is part of a rebuild of "posts": line 10 copied its 5 rows into "__new_posts"`},
			{11, KindDataLoss, SeverityError, 4, `does not take column "body" of "posts": its 4 non-null values are lost`},
			{11, KindIncompatible, SeverityWarning, -1, `the foreign key of "posts" to "authors" is dropped`},
			{11, KindRebuild, SeverityWarning, -1, `drops its trigger "posts_ad"`},
			{11, KindRebuild, SeverityWarning, -1, `drops its trigger "posts_ai"`},
			{11, KindRebuild, SeverityWarning, -1, `view "recent" reads "posts"`},
			{11, KindRebuild, SeverityWarning, -1, `FTS5 table "posts_fts" indexes "posts" (content='posts')`},
			{11, KindRebuild, SeverityWarning, 7, `deletes the 7 rows of "comments" that reference it (ON DELETE CASCADE)`},
		}},
		{"rebuild after COMMIT with foreign keys really off", "COMMIT;\nPRAGMA foreign_keys = OFF;\nBEGIN;\n" +
			"ALTER TABLE posts RENAME TO __posts_old;\n" +
			"CREATE TABLE posts (id integer PRIMARY KEY, author_id integer NOT NULL, title text NOT NULL, body text, editor_id integer);\n" +
			"INSERT INTO posts SELECT * FROM __posts_old;\nDROP TABLE __posts_old;\n" +
			"CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN SELECT 1; END;\n" +
			"CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN SELECT 1; END;\n" +
			"DROP VIEW recent; CREATE VIEW recent AS SELECT id FROM posts;\n" +
			"INSERT INTO posts_fts(posts_fts) VALUES ('rebuild');", []want{
			{1, KindTransaction, SeverityInfo, -1, "Drizzle's migrator commits here"},
			{3, KindTransaction, SeverityInfo, -1, "Drizzle's migrator opens a new transaction here"},
			{7, KindRebuild, SeverityInfo, 5, `DROP TABLE "__posts_old" is part of a rebuild of "posts"`},
			{7, KindIncompatible, SeverityWarning, -1, `the foreign key of "__posts_old" to "authors" is dropped`},
			{7, KindIncompatible, SeverityWarning, -1, `the foreign key of "__posts_old" to "authors" is dropped`},
			{7, KindRebuild, SeverityInfo, 7, "foreign keys are off at this point"},
		}},
		{"drop an external-content FTS index", "DROP TABLE posts_fts;", []want{
			{1, KindDataLoss, SeverityInfo, -1, `drops a full-text index of "posts"; its data stays in "posts"`},
		}},
		{"drop a view with DROP VIEW", "DROP VIEW recent;", nil},
		{"drop column with values", "ALTER TABLE posts DROP COLUMN body;", []want{
			{1, KindFails, SeverityError, -1, `SQLite refuses DROP COLUMN "body" of "posts": trigger "posts_ad" names it`},
			{1, KindDataLoss, SeverityError, 4, `DROP COLUMN "body" deletes 4 non-null values of "posts"`},
		}},
		{"drop column that holds nothing", "ALTER TABLE empty DROP COLUMN a;", []want{
			{1, KindDataLoss, SeverityInfo, 0, "holds no values"},
		}},
		{"drop column added in the batch", "ALTER TABLE posts ADD COLUMN tmp text;\nALTER TABLE posts DROP COLUMN tmp;", nil},
		{"drop and add looks like a rename", "ALTER TABLE authors DROP COLUMN bio;\nALTER TABLE authors ADD COLUMN about text;", []want{
			{1, KindDataLoss, SeverityError, 2, "if this is a rename, RENAME COLUMN keeps the values"},
		}},
		{"add NOT NULL column without default", "ALTER TABLE posts ADD COLUMN slug text NOT NULL;\n" +
			"ALTER TABLE empty ADD COLUMN b text NOT NULL;\nALTER TABLE posts ADD COLUMN c text DEFAULT 'x' NOT NULL;", []want{
			{1, KindNotNull, SeverityError, 5, `ADD COLUMN "slug" NOT NULL without a DEFAULT fails: "posts" has 5 rows (SQLite`},
		}},
		{"set not null with nulls", "ALTER TABLE posts ALTER COLUMN body SET NOT NULL;", []want{
			{1, KindNotNull, SeverityError, 1, `SET NOT NULL on "posts"."body" fails: 1 row holds NULL`},
		}},
		{"set not null after a backfill", "UPDATE posts SET body = '' WHERE body IS NULL;\nALTER TABLE posts ALTER COLUMN body SET NOT NULL;", []want{
			{2, KindNotNull, SeverityInfo, 1, "needs the UPDATE at line 1"},
		}},
		{"delete without where", "DELETE FROM comments WHERE id = 1;\nDELETE FROM comments;\nDELETE FROM empty;", []want{
			{2, KindDataLoss, SeverityError, 7, `DELETE without WHERE deletes all 7 rows of "comments"`},
		}},
		{"delete from a parent", "DELETE FROM posts;", []want{
			{1, KindDataLoss, SeverityError, 5, `deletes all 5 rows of "posts"`},
			{1, KindDataLoss, SeverityWarning, 7, `deleting from "posts" deletes the 7 rows of "comments"`},
		}},
		{"update without where", "UPDATE posts SET title = upper(title);", []want{
			{1, KindDataLoss, SeverityWarning, 5, `UPDATE without WHERE overwrites "title" in all 5 rows of "posts"`},
		}},
		{"update without where, no spaces around a negative value", "UPDATE posts SET id=-id;", []want{
			{1, KindDataLoss, SeverityWarning, 5, `UPDATE without WHERE overwrites "id" in all 5 rows of "posts"`},
		}},
		{"backfill of a new column", "ALTER TABLE posts ADD COLUMN slug text;\nUPDATE posts SET slug = title;", nil},
		{"rename table", "ALTER TABLE authors RENAME TO writers;", []want{
			{1, KindRename, SeverityWarning, -1, `ALTER TABLE "authors" RENAME TO "writers"`},
		}},
		{"rename there and back", "ALTER TABLE authors RENAME TO a2;\nALTER TABLE a2 RENAME TO authors;", nil},
		{"rename column", "ALTER TABLE authors RENAME COLUMN bio TO about;", []want{
			{1, KindRename, SeverityWarning, -1, `RENAME COLUMN "bio" TO "about" on "authors"`},
		}},
		{"sqlite has no lock warnings", "CREATE INDEX posts_title ON posts (title);\nDROP INDEX posts_title;", nil},
		{"nested transaction", "BEGIN;", []want{
			{1, KindTransaction, SeverityWarning, -1, `fails here ("cannot start a transaction within a transaction")`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Analyze(testContext(t), db, "sqlite", model, chunks("0001_test.sql", tt.sql))
			if err != nil {
				t.Fatal(err)
			}
			checkWarnings(t, got, tt.want)
			for _, w := range got {
				if w.File != "0001_test.sql" || (w.Table != "" && !strings.HasPrefix(w.Table, "main.")) {
					t.Errorf("warning %+v: want file 0001_test.sql and a main.-qualified table", w)
				}
			}
		})
	}
}
