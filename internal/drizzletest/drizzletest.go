// Package drizzletest runs drizzle-orm's own migrator (0.45 and 1.0, from
// the npm registry) against a test database, so tests can prove that
// studio and Drizzle continue each other's work. The packages are installed
// once per machine into a cache under the temp dir.
package drizzletest

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

	"studio/internal/npmtest"
)

// Module prefixes: which drizzle-orm a migration runs with.
const (
	V045 = "drizzle-orm" // drizzle-orm 0.45.4
	V1   = "drizzle-v1"  // drizzle-orm 1.0.0-rc.5
)

const packages = "drizzle-orm@0.45.4 drizzle-v1@npm:drizzle-orm@1.0.0-rc.5 pg@8.23.1 @libsql/client@0.15.15"

// script runs drizzle's migrate(): argv = module prefix, dialect, address,
// folder.
const script = `
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

// Modules installs the npm packages once and returns their folder; the
// test is skipped when node or npm is missing.
func Modules(t testing.TB) string {
	t.Helper()
	return npmtest.Install(t, strings.Fields(packages)...)
}

// Migrate runs drizzle's migrate() with the given module prefix (V045 or
// V1) on a SQLite path or a PostgreSQL URL, and fails the test on error.
func Migrate(t testing.TB, prefix, dialect, addr, folder string) {
	t.Helper()
	modules := Modules(t)
	sum := sha256.Sum256([]byte(script))
	path := filepath.Join(modules, fmt.Sprintf("migrate-%x.mjs", sum[:4]))
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", path, prefix, dialect, addr, folder)
	cmd.Dir = modules
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("drizzle %s migrate: %v\n%s", prefix, err, out)
	}
}
