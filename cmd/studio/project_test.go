package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"studio/internal/npmtest"
	"studio/internal/pgtest"
	"studio/project"
)

// secretPW is a password the projects' .env files hold: no output may
// show it.
const secretPW = "S3cr3tPw"

// serveProject starts `studio args...` in wd and returns the URL it
// printed and its start-up line; stderr is collected in errs.
func serveProject(t *testing.T, wd string, vars map[string]string, args ...string) (url, line string, errs *syncBuffer) {
	t.Helper()
	pr, pw := io.Pipe()
	errs = &syncBuffer{}
	e := &env{getenv: func(k string) string { return vars[k] }, stdout: pw, stderr: errs, workdir: wd}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, e); pw.Close() }()
	t.Cleanup(func() { cancel(); <-done })
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if u, ok := printedURL(sc.Text()); ok {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			return u, sc.Text(), errs
		}
	}
	t.Fatalf("studio exited before serving: %v; stderr: %s", <-done, errs)
	return "", "", nil
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fetch GETs url with client and returns the status and body.
func fetch(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func cookieClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

// assertHas fails for each of want missing from s and each of not in it.
func assertHas(t *testing.T, what, s string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
	for _, n := range not {
		if strings.Contains(s, n) {
			t.Errorf("%s shows %q:\n%s", what, n, s)
		}
	}
}

// pgProjectConfig is a Drizzle project on PostgreSQL as people write it:
// the URL in .env, two schemas, a table filter, its own history table
// and timestamp file names.
const pgProjectConfig = `import "dotenv/config";
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  schemaFilter: ["app", "auth"],
  tablesFilter: ["!temp_*"],
  migrations: { table: "journal", schema: "meta", prefix: "timestamp" },
  dbCredentials: { url: process.env.DATABASE_URL! },
});
`

const pgInit = `CREATE SCHEMA app;
--> statement-breakpoint
CREATE SCHEMA auth;
--> statement-breakpoint
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL);
--> statement-breakpoint
CREATE TABLE app.temp_import (id integer PRIMARY KEY, raw text);
--> statement-breakpoint
CREATE TABLE auth.sessions (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES app.users(id));
--> statement-breakpoint
CREATE TABLE public.legacy (id integer PRIMARY KEY);
`

const pgPosts = `CREATE TABLE app.posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES app.users(id), title text NOT NULL);
`

// pgDesired is what the migrations build, as the filters see it, plus a
// table the filters hide (temp_cache): check sees no drift, push no change.
const pgDesired = `CREATE SCHEMA app;
CREATE SCHEMA auth;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL);
CREATE TABLE auth.sessions (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES app.users(id));
CREATE TABLE app.posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES app.users(id), title text NOT NULL);
CREATE TABLE app.temp_cache (k text PRIMARY KEY);
`

// TestDrizzleProjectPostgres is the "done when" on PostgreSQL: a
// folder holding only a Drizzle project (config, .env, migrations) where
// every command works with no flags, opens the database of .env, keeps
// its history in meta.journal, and sees only the schemas and tables the
// filters show.
func TestDrizzleProjectPostgres(t *testing.T) {
	url := strings.Replace(pgtest.NewDatabase(t), "postgres@", "postgres:"+secretPW+"@", 1)
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts":          pgProjectConfig,
		".env":                       "DATABASE_URL=" + url + "\n",
		"drizzle/0000_init.sql":      pgInit,
		"drizzle/0001_posts.sql":     pgPosts,
		"drizzle/meta/_journal.json": journalJSON("postgresql", []string{"0000_init", "0001_posts"}, []int64{1700000000000, 1700000001000}),
	})
	cli := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(t, wd, nil, args...)
		if code != want {
			t.Fatalf("studio %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		if strings.Contains(out+errOut, secretPW) {
			t.Fatalf("studio %s printed the password from .env:\n%s%s", strings.Join(args, " "), out, errOut)
		}
		return out
	}

	out := cli(0, "migrate")
	assertHas(t, "migrate", out, []string{"(drizzle.config.ts · .env)", "applied 2 migration(s)"}, nil)
	out = cli(0, "status")
	assertHas(t, "status", out, []string{"journal", "meta", "2 applied, 0 pending", "(drizzle.config.ts · .env)"}, nil)
	db := mustOpenAddr(t, url)
	if n := countRows(t, db, "meta.journal"); n != 2 {
		t.Fatalf("meta.journal holds %d records, want 2", n)
	}

	out = cli(0, "inspect")
	assertHas(t, "inspect", out, []string{"schema app", "schema auth", "users", "posts", "sessions",
		"3 relations hidden by the schemaFilter and tablesFilter of drizzle.config.ts"}, []string{"temp_import", "legacy", "schema meta", "schema public"})
	assertHas(t, "inspect --all", cli(0, "inspect", "--all"), []string{"temp_import", "legacy", "journal"}, []string{"hidden"})

	base, line, errs := serveProject(t, wd, nil, "--port", "0", "--data", t.TempDir())
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	if want := "studio: " + name + " · drizzle.config.ts · .env → http://"; !strings.HasPrefix(line, want) {
		t.Errorf("start-up line %q, want it to start %q", line, want)
	}
	client := cookieClient(t)
	code, page := fetch(t, client, base)
	if code != 200 {
		t.Fatalf("overview: %d\n%s", code, page)
	}
	assertHas(t, "overview", page, []string{name + " · drizzle.config.ts · .env", "users", "posts", "sessions",
		"3 relations hidden by drizzle.config.ts filters", `href="/?all=1"`}, []string{"temp_import", "legacy", secretPW})
	if code, _ := fetch(t, client, base+"schema/app/table/temp_import/rows"); code != 404 {
		t.Errorf("a hidden table's rows: %d, want 404", code)
	}
	if code, _ := fetch(t, client, base+"schema/public"); code != 404 {
		t.Errorf("a hidden schema: %d, want 404", code)
	}
	if code, page = fetch(t, client, base+"?all=1"); code != 200 {
		t.Errorf("overview with all: %d", code)
	}
	assertHas(t, "overview with all", page, []string{"temp_import", "legacy", "Apply the filters"}, nil)
	if code, _ := fetch(t, client, base+"schema/app/table/temp_import/rows"); code != 200 {
		t.Errorf("a hidden table's rows once all are shown: %d, want 200", code)
	}
	if code, page = fetch(t, client, base+"migrations"); code != 200 || !strings.Contains(page, "0001_posts") {
		t.Errorf("migrations page: %d\n%s", code, page)
	}
	if strings.Contains(errs.String(), secretPW) {
		t.Errorf("the server's log shows the password: %s", errs)
	}

	writeFiles(t, wd, map[string]string{"schema.sql": pgDesired})
	assertHas(t, "check", cli(0, "check"), []string{"drift: ok", "history: ok", "check passed"}, nil)
	out = cli(0, "push", "--dev")
	assertHas(t, "push", out, []string{"schema is up to date"}, []string{"temp_import", "temp_cache", "legacy", "journal"})
	assertHas(t, "push --all", cli(3, "push", "--dev", "--all", "--dry-run"), []string{"temp_import", "temp_cache"}, []string{"journal"})

	// generate, like drizzle-kit generate, compares the whole folder with
	// the whole desired schema: the filters are for databases.
	writeFiles(t, wd, map[string]string{"full.sql": strings.ReplaceAll(pgInit+pgPosts, "--> statement-breakpoint\n", "") +
		"ALTER TABLE app.users ADD COLUMN bio text;\n"})
	out = cli(0, "generate", "--name", "add_bio", "--schema", "full.sql")
	if !regexp.MustCompile(`wrote \S+/drizzle/\d{14}_add_bio\.sql\n`).MatchString(out) {
		t.Errorf("generate with migrations.prefix timestamp:\n%s", out)
	}
	assertHas(t, "generate", out, []string{"plan: 1 statement(s)", "bio"}, nil)
	assertHas(t, "migrate the generated one", cli(0, "migrate"), []string{"applied 1 migration(s)"}, nil)
	assertHas(t, "status after", cli(0, "status"), []string{"3 applied, 0 pending"}, nil)
}

