package migrations

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/pgtest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	pgtest.Main(m)
}

// corpusRoot is ../shared/corpus next to the repository, or a skip.
func corpusRoot(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

func mustOpenPostgres(t testing.TB) (*database.DB, string) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	return mustOpen(t, url, false), url
}

func mustOpen(t testing.TB, addr string, create bool) *database.DB {
	t.Helper()
	target, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := database.Open(ctx, target, database.Options{Create: create})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// entry is one migration of a synthetic journal folder.
type entry struct {
	tag  string
	when int64
	sql  string
}

// writeJournal writes a classic folder (files and meta/_journal.json) into
// dir, creating it.
func writeJournal(t testing.TB, dir, dialect string, entries ...entry) string {
	t.Helper()
	type je struct {
		Idx         int    `json:"idx"`
		Version     string `json:"version"`
		When        int64  `json:"when"`
		Tag         string `json:"tag"`
		Breakpoints bool   `json:"breakpoints"`
	}
	j := struct {
		Version string `json:"version"`
		Dialect string `json:"dialect"`
		Entries []je   `json:"entries"`
	}{Version: "7", Dialect: dialect}
	if err := os.MkdirAll(filepath.Join(dir, "meta"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		j.Entries = append(j.Entries, je{Idx: i, Version: "7", When: e.when, Tag: e.tag, Breakpoints: true})
		writeFile(t, filepath.Join(dir, e.tag+".sql"), e.sql)
	}
	raw, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "meta", "_journal.json"), string(raw))
	return dir
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t testing.TB, dir string) *Folder {
	t.Helper()
	f, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustApply(t testing.TB, db *database.DB, f *Folder, opts ApplyOptions) *Result {
	t.Helper()
	res, err := Apply(context.Background(), db, f, opts)
	if err != nil {
		t.Fatalf("apply %s: %v", f.Dir, err)
	}
	return res
}

func mustStatus(t testing.TB, db *database.DB, f *Folder, cfg Config) *Report {
	t.Helper()
	rep, err := Status(context.Background(), db, f, cfg)
	if err != nil {
		t.Fatalf("status %s: %v", f.Dir, err)
	}
	return rep
}

// states is a report's states in order, "name=state" each.
func states(rep *Report) string {
	var out []string
	for _, m := range rep.Migrations {
		out = append(out, m.Name+"="+string(m.State))
	}
	return strings.Join(out, " ")
}

func assertAllApplied(t testing.TB, rep *Report, want int) {
	t.Helper()
	if rep.Summary.Applied != want || !rep.InSync() {
		t.Fatalf("want %d applied and in sync, got %+v: %s", want, rep.Summary, states(rep))
	}
}

func count(t testing.TB, db *database.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func mustExec(t testing.TB, db *database.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func tableExists(t testing.TB, db *database.DB, name string) bool {
	t.Helper()
	if db.Dialect() == database.SQLite {
		return count(t, db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", name) > 0
	}
	return count(t, db, "SELECT count(*) FROM pg_tables WHERE tablename=$1", name) > 0
}
