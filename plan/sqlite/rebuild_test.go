package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
	"studio/plan"
)

// demoDesired is the demo's schema file with edits applied, plus the
// live history table (the schema file does not declare it).
func demoDesired(t *testing.T, live *database.DB, path string, edits ...string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "drizzle", "0000_*.sql"))
	if len(matches) != 1 {
		t.Fatalf("demo 0000 file: %v", matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	sql := string(b)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(sql, edits[i]) {
			t.Fatalf("demo schema lacks %q", edits[i])
		}
		sql = strings.Replace(sql, edits[i], edits[i+1], 1)
	}
	var history string
	if err := live.QueryRowContext(context.Background(), "SELECT sql FROM sqlite_schema WHERE name = '__drizzle_migrations'").Scan(&history); err != nil {
		t.Fatal(err)
	}
	return sql + ";\n" + history + ";\n"
}

func ints(t *testing.T, db *database.DB, query string, args ...any) []int64 {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestApplySQLiteRebuildKeepsDemoData rebuilds three tables of the demo
// database with its rows: users (a parent of ON DELETE CASCADE and SET
// NULL children), messages (the external content of an FTS5 index kept in
// sync by triggers, with a self-reference and cascading children) and
// audit_log (AUTOINCREMENT). Every row stays, children keep their parent
// keys, the full-text index finds what it found and keeps following
// changes, and ids of deleted audit entries are not reused.
func TestApplySQLiteRebuildKeepsDemoData(t *testing.T) {
	ctx := context.Background()
	db, path := openDemo(t)
	db.SetMaxOpenConns(1)
	desired := mustDesired(t, db, demoDesired(t, db, path,
		"CHECK(`role` IN ('member', 'moderator', 'admin'))", "CHECK(`role` IN ('member', 'moderator', 'admin', 'guest'))",
		"`edited_at` integer,", "`edited_at` integer DEFAULT NULL,",
		"`actor_id` text,", "`source` text DEFAULT 'app' NOT NULL,\n\t`actor_id` text,"))

	mustExec(t, db, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
	seq := ints(t, db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
	counts := rowCounts(t, db)
	const word = "the"
	found := ints(t, db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid", word)
	children := ints(t, db, "SELECT count(*) FROM extension_instances WHERE user_id IS NOT NULL UNION ALL SELECT count(*) FROM messages WHERE author_id IS NOT NULL")
	if len(found) == 0 || len(seq) != 1 || counts["users"] == 0 {
		t.Fatalf("demo data missing: found %d, seq %v, counts %v", len(found), seq, counts)
	}

	p := mustPush(t, db, desired, plan.Options{})
	var rebuilt []string
	for _, s := range p.Steps {
		if s.Action == "rebuild" && s.ObjectKind == "table" {
			rebuilt = append(rebuilt, s.Object)
		}
	}
	slices.Sort(rebuilt)
	if !slices.Equal(rebuilt, []string{"audit_log", "messages", "users"}) || !p.ForeignKeysOff {
		t.Errorf("rebuilt %v (foreign keys off: %v), want audit_log, messages, users", rebuilt, p.ForeignKeysOff)
	}

	if got := rowCounts(t, db); !sameCounts(got, counts) {
		t.Errorf("row counts changed:\n got %v\nwant %v", got, counts)
	}
	if got := ints(t, db, "SELECT count(*) FROM extension_instances WHERE user_id IS NOT NULL UNION ALL SELECT count(*) FROM messages WHERE author_id IS NOT NULL"); !slices.Equal(got, children) {
		t.Errorf("children lost their parent keys: %v -> %v", children, got)
	}
	if got := ints(t, db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid", word); !slices.Equal(got, found) {
		t.Errorf("full-text search finds %d rows, found %d before", len(got), len(found))
	}
	mustExec(t, db, "INSERT INTO messages (id, topic_id, body, created_at) SELECT 999999, id, 'zyzzyva appears', 0 FROM topics LIMIT 1")
	if got := ints(t, db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'zyzzyva'"); !slices.Equal(got, []int64{999999}) {
		t.Errorf("the sync trigger did not index a new message: %v", got)
	}
	mustExec(t, db, "INSERT INTO audit_log (at, action, entity) VALUES (0, 'test', 'test')")
	if got := ints(t, db, "SELECT max(id) FROM audit_log"); got[0] != seq[0]+1 {
		t.Errorf("new audit id %d, want %d (the counter was reset)", got[0], seq[0]+1)
	}
	if bad := ints(t, db, "SELECT count(*) FROM pragma_foreign_key_check"); bad[0] != 0 {
		t.Errorf("%d foreign key violations", bad[0])
	}
	if !foreignKeysOn(t, db) {
		t.Error("foreign keys were not switched back on")
	}
	_ = ctx
}

// TestApplySQLiteFTSOwnContentCopied changes the tokenizer of an FTS5
// table that keeps its own content: the rows are copied with their rowids
// and the new index finds them.
func TestApplySQLiteFTSOwnContentCopied(t *testing.T) {
	db := sqlitetest.New(t)
	mustExec(t, db, "CREATE VIRTUAL TABLE docs USING fts5(title, body);\nINSERT INTO docs (rowid, title, body) VALUES (7, 'running', 'world'), (9, 'bye', 'moon');")
	desired := mustDesired(t, db, "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61');")
	p := mustPush(t, db, desired, plan.Options{})
	if len(p.Destructive()) != 0 {
		t.Errorf("copying an FTS table is not destructive: %v", p.Destructive())
	}
	// porter stems "run" and "running" alike: the new tokenizer indexed the copy.
	if got := ints(t, db, "SELECT rowid FROM docs WHERE docs MATCH 'run'"); !slices.Equal(got, []int64{7}) {
		t.Errorf("search after the copy = %v, want [7]", got)
	}
}

// TestPushSQLiteDemoOntoEmpty loads the demo's schema file as the desired
// schema and pushes it onto an empty database.
func TestPushSQLiteDemoOntoEmpty(t *testing.T) {
	live, path := openDemo(t)
	desired := mustDesired(t, live, demoDesired(t, live, path))
	empty := sqlitetest.New(t)
	p := mustPush(t, empty, desired, plan.Options{})
	if len(p.Destructive()) != 0 || p.ForeignKeysOff {
		t.Errorf("creating a schema is neither destructive nor needs foreign keys off:\n%s", render(p))
	}
	// The demo database itself is already what its schema file says.
	again, err := plan.Diff(mustInspect(t, live), desired, plan.Options{})
	if err != nil || !again.Empty() {
		t.Errorf("demo database differs from its schema file: %v\n%s", err, render(again))
	}
}
