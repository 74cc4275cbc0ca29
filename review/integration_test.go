package review

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/internal/sqlitetest"
)

// TestRebuildCascadeSQLite reviews a Drizzle rebuild of a parent table,
// then applies it the way Drizzle's migrator does (one transaction,
// PRAGMA foreign_keys=OFF inside it) and checks that what the warnings
// announced really happens: the child rows go and the triggers go.
func TestRebuildCascadeSQLite(t *testing.T) {
	schema := strings.Replace(sqliteSchema,
		"CREATE VIEW recent AS SELECT id, title FROM posts ORDER BY id DESC LIMIT 10;", "", 1)
	db := sqlitetest.New(t, schema).DB
	ctx := testContext(t)
	stmts := chunks("0002_drop_body.sql", drizzleRebuild)
	ws, err := Analyze(ctx, db, "sqlite", liveModel(t, db, "sqlite"), stmts)
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, ws, []want{
		{1, KindTransaction, SeverityInfo, -1, "PRAGMA foreign_keys=OFF does nothing inside a transaction"},
		{11, KindRebuild, SeverityInfo, 5, `rebuild of "posts"`},
		{11, KindDataLoss, SeverityError, 4, `column "body"`},
		{11, KindIncompatible, SeverityWarning, -1, `the foreign key of "posts" to "authors" is dropped`},
		{11, KindRebuild, SeverityWarning, -1, `trigger "posts_ad"`},
		{11, KindRebuild, SeverityWarning, -1, `trigger "posts_ai"`},
		{11, KindRebuild, SeverityWarning, -1, `FTS5 table "posts_fts"`},
		{11, KindRebuild, SeverityWarning, 7, `deletes the 7 rows of "comments"`},
	})
	if err := applyFile(ctx, db, stmts); err != nil {
		t.Fatalf("apply: %v", err)
	}
	var comments, triggers, posts int
	for q, dst := range map[string]*int{
		"SELECT count(*) FROM comments": &comments,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'posts'": &triggers,
		"SELECT count(*) FROM posts": &posts,
	} {
		if err := db.QueryRowContext(ctx, q).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	if comments != 0 || triggers != 0 || posts != 5 {
		t.Errorf("after Drizzle-style apply: %d comments, %d triggers, %d posts; want 0, 0, 5 as warned", comments, triggers, posts)
	}
}

// TestRebuildBreaksViewSQLite checks both view warnings against SQLite:
// renaming the new table into place fails while a view reads the old one,
// and renaming the old table away first leaves the view broken.
func TestRebuildBreaksViewSQLite(t *testing.T) {
	ctx := testContext(t)
	t.Run("create, copy, drop, rename", func(t *testing.T) {
		db := sqlitetest.New(t, sqliteSchema).DB
		stmts := chunks("0002.sql", drizzleRebuild)
		ws, err := Analyze(ctx, db, "sqlite", liveModel(t, db, "sqlite"), stmts)
		if err != nil {
			t.Fatal(err)
		}
		if !containsMessage(ws, `SQLite refuses the rename at line 12 ("error in view recent`) {
			t.Errorf("no view warning:\n%s", show(ws))
		}
		if err := applyFile(ctx, db, stmts); err == nil || !strings.Contains(err.Error(), "error in view recent") {
			t.Errorf("apply: %v, want the view error the warning announced", err)
		}
	})
	t.Run("rename, create, copy, drop", func(t *testing.T) {
		db := sqlitetest.New(t, sqliteSchema).DB
		stmts := chunks("0002.sql", "ALTER TABLE posts RENAME TO __posts_old;\n"+
			"CREATE TABLE posts (id integer PRIMARY KEY, author_id integer NOT NULL, title text NOT NULL, body text, editor_id integer);\n"+
			"INSERT INTO posts SELECT * FROM __posts_old;\nDROP TABLE __posts_old;")
		ws, err := Analyze(ctx, db, "sqlite", liveModel(t, db, "sqlite"), stmts)
		if err != nil {
			t.Fatal(err)
		}
		if !containsMessage(ws, `the rename at line 1 pointed it at "__posts_old"`) {
			t.Errorf("no view warning:\n%s", show(ws))
		}
		if err := applyFile(ctx, db, stmts); err != nil {
			t.Fatalf("apply: %v", err)
		}
		if _, err := db.ExecContext(ctx, "SELECT * FROM recent"); err == nil {
			t.Errorf("the view still works after the rebuild; the warning says it breaks")
		}
	})
}

