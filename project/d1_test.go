package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/npmtest"
)

const wranglerTOML = `name = "app"
main = "src/index.ts"
compatibility_date = "2024-09-01"

[[d1_databases]]
binding = "DB"
database_name = "app-db"
database_id = "4b1c2d3e-0000-4000-8000-000000000001"

[[d1_databases]]
binding = "OTHER"
database_name = "other-db"
database_id = "4b1c2d3e-0000-4000-8000-000000000002"
preview_database_id = "preview-other"
`

// d1Config is the d1-http shape of kbkn3/gensya-akuyaku-source.
const d1Config = `import type { Config } from 'drizzle-kit';
export default {
  schema: "./db/schema.ts",
  out: "./migrations",
  driver: "d1-http",
  dialect: "sqlite",
  dbCredentials: {
    accountId: process.env.CLOUDFLARE_ACCOUNT_ID!,
    databaseId: process.env.CLOUDFLARE_DATABASE_ID!,
    token: process.env.CLOUDFLARE_D1_TOKEN!,
  },
} satisfies Config;
`

// TestD1FindsTheDatabaseWranglerMade lets wrangler 3 create two local
// D1 databases, then finds each from the config's databaseId: the file
// name miniflare derives from the id (the preview id when there is one).
func TestD1FindsTheDatabaseWranglerMade(t *testing.T) {
	wrangler := npmtest.Wrangler(t)
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"wrangler.toml":            wranglerTOML,
		"drizzle.config.ts":        d1Config,
		"migrations/0001_init.sql": "CREATE TABLE users (id integer primary key, email text);\n",
	})
	npmtest.RunWrangler(t, wd, wrangler, "d1", "migrations", "apply", "app-db", "--local")
	npmtest.RunWrangler(t, wd, wrangler, "d1", "execute", "other-db", "--local", "--command", "CREATE TABLE notes (id integer)")

	for _, tc := range []struct {
		id, table, name string
	}{
		{"4b1c2d3e-0000-4000-8000-000000000001", "users", "app-db"},
		{"4b1c2d3e-0000-4000-8000-000000000002", "notes", "other-db"},
	} {
		ch, err := Resolve(Inputs{Workdir: wd, Getenv: mapEnv(map[string]string{"CLOUDFLARE_DATABASE_ID": tc.id, "CLOUDFLARE_D1_TOKEN": secret})})
		if err != nil {
			t.Fatalf("databaseId %s: %v", tc.id, err)
		}
		if ch.Source != "drizzle.config.ts · wrangler.toml" || ch.Database.D1 == nil || ch.Label() != tc.name+" · drizzle.config.ts · wrangler.toml" {
			t.Errorf("databaseId %s: source %q, D1 %+v", tc.id, ch.Source, ch.Database.D1)
		}
		if !hasTable(t, ch.Address, tc.table) {
			t.Errorf("databaseId %s opened %s, which has no table %s", tc.id, ch.Address, tc.table)
		}
		if !ch.Config.IsD1() {
			t.Error("IsD1 is false for a d1-http config")
		}
	}

	_, err := Resolve(Inputs{Workdir: wd, Getenv: mapEnv(nil)})
	var choice *D1ChoiceError
	if !errors.As(err, &choice) || len(choice.Candidates) != 2 || !strings.Contains(err.Error(), "app-db (DB)") {
		t.Fatalf("no databaseId and two databases: %v, want the list to choose from", err)
	}

	// A SQLite config with no credentials beside wrangler.toml, and only
	// one database left, opens that one.
	writeFiles(t, wd, map[string]string{"drizzle.config.ts": `export default { dialect: "sqlite", out: "./migrations" };`})
	if err := os.Remove(filepath.Join(wd, filepath.FromSlash(D1StateDir), D1ObjectID("preview-other")+".sqlite")); err != nil {
		t.Fatal(err)
	}
	ch, err := Resolve(Inputs{Workdir: wd})
	if err != nil || !hasTable(t, ch.Address, "users") || !ch.Config.IsD1() {
		t.Fatalf("the one database left: %q, %v", ch.Address, err)
	}
}

func TestD1WithoutALocalDatabaseSaysWhatToRun(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"wrangler.jsonc": `{
  // wrangler.jsonc allows comments and trailing commas
  "name": "app",
  "d1_databases": [{ "binding": "DB", "database_name": "app-db", "database_id": "abc", },],
}`,
		"drizzle.config.ts": d1Config,
	})
	_, err := Resolve(Inputs{Workdir: wd})
	want := "drizzle.config.ts: no local D1 database yet in .wrangler/state/v3/d1/miniflare-D1DatabaseObject: run `wrangler d1 migrations apply app-db --local` first, or pass --db PATH"
	if !errors.Is(err, ErrD1Missing) || err.Error() != want {
		t.Fatalf("error = %v\nwant    %s", err, want)
	}
}

func hasTable(t *testing.T, address, table string) bool {
	t.Helper()
	tg, err := database.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for n, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
