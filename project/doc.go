// Package project owns a Drizzle project in a folder: its
// drizzle.config.* read statically (never run), the environment it is
// evaluated in (the process environment, then .env files as dotenv and
// dotenv-expand read them), its schemaFilter and tablesFilter applied as
// drizzle-kit applies them, its local databases (SQLite and libSQL
// files, Cloudflare D1 databases kept by wrangler), and the one rule
// that decides which database a command opens: --db, then the config,
// then DATABASE_URL, then the saved set-up choice.
//
// Config files are read with a small tokenizer and parser for the
// subset of JavaScript and TypeScript configs are written in. A value
// studio cannot evaluate fails only when studio needs it, with the
// file, line and column and what to pass instead. Values read from the
// environment never appear in messages; only variable names do.
package project
