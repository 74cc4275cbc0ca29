package main

import (
	"fmt"
	"io"
	"sort"
)

// printUsage writes `studio --help`.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `studio: a local web studio for SQLite and PostgreSQL, and a safe migrator
for Drizzle-style SQL migration folders.

Usage:
  studio [serve] [--db URL] [--config PATH] [--all] [--host 127.0.0.1] [--port 4983] [--token T]
                 [--read-only] [--data DIR] [--open]
  studio demo    [--port 4983] ...       serve a demo SQLite database (created on first run)
  studio inspect [--db URL] [--all] [--json]   print the schema
  studio status  [--db URL] [--migrations DIR] [--json]
  studio migrate [--db URL] [--migrations DIR] [--dry-run] [--allow-out-of-order]
  studio push --dev [--db URL] [--all] [--schema schema.sql] [--dry-run] [--accept-data-loss]
  studio generate --name NAME [--schema schema.sql] [--migrations DIR]
  studio check [--migrations DIR] [--schema schema.sql] [--db URL] [--all] [--json]   (a database: also live drift)
  studio diff --from A --to B [--format sql|json|markdown] [--exit-code]   A, B: a migration, empty, live, schema.sql
  studio lint [MIGRATION|FILE ...] [--all] [--db URL] [--dev-url URL] [--format text|json|github|markdown|sarif]
              [--fail-on error|warning|info|never] [--explain CODE] [--migrations-table T] [--migrations-schema S]
  studio export [--db URL] (--table T [--query 'eq.c=v&sort=-id'] | --sql S) [--format csv|json|ndjson] [-o FILE]
  studio <command> -h                    flags and exit codes of one command
  studio --version                       print the version
Every command but demo also takes --config PATH (drizzle-kit's --config).

Commands:
`)
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprint(w, `
Which database, first match wins:
  1. --db URL
  2. the drizzle config of the working folder (drizzle.config.{ts,js,json,mts,
     mjs,cts,cjs}, or --config PATH), read as text, never run, with its
     variables from the environment, .env.local and .env (or the files it
     loads itself); a Cloudflare D1 project opens the local database wrangler
     keeps in .wrangler/state
  3. DATABASE_URL
  4. (serve) the choice saved by the set-up page in DIR/db.selection.json
     (default ./persistent_data); with none, studio starts on that page.
A project's own config beats a variable left in the shell. studio prints the
database and where its address came from at start ("studio: app ·
drizzle.config.ts · .env → http://127.0.0.1:4983/"), and every page's header
shows the same. The config also gives the migrations folder (out), the history
table (migrations.table, .schema), generate's file names (migrations.prefix),
and the schemaFilter and tablesFilter that the pages, inspect, check and push
apply as drizzle-kit does (--all, or the overview's switch: everything).

Database URLs:
  postgres://user:pass@host:5432/db   postgresql://...   host=... dbname=... (libpq key=value)
  sqlite:PATH   file:PATH   ./path.db | .sqlite | .sqlite3

Launching: --open opens a browser (never when CI is set or without a display);
a port in use (another studio, drizzle-kit studio) is exit 2: pass --port 0.

Exit codes: 0 ok, 2 usage or connection error; status 3 pending, 4 drift
(modified, missing or out-of-order); migrate 1 failed statement, 4 drift
refused; push 3 changes pending (--dry-run), 4 data loss not accepted, 1
failed (on PostgreSQL --dry-run runs the plan in a rolled-back transaction);
check 4 failed (drift of --db included); lint 1 a finding at or above --fail-on;
diff 0 printed (1 differences with --exit-code, as git diff);
70 internal error: a bug, please report it with the command
you ran (set STUDIO_DEBUG=1 to print the stack) at `+reportURL+`.

Security: listens on 127.0.0.1 by default; any other address needs --token
(or STUDIO_TOKEN). Passwords are never printed.
`)
}
