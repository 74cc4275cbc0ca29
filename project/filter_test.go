package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"studio/internal/npmtest"
	"studio/introspect"
)

var globPatterns = []string{
	"users", "users*", "*_tmp", "!session", "!temp_*", "t3turbo_*", "02-react-t3_*", "app_{users,posts}",
	"{a,b}*", "user?", "[a-c]*", "[!a]*", "[^p]osts", "[[:digit:]]*", "*[[:upper:]]*", "@(users|posts)",
	"+(ab)", "?(x)users", "*(ab)", `a\*b`, "#comment", "!!users", "", "**", "*.*", ".hidden*", "*",
	"public.*", "users/**", "{1..3}_t", "{a..c}", "{01..03}", "[]]x", "[a-]x", "a[", "a+(b", "[.]x",
	"{users}", "app_{a,{b,c}}", "*t*", "?", "[[:alpha:]]*", "!(posts)", "a/**/b", "**/b",
}

var globNames = []string{
	"users", "users_tmp", "posts", "session", "temp_x", "t3turbo_user", "02-react-t3_post", "app_users",
	"app_posts", "user1", "bosts", "aosts", "1abc", "aBc", "x", "ab", "abab", "a*b", "axb", "_cf_KV",
	".hidden_t", "public.users", "1_t", "4_t", "a", "c", "01", "]x", "-x", "a[", "a+(b", "", "Users",
	"ünï", "a/b", "a/x/b", "a/.x/b", "users/x", "(posts)", "{users}", "app_c", ".x", "xusers",
}

// TestGlobsMatchMinimatch compares every pattern on every name with
// minimatch 7, the matcher drizzle-kit bundles for tablesFilter.
func TestGlobsMatchMinimatch(t *testing.T) {
	want := runMinimatch(t, `
const { Minimatch } = require('minimatch');
const { patterns, names, lists } = input;
const globs = patterns.map((p) => { const m = new Minimatch(p); return { negate: m.negate, matches: names.map((n) => m.match(n)) }; });
// drizzle-kit's rule (pgPushIntrospect): negated patterns vote no for
// names they exclude, yes otherwise; plain ones vote yes when they match.
const filtered = lists.map((list) => names.map((n) => {
  const flags = [];
  for (const m of list.map((p) => new Minimatch(p))) {
    if (m.negate && !m.match(n)) flags.push(false);
    if (m.match(n)) flags.push(true);
  }
  return flags.length > 0 && flags.every(Boolean);
}));
output({ globs, filtered });
`, map[string]any{"patterns": globPatterns, "names": globNames, "lists": filterLists})
	var res struct {
		Globs []struct {
			Negate  bool
			Matches []bool
		}
		Filtered [][]bool
	}
	if err := json.Unmarshal(want, &res); err != nil {
		t.Fatal(err)
	}
	for i, p := range globPatterns {
		g, err := compileGlob(p)
		if err != nil {
			t.Errorf("%q: %v", p, err)
			continue
		}
		if g.negate != res.Globs[i].Negate {
			t.Errorf("%q: negate %v, minimatch %v", p, g.negate, res.Globs[i].Negate)
		}
		for j, n := range globNames {
			if got := g.match(n); got != res.Globs[i].Matches[j] {
				t.Errorf("%q on %q: %v, minimatch %v", p, n, got, res.Globs[i].Matches[j])
			}
		}
	}
	for i, list := range filterLists {
		f, err := NewFilter(&Config{Dialect: "sqlite", TablesFilter: list})
		if err != nil {
			t.Fatal(err)
		}
		for j, n := range globNames {
			if got := f.Table("main", n); got != res.Filtered[i][j] {
				t.Errorf("tablesFilter %q on %q: %v, drizzle-kit %v", list, n, got, res.Filtered[i][j])
			}
		}
	}
}

var filterLists = [][]string{
	{"!session"}, {"users*", "!users_tmp"}, {"!_cf_KV", "!auth_*"}, {"t3turbo_*"}, {"a*", "b*"},
	{"!a*", "!b*"}, {"#c"}, {"!#c"}, {"users", "posts"}, {"*", "!posts"},
}

