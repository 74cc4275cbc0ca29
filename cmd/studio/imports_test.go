package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// layers is the allowed direction of the package graph, as
// docs/ARCHITECTURE.md draws it: a package may import studio packages of
// lower layers only, never its own layer or a higher one. Every package of
// the module must be listed, so a new one takes its place on purpose.
var layers = [][]string{
	// Leaves: lexing, the bad-input error, the embedded assets, and the
	// test helpers that need nothing of studio.
	{"sqllex", "input", "static", "internal/pgtest", "internal/npmtest", "internal/browsertest"},
	// Connecting, and reading SQLite DDL.
	{"database", "sqliteddl", "internal/drizzletest"},
	// What a database holds and how a folder migrates it.
	{"introspect", "migrations", "datadir", "plan/step", "internal/sqlitetest", "internal/bigtable"},
	// Domain packages built on the catalog.
	{"rows", "review", "catalog", "erd", "blueprint", "project", "demo", "plan/sqlite", "plan/postgres"},
	// Packages that combine them.
	{"console", "export", "plan"},
	// Rendering.
	{"views"},
	// HTTP.
	{"handlers"},
	// Programs: the command line, the release builder, the test report.
	{"cmd/studio", "release", "internal/testreport"},
}

// forbidden narrows the layers: views render only, erd draws a model it
// is given, review and project know nothing of the migrator.
var forbidden = map[string][]string{
	"views":   {"database", "datadir"},
	"erd":     {"database"},
	"review":  {"migrations"},
	"project": {"migrations"},
}

// only lists the studio packages some packages may import, nothing else.
var only = map[string][]string{
	"sqllex":    nil,        // lexing needs nothing of studio
	"input":     nil,        // every package may wrap its error
	"static":    nil,        // assets, served by handlers
	"sqliteddl": {"sqllex"}, // reading SQLite DDL builds on the lexer alone
	// plan's dialect planners share plan/step, never plan (which
	// imports them) nor each other.
	"plan/step":     {"database", "sqllex"},
	"plan/sqlite":   {"database", "introspect", "sqliteddl", "plan/step"},
	"plan/postgres": {"database", "introspect", "sqllex", "plan/step"},
}

// mainOnly are imports for the programs alone: flags and signals belong
// to a command, and only a command wires the HTTP app.
var mainOnly = []string{"flag", "os/signal", "studio/handlers"}

// testHelpers may be imported by tests (and by each other), never by the
// code that ships.
var testHelpers = []string{"internal/pgtest", "internal/sqlitetest", "internal/browsertest",
	"internal/npmtest", "internal/drizzletest", "internal/bigtable"}

// TestImportsFlowOneWay walks every Go file of the module (go/parser, no
// go list) and checks each import against the rules above; Fiber is
// imported by handlers alone.
func TestImportsFlowOneWay(t *testing.T) {
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layerOf[p] = i
		}
	}
	for _, f := range moduleImports(t, filepath.Join("..", "..")) {
		pkg, imp := f.pkg, f.imp
		if _, ok := layerOf[pkg]; !ok {
			t.Errorf("%s: package %s has no layer in imports_test.go", f.file, pkg)
			continue
		}
		if strings.HasPrefix(imp, "github.com/gofiber/fiber") && pkg != "handlers" {
			t.Errorf("%s imports %s: Fiber belongs to handlers", f.file, imp)
		}
		if slices.Contains(mainOnly, imp) && !slices.Contains(layers[len(layers)-1], pkg) && !f.test {
			t.Errorf("%s imports %s, which only a command may", f.file, imp)
		}
		name, ok := strings.CutPrefix(imp, "studio/")
		if !ok {
			continue
		}
		if slices.Contains(testHelpers, name) && !f.test && !strings.HasPrefix(pkg, "internal/") {
			t.Errorf("%s imports the test helper %s", f.file, imp)
		}
		if f.test || name == pkg {
			continue // tests may reach across layers; an external test package imports its own
		}
		if l, ok := layerOf[name]; ok && l >= layerOf[pkg] {
			t.Errorf("%s imports %s: %s is not below %s in layers", f.file, imp, name, pkg)
		}
		if slices.Contains(forbidden[pkg], name) {
			t.Errorf("%s imports %s", f.file, imp)
		}
		if allowed, listed := only[pkg]; listed && !slices.Contains(allowed, name) {
			t.Errorf("%s imports %s", f.file, imp)
		}
	}
}

type fileImport struct {
	file, pkg, imp string
	test           bool
}

// moduleImports parses the imports of every .go file under root, skipping
// testdata, node_modules and hidden folders as the go command does.
func moduleImports(t *testing.T, root string) []fileImport {
	t.Helper()
	var out []fileImport
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		for _, is := range f.Imports {
			imp, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				return err
			}
			out = append(out, fileImport{file: filepath.ToSlash(filepath.Join(rel, name)), pkg: filepath.ToSlash(rel),
				imp: imp, test: strings.HasSuffix(name, "_test.go")})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk the module: %v", err)
	}
	if len(out) == 0 {
		t.Fatal("no imports found: is the module root ../..?")
	}
	return out
}