func containsMessage(ws []Warning, s string) bool {
	for _, w := range ws {
		if strings.Contains(w.Message, s) {
			return true
		}
	}
	return false
}

// TestCherryStudioFTSTriggers replays the Cherry Studio case from the
// field notes: 0001 rebuilds `message`, which drops the three triggers
// that keep message_fts in sync.
func TestCherryStudioFTSTriggers(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "CherryHQ__cherry-studio", "migrations__sqlite-drizzle@6985ea2fc570")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder absent: %v", err)
	}
	ctx := testContext(t)
	db := sqlitetest.New(t, "SELECT 1").DB
	init, _ := readChunks(t, filepath.Join(dir, "0000_init.sql"))
	if err := applyFile(ctx, db, init); err != nil {
		t.Fatalf("apply 0000: %v", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO topic (id, name) VALUES ('t1', 'hello');
INSERT INTO message (id, topic_id, role, data, status) VALUES
 ('m1', 't1', 'user', '{"blocks":[]}', 'success'),
 ('m2', 't1', 'assistant', '{"blocks":[]}', 'success'),
 ('m3', 't1', 'user', '{"blocks":[]}', 'success');`); err != nil {
		t.Fatal(err)
	}
	stmts, _ := readChunks(t, filepath.Join(dir, "0001_futuristic_human_fly.sql"))
	ws, err := Analyze(ctx, db, "sqlite", liveModel(t, db, "sqlite"), stmts)
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, ws, []want{
		{1, KindTransaction, SeverityInfo, -1, "PRAGMA foreign_keys=OFF"},
		{27, KindRebuild, SeverityInfo, 3, `DROP TABLE "message" is part of a rebuild of "message": line 26 copied its 3 rows into "__new_message"`},
		{27, KindRebuild, SeverityWarning, -1, `trigger "message_ad"`},
		{27, KindRebuild, SeverityWarning, -1, `trigger "message_ai"`},
		{27, KindRebuild, SeverityWarning, -1, `trigger "message_au"`},
		{27, KindRebuild, SeverityWarning, -1, `FTS5 table "message_fts" indexes "message"`},
	})
}

// TestReplaySQLiteCorpus applies every SQLite corpus folder migration by
// migration, reviewing each against the live schema (read by
// introspection) before applying it. Tables are empty, so nothing may be
// a danger; homarr's rebuilds must be recognised with a real model too.
func TestReplaySQLiteCorpus(t *testing.T) {
	for _, f := range corpusFolders(t) {
		if f.dialect != "sqlite" {
			continue
		}
		t.Run(filepath.Base(filepath.Dir(f.name))+"/"+filepath.Base(f.name), func(t *testing.T) {
			replay(t, f, sqlitetest.New(t, "SELECT 1").DB)
		})
	}
}

// TestReplayPostgresCorpus does the same for the PostgreSQL folders small
// enough to replay quickly and that need no search_path or extension.
func TestReplayPostgresCorpus(t *testing.T) {
	for _, f := range corpusFolders(t) {
		if f.dialect != "postgres" || len(f.files) > 30 || strings.Contains(f.name, "latitude") {
			continue
		}
		t.Run(filepath.Base(filepath.Dir(f.name))+"/"+filepath.Base(f.name), func(t *testing.T) {
			replay(t, f, mustOpenPostgres(t, "SELECT 1"))
		})
	}
}

// replay reviews and applies the folder's migrations in order, stopping
// at the first that the database refuses (logged: some folders need
// libSQL or an extension).
func replay(t *testing.T, f corpusFolder, db *sql.DB) {
	ctx := testContext(t)
	applied := 0
	for _, path := range f.files {
		stmts, _ := readChunks(t, path)
		ws, err := Analyze(ctx, db, f.dialect, liveModel(t, db, f.dialect), stmts)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(path), err)
		}
		for _, w := range ws {
			if w.Severity == SeverityError {
				t.Errorf("%s: danger on empty tables: %+v", filepath.Base(path), w)
			}
		}
		if strings.Contains(f.name, "homarr") {
			checkHomarrRebuild(t, path, ws)
		}
		if err := applyFile(ctx, db, stmts); err != nil {
			if strings.Contains(err.Error(), "CONCURRENTLY cannot run inside a transaction block") &&
				!containsMessage(ws, "CONCURRENTLY cannot run inside a transaction block") {
				t.Errorf("%s: the review did not announce the CONCURRENTLY failure", filepath.Base(path))
			}
			t.Logf("stops at %s: %v", filepath.Base(path), err)
			break
		}
		applied++
	}
	t.Logf("%d of %d migrations reviewed and applied", applied, len(f.files))
}

// TestRebuildBlockedByChildSQLite: a child with ON DELETE NO ACTION and
// rows makes a Drizzle rebuild of its parent fail under Drizzle's
// migrator (foreign keys on), as the warning says.
func TestRebuildBlockedByChildSQLite(t *testing.T) {
	db := sqlitetest.New(t, `CREATE TABLE p (id integer PRIMARY KEY, a text);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p(id));
INSERT INTO p VALUES (1, 'x'), (2, 'y'); INSERT INTO c VALUES (1, 1), (2, 2), (3, NULL);`).DB
	ctx := testContext(t)
	stmts := chunks("0003.sql", "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"+
		"CREATE TABLE `__new_p` (`id` integer PRIMARY KEY, `a` text, `b` text);--> statement-breakpoint\n"+
		"INSERT INTO `__new_p`(\"id\", \"a\") SELECT \"id\", \"a\" FROM `p`;--> statement-breakpoint\n"+
		"DROP TABLE `p`;--> statement-breakpoint\nALTER TABLE `__new_p` RENAME TO `p`;")
	ws, err := Analyze(ctx, db, "sqlite", liveModel(t, db, "sqlite"), stmts)
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, ws, []want{
		{1, KindTransaction, SeverityInfo, -1, "PRAGMA foreign_keys=OFF"},
		{4, KindRebuild, SeverityInfo, 2, `rebuild of "p"`},
		{4, KindRebuild, SeverityWarning, 2, `dropping "p" fails with "FOREIGN KEY constraint failed": 2 rows of "c" reference it (ON DELETE NO ACTION)`},
	})
	if err := applyFile(ctx, db, stmts); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		t.Errorf("apply: %v, want the failure the warning announced", err)
	}
}

// TestCappedCountSQLite: counts stop at CountCap+1 rows and say "over".
func TestCappedCountSQLite(t *testing.T) {
	db := sqlitetest.New(t, `CREATE TABLE big (id integer PRIMARY KEY, v text);
INSERT INTO big (v) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000010)
SELECT CASE WHEN i % 2 = 0 THEN 'x' END FROM n;`).DB
	ws, err := Analyze(testContext(t), db, "sqlite", liveModel(t, db, "sqlite"),
		chunks("0004.sql", "ALTER TABLE big DROP COLUMN v;\nDROP TABLE big;"))
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, ws, []want{
		{1, KindDataLoss, SeverityError, 500005, `DROP COLUMN "v" deletes 500,005 non-null values of "big"`},
		{2, KindDataLoss, SeverityError, CountCap + 1, `DROP TABLE "big" deletes over 1,000,000 rows`},
	})
}
