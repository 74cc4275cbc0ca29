package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

// mustCreateDemo creates the demo in a fresh directory (a missing parent
// included) and returns its path.
func mustCreateDemo(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nested", "demo.db")
	created, err := Create(context.Background(), path)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if !created {
		t.Fatal("Create returned false for a new path")
	}
	return path
}

func queryInt(t *testing.T, db *database.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func queryStrings(t *testing.T, db *database.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCreateCountsAndShape(t *testing.T) {
	db := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	cases := []struct {
		name     string
		query    string
		min, max int64
	}{
		{"users", "SELECT count(*) FROM users", 50, 50},
		{"extension instances", "SELECT count(*) FROM extension_instances", 200, 200},
		{"extension comments", "SELECT count(*) FROM extension_comments", 500, 500},
		{"topics", "SELECT count(*) FROM topics", 40, 40},
		{"messages", "SELECT count(*) FROM messages", 5000, 5000},
		{"tags", "SELECT count(*) FROM tags", 18, 18},
		{"message tags", "SELECT count(*) FROM message_tags", 1500, 4500},
		{"audit entries", "SELECT count(*) FROM audit_log", 290, 500},
		{"fts rows", "SELECT count(*) FROM messages_fts", 5000, 5000},
		{"empty bio", "SELECT count(*) FROM users WHERE bio = ''", 1, 1},
		{"NULL bios", "SELECT count(*) FROM users WHERE bio IS NULL", 1, 49},
		{"comments without author", "SELECT count(*) FROM extension_comments WHERE user_id IS NULL", 1, 100},
		{"replies", "SELECT count(*) FROM messages WHERE parent_id IS NOT NULL", 1000, 3000},
		{"replies to replies", "SELECT count(*) FROM messages m JOIN messages p ON p.id = m.parent_id WHERE p.parent_id IS NOT NULL", 100, 3000},
		{"replies stay in their topic", "SELECT count(*) FROM messages m JOIN messages p ON p.id = m.parent_id WHERE p.topic_id <> m.topic_id", 0, 0},
		{"edited", "SELECT count(*) FROM messages WHERE edited_at > created_at", 100, 1000},
		{"soft deleted", "SELECT count(*) FROM messages WHERE deleted_at IS NOT NULL", 20, 300},
		{"hostile body", "SELECT count(*) FROM messages WHERE body LIKE '%<script>alert(1)</script>%'", 1, 1},
		{"topic with no messages", "SELECT count(*) FROM topic_activity WHERE last_message_at IS NULL AND message_count = 0", 1, 1},
		{"mixed-case emails", "SELECT count(*) FROM users WHERE email <> lower(email)", 1, 10},
		{"statistics", "SELECT count(*) FROM sqlite_stat1", 5, 100},
		{"autoincrement counter", "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'", 290, 500},
		{"timestamps are ms", "SELECT count(*) FROM messages WHERE created_at NOT BETWEEN 1735689600000 AND 1767225600000", 0, 0},
	}
	for _, c := range cases {
		if n := queryInt(t, db, c.query); n < c.min || n > c.max {
			t.Errorf("%s: %d, want %d..%d", c.name, n, c.min, c.max)
		}
	}
}

func TestCreateIntegrity(t *testing.T) {
	db := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	if got := queryStrings(t, db, "SELECT \"table\" FROM pragma_foreign_key_check"); len(got) > 0 {
		t.Errorf("foreign_key_check: violations in %v", got)
	}
	if got := queryStrings(t, db, "PRAGMA integrity_check"); len(got) != 1 || got[0] != "ok" {
		t.Errorf("integrity_check = %v", got)
	}
	// rank 1 makes FTS5 compare its index with the content table too.
	if _, err := db.Exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("fts5 integrity-check: %v", err)
	}
	if mode := queryStrings(t, db, "PRAGMA journal_mode"); mode[0] != "delete" {
		t.Errorf("journal_mode = %v, want delete (nothing persistent left from the build)", mode)
	}
}

func TestCreateIndexesAreUsable(t *testing.T) {
	db := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	cases := []struct{ query, index string }{
		{"SELECT id FROM users WHERE lower(email) = 'x'", "users_email_lower_idx"},
		{"SELECT id FROM messages WHERE topic_id = 'x' AND deleted_at IS NULL ORDER BY created_at", "messages_topic_created_idx"},
	}
	for _, c := range cases {
		plan := queryPlan(t, db, c.query)
		if !strings.Contains(plan, c.index) {
			t.Errorf("plan of %q = %q, want it to use %s", c.query, plan, c.index)
		}
	}
}

// queryPlan is the EXPLAIN QUERY PLAN details of query, joined by "; ".
func queryPlan(t *testing.T, db *database.DB, query string) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN " + query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		details = append(details, detail)
	}
	return strings.Join(details, "; ")
}

func TestCreateFullTextSearch(t *testing.T) {
	db := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	cases := []struct{ match, contains string }{
		{"migration", "migration"},
		{"cafe", "café"}, // remove_diacritics
		{"спасибо", "Спасибо"},
	}
	for _, c := range cases {
		bodies := queryStrings(t, db, "SELECT m.body FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?", c.match)
		if len(bodies) == 0 {
			t.Errorf("MATCH %q found nothing", c.match)
		}
		for _, b := range bodies {
			if !strings.Contains(strings.ToLower(b), strings.ToLower(c.contains)) {
				t.Errorf("MATCH %q returned %q, which lacks %q", c.match, b, c.contains)
				break
			}
		}
	}
}

func TestCreateTriggersKeepSearchInSync(t *testing.T) {
	db := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	matches := func(word string) []string {
		return queryStrings(t, db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid", word)
	}
	if _, err := db.Exec("UPDATE messages SET body = 'a zebrafish appeared' WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	if got := matches("zebrafish"); len(got) != 1 || got[0] != "7" {
		t.Errorf("after update, zebrafish matches %v, want [7]", got)
	}
	if _, err := db.Exec("UPDATE messages SET body = 'now an axolotl' WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	if got := matches("zebrafish"); len(got) != 0 {
		t.Errorf("after second update, zebrafish still matches %v", got)
	}
	if _, err := db.Exec("DELETE FROM messages WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	if got := matches("axolotl"); len(got) != 0 {
		t.Errorf("after delete, axolotl still matches %v", got)
	}
	if _, err := db.Exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("fts5 integrity-check after edits: %v", err)
	}
}
