package project

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"studio/database"
)

// secret is in every password the cases use: no message may show it.
const secret = "S3cr3t"

// configCase is one config shape from testdata/configs, the environment
// and files beside it, and what studio must make of it.
type configCase struct {
	name   string
	file   string            // testdata/configs/<file>
	as     string            // its name in the project (default drizzle.config.<ext>)
	config string            // --config
	env    map[string]string // the process environment
	files  map[string]string // files beside it (.env, ...)
	flag   string            // --db
	// want is the address ({wd} is the project folder), source where it
	// came from; err a substring of the error (file:line:col included).
	want, source, err string
	check             func(t *testing.T, c *Config)
}

var configCases = []configCase{
	{
		name: "host form with || fallbacks and ssl: true", file: "next-midman.ts",
		env:   map[string]string{"POSTGRES_HOST": "db.internal"},
		files: map[string]string{".env": "POSTGRES_PASSWORD='p@ss/" + secret + ":x'\n"},
		want:  "postgresql://postgres:p%40ss%2F" + secret + "%3Ax@db.internal:5432/postgres?sslmode=require", source: "drizzle.config.ts · $POSTGRES_HOST · .env",
	},
	{
		name: "host form with as string, parseInt and ssl: false", file: "cron-webhook-db.ts",
		files: map[string]string{".env": "DB_HOST=localhost\nDB_NAME=app\nDB_USER=me\nDB_PASSWORD=" + secret + "\nDB_PORT=6543\n"},
		want:  "postgresql://me:" + secret + "@localhost:6543/app?sslmode=disable", source: "drizzle.config.ts · .env",
	},
	{
		name: "Number() of an unset port", file: "ansell-notes.ts",
		env: map[string]string{"POSTGRES_HOST": "localhost", "POSTGRES_DATABASE": "app", "POSTGRES_PASSWORD": secret},
		err: "drizzle.config.ts:12:11: `dbCredentials.port` is not a port number (it reads POSTGRES_PORT); pass --db URL",
	},
	{
		name: "d1-http without a local database yet", file: "gensya-akuyaku.ts",
		err: "drizzle.config.ts: no local D1 database yet in .wrangler/state/v3/d1/miniflare-D1DatabaseObject: run `wrangler d1 migrations apply <DATABASE> --local` first, or pass --db PATH",
		check: func(t *testing.T, c *Config) {
			if !c.IsD1() || c.Out != "./drizzle/migrations" {
				t.Errorf("IsD1 = %v, Out = %q", c.IsD1(), c.Out)
			}
		},
	},
	{
		name: "turso with a remote url", file: "cnkojp-api.ts",
		env: map[string]string{"TURSO_DATABASE_URL": "libsql://app-" + secret + ".turso.io", "TURSO_AUTH_TOKEN": secret},
		err: "drizzle.config.ts: `dbCredentials.url` (it reads TURSO_DATABASE_URL) is a libsql URL: remote libSQL is not supported yet; pass --db PATH",
	},
	{
		name: "turso with a local file url", file: "cnkojp-api.ts",
		env:  map[string]string{"TURSO_DATABASE_URL": "file:local.db"},
		want: "sqlite:{wd}/local.db", source: "drizzle.config.ts · $TURSO_DATABASE_URL",
	},
	{
		name: "turso falling back to a local libSQL server", file: "expense-tracker.ts",
		err: "drizzle.config.ts: `dbCredentials.url` (it reads TURSO_DATABASE_URL) is a http URL: remote libSQL is not supported yet",
	},
	{
		name: "turso in a .js config", file: "multivault.js",
		files: map[string]string{".env.local": "TURSO_CONNECTION_URL=file:./dev.db\n", ".env": "TURSO_CONNECTION_URL=libsql://prod.turso.io\n"},
		want:  "sqlite:{wd}/dev.db", source: "drizzle.config.js · .env.local",
	},
	{
		name: "drizzle-kit 0.21's sqlite + turso driver, url unset", file: "volt-riders.ts",
		err: "drizzle.config.ts:8:10: `dbCredentials.url` reads DATABASE_URL, which is not set (looked in the environment); set it or pass --db URL",
		check: func(t *testing.T, c *Config) {
			if c.Dialect != "turso" || c.Driver != "" {
				t.Errorf("dialect %q driver %q, want turso and none", c.Dialect, c.Driver)
			}
		},
	},
	{
		name: "no dbCredentials, migrations prefix", file: "watch-survivor.ts",
		err: "drizzle.config.ts: no database: the config has no `dbCredentials`; pass --db URL",
		check: func(t *testing.T, c *Config) {
			if c.Migrations.Prefix != "timestamp" || c.OutDir() != filepath.Join(filepath.Dir(c.Path), "migrations") {
				t.Errorf("prefix %q out %q", c.Migrations.Prefix, c.OutDir())
			}
		},
	},
	{name: "export default {} in .js, a relative path", file: "defnotes.js", want: "sqlite:{wd}/sqlite.db", source: "drizzle.config.js"},
	{name: "JSDoc type comment", file: "learnonauts.js", want: "sqlite:{wd}/sqlite.db", source: "drizzle.config.js"},
	{
		name: "connectionString with a template fallback", file: "ourmusic.js",
		files: map[string]string{".env": "DB_USER=me\nDB_PASSWORD=" + secret + "\nDB_HOST=localhost\nDB_NAME=music\n"},
		want:  "postgresql://me:" + secret + "@localhost:5432/music", source: "drizzle.config.js · .env",
	},
	{
		name: "import dotenv/config and a template url", file: "reonic.ts",
		files: map[string]string{".env": "POSTGRES_USER=u\nPOSTGRES_PASSWORD=" + secret + "\nPOSTGRES_HOST=localhost:5432\nPOSTGRES_DB=reonic\n"},
		want:  "postgres://u:" + secret + "@localhost:5432/reonic", source: "drizzle.config.ts · .env",
	},
	{
		name: "module.exports with drizzle-kit 0.20's driver pg", file: "plantdetective.js",
		env:  map[string]string{"DATABASE_URL": "postgres://localhost/plants"},
		want: "postgres://localhost/plants", source: "drizzle.config.js · $DATABASE_URL",
		check: func(t *testing.T, c *Config) {
			if c.Dialect != "postgresql" {
				t.Errorf("dialect %q", c.Dialect)
			}
		},
	},
	{
		name: "T3's env module", file: "t3-env.ts",
		err: "drizzle.config.ts:10:10: `dbCredentials.url` reads `env`, imported from \"@/env\", which studio does not run; pass --db URL",
	},
	{
		name: "T3's env module with --db", file: "t3-env.ts", flag: "./app.db",
		want: "./app.db", source: "--db",
		check: func(t *testing.T, c *Config) {
			if !reflect.DeepEqual(c.TablesFilter, []string{"02-react-t3_*"}) {
				t.Errorf("tablesFilter %q", c.TablesFilter)
			}
		},
	},
	{
		name: "dotenv.config with a path of its own", file: "starter-development.ts", config: "drizzle-development.config.ts",
		files: map[string]string{".env.development.local": "DATABASE_URL=postgres://localhost/dev\n", ".env.local": "DATABASE_URL=postgres://localhost/local\n"},
		want:  "postgres://localhost/dev", source: "drizzle-development.config.ts · .env.development.local",
	},
	{
		name: "a top-level constant", file: "rtpa-web.ts",
		files: map[string]string{".env.local": "DATABASE_URL=postgres://localhost/rtpa\n"},
		want:  "postgres://localhost/rtpa", source: "drizzle.config.ts · .env.local",
	},
	{
		name: "the environment beats .env files", file: "bookmarketkit.ts",
		env:   map[string]string{"DATABASE_URL": "postgres://localhost/from-shell"},
		files: map[string]string{".env.local": "DATABASE_URL=postgres://localhost/from-file\n"},
		want:  "postgres://localhost/from-shell", source: "drizzle.config.ts · $DATABASE_URL",
	},
	{
		name: "--config in a package folder", file: "quizlet-clone.ts", as: "packages/db/src/config.ts", config: "packages/db/src/config.ts",
		env:  map[string]string{"DATABASE_URL": "postgres://localhost/quiz"},
		want: "postgres://localhost/quiz", source: "packages/db/src/config.ts · $DATABASE_URL",
	},
	{
		name: "a guard before the export", file: "replit-throw.ts",
		files: map[string]string{".env": "DATABASE_URL=postgres://localhost/replit\n"},
		want:  "postgres://localhost/replit", source: "drizzle.config.ts · .env",
		check: func(t *testing.T, c *Config) {
			if !reflect.DeepEqual(c.TablesFilter, []string{"!session"}) || c.Out != "./migrations" {
				t.Errorf("tablesFilter %q out %q", c.TablesFilter, c.Out)
			}
		},
	},
	{
		name: "a typed constant exported with satisfies", file: "synthetic-const-satisfies.ts",
		env:  map[string]string{"DATABASE_URL": "postgres://localhost/ops"},
		want: "postgres://localhost/ops", source: "drizzle.config.ts · $DATABASE_URL",
		check: func(t *testing.T, c *Config) {
			want := Migrations{Table: "journal", Schema: "ops", Prefix: "supabase"}
			if c.Migrations != want || !reflect.DeepEqual(c.SchemaFilter, []string{"public", "auth"}) || !reflect.DeepEqual(c.TablesFilter, []string{"!_cf_KV", "!auth_*"}) {
				t.Errorf("migrations %+v schemaFilter %q tablesFilter %q", c.Migrations, c.SchemaFilter, c.TablesFilter)
			}
		},
	},
	{
		name: "export { config as default } in .mjs", file: "synthetic-export-as-default.mjs",
		want: "sqlite:{wd}/data/app.db", source: "drizzle.config.mjs",
		check: func(t *testing.T, c *Config) {
			if c.Out != "./drizzle/migrations" || !reflect.DeepEqual(c.TablesFilter, []string{"posts", "comments"}) || c.ExtensionsFilters == nil {
				t.Errorf("out %q tablesFilter %q extensions %q", c.Out, c.TablesFilter, c.ExtensionsFilters)
			}
		},
	},
	{name: "process.env[\"X\"] ?? fallback", file: "synthetic-bracket-env.ts", want: "postgres://localhost:5432/dev", source: "drizzle.config.ts"},
	{
		name: "destructured from process.env", file: "synthetic-destructure.ts",
		files: map[string]string{".env": "DB_URL=postgres://localhost/d\n"},
		want:  "postgres://localhost/d", source: "drizzle.config.ts · .env",
		check: func(t *testing.T, c *Config) {
			if !reflect.DeepEqual(c.SchemaFilter, []string{"app"}) {
				t.Errorf("schemaFilter %q", c.SchemaFilter)
			}
		},
	},
	{name: "keys studio ignores hold code", file: "synthetic-ignored-keys.ts", want: "sqlite:{wd}/local.db", source: "drizzle.config.ts"},
	{
		name: "credentials behind a spread", file: "synthetic-spread.ts",
		err: "drizzle.config.ts:6:3: the config spreads something studio cannot read (reads `shared`, imported from \"../../drizzle.shared\", which studio does not run): any key may come from it; write dialect, driver, dbCredentials, out, schemaFilter, tablesFilter and migrations in this file, or pass --db URL",
	},
	{
		name: "a url computed by a function", file: "synthetic-function-url.ts",
		err: "drizzle.config.ts:8:10: `dbCredentials.url` calls getDatabaseUrl(...), which studio cannot evaluate without running the config; pass --db URL",
	},
	{
		name: "the .env file named by a ternary", file: "synthetic-app-env.ts",
		env:   map[string]string{"APP_ENV": "staging"},
		files: map[string]string{".env.staging.local": "DATABASE_URL=postgres://localhost/staging\n", ".env.local": "DATABASE_URL=postgres://localhost/local\n"},
		want:  "postgres://localhost/staging", source: "drizzle.config.ts · .env.staging.local",
	},
	{
		name: "a .env file studio cannot locate", file: "synthetic-env-helper.ts",
		err: "drizzle.config.ts:10:25: `dbCredentials.url` reads DATABASE_URL, which is not set, and line 6 loads a .env file studio cannot locate (calls envPath(...), which studio cannot evaluate without running the config)",
	},
	{
		name: "a .env file studio cannot locate, variable set in the shell", file: "synthetic-env-helper.ts",
		env:  map[string]string{"DATABASE_URL": "postgres://localhost/shell"},
		want: "postgres://localhost/shell", source: "drizzle.config.ts · $DATABASE_URL",
	},
	{
		name: "a JSON config", file: "synthetic.json",
		want: "sqlite:{wd}/db/app.sqlite", source: "drizzle.config.json",
		check: func(t *testing.T, c *Config) {
			if !reflect.DeepEqual(c.TablesFilter, []string{"app_*"}) || c.Migrations.Table != "__history" || c.Migrations.Prefix != "index" {
				t.Errorf("tablesFilter %q migrations %+v", c.TablesFilter, c.Migrations)
			}
		},
	},
	{
		name: "a MySQL project", file: "synthetic-mysql.ts",
		err: "drizzle.config.ts: `dialect` \"mysql\": not supported: studio opens PostgreSQL and SQLite; pass --db URL",
	},
	{
		name: "PGlite", file: "synthetic-pglite.ts",
		err: "drizzle.config.ts: `driver` \"pglite\": not supported: a PGlite data folder is not a server",
	},
	{name: "an unterminated string", file: "synthetic-unterminated.ts", err: "drizzle.config.ts:3:12: unterminated string"},
	{name: "no export", file: "synthetic-no-export.ts", err: "drizzle.config.ts: no `export default` or `module.exports =` found"},
	{
		name: "a CommonJS .cts config on a Unix socket", file: "synthetic-host-socket.cts",
		env:  map[string]string{"PGPORT": "5444"},
		want: "postgresql://me@/app%20db?host=%2Fvar%2Frun%2Fpostgresql&port=5444&sslmode=prefer", source: "drizzle.config.cts · $PGPORT",
	},
}

