// Package migrations owns Drizzle migration folders: reading them
// (classic meta/_journal.json folders and drizzle-kit 1.0 per-migration
// folders, from any fs.FS, so an embed.FS works), comparing them with a
// database's history table (Status), and applying what is pending
// (Apply). It reads and writes exactly Drizzle's history tables, so
// drizzle-orm's own migrator and this package can take turns on one
// database.
//
// # Records
//
// PostgreSQL: "drizzle"."__drizzle_migrations" (id serial primary key,
// hash text not null, created_at bigint); the schema is created when
// missing. SQLite: "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text
// NOT NULL, created_at numeric), whose id SQLite leaves NULL. hash is the
// SHA-256 hex of the file's bytes and created_at the journal's `when`.
// A folders-layout run does what drizzle-orm 1.0 does: the table gains
// name and applied_at (PostgreSQL timestamptz default now(); SQLite ISO
// text, id INTEGER PRIMARY KEY), created_at is the folder timestamp as UTC
// ms, and an existing 0.x table is upgraded in place (columns added, names
// back-filled). Table and schema follow Config like Drizzle's
// migrationsTable and migrationsSchema.
//
// # State
//
// Records are matched to files by created_at and position in the journal
// layout, and by name in the folders layout (see matching for the exact
// rule), so an edited file shows as modified and not as pending plus
// missing. An unrecorded migration is pending, or out-of-order when it
// cannot simply run next: an applied migration comes after it in run
// order, or (journal layout) its `when` is not later than the newest
// recorded created_at. drizzle-orm's own rule (run only entries newer
// than the newest record) silently skips such a migration, merged late
// with an older timestamp, on every run; Status flags it SkippedByDrizzle
// and MigrationStatus.OutOfOrder says why and what each tool does with
// it. drizzle-orm 1.0 runs every folder whose name is not recorded, so in
// the folders layout only the run-order rule applies. What is recorded is
// never out of order: a fresh database applies a journal whose `when`
// does not increase in one run, and afterwards all of it is applied.
// Apply refuses out-of-order migrations (a *DriftError, ErrOutOfOrder)
// unless ApplyOptions.AllowOutOfOrder; then it runs them in folder order
// and records them as Drizzle would (created_at = `when`), which leaves
// the newest created_at, and so drizzle-orm's next run, unchanged.
//
// # Runs
//
// Apply runs every pending migration in folder order in one transaction
// on a pinned connection, and records each right after its statements.
// Files are split on "--> statement-breakpoint" only; each chunk is sent
// as written (PostgreSQL: the simple query protocol, so a chunk may hold
// several statements); blank and comment-only chunks are not sent.
//
// Concurrency: on PostgreSQL the run takes a transaction-level advisory
// lock (key derived from the history table's schema and name) before it
// reads the state; it polls pg_try_advisory_xact_lock rather than blocking,
// because a blocked lock call holds a snapshot and a CREATE INDEX
// CONCURRENTLY in the running migration would wait for it (deadlock). On
// SQLite it opens the transaction with BEGIN IMMEDIATE, retrying while
// another run holds the write lock. Either way the state is read again
// once the lock is held, so each migration is applied exactly once.
//
// SQLite foreign keys: PRAGMA foreign_keys=OFF is set on the pinned
// connection before BEGIN (inside a transaction SQLite ignores it, which
// is how Drizzle's table rebuilds cascade-delete child rows), PRAGMA
// foreign_key_check runs before COMMIT and fails the run when the
// migrations added violations (older ones are not blamed on the run), and
// the previous setting is restored afterwards, also on error.
//
// # Transaction policy
//
// Real folders fight Drizzle's wrapping transaction in two opposite ways,
// and both must work. The runner finds top-level BEGIN / COMMIT / END /
// ROLLBACK statements and statements PostgreSQL refuses inside a
// transaction block, with a small lexer that knows quotes, comments,
// dollar quotes and trigger bodies; it never rewrites what it sends.
//
// SQLite: every BEGIN and COMMIT in a file is skipped. In Drizzle folders
// they exist only to escape Drizzle's transaction so that PRAGMA
// foreign_keys=OFF takes effect (homarr); the runner already switches
// foreign keys off outside its transaction, so the run stays atomic.
//
// PostgreSQL: a BEGIN ... COMMIT pair written inside one file is skipped
// (its statements stay atomic inside the run). A COMMIT that closes the
// run's own transaction (latitude: "COMMIT;" then CREATE INDEX
// CONCURRENTLY) is honoured as a commit point: the work so far is
// committed and a new transaction begins. A statement that cannot run in a
// transaction (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY,
// DETACH PARTITION CONCURRENTLY, VACUUM, CREATE/DROP DATABASE or
// TABLESPACE, ALTER SYSTEM) commits the work so far, runs alone in
// autocommit, and a new transaction begins after it; this is what makes
// drizzle's pg-concurrently fixture work, which drizzle itself cannot
// apply. A migration with a commit point is committed together with its
// record as soon as it completes, so the history never disagrees with
// what is committed. Across commit points the lock is also held at
// session level, so no other run slips in. The trade-off: such a run is
// no longer all or nothing. If a later statement fails, migrations before
// the commit point stay applied and recorded, and the migration holding
// the commit point may be partially applied and unrecorded; the
// StatementError says which (Committed, Partial). Runs without those
// statements keep the single-transaction guarantee. ROLLBACK in a file is
// refused before anything runs. A dry run never commits: file COMMITs are
// skipped and CONCURRENTLY statements run without the keyword inside its
// transaction.
//
// Enum values: PostgreSQL refuses to use a value added by ALTER TYPE ...
// ADD VALUE before the transaction that added it commits (SQLSTATE
// 55P04), so a run where one pending migration adds a value and a later
// one uses it cannot be a single transaction (latitude 0189 and 0199;
// drizzle only gets through because an earlier file's COMMIT had silently
// dropped it out of its transaction). Apply then rolls back and runs once
// more, committing after each migration that adds enum values; the
// Result's Notes say so. Runs that do not need it stay atomic.
//
// Deliberate differences from drizzle-orm: a migration with no statements
// is recorded as applied (newer drizzle refuses it; real folders hold
// intentional no-op migrations), journal entries whose file is missing are
// skipped with a warning (drizzle refuses the folder), and a file that is
// not valid UTF-8 is hashed as bytes (drizzle hashes decoded text).
package migrations
