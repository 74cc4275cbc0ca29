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
	"runtime/debug"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"studio/database"
)

// reportURL is where bugs are reported; an internal error names it.
const reportURL = "https://github.com/studio-dev/studio/issues"

// exitInternal is the exit code of an internal error, a bug in studio
// (EX_SOFTWARE of sysexits.h): nothing the user typed explains it.
const exitInternal = 70

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
		"migrate":  {"apply pending Drizzle migrations in one locked transaction (--dry-run; exit 4 drift refused, 1 failed statement)", runMigrate},
		"push":     {"make a development database match schema.sql: plan, then one transaction (--dev; --dry-run rehearses on PostgreSQL; exit 3 pending with --dry-run, 4 data loss refused)", runPush},
		"generate": {"write the next migration from schema.sql in the folder's own layout (nothing when nothing changed)", runGenerate},
		"export":   {"stream a table (with the grid's filters) or a query as CSV, JSON or NDJSON to stdout or a file", runExport},
		"lint":     {"review migrations for CI: coded findings (data loss, failures on the data there, locks) as text, json, github, markdown or sarif (exit 1 at --fail-on)", runLint},
		"diff":     {"compare two schemas (a migration, empty, live, schema.sql): the change list, or the SQL from one to the other (a rollback when going back); --exit-code exits 1 on differences", runDiff},
		"check":    {"check a migrations folder: consistent, no drift from schema.sql; with a database, history matches and no hand-made changes (exit 4 when not)", runCheck},
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

// run dispatches to a subcommand. A panic anywhere in the command's own
// goroutine becomes an internal error (exit 70) instead of a stack trace.
func run(ctx context.Context, args []string, e *env) error {
	return recovered(e, func() error { return dispatch(ctx, args, e) })
}

// recovered runs fn and turns a panic in it into an internal error: one
// line that says it is a bug and where to report it. With STUDIO_DEBUG=1
// the panic and its stack go to stderr first. Goroutines a command starts
// run their work through it too.
func recovered(e *env, fn func() error) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if debugMode(e) {
			fmt.Fprintf(e.stderr, "panic: %s\n\n%s\n", database.Redact(fmt.Sprint(r)), debug.Stack())
		}
		err = &exitError{code: exitInternal, err: fmt.Errorf("internal error: %s. This is a bug; please report it at %s with the command you ran (set STUDIO_DEBUG=1 for details)",
			database.Redact(fmt.Sprint(r)), reportURL)}
	}()
	return fn()
}

// debugMode reports STUDIO_DEBUG=1: internal errors print their stack.
func debugMode(e *env) bool { return e.getenv("STUDIO_DEBUG") == "1" }

func dispatch(ctx context.Context, args []string, e *env) error {
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" || (len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") && name == "serve") {
		printUsage(e.stdout)
		return nil
	}
	if name == "version" || (name == "serve" && len(args) == 1 && (args[0] == "--version" || args[0] == "-version")) {
		fmt.Fprintln(e.stdout, "studio", version)
		return nil
	}
	cmd, ok := commands()[name]
	if !ok {
		return usageError("unknown command %q (`studio --help` lists the commands)", name)
	}
	return cmd.run(ctx, e, args)
}

// exitCode prints err and maps it to the process exit code: 0 for none,
// the code an exitError carries, 1 for anything else. Usage errors (2)
// and internal errors (70) are printed on one line; every message has
// its control characters escaped, so input echoed in it cannot move the
// cursor, recolour the terminal or add lines.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	code, msg := 1, err
	var ee *exitError
	if errors.As(err, &ee) {
		code, msg = ee.code, ee.err
	}
	if msg != nil {
		fmt.Fprintln(stderr, "studio: "+printable(msg.Error(), code == 2 || code == exitInternal))
	}
	return code
}

// printable escapes what a terminal would act on: control characters
// (tabs and, unless oneLine, newlines excepted) and invalid UTF-8. With
// oneLine, an indented continuation line (the detail lines of a driver's
// error) joins the line before it, and any other newline, one that came
// from input such as a path, is shown as \n.
func printable(s string, oneLine bool) string {
	if oneLine {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		var b strings.Builder
		for i, l := range lines {
			switch {
			case i == 0:
			case strings.TrimLeft(l, " \t") != l:
				if strings.HasSuffix(b.String(), ":") {
					b.WriteString(" ")
				} else {
					b.WriteString("; ")
				}
				l = strings.TrimLeft(l, " \t")
			default:
				b.WriteString(`\n`)
			}
			b.WriteString(l)
		}
		s = strings.ReplaceAll(b.String(), "\t", " ")
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
