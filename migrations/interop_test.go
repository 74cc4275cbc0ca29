package migrations

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"studio/database"
)

// The interop tests run drizzle-orm's own migrator (installed from the
// npm registry into a cache under the temp dir, as CI may) against the
// same database as Apply, in both directions, for both layouts.

const npmPackages = "drizzle-orm@0.45.4 drizzle-v1@npm:drizzle-orm@1.0.0-rc.5 pg@8.23.1 @libsql/client@0.15.15"

// drizzleScript runs drizzle's migrate(): argv = module prefix
// (drizzle-orm or drizzle-v1), dialect, address, folder.
const drizzleScript = `
const [prefix, dialect, addr, folder] = process.argv.slice(2);
if (dialect === 'sqlite') {
  const { createClient } = await import('@libsql/client');
  const { drizzle } = await import(prefix + '/libsql');
  const { migrate } = await import(prefix + '/libsql/migrator');
  const client = createClient({ url: 'file:' + addr });
  await migrate(drizzle({ client }), { migrationsFolder: folder });
  client.close();
} else {
  const pg = (await import('pg')).default;
  const { drizzle } = await import(prefix + '/node-postgres');
  const { migrate } = await import(prefix + '/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: addr });
  await migrate(drizzle({ client: pool }), { migrationsFolder: folder });
  await pool.end();
}
`

// drizzleModules installs the npm packages once into a cache directory
// and returns it, or skips when node or npm is missing.
func drizzleModules(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: the drizzle-orm interop test needs Node.js and npm", tool)
		}
	}
	dir := filepath.Join(os.TempDir(), "studio-drizzle-interop-1")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "drizzle-v1", "package.json")); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "studio-drizzle-install-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	writeFile(t, filepath.Join(tmp, "package.json"), `{"name":"studio-drizzle-interop","private":true,"type":"module"}`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error"}, strings.Fields(npmPackages)...)...)
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install %s: %v\n%s", npmPackages, err, out)
	}
	if err := os.Rename(tmp, dir); err != nil && !isDirPath(filepath.Join(dir, "node_modules")) {
		t.Fatal(err)
	}
	return dir
}

func isDirPath(p string) bool { st, err := os.Stat(p); return err == nil && st.IsDir() }

// runDrizzle runs drizzle's migrator; prefix picks 0.45 or 1.0.
func runDrizzle(t *testing.T, modules, prefix, dialect, addr, folder string) {
	t.Helper()
	sum := sha256.Sum256([]byte(drizzleScript))
	script := filepath.Join(modules, fmt.Sprintf("migrate-%x.mjs", sum[:4]))
	if _, err := os.Stat(script); err != nil {
		writeFile(t, script, drizzleScript)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script, prefix, dialect, addr, folder)
	cmd.Dir = modules
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("drizzle %s migrate: %v\n%s", prefix, err, out)
	}
}

// historyRows is the history table as text, to compare before and after.
func historyRows(t *testing.T, db *database.DB, cfg Config) string {
	t.Helper()
	cfg, _ = cfg.withDefaults(db.Dialect())
	rows := must2(queryStrings(context.Background(), db,
		"SELECT coalesce(CAST(id AS text), '-') || ' ' || hash || ' ' || CAST(created_at AS text) FROM "+cfg.qualified()+" ORDER BY created_at"))(t)
	return strings.Join(rows, "\n")
}

func interopEntries() []entry {
	return []entry{
		{"0000_a", 1_700_000_000_000, "CREATE TABLE a (id integer PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO a VALUES (1);"},
		{"0001_b", 1_700_000_001_000, "CREATE TABLE b (id integer);"},
		{"0002_c", 1_700_000_002_000, "CREATE TABLE c (id integer);\n--> statement-breakpoint\nINSERT INTO c VALUES (3);"},
		{"0003_d", 1_700_000_003_000, "CREATE TABLE d (id integer);"},
	}
}

func testDrizzleInterop(t *testing.T, db *database.DB, dialect, addr string) {
	modules := drizzleModules(t)
	ctx := context.Background()
	es := interopEntries()
	dir := t.TempDir()
	journalDialect := map[string]string{"sqlite": "sqlite", "postgres": "postgresql"}[dialect]

	// drizzle writes the history; Status reads it as applied.
	writeJournal(t, dir, journalDialect, es[:2]...)
	runDrizzle(t, modules, "drizzle-orm", dialect, addr, dir)
	assertAllApplied(t, mustStatus(t, db, mustRead(t, dir), Config{}), 2)

	// Apply continues; drizzle then finds nothing to do.
	f := mustRead(t, writeJournal(t, dir, journalDialect, es[:3]...))
	if res := mustApply(t, db, f, ApplyOptions{}); len(res.Applied) != 1 {
		t.Fatalf("applied %d, want 1", len(res.Applied))
	}
	before := historyRows(t, db, Config{})
	runDrizzle(t, modules, "drizzle-orm", dialect, addr, dir)
	if after := historyRows(t, db, Config{}); after != before {
		t.Fatalf("drizzle changed the history after studio's run:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// drizzle continues where Apply stopped.
	f = mustRead(t, writeJournal(t, dir, journalDialect, es...))
	runDrizzle(t, modules, "drizzle-orm", dialect, addr, dir)
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 4)
	if n := count(t, db, "SELECT count(*) FROM c"); n != 1 {
		t.Fatalf("c has %d rows: a migration ran twice", n)
	}

	// drizzle-kit up's folders layout under drizzle-orm 1.0: it upgrades
	// the table Apply and 0.45 wrote, by matching created_at seconds.
	v1 := t.TempDir()
	for _, e := range es {
		name := time.UnixMilli(e.when).UTC().Format("20060102150405") + "_" + e.tag[5:]
		writeFile(t, filepath.Join(v1, name, "migration.sql"), e.sql)
	}
	writeFile(t, filepath.Join(v1, "20231114221400_e", "migration.sql"), "CREATE TABLE e (id integer);")
	runDrizzle(t, modules, "drizzle-v1", dialect, addr, v1)
	fv1 := mustRead(t, v1)
	assertAllApplied(t, mustStatus(t, db, fv1, Config{}), 5)
	writeFile(t, filepath.Join(v1, "20231114221500_f", "migration.sql"), "CREATE TABLE f (id integer);")
	fv1 = mustRead(t, v1)
	if res := mustApply(t, db, fv1, ApplyOptions{}); len(res.Applied) != 1 {
		t.Fatalf("v1: applied %d, want 1", len(res.Applied))
	}
	before = historyRows(t, db, Config{})
	runDrizzle(t, modules, "drizzle-v1", dialect, addr, v1)
	if after := historyRows(t, db, Config{}); after != before {
		t.Fatalf("drizzle 1.0 changed the history after studio's run:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	var names string
	if err := db.QueryRowContext(ctx, "SELECT count(*) || '' FROM "+map[string]string{"sqlite": `"__drizzle_migrations"`, "postgres": `"drizzle"."__drizzle_migrations"`}[dialect]+" WHERE name IS NOT NULL").Scan(&names); err != nil || names != "6" {
		t.Fatalf("named records: %s (%v)", names, err)
	}
}

func TestDrizzleInteropSQLite(t *testing.T) {
	db, path := mustOpenSQLite(t)
	mustExec(t, db, "SELECT 1") // create the file
	testDrizzleInterop(t, db, "sqlite", path)
}

func TestDrizzleInteropPostgres(t *testing.T) {
	db, url := mustOpenPostgres(t)
	testDrizzleInterop(t, db, "postgres", url)
}