// TestConfigShapes reads each real and synthetic shape in a project
// folder and resolves its database.
func TestConfigShapes(t *testing.T) {
	for _, tc := range configCases {
		t.Run(tc.name, func(t *testing.T) {
			wd := writeProject(t, tc)
			ch, err := Resolve(Inputs{Flag: tc.flag, ConfigPath: tc.config, Workdir: wd, Getenv: mapEnv(tc.env)})
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows a secret: %v", err)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v\nwant it to contain %q", err, tc.err)
				}
				if tc.check != nil {
					cfg := mustLoad(t, wd, tc)
					tc.check(t, cfg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tc.want, "{wd}", wd)
			if ch.Address != want || ch.Source != tc.source {
				t.Errorf("address %q source %q\nwant    %q source %q", ch.Address, ch.Source, want, tc.source)
			}
			if _, err := database.Parse(ch.Address); err != nil {
				t.Errorf("database.Parse(address): %v", err)
			}
			if strings.Contains(ch.Source, secret) || strings.Contains(ch.Label(), secret) {
				t.Errorf("the source shows a secret: %q", ch.Label())
			}
			if tc.check != nil {
				tc.check(t, ch.Config)
			}
		})
	}
}

// TestEnoughRealShapes keeps the collection of real configs honest: at
// least 15 shapes taken from public projects.
func TestEnoughRealShapes(t *testing.T) {
	real := 0
	files, _ := filepath.Glob(filepath.Join("testdata", "configs", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "Shape of ") {
			real++
		}
	}
	if real < 15 {
		t.Errorf("%d real config shapes in testdata/configs, want at least 15", real)
	}
}

