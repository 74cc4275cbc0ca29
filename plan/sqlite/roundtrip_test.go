package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"studio/database"
	"studio/demo"
	"studio/internal/sqlitetest"
	"studio/introspect"
	"studio/migrations"
	"studio/plan"
)

// corpus are the SQLite folders of ../shared/corpus. stopAt names the
// first migration that cannot run on vanilla SQLite (the replay stops
// before it), as in the migrations package's corpus tests.
var corpus = []struct{ path, stopAt string }{
	{path: "CherryHQ__cherry-studio/migrations__sqlite-drizzle"},
	{path: "CherryHQ__cherry-studio/migrations__sqlite-drizzle@6985ea2fc570"},
	{path: "deploystackio__deploystack/services__backend__drizzle__migrations_sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-blank-statements"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-empty-migration"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-init@beta"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite@beta"},
	{path: "homarr-labs__homarr/packages__db__migrations__sqlite"},
	// libSQL-only SQL from 0041 on (ALTER TABLE ... ALTER COLUMN).
	{path: "openstatusHQ__openstatus/packages__db__drizzle", stopAt: "0041_nasty_jigsaw"},
}

// corpusRoot is ../shared/corpus next to the repository, or a skip.
func corpusRoot(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// readFolder reads a corpus folder, cut before stopAt.
func readFolder(t testing.TB, dir, stopAt string) *migrations.Folder {
	t.Helper()
	f, err := migrations.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if stopAt != "" {
		for i, m := range f.Migrations {
			if m.Name == stopAt {
				f.Migrations = f.Migrations[:i]
				break
			}
		}
	}
	return f
}

// replay applies the first n migrations of f to db, which holds some
// earlier prefix. Out of order is allowed: Cherry Studio's 0007 has an
// older `when` than 0006, so on a database that stopped at 0006 it is
// rightly out of order, but this replay wants each prefix's schema, as a
// database migrated from scratch through it has.
func replay(t testing.TB, db *database.DB, f *migrations.Folder, n int) {
	t.Helper()
	cut := *f
	cut.Migrations = f.Migrations[:n]
	if _, err := migrations.Apply(context.Background(), db, &cut, migrations.ApplyOptions{AllowOutOfOrder: true}); err != nil {
		t.Fatalf("replay %s up to %d: %v", f.Dir, n, err)
	}
}

// TestPushSQLiteCorpus replays every SQLite corpus folder to get a desired
// schema, then pushes it onto the database as it was after each earlier
// migration (the first being the empty database): every push must give
// exactly the desired schema, keep the rows it does not declare at stake
// (the history table's, the folders' own data migrations') and leave
// nothing to do on a second diff.
func TestPushSQLiteCorpus(t *testing.T) {
	root := corpusRoot(t)
	for _, c := range corpus {
		t.Run(c.path, func(t *testing.T) {
			f := readFolder(t, filepath.Join(root, filepath.FromSlash(c.path)), c.stopAt)
			final := sqlitetest.New(t)
			replay(t, final, f, len(f.Migrations))
			desired := mustInspect(t, final)

			progress := sqlitetest.New(t)
			dir := t.TempDir()
			for k := 0; k <= len(f.Migrations); k++ {
				if k > 0 {
					replay(t, progress, f, k)
				}
				path := filepath.Join(dir, "at"+strconv.Itoa(k)+".db")
				if _, err := progress.ExecContext(context.Background(), "VACUUM INTO ?", path); err != nil {
					t.Fatal(err)
				}
				live := sqlitetest.Open(t, path, database.Options{Create: true})
				if t.Run("from_"+strconv.Itoa(k), func(t *testing.T) { mustPush(t, live, desired, plan.Options{}) }) {
					live.Close()
				}
			}
		})
	}
}

// TestPushSQLiteDemoPendingMigration pushes the demo folder's schema
// (0000 and the pending 0001: a rebuild for a new CHECK, a view over the
// rebuilt table, a dropped column) onto the demo database with its rows.
func TestPushSQLiteDemoPendingMigration(t *testing.T) {
	live, path := openDemo(t)
	f := readFolder(t, filepath.Join(filepath.Dir(path), "drizzle"), "")
	want := sqlitetest.New(t)
	replay(t, want, f, len(f.Migrations))
	desired := mustInspect(t, want)
	before := rowCounts(t, live)
	p := mustPush(t, live, desired, plan.Options{})
	if got := rowCounts(t, live); !sameCounts(got, before) {
		t.Errorf("row counts changed: %v -> %v", before, got)
	}
	var kinds []string
	for _, s := range p.Steps {
		kinds = append(kinds, s.Action+" "+s.ObjectKind+" "+s.Object)
	}
	t.Logf("plan: %q", kinds)
}

func sameCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// openDemo creates the demo database (with its rows) in a temp dir.
func openDemo(t testing.TB) (*database.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	if _, err := demo.Create(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	return sqlitetest.Open(t, path, database.Options{Create: true}), path
}

// relation returns the named relation of a model's main schema.
func relation(m *introspect.Model, name string) *introspect.Table {
	for si := range m.Schemas {
		for ti := range m.Schemas[si].Tables {
			if m.Schemas[si].Tables[ti].Name == name {
				return &m.Schemas[si].Tables[ti]
			}
		}
	}
	return nil
}
