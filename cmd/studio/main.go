// Command studio serves a local web studio for SQLite and PostgreSQL
// databases and applies Drizzle-style SQL migration folders.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// env is what a command may touch of the outside world; main passes the
// real one, tests pass their own.
type env struct {
	getenv  func(string) string
	stdout  io.Writer
	stderr  io.Writer
	workdir string
}

// exitError carries a process exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in how the command was called (exit 2).
func usageError(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

// command is one subcommand: its one-line summary and its entry point.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is the table of subcommands; "serve" runs when none is named.
func commands() map[string]command {
	return map[string]command{
		"serve":    {"serve the studio (the default)", runServe},
		"demo":     {"serve the studio on a demo SQLite database", runDemo},
		"inspect":  {"print the schema of a database (--json for scripts)", runInspect},
		"status":   {"compare a Drizzle migrations folder with the database (--json; exit 0 in sync, 3 pending, 4 drift)", runStatus},
		"migrate":  {"apply pending Drizzle migrations in one locked transaction (--dry-run)", runMigrate},
		"push":     {"make a development database match schema.sql: plan, then one transaction (--dev; --dry-run rehearses on PostgreSQL; exit 3 pending with --dry-run, 4 data loss refused)", runPush},
		"generate": {"write the next migration from schema.sql in the folder's own layout (nothing when nothing changed)", runGenerate},
		"export":   {"stream a table (with the grid's filters) or a query as CSV, JSON or NDJSON to stdout or a file", runExport},
		"check":    {"check a migrations folder: consistent, no drift from schema.sql, history matches with --db (exit 4 when not)", runCheck},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	wd, _ := os.Getwd()
	e := &env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr, workdir: wd}
	err := run(ctx, os.Args[1:], e)
	stop()
	os.Exit(exitCode(err, e.stderr))
}

// run dispatches to a subcommand.
func run(ctx context.Context, args []string, e *env) error {
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" || (len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") && name == "serve") {
		printUsage(e.stdout)
		return nil
	}
	cmd, ok := commands()[name]
	if !ok {
		printUsage(e.stderr)
		return usageError("unknown command %q", name)
	}
	return cmd.run(ctx, e, args)
}

// exitCode prints err and maps it to the process exit code: 0 for none,
// the code an exitError carries, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "studio:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "studio:", err)
	return 1
}
