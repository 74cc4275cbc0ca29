package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/review"
)

// TestRulesDoc keeps docs/RULES.md the registry's: it fails when the file
// is stale (go test ./cmd/studio -run TestRulesDoc -update rewrites it).
func TestRulesDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "RULES.md")
	got := rulesDoc()
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("docs/RULES.md is stale: run go test ./cmd/studio -run TestRulesDoc -update")
	}
	for _, r := range review.Rules() {
		if !strings.Contains(got, "### "+r.Code+"\n") || r.Explanation == "" || r.Safe == "" || r.Title == "" {
			t.Errorf("rule %s is not fully documented", r.Code)
		}
		if strings.ToLower(r.Code) != r.Code || strings.ContainsAny(r.Code, " _") {
			t.Errorf("code %q is not kebab-case", r.Code)
		}
	}
}

// TestExplainPrintsTheDocText checks that --explain prints the text
// docs/RULES.md has for the rule, and that an unknown code is a usage
// error.
func TestExplainPrintsTheDocText(t *testing.T) {
	code, out, stderr := runIn(t, t.TempDir(), nil, "lint", "--explain", "unique-duplicates")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, _ := review.RuleFor("unique-duplicates")
	if out != r.Explain() || !strings.Contains(rulesDoc(), out) {
		t.Errorf("--explain printed:\n%s", out)
	}
	if code, _, stderr := runIn(t, t.TempDir(), nil, "lint", "--explain", "no-such-rule"); code != 2 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("unknown code: exit %d %q, want exit 2 and one line", code, stderr)
	}
}