func runMinimatch(t *testing.T, body string, input any) []byte {
	t.Helper()
	modules := npmtest.Install(t, "dotenv@16.6.1", "dotenv-expand@12.0.3", "minimatch@7.4.9")
	script := filepath.Join(t.TempDir(), "run.cjs")
	prelude := "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\nconst output = (v) => process.stdout.write(JSON.stringify(v));\n"
	if err := os.WriteFile(script, []byte(prelude+body), 0o644); err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(input)
	cmd := exec.Command("node", script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(modules, "node_modules"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	return out
}

// TestFilterRules states drizzle-kit's behaviour case by case.
func TestFilterRules(t *testing.T) {
	pg := func(schemas, tables, ext []string) Filter {
		t.Helper()
		f, err := NewFilter(&Config{Dialect: "postgresql", SchemaFilter: schemas, TablesFilter: tables, ExtensionsFilters: ext})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	cases := []struct {
		name         string
		f            Filter
		schema, tbl  string
		want         bool
		wantIsAll    bool
		schemaResult *bool
	}{
		{name: "no filters on PostgreSQL: only public (drizzle-kit's default schemaFilter)", f: pg(nil, nil, nil), schema: "public", tbl: "users", want: true},
		{name: "no filters on PostgreSQL: other schemas hidden", f: pg(nil, nil, nil), schema: "auth", tbl: "users", want: false},
		{name: "schemaFilter names the schemas", f: pg([]string{"public", "auth"}, nil, nil), schema: "auth", tbl: "users", want: true},
		{name: "schemaFilter globs (drizzle-kit 1.0)", f: pg([]string{"tenant_*"}, nil, nil), schema: "tenant_7", tbl: "users", want: true},
		{name: "tablesFilter on the bare name, any schema", f: pg([]string{"public", "auth"}, []string{"!session"}, nil), schema: "auth", tbl: "session", want: false},
		{name: "a negation lets the rest through", f: pg(nil, []string{"!session"}, nil), schema: "public", tbl: "users", want: true},
		{name: "plain patterns keep only what they match", f: pg(nil, []string{"app_*"}, nil), schema: "public", tbl: "users", want: false},
		{name: "postgis hides its own tables", f: pg(nil, nil, []string{"postgis"}), schema: "public", tbl: "spatial_ref_sys", want: false},
		{name: "postgis leaves the rest", f: pg(nil, nil, []string{"postgis"}), schema: "public", tbl: "places", want: true},
		{name: "--all shows everything", f: All(), schema: "auth", tbl: "session", want: true, wantIsAll: true},
		{name: "no config", f: Filter{}, schema: "auth", tbl: "session", want: true, wantIsAll: true},
	}
	for _, tc := range cases {
		if got := tc.f.Table(tc.schema, tc.tbl); got != tc.want {
			t.Errorf("%s: Table(%q, %q) = %v", tc.name, tc.schema, tc.tbl, got)
		}
		if tc.wantIsAll && !tc.f.IsAll() {
			t.Errorf("%s: IsAll false", tc.name)
		}
	}
	sq, err := NewFilter(&Config{Dialect: "sqlite", SchemaFilter: []string{"public"}})
	if err != nil || !sq.Schema("main") || !sq.IsAll() {
		t.Errorf("SQLite ignores schemaFilter: Schema(main) = %v, IsAll = %v, %v", sq.Schema("main"), sq.IsAll(), err)
	}
	if _, err := NewFilter(&Config{Name: "drizzle.config.ts", Dialect: "sqlite", TablesFilter: []string{"*!(posts)"}}); !errors.Is(err, errGlob) {
		t.Errorf("!(...) extglob: %v, want a clear refusal", err)
	}
}

// TestFilterWithoutAndModel: Without leaves a relation out even under
// All (push never touches the project's history table); Model applies
// the filter, and gives the model itself back when nothing is filtered.
func TestFilterWithoutAndModel(t *testing.T) {
	f := All().Without("meta", "journal")
	if f.IsAll() || f.Table("meta", "journal") || !f.Table("public", "journal") || !f.Table("meta", "users") {
		t.Fatal("Without under All")
	}
	if f := (Filter{}).Without("", "log"); f.Table("main", "log") || f.Table("other", "log") {
		t.Fatal(`Without("", name) is in every schema`)
	}
	m := &introspect.Model{Dialect: "postgres", Schemas: []introspect.Schema{
		{Name: "public", Tables: []introspect.Table{{Name: "users"}, {Name: "temp_a"}}},
		{Name: "drizzle", Tables: []introspect.Table{{Name: "__drizzle_migrations"}}},
	}}
	if got, hidden := All().Model(m); got != m || hidden != 0 {
		t.Fatal("All().Model copied the model")
	}
	cfg := &Config{Name: "drizzle.config.ts", Dialect: "postgresql", TablesFilter: []string{"!temp_*"}}
	pf, err := NewFilter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got, hidden := pf.Model(m)
	if hidden != 2 || len(got.Schemas) != 1 || len(got.Schemas[0].Tables) != 1 || got.Schemas[0].Tables[0].Name != "users" {
		t.Fatalf("hidden %d, model %+v", hidden, got)
	}
}
