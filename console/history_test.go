package console_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"studio/console"
)

func TestHistoryNewestFirstDedupedAndCapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "persistent_data", console.HistoryFile)
	h := console.NewHistory(path)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range 60 {
		if err := h.Add(console.Entry{SQL: fmt.Sprintf("SELECT %d", i), Dialect: "sqlite", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Add(console.Entry{SQL: "SELECT 30", Dialect: "sqlite", At: at}); err != nil {
		t.Fatal(err)
	}
	if err := h.Add(console.Entry{SQL: "SELECT 1", Dialect: "postgres", At: at}); err != nil {
		t.Fatal(err)
	}
	all, err := h.List("")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != console.HistorySize || all[0].Dialect != "postgres" || all[1].SQL != "SELECT 30" || all[2].SQL != "SELECT 59" {
		t.Fatalf("%d entries, first %+v", len(all), all[:3])
	}
	seen := map[string]bool{}
	for _, e := range all {
		if seen[string(e.Dialect)+e.SQL] {
			t.Errorf("%q twice", e.SQL)
		}
		seen[string(e.Dialect)+e.SQL] = true
	}
	sqlite, _ := h.List("sqlite")
	if len(sqlite) != console.HistorySize-1 {
		t.Errorf("%d sqlite entries", len(sqlite))
	}
	// Owner-only, and no temp file left behind.
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v)", st.Mode(), err)
	}
	if files, _ := os.ReadDir(filepath.Dir(path)); len(files) != 1 {
		t.Errorf("files left: %v", files)
	}
}

func TestHistoryBrokenFileIsReplacedAndEmptyPathKeepsNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), console.HistoryFile)
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := console.NewHistory(path)
	if _, err := h.List(""); err == nil {
		t.Error("a broken file lists without error")
	}
	if err := h.Add(console.Entry{SQL: "SELECT 1"}); err != nil {
		t.Fatal(err)
	}
	if l, err := h.List(""); err != nil || len(l) != 1 {
		t.Errorf("%v, %v", l, err)
	}
	none := console.NewHistory("")
	if err := none.Add(console.Entry{SQL: "SELECT 1"}); err != nil {
		t.Fatal(err)
	}
	if l, err := none.List(""); err != nil || l != nil {
		t.Errorf("%v, %v", l, err)
	}
}