func mustLoad(t *testing.T, wd string, tc configCase) *Config {
	t.Helper()
	path, err := Find(wd, tc.config)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(wd, path, mapEnv(tc.env))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeProject lays out a project folder for a case.
func writeProject(t *testing.T, tc configCase) string {
	t.Helper()
	wd := t.TempDir()
	raw, err := os.ReadFile(filepath.Join("testdata", "configs", tc.file))
	if err != nil {
		t.Fatal(err)
	}
	name := tc.as
	if name == "" {
		name = tc.config
	}
	if name == "" {
		ext := filepath.Ext(tc.file)
		name = "drizzle.config" + ext
	}
	files := map[string]string{name: string(raw)}
	for k, v := range tc.files {
		files[k] = v
	}
	for n, body := range files {
		p := filepath.Join(wd, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return wd
}

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFindPrefersDrizzleKitsOrder(t *testing.T) {
	wd := t.TempDir()
	for _, n := range []string{"drizzle.config.json", "drizzle.config.js", "drizzle.config.mts"} {
		if err := os.WriteFile(filepath.Join(wd, n), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := Find(wd, ""); err != nil || filepath.Base(p) != "drizzle.config.js" {
		t.Errorf("Find = %q, %v; want drizzle.config.js (drizzle-kit: ts, then js, then json)", p, err)
	}
	if _, err := Find(t.TempDir(), ""); !errors.Is(err, ErrNoConfig) {
		t.Errorf("an empty folder: %v, want ErrNoConfig", err)
	}
	if _, err := Find(wd, "missing.config.ts"); err == nil || !strings.Contains(err.Error(), "--config missing.config.ts") {
		t.Errorf("a missing --config: %v", err)
	}
}

func TestSQLitePath(t *testing.T) {
	for in, want := range map[string]string{
		"file:./local.db": "./local.db", "file:///abs/app.db": "/abs/app.db", "file:app.db?mode=ro": "app.db",
		"sqlite://./drizzle.sqlite": "./drizzle.sqlite", "./sqlite.db": "./sqlite.db", "file:my%20db.sqlite": "my db.sqlite",
		"C:\\data\\app.db": "C:\\data\\app.db",
	} {
		if got, err := sqlitePath(in); err != nil || got != want {
			t.Errorf("sqlitePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"libsql://db.turso.io", "https://db.turso.io", "ws://127.0.0.1:8080", "WSS://x"} {
		if _, err := sqlitePath(in); !errors.Is(err, ErrRemoteLibSQL) {
			t.Errorf("sqlitePath(%q) = %v, want ErrRemoteLibSQL", in, err)
		}
	}
	for _, in := range []string{":memory:", "file::memory:", "file:"} {
		if _, err := sqlitePath(in); err == nil {
			t.Errorf("sqlitePath(%q): no error for an in-memory database", in)
		}
	}
}

func TestUnsetVariableIsErrNoDatabase(t *testing.T) {
	wd := writeProject(t, configCase{file: "volt-riders.ts"})
	_, err := Resolve(Inputs{Workdir: wd})
	if !errors.Is(err, ErrNoDatabase) || !strings.HasPrefix(err.Error(), "drizzle.config.ts:8:10: ") {
		t.Fatalf("error = %v, want ErrNoDatabase starting with its place", err)
	}
}
