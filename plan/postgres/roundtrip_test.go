package postgres_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"studio/database"
	"studio/migrations"
	"studio/plan"
)

func mustReadFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPushFixturePostgres pushes the rich fixture onto an empty database,
// fills it, pushes the changed fixture (with a rename) and then the
// original again: each time the database comes out as desired, a second
// diff is empty, and only the values the plan declared are gone.
func TestPushFixturePostgres(t *testing.T) {
	dir := filepath.Join("testdata", "push")
	live := mustOpenPostgres(t)
	first := mustLoad(t, live, mustReadFile(t, filepath.Join(dir, "schema.sql")))
	mustPush(t, live, first, nil)
	mustExec(t, live, mustReadFile(t, filepath.Join(dir, "rows.sql")))

	changed := mustLoad(t, live, mustReadFile(t, filepath.Join(dir, "changed.sql")))
	p := mustPush(t, live, changed, map[string]string{"auth.users.team_id": "squad_id"})
	assertDestructive(t, p, "auth.users.nick", `public.We"ird ü`)
	if len(p.Hints) != 1 || !strings.Contains(p.Hints[0], "--rename auth.users.nick=display_name") {
		t.Errorf("hints: %q, want one for nick (and none for the rename given)", p.Hints)
	}

	back := mustPushOrdered(t, live, first, map[string]string{"auth.users.squad_id": "team_id"}, false)
	assertDestructive(t, back, "app.status", "public.mood", "auth.users.display_name", "app.comments", "ops.jobs",
		"app.events_2025", "app.events.source", "app.posts.slug", "ops")
	assertNoScratch(t, live)
}

// assertDestructive checks which objects a plan's destructive steps
// name, in any order.
func assertDestructive(t testing.TB, p *plan.Plan, want ...string) {
	t.Helper()
	var got []string
	for _, s := range p.Destructive() {
		got = append(got, s.Object)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("destructive steps %q, want %q\n%s", got, want, render(p))
	}
}

// TestPushIntrospectFixturePostgres round-trips the introspect package's
// golden fixture, written independently of this package's cases.
func TestPushIntrospectFixturePostgres(t *testing.T) {
	path := filepath.Join("..", "..", "introspect", "testdata", "postgres_fixture.sql")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("introspect fixture not found: %v", err)
	}
	live := mustOpenPostgres(t)
	mustPush(t, live, mustLoad(t, live, mustReadFile(t, path)), nil)
}

// corpusRun is a PostgreSQL folder of ../shared/corpus (see
// migrations/corpus_apply_test.go for why each needs what).
type corpusRun struct {
	path, searchPath, cannot string
}

var corpus = []corpusRun{
	{path: "Dokploy__dokploy/apps__dokploy__drizzle"},
	{path: "deploystackio__deploystack/services__backend__drizzle__migrations"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg-concurrently"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg-init@beta"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg@beta"},
	{path: "homarr-labs__homarr/packages__db__migrations__postgresql"},
	{path: "latitude-dev__latitude-llm/packages__core__drizzle@d217528da065", searchPath: "latitude, public"},
	{path: "latitude-dev__latitude-llm/packages__platform__db-postgres__drizzle",
		cannot: "needs the pgvector extension (CREATE EXTENSION vector), not installed here"},
}

func corpusRoot(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// TestPushCorpusPostgres replays every PostgreSQL corpus folder onto a
// scratch database and takes its schema as the desired one; pushes it
// onto an empty database; then replays the first half of the folder onto
// another database (rows included, as the migrations wrote them) and
// pushes the whole schema onto it: real changes, from real history.
func TestPushCorpusPostgres(t *testing.T) {
	root := corpusRoot(t)
	for _, c := range corpus {
		t.Run(c.path, func(t *testing.T) {
			if c.cannot != "" {
				t.Skipf("cannot replay here: %s (see TestApplyCorpusPostgres)", c.cannot)
			}
			f, err := migrations.ReadPath(filepath.Join(root, filepath.FromSlash(c.path)))
			if err != nil {
				t.Fatal(err)
			}
			opts := migrations.ApplyOptions{SearchPath: c.searchPath}
			src := mustOpenPostgres(t)
			replay(t, src, f, opts)
			want := desiredSide{model: mustModel(t, src), objects: mustObjects(t, src)}
			mustPush(t, mustOpenPostgres(t), want, nil)

			half := *f
			half.Migrations = f.Migrations[:len(f.Migrations)/2]
			live := mustOpenPostgres(t)
			replay(t, live, &half, opts)
			// Columns the later migrations add in the middle (by a
			// table rebuild) come last here: compare them in any order.
			mustPushOrdered(t, live, want, nil, false)
		})
	}
	t.Run("enyineer__checkstack (9 folders, a schema per plugin)", func(t *testing.T) {
		src := mustOpenPostgres(t)
		dirs, err := filepath.Glob(filepath.Join(root, "enyineer__checkstack", "core__*"))
		if err != nil || len(dirs) == 0 {
			t.Fatalf("checkstack folders: %v %v", dirs, err)
		}
		for _, dir := range dirs {
			f, err := migrations.ReadPath(dir)
			if err != nil {
				t.Fatal(err)
			}
			opts := migrations.ApplyOptions{}
			if plugin := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(dir), "core__"), "-backend__drizzle"); plugin != "backend__drizzle" {
				schema := "plugin_" + plugin
				opts = migrations.ApplyOptions{Config: migrations.Config{Schema: schema}, SearchPath: schema}
			}
			replay(t, src, f, opts)
		}
		want := desiredSide{model: mustModel(t, src), objects: mustObjects(t, src)}
		mustPush(t, mustOpenPostgres(t), want, nil)
	})
}

func replay(t testing.TB, db *database.DB, f *migrations.Folder, opts migrations.ApplyOptions) {
	t.Helper()
	if _, err := migrations.Apply(testCtx(t), db, f, opts); err != nil {
		t.Fatalf("replaying %s: %v", f.Dir, err)
	}
}
