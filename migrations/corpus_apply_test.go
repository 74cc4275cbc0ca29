package migrations

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/sqlitetest"
)

// corpusRun says how one corpus folder is applied, or why it cannot be.
type corpusRun struct {
	path       string
	dialect    database.Dialect
	searchPath string
	// cannot explains a folder that cannot run here; the run must then
	// stop at failsAt with failMsg and leave nothing applied.
	cannot, failsAt, failMsg string
}

var corpusRuns = []corpusRun{
	{path: "CherryHQ__cherry-studio/migrations__sqlite-drizzle", dialect: "sqlite"},
	{path: "CherryHQ__cherry-studio/migrations__sqlite-drizzle@6985ea2fc570", dialect: "sqlite"},
	{path: "deploystackio__deploystack/services__backend__drizzle__migrations_sqlite", dialect: "sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite", dialect: "sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-blank-statements", dialect: "sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-empty-migration", dialect: "sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-init@beta", dialect: "sqlite"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite@beta", dialect: "sqlite"},
	// COMMIT TRANSACTION / BEGIN TRANSACTION around PRAGMA foreign_keys.
	{path: "homarr-labs__homarr/packages__db__migrations__sqlite", dialect: "sqlite"},
	{path: "openstatusHQ__openstatus/packages__db__drizzle", dialect: "sqlite",
		cannot:  "libSQL-only SQL: 0041 uses ALTER TABLE ... ALTER COLUMN, which vanilla SQLite does not have",
		failsAt: "0041_nasty_jigsaw", failMsg: `syntax error`},

	{path: "Dokploy__dokploy/apps__dokploy__drizzle", dialect: "postgres"},
	{path: "deploystackio__deploystack/services__backend__drizzle__migrations", dialect: "postgres"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg", dialect: "postgres"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg-concurrently", dialect: "postgres"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg-init@beta", dialect: "postgres"},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg@beta", dialect: "postgres"},
	{path: "homarr-labs__homarr/packages__db__migrations__postgresql", dialect: "postgres"},
	// Unqualified types created in schema latitude: upstream's role is
	// named latitude, so "$user" in the default search_path finds them.
	{path: "latitude-dev__latitude-llm/packages__core__drizzle@d217528da065", dialect: "postgres", searchPath: "latitude, public"},
	{path: "latitude-dev__latitude-llm/packages__platform__db-postgres__drizzle", dialect: "postgres",
		cannot:  "needs the pgvector extension (CREATE EXTENSION vector), not installed here",
		failsAt: "20260517062033_enable-pgvector-extension", failMsg: `extension "vector" is not available`},
	// The checkstack folders run together below (TestApplyCheckstackPostgres).
}

func TestApplyCorpusSQLite(t *testing.T) { applyCorpus(t, database.SQLite) }

func TestApplyCorpusPostgres(t *testing.T) { applyCorpus(t, database.Postgres) }

func applyCorpus(t *testing.T, dialect database.Dialect) {
	root := corpusRoot(t)
	for _, c := range corpusRuns {
		if c.dialect != dialect {
			continue
		}
		t.Run(c.path, func(t *testing.T) {
			var db *database.DB
			if dialect == database.SQLite {
				db = sqlitetest.New(t)
			} else {
				db, _ = mustOpenPostgres(t)
			}
			if c.cannot != "" && dialect == database.Postgres && strings.Contains(c.cannot, "pgvector") && hasExtension(t, db, "vector") {
				c.cannot = ""
			}
			f := mustRead(t, filepath.Join(root, filepath.FromSlash(c.path)))
			opts := ApplyOptions{SearchPath: c.searchPath}
			if c.cannot != "" {
				assertCannotApply(t, db, f, opts, c)
				return
			}
			res := mustApply(t, db, f, opts)
			if len(res.Applied) != len(f.Migrations) {
				t.Fatalf("applied %d of %d", len(res.Applied), len(f.Migrations))
			}
			assertAllApplied(t, mustStatus(t, db, f, Config{}), len(f.Migrations))
			if again := mustApply(t, db, f, opts); len(again.Applied) != 0 {
				t.Fatalf("second run applied %d", len(again.Applied))
			}
		})
	}
	t.Run("homarr/packages__db__migrations__mysql", func(t *testing.T) {
		t.Skip("MySQL folder: no MySQL server here, and this tool drives SQLite and PostgreSQL only (read in TestReadCorpus)")
	})
}

// assertCannotApply checks that a folder that cannot run here stops at
// the expected statement with nothing applied, then skips with the reason.
func assertCannotApply(t *testing.T, db *database.DB, f *Folder, opts ApplyOptions, c corpusRun) {
	t.Helper()
	_, err := Apply(context.Background(), db, f, opts)
	var se *StatementError
	if !errors.As(err, &se) || se.Migration != c.failsAt || !strings.Contains(se.Message, c.failMsg) {
		t.Fatalf("want a failure in %s (%s), got %v", c.failsAt, c.failMsg, err)
	}
	if rep := mustStatus(t, db, f, Config{}); rep.Summary.Applied != 0 {
		t.Fatalf("a failed run left %d applied", rep.Summary.Applied)
	}
	t.Skipf("cannot apply here: %s (stops cleanly at %s, nothing applied)", c.cannot, c.failsAt)
}

func hasExtension(t *testing.T, db *database.DB, name string) bool {
	return count(t, db, "SELECT count(*) FROM pg_available_extensions WHERE name = $1", name) > 0
}

// TestApplyCheckstackPostgres applies the nine checkstack folders to one
// database as upstream does: each plugin in its own schema, with its own
// history table there and search_path set to it; the core backend with
// Drizzle's defaults. Histories then finds all nine.
func TestApplyCheckstackPostgres(t *testing.T) {
	root := corpusRoot(t)
	db, _ := mustOpenPostgres(t)
	dirs, err := filepath.Glob(filepath.Join(root, "enyineer__checkstack", "core__*"))
	if err != nil || len(dirs) != 9 {
		t.Fatalf("checkstack folders: %v %v", dirs, err)
	}
	for _, dir := range dirs {
		f := mustRead(t, dir)
		opts := ApplyOptions{}
		if plugin := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(dir), "core__"), "-backend__drizzle"); plugin != "backend__drizzle" {
			schema := "plugin_" + plugin
			opts = ApplyOptions{Config: Config{Schema: schema}, SearchPath: schema}
		}
		mustApply(t, db, f, opts)
		assertAllApplied(t, mustStatus(t, db, f, opts.Config), len(f.Migrations))
	}
	hs, err := Histories(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range hs {
		names = append(names, h.Schema)
	}
	if len(hs) != 9 || names[0] != "drizzle" || names[1] != "plugin_auth" {
		t.Fatalf("histories: %v", names)
	}
}
