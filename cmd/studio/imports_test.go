package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestImportsFlowOneWay keeps the package graph as docs/ARCHITECTURE.md
// draws it: views render only, domain packages know nothing of HTTP.
func TestImportsFlowOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "studio/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := map[string][]string{
		"studio/views":      {"studio/handlers", "studio/database", "studio/datadir", "studio/cmd"},
		"studio/introspect": {"studio/handlers", "studio/views", "studio/cmd"},
		"studio/erd":        {"studio/handlers", "studio/views", "studio/database", "studio/cmd"},
		"studio/review":     {"studio/handlers", "studio/views", "studio/migrations", "studio/cmd"},
		"studio/migrations": {"studio/handlers", "studio/views", "studio/cmd"},
		"studio/database":   {"studio/handlers", "studio/views", "studio/introspect", "studio/cmd"},
		"studio/datadir":    {"studio/handlers", "studio/views", "studio/cmd"},
		"studio/project":    {"studio/handlers", "studio/views", "studio/migrations", "studio/cmd"},
		"studio/demo":       {"studio/handlers", "studio/views", "studio/cmd"},
		"studio/handlers":   {"studio/cmd"},
	}
	// only lists the studio packages some packages may import, nothing else.
	only := map[string][]string{
		"studio/sqllex":    nil,               // lexing needs nothing of studio
		"studio/input":     nil,               // every package may wrap its error
		"studio/sqliteddl": {"studio/sqllex"}, // reading SQLite DDL builds on the lexer alone
		// plan's dialect planners share plan/step, never plan (which
		// imports them) nor each other.
		"studio/plan/step":     {"studio/database", "studio/sqllex"},
		"studio/plan/sqlite":   {"studio/database", "studio/introspect", "studio/sqliteddl", "studio/plan/step"},
		"studio/plan/postgres": {"studio/database", "studio/introspect", "studio/sqllex", "studio/plan/step"},
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, imp := range p.Imports {
			if allowed, listed := only[p.ImportPath]; listed && strings.HasPrefix(imp, "studio/") && !slices.Contains(allowed, imp) {
				t.Errorf("%s imports %s", p.ImportPath, imp)
			}
			for _, bad := range forbidden[p.ImportPath] {
				if imp == bad || strings.HasPrefix(imp, bad+"/") {
					t.Errorf("%s imports %s", p.ImportPath, imp)
				}
			}
		}
	}
}