// TestDrizzleProjectSQLite: the same on SQLite, with the file named in
// .env as Drizzle's getting-started writes it, a tablesFilter, and a
// DATABASE_URL left in the shell, which the project's config beats.
func TestDrizzleProjectSQLite(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts": `import 'dotenv/config';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  out: './drizzle',
  schema: './src/db/schema.ts',
  dialect: 'sqlite',
  tablesFilter: ['!_*'],
  dbCredentials: {
    url: process.env.DB_FILE_NAME!,
  },
});
`,
		".env":                       "DB_FILE_NAME=file:local.db\n",
		"drizzle/0000_init.sql":      "CREATE TABLE `users` (`id` integer PRIMARY KEY, `email` text NOT NULL);\n--> statement-breakpoint\nCREATE TABLE `_cache` (`k` text PRIMARY KEY);\n",
		"drizzle/0001_posts.sql":     "CREATE TABLE `posts` (`id` integer PRIMARY KEY, `user_id` integer REFERENCES `users`(`id`), `title` text);\n",
		"drizzle/meta/_journal.json": journalJSON("sqlite", []string{"0000_init", "0001_posts"}, []int64{1700000000000, 1700000001000}),
	})
	shell := map[string]string{"DATABASE_URL": "postgres://someone@127.0.0.1:1/production"}
	cli := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(t, wd, shell, args...)
		if code != want {
			t.Fatalf("studio %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out
	}
	code, _, errOut := runIn(t, wd, shell, "status")
	if want := "studio: the database of drizzle.config.ts · .env: database unreachable: SQLite file " + wd + "/local.db does not exist\n"; code != 2 || errOut != want {
		t.Errorf("status before the file exists: exit %d, %q; want 2, %q", code, errOut, want)
	}
	assertHas(t, "migrate", cli(0, "migrate"), []string{"sqlite:" + wd + "/local.db (drizzle.config.ts · .env)", "applied 2 migration(s)"}, []string{"production"})
	assertHas(t, "status", cli(0, "status"), []string{"2 applied, 0 pending", "__drizzle_migrations"}, nil)
	assertHas(t, "inspect", cli(0, "inspect"), []string{"users", "posts", "2 relations hidden"}, []string{"_cache"})

	base, line, _ := serveProject(t, wd, shell, "--port", "0", "--data", t.TempDir())
	if !strings.HasPrefix(line, "studio: local.db · drizzle.config.ts · .env → http://127.0.0.1:") {
		t.Errorf("start-up line %q", line)
	}
	code, page := fetch(t, cookieClient(t), base)
	if code != 200 {
		t.Fatalf("overview: %d", code)
	}
	assertHas(t, "overview", page, []string{"sqlite · local.db · drizzle.config.ts · .env", "users", "posts", "2 relations hidden by drizzle.config.ts filters"},
		[]string{"_cache", "production"})

	// --db beats the config; its out and filters still apply.
	other := mustSQLiteFile(t)
	out := cli(0, "inspect", "--db", other)
	assertHas(t, "inspect --db", out, []string{"schema main"}, []string{"users"})
	code, out, errOut = runIn(t, wd, nil, "status", "--db", other)
	if code != 3 || !strings.Contains(out, "folder    "+wd+"/drizzle") || errOut != "" {
		t.Errorf("status --db in the project: exit %d\n%s%s", code, out, errOut)
	}
}

// d1Project is a Cloudflare D1 project as drizzle-kit's docs set it up:
// driver d1-http with the account, database and token in the
// environment (unset here: studio needs none of them for the local
// database), wrangler.toml beside it, and migrations that rebuild a table
// with PRAGMA foreign_keys=OFF, which D1 ignores.
var d1Project = map[string]string{
	"wrangler.toml": `name = "app"
