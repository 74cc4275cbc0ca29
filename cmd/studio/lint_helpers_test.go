package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
