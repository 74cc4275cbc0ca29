package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

// writeFiles writes name -> content under dir, making folders.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// journalJSON is a classic meta/_journal.json listing tags in order with
// the `when` values given.
func journalJSON(dialect string, tags []string, whens []int64) string {
	var entries []string
	for i, tag := range tags {
		entries = append(entries, `{"idx":`+strconv.Itoa(i)+`,"version":"7","when":`+strconv.FormatInt(whens[i], 10)+
			`,"tag":"`+tag+`","breakpoints":true}`)
	}
	return `{"version":"7","dialect":"` + dialect + `","entries":[` + strings.Join(entries, ",") + "]}"
}

// sqliteExec runs statements in the SQLite file at path.
func sqliteExec(t *testing.T, path, sql string) {
	t.Helper()
	db := sqlitetest.Open(t, path, database.Options{})
	defer db.Close() // the command under test opens the file next
	if _, err := db.Exec(sql); err != nil {
		t.Fatal(err)
	}
}

// pgExec runs statements in the PostgreSQL database at url.
func pgExec(t *testing.T, url, sql string) {
	t.Helper()
	target, err := database.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), target, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(sql); err != nil {
		t.Fatal(err)
	}
}