main = "src/index.ts"
compatibility_date = "2024-09-01"

[[d1_databases]]
binding = "DB"
database_name = "app-db"
database_id = "4b1c2d3e-0000-4000-8000-000000000001"
`,
	"drizzle.config.ts": `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  out: './migrations',
  schema: './src/db/schema.ts',
  dialect: 'sqlite',
  driver: 'd1-http',
  dbCredentials: {
    accountId: process.env.CLOUDFLARE_ACCOUNT_ID!,
    databaseId: process.env.CLOUDFLARE_DATABASE_ID!,
    token: process.env.CLOUDFLARE_D1_TOKEN!,
  },
});
`,
	"migrations/0000_init.sql": "CREATE TABLE `users` (`id` integer PRIMARY KEY, `email` text NOT NULL);\n--> statement-breakpoint\n" +
		"CREATE TABLE `posts` (`id` integer PRIMARY KEY, `user_id` integer REFERENCES `users`(`id`) ON DELETE cascade);\n",
	"migrations/0001_rebuild.sql": "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n" +
		"CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `email` text NOT NULL UNIQUE);--> statement-breakpoint\n" +
		"INSERT INTO `__new_users`(`id`, `email`) SELECT `id`, `email` FROM `users`;--> statement-breakpoint\n" +
		"DROP TABLE `users`;--> statement-breakpoint\n" +
		"ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint\n" +
		"PRAGMA foreign_keys=ON;\n",
	"migrations/meta/_journal.json": journalJSON("sqlite", []string{"0000_init", "0001_rebuild"}, []int64{1700000000000, 1700000001000}),
}

// TestDrizzleProjectD1 lets wrangler 3 make the local D1 database (the
// version this machine's Node 20 runs), then runs studio with no flags:
// it opens the file miniflare keeps, names it by its database_name, and
// the reviewer, on the Preview page and in lint, says D1 ignores PRAGMA
// foreign_keys=OFF.
func TestDrizzleProjectD1(t *testing.T) {
	wrangler := npmtest.Wrangler(t)
	wd := t.TempDir()
	writeFiles(t, wd, d1Project)
	npmtest.RunWrangler(t, wd, wrangler, "d1", "migrations", "apply", "app-db", "--local")

	code, out, errOut := runIn(t, wd, nil, "status")
	if code != 3 || errOut != "" {
		t.Fatalf("status: exit %d\n%s%s", code, out, errOut)
	}
	assertHas(t, "status", out, []string{"(drizzle.config.ts · wrangler.toml)", "0000_init", "0001_rebuild",
		"wrangler recorded 2 migration(s) in its own table d1_migrations (0000_init, 0001_rebuild)"}, nil)
	code, _, errOut = runIn(t, wd, nil, "migrate")
	if code != 2 || !strings.Contains(errOut, "migrations are applied by wrangler (2 recorded in d1_migrations)") || !strings.Contains(errOut, "wrangler d1 migrations apply app-db --local") {
		t.Errorf("migrate over wrangler's migrations: exit %d, %q", code, errOut)
	}
	code, out, _ = runIn(t, wd, nil, "lint", "--all")
	if code != 0 || !strings.Contains(out, "Cloudflare D1 ignores PRAGMA foreign_keys=OFF") {
		t.Errorf("lint on a D1 project: exit %d\n%s", code, out)
	}

	base, line, _ := serveProject(t, wd, nil, "--port", "0", "--data", t.TempDir())
	if !strings.HasPrefix(line, "studio: app-db · drizzle.config.ts · wrangler.toml → http://") {
		t.Errorf("start-up line %q", line)
	}
	client := cookieClient(t)
	code, page := fetch(t, client, base)
	assertHas(t, "overview", page, []string{"app-db · drizzle.config.ts · wrangler.toml", "users", "posts"}, nil)
	if code != 200 {
		t.Fatalf("overview: %d", code)
	}
	code, page = fetch(t, client, base+"migrations/m/0001_rebuild")
	if code != 200 || !strings.Contains(page, "Cloudflare D1 ignores PRAGMA foreign_keys=OFF") {
		t.Errorf("Preview of a D1 rebuild: %d, no D1 warning:\n%s", code, page)
	}
}

// TestResolverFailuresThroughTheCLI: each way a project's database cannot
// be opened is one line on stderr and exit 2, from every command, and no
// value from the environment or .env is in it.
func TestResolverFailuresThroughTheCLI(t *testing.T) {
	tomlTwo := d1Project["wrangler.toml"] + `
