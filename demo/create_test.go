package demo

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

func TestDeleteUserCascades(t *testing.T) {
	db := sqlitetest.Open(t, mustCreateDemo(t), database.Options{})
	// The busiest user who created no tag (tag creators cannot be deleted).
	var uid string
	err := db.QueryRow(`SELECT author_id FROM messages
		WHERE author_id NOT IN (SELECT created_by FROM tags WHERE created_by IS NOT NULL)
		  AND author_id IN (SELECT user_id FROM extension_instances)
		  AND author_id IN (SELECT user_id FROM extension_comments WHERE user_id IS NOT NULL)
		GROUP BY author_id ORDER BY count(*) DESC LIMIT 1`).Scan(&uid)
	if err != nil {
		t.Fatal(err)
	}
	count := func(q string) int64 { return queryInt(t, db, q, uid) }
	before := map[string]int64{
		"messages":        queryInt(t, db, "SELECT count(*) FROM messages"),
		"comments on own": count("SELECT count(*) FROM extension_comments WHERE instance_id IN (SELECT id FROM extension_instances WHERE user_id = ?)"),
		"comments":        queryInt(t, db, "SELECT count(*) FROM extension_comments"),
		"authorless kept": count("SELECT count(*) FROM extension_comments WHERE user_id IS NULL AND instance_id NOT IN (SELECT id FROM extension_instances WHERE user_id = ?)"),
		"own elsewhere":   count("SELECT count(*) FROM extension_comments WHERE user_id = ? AND instance_id NOT IN (SELECT id FROM extension_instances WHERE user_id = ?1)"),
	}
	if _, err := db.Exec("DELETE FROM users WHERE id = ?", uid); err != nil {
		t.Fatalf("deleting user: %v", err)
	}
	checks := []struct {
		name      string
		got, want int64
	}{
		{"instances of user (cascade)", count("SELECT count(*) FROM extension_instances WHERE user_id = ?"), 0},
		{"comments total (cascade via instances)", queryInt(t, db, "SELECT count(*) FROM extension_comments"), before["comments"] - before["comments on own"]},
		{"comments by user (set null)", count("SELECT count(*) FROM extension_comments WHERE user_id = ?"), 0},
		{"authorless comments", queryInt(t, db, "SELECT count(*) FROM extension_comments WHERE user_id IS NULL"), before["authorless kept"] + before["own elsewhere"]},
		{"messages kept (set null)", queryInt(t, db, "SELECT count(*) FROM messages"), before["messages"]},
		{"messages by user", count("SELECT count(*) FROM messages WHERE author_id = ?"), 0},
		{"audit trigger", count("SELECT count(*) FROM audit_log WHERE action = 'user.delete' AND entity_id = ?"), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	if got := queryStrings(t, db, `SELECT "table" FROM pragma_foreign_key_check`); len(got) > 0 {
		t.Errorf("foreign_key_check after delete: %v", got)
	}
	// A tag creator is protected by the NO ACTION key on tags.created_by.
	_, err = db.Exec("DELETE FROM users WHERE id = (SELECT created_by FROM tags WHERE created_by IS NOT NULL LIMIT 1)")
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("deleting a tag creator: err = %v, want a FOREIGN KEY failure", err)
	}
}

func TestCreateLeavesExistingDatabase(t *testing.T) {
	path := mustCreateDemo(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	created, err := Create(context.Background(), path)
	if err != nil || created {
		t.Fatalf("second Create = %v, %v; want false, nil", created, err)
	}
	after, _ := os.ReadFile(path)
	st2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !st.ModTime().Equal(st2.ModTime()) {
		t.Error("second Create changed the file")
	}
	assertOnlyFiles(t, filepath.Dir(path), "demo.db", "drizzle")
}

func TestCreateIsDeterministic(t *testing.T) {
	a, err := os.ReadFile(mustCreateDemo(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(mustCreateDemo(t))
	if !bytes.Equal(a, b) {
		t.Errorf("two demos differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestCreateRefusesWhatIsNotSQLite(t *testing.T) {
	cases := []struct {
		name    string
		content []byte // nil: a directory
	}{
		{"text file", []byte("my notes, not a database\n")},
		{"empty file", []byte{}},
		{"short SQLite-like prefix", []byte("SQLite form")},
		{"directory", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "demo.db")
			if c.content == nil {
				if err := os.Mkdir(path, 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			created, err := Create(context.Background(), path)
			if !errors.Is(err, ErrNotSQLite) || created {
				t.Fatalf("Create = %v, %v; want false, ErrNotSQLite", created, err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path", err)
			}
			if c.content != nil {
				if got, _ := os.ReadFile(path); !bytes.Equal(got, c.content) {
					t.Errorf("file changed to %q", got)
				}
			}
			assertOnlyFiles(t, dir, "demo.db")
		})
	}
}

func TestCreateCancelledLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	created, err := Create(ctx, filepath.Join(dir, "demo.db"))
	if err == nil || created {
		t.Fatalf("Create with a cancelled context = %v, %v; want an error", created, err)
	}
	assertOnlyFiles(t, dir)
}

// assertOnlyFiles fails when dir holds anything but the named entries, such
// as a leftover temporary database.
func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

// BenchmarkCreate measures a fresh demo: the database and its migrations
// folder, each in a new directory.
func BenchmarkCreate(b *testing.B) {
	root := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(root, itoa(int64(i)))
		if _, err := Create(context.Background(), filepath.Join(dir, "demo.db")); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
}