[[d1_databases]]
binding = "OTHER"
database_name = "other-db"
database_id = "4b1c2d3e-0000-4000-8000-000000000002"
`
	d1Config := `export default { dialect: "sqlite", out: "./migrations" };`
	state := ".wrangler/state/v3/d1/miniflare-D1DatabaseObject/"
	cases := []struct {
		name  string
		files map[string]string
		env   map[string]string
		args  []string
		want  string
	}{
		{name: "a value studio cannot read",
			files: map[string]string{"drizzle.config.ts": "export default {\n  dialect: 'postgresql',\n  dbCredentials: { url: readUrl() },\n};\n"},
			want:  "drizzle.config.ts:3:25: `dbCredentials.url` calls readUrl(...)"},
		{name: "an unset variable",
			files: map[string]string{"drizzle.config.ts": `export default { dialect: "postgresql", dbCredentials: { url: process.env.DATABASE_URL! } };`,
				".env.example": "DATABASE_URL=postgres://me:" + secretPW + "@localhost/app\n"},
			want: "`dbCredentials.url` reads DATABASE_URL, which is not set (looked in the environment); set it or pass --db URL"},
		{name: "remote libSQL",
			files: map[string]string{"drizzle.config.ts": `export default { dialect: "turso", dbCredentials: { url: process.env.TURSO_DATABASE_URL!, authToken: process.env.TURSO_AUTH_TOKEN } };`,
				".env": "TURSO_DATABASE_URL=libsql://app-" + secretPW + ".turso.io\nTURSO_AUTH_TOKEN=" + secretPW + "\n"},
			want: "drizzle.config.ts: `dbCredentials.url` (it reads TURSO_DATABASE_URL) is a libsql URL: remote libSQL is not supported yet; pass --db PATH to a local SQLite file"},
		{name: "Expo", files: map[string]string{"drizzle.config.ts": `export default { dialect: "sqlite", driver: "expo" };`},
			want: "drizzle.config.ts: `driver` \"expo\": not supported: Expo SQLite lives on the device; copy the database file off it (e.g. adb pull) and pass --db PATH"},
		{name: "a Durable Object", files: map[string]string{"drizzle.config.ts": `export default { dialect: "sqlite", driver: "durable-sqlite" };`},
			want: "a Durable Object's SQLite storage is kept by wrangler under .wrangler/state/v3/do/; pass --db PATH to its .sqlite file"},
		{name: "a Bun driver drizzle-kit does not have", files: map[string]string{"drizzle.config.ts": `export default { dialect: "sqlite", driver: "bun-sqlite" };`},
			want: "drizzle.config.ts: `driver` \"bun-sqlite\" is not one of d1-http, expo, durable-sqlite, aws-data-api, pglite; pass --db URL"},
		{name: "MySQL", files: map[string]string{"drizzle.config.ts": `export default { dialect: "mysql", dbCredentials: { url: "mysql://me:` + secretPW + `@localhost/app" } };`},
			want: "drizzle.config.ts: `dialect` \"mysql\": not supported: studio opens PostgreSQL and SQLite; pass --db URL"},
		{name: "no local D1 database", files: map[string]string{"wrangler.toml": d1Project["wrangler.toml"], "drizzle.config.ts": d1Config},
			want: "drizzle.config.ts: no local D1 database yet in .wrangler/state/v3/d1/miniflare-D1DatabaseObject: run `wrangler d1 migrations apply app-db --local` first, or pass --db PATH"},
		{name: "several local D1 databases", files: map[string]string{"wrangler.toml": tomlTwo, "drizzle.config.ts": d1Config,
			state + project.D1ObjectID("4b1c2d3e-0000-4000-8000-000000000001") + ".sqlite": "",
			state + project.D1ObjectID("4b1c2d3e-0000-4000-8000-000000000002") + ".sqlite": ""},
			want: "drizzle.config.ts: several local D1 databases in .wrangler/state/v3/d1/miniflare-D1DatabaseObject: app-db (DB): "},
		{name: "--config that does not exist", args: []string{"--config", "nope.ts"}, want: "--config nope.ts: stat "},
		{name: "a config that spreads what studio cannot read",
			files: map[string]string{"drizzle.config.ts": "import base from './base';\nexport default { ...base, dialect: 'sqlite' };\n"},
			want:  "drizzle.config.ts:2:18: the config spreads something studio cannot read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wd := t.TempDir()
			writeFiles(t, wd, tc.files)
			for _, cmd := range [][]string{{"status"}, {"inspect"}, {"migrate"}, {"export", "--table", "t"}, {"push", "--dev"}, {"serve", "--port", "0"}} {
				code, out, errOut := runIn(t, wd, tc.env, append(cmd, tc.args...)...)
				if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "studio: ") {
					t.Errorf("studio %s: exit %d, stderr %q; want exit 2 and one line holding %q (stdout %q)", cmd[0], code, errOut, tc.want, out)
				}
				if strings.Contains(out+errOut, secretPW) {
					t.Errorf("studio %s printed a secret: %q %q", cmd[0], out, errOut)
				}
			}
		})
	}
}

// TestPortInUseSaysSo: a port another studio (or drizzle-kit studio)
// holds is one line suggesting --port 0, exit 2.
func TestPortInUseSaysSo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	code, _, errOut := runIn(t, t.TempDir(), nil, "--db", mustSQLiteFile(t), "--port", strconv.Itoa(port))
	want := "studio: port " + strconv.Itoa(port) + " is in use (another studio or drizzle-kit studio?); pass --port 0 for a free one\n"
	if code != 2 || errOut != want {
		t.Fatalf("exit %d, %q; want 2, %q", code, errOut, want)
	}
}

// TestOpenBrowser: --open starts the desktop's opener with the URL (the
// token in it), and in CI or without a display says why it does not.
func TestOpenBrowser(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("drives xdg-open")
	}
	bin := t.TempDir()
	opened := filepath.Join(t.TempDir(), "opened")
	// A stand-in for the desktop's xdg-open: it records what it was asked to open.
	writeFiles(t, bin, map[string]string{"xdg-open": "#!/bin/sh\nprintf '%s' \"$1\" > " + opened + "\n"})
	if err := os.Chmod(filepath.Join(bin, "xdg-open"), 0o755); err != nil {
		t.Fatal(err)
	}
	db := mustSQLiteFile(t)
	url, _, _ := serveProject(t, t.TempDir(), map[string]string{"PATH": bin, "DISPLAY": ":0", "STUDIO_TOKEN": "tok"}, "--db", db, "--port", "0", "--open")
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := os.ReadFile(opened)
		if err == nil && string(got) == url {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("xdg-open was given %q (%v), want %q", got, err, url)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(url, "token=tok") {
		t.Errorf("the URL opened lacks the token: %s", url)
	}
	for _, tc := range []struct {
		vars map[string]string
		why  string
	}{
		{map[string]string{"PATH": bin, "DISPLAY": ":0", "CI": "true"}, "CI is set"},
		{map[string]string{"PATH": bin}, "no display (DISPLAY and WAYLAND_DISPLAY are unset)"},
	} {
		os.Remove(opened)
		url, _, errs := serveProject(t, t.TempDir(), tc.vars, "--db", db, "--port", "0", "--open")
		want := "studio: not opening a browser: " + tc.why + "; open " + url + " yourself\n"
		for end := time.Now().Add(10 * time.Second); errs.String() == "" && time.Now().Before(end); {
			time.Sleep(10 * time.Millisecond) // it is written just after the start-up line
		}
		if errs.String() != want {
			t.Errorf("stderr %q, want %q", errs, want)
		}
		if _, err := os.Stat(opened); err == nil {
			t.Errorf("%s: a browser was opened", tc.why)
		}
	}
}

// TestProjectWithoutItsDatabase: CI runs check, generate and lint where
// the config's variable is unset. They use the config's out and prefix,
// and leave out what needs the database, saying so; DATABASE_URL, though
// set, is not used instead.
func TestProjectWithoutItsDatabase(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts": `export default {
  dialect: "sqlite",
  out: "./db/migrations",
  migrations: { prefix: "unix" },
  dbCredentials: { url: process.env.DB_FILE_NAME! },
};
`,
		"db/migrations/0000_init.sql":      "CREATE TABLE `users` (`id` integer PRIMARY KEY);\n",
		"db/migrations/meta/_journal.json": journalJSON("sqlite", []string{"0000_init"}, []int64{1700000000000}),
		"schema.sql":                       "CREATE TABLE users (id integer PRIMARY KEY, email text);\n",
	})
	shell := map[string]string{"DATABASE_URL": "postgres://someone@127.0.0.1:1/production"}
	code, out, errOut := runIn(t, wd, shell, "check")
	if code != 4 || errOut == "" {
		t.Fatalf("check: exit %d\n%s%s", code, out, errOut)
	}
	assertHas(t, "check", out, []string{"folder  " + wd + "/db/migrations", "drift: FAIL",
		"history: not checked: drizzle.config.ts:5:25: `dbCredentials.url` reads DB_FILE_NAME, which is not set"}, []string{"production"})
	code, out, errOut = runIn(t, wd, shell, "generate", "--name", "email")
	if code != 0 || !regexp.MustCompile(`wrote \S+/db/migrations/\d{10}_email\.sql\n`).MatchString(out) {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runIn(t, wd, shell, "lint", "--all", "--format", "json")
	if code != 0 || !strings.Contains(out, `"migrations"`) {
		t.Fatalf("lint: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runIn(t, wd, shell, "status")
	if code != 2 || !strings.Contains(errOut, "reads DB_FILE_NAME, which is not set") {
		t.Fatalf("status needs the database: exit %d, %q", code, errOut)
	}
}

// TestDBWithAConfigStudioCannotRead: --db still works beside a config
// studio cannot read, with one warning line; push refuses, because the
// filters it cannot read may hide tables it would drop, unless --all.
func TestDBWithAConfigStudioCannotRead(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{
		"drizzle.config.ts": "import base from './base';\nexport default { ...base, dialect: 'sqlite' };\n",
		"schema.sql":        "CREATE TABLE a (id integer PRIMARY KEY);\n",
	})
	db := mustSQLiteFile(t)
	code, out, errOut := runIn(t, wd, nil, "inspect", "--db", db)
	if code != 0 || !strings.Contains(out, "schema main") || strings.Count(errOut, "\n") != 1 ||
		!strings.HasPrefix(errOut, "studio: warning: drizzle.config.ts:2:18: the config spreads something studio cannot read") ||
		!strings.HasSuffix(errOut, "(its out, filters and migrations settings are not used)\n") {
		t.Errorf("inspect --db: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runIn(t, wd, nil, "push", "--dev", "--db", db)
	if code != 2 || !strings.HasPrefix(errOut, "studio: the drizzle config cannot be read, so push cannot tell which tables its schemaFilter and tablesFilter leave alone") ||
		strings.Count(errOut, "\n") != 1 ||
		!strings.Contains(errOut, "pass --all to let push manage every table") {
		t.Errorf("push --db: exit %d, %q", code, errOut)
	}
	if code, out, errOut = runIn(t, wd, nil, "push", "--dev", "--db", db, "--all", "--dry-run"); code != 3 || !strings.Contains(out, "DROP TABLE") {
		t.Errorf("push --all: exit %d\n%s%s", code, out, errOut)
	}
}

// TestPushLeavesToolTablesAlone: the tables Cloudflare D1, Litestream and
// libSQL keep inside a SQLite database are not the project's; push never
// plans to drop them (drizzle-kit does not introspect them either).
func TestPushLeavesToolTablesAlone(t *testing.T) {
	wd := t.TempDir()
	db := mustSQLiteFile(t)
	sqliteExec(t, db, `DROP TABLE a; DROP TABLE b; CREATE TABLE users (id integer PRIMARY KEY);
		CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB);
		CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER);
		CREATE TABLE libsql_wasm_func_table (name text PRIMARY KEY, body text);`)
	writeFiles(t, wd, map[string]string{"schema.sql": "CREATE TABLE users (id integer PRIMARY KEY);\n"})
	code, out, errOut := runIn(t, wd, nil, "push", "--dev", "--db", db, "--dry-run")
	if code != 0 || !strings.Contains(out, "schema is up to date") {
		t.Fatalf("push: exit %d\n%s%s", code, out, errOut)
	}
}
