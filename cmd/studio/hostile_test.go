package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildBinary compiles the real studio binary into a test's temporary
// folder: the hostile-input tests run what users run, main included.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "studio")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs bin in dir with only vars (and PATH, HOME) in its
// environment and returns its exit code, stdout and stderr.
func runBinary(t *testing.T, bin, dir string, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%q did not exit within 30s (stdout %q, stderr %q)", args, out.String(), errb.String())
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run %q: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

// hostileFixture is a working folder holding the bad files the cases
// name: binary junk where SQL, a journal, a database or a saved
// selection belong, and a file where a folder belongs.
func hostileFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	junk := []byte("\x00\xff\xfe\x1b[2J\x89PNG\r\n\x1a\n\xc3\x28 junk \x00")
	files := map[string][]byte{
		"junk.db":                        junk,
		"junk.sql":                       junk,
		"plain-file":                     []byte("not a folder\n"),
		"junkjournal/meta/_journal.json": junk,
		"junkjournal/0000_init.sql":      []byte("CREATE TABLE a (id integer);\n"),
		"badjournal/meta/_journal.json":  []byte(`{"version":"7","dialect":"sqlite","entries":[{"idx":0,"tag":"../../etc/passwd","when":1}]}`),
		"junkfolders/20240101000000_a/migration.sql": junk,
		"junkselection/db.selection.json":            junk,
		"badselection/db.selection.json":             []byte(`{"type":"sqlite","path":"../../outside.db"}`),
		"nulselection/db.selection.json":             []byte(`{"type":"sqlite","path":"a\u0000b.db"}`),
		"pgselection/db.selection.json":              []byte(`{"type":"postgres","connectionString":"\u00acpAssword="}`),
		"junkschema/a.sql":                           junk,
		"ok/schema.sql":                              []byte("CREATE TABLE a (id integer PRIMARY KEY);\n"),
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if content != nil {
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, d := range []string{"emptydir", "journaldir/meta/_journal.json", "schemadir.sql"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestHostileInputNeverPrintsAStack runs the real binary on bad
// addresses, flags, files, folders and environment: each ends with the
// documented exit code and one clear line on stderr, never a Go stack
// trace, a password, or raw control characters from the input.
func TestHostileInputNeverPrintsAStack(t *testing.T) {
	bin := buildBinary(t)
	dir := hostileFixture(t)
	okDB := mustSQLiteFile(t)
	in := func(p string) string { return filepath.Join(dir, p) }
	cases := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		// Addresses.
		{"invalid utf-8 password key", nil, []string{"inspect", "--db", "\xacpAssword="}, 2, "bad database address"},
		{"invalid utf-8 url", nil, []string{"inspect", "--db", "\xacpostgres://u:hunter2@h/db"}, 2, "bad database address"},
		{"escape sequence path", nil, []string{"inspect", "--db", "\x1b[31mred.db"}, 2, "does not exist"},
		{"newline in path", nil, []string{"inspect", "--db", "a\nb.db"}, 2, "does not exist"},
		{"junk as a database", nil, []string{"inspect", "--db", in("junk.db")}, 2, "not a database"},
		{"folder as a database", nil, []string{"inspect", "--db", "sqlite:" + in("emptydir")}, 2, ""},
		{"empty sqlite path", nil, []string{"inspect", "--db", "sqlite:"}, 2, "no path"},
		{"bad url", nil, []string{"inspect", "--db", "postgres://u:hunter2@[::1/db"}, 2, "bad database address"},
		{"bad port in url", nil, []string{"inspect", "--db", "postgres://u:hunter2@h:99999999999/db"}, 2, "bad database address"},
		{"key=value junk", nil, []string{"inspect", "--db", "host=\xff\xfe password=hunter2 port=x"}, 2, "bad database address"},
		{"unreachable", nil, []string{"inspect", "--db", "postgres://u:hunter2@127.0.0.1:1/db?connect_timeout=2"}, 2, "unreachable"},
		{"no socket", nil, []string{"status", "--db", "host=" + in("emptydir") + " dbname=x password=hunter2"}, 2, ""},
		{"export bad address", nil, []string{"export", "--db", "\x01\x7f", "--table", "t"}, 2, "bad database address"},
		// Commands and flags.
		{"unknown command", nil, []string{"\x1b[2Jfrob"}, 2, "unknown command"},
		{"unknown flag", nil, []string{"inspect", "--nope"}, 2, "-nope"},
		{"flag without value", nil, []string{"inspect", "--db"}, 2, "needs an argument"},
		{"stray argument", nil, []string{"inspect", "--db", okDB, "extra\x07"}, 2, "unexpected argument"},
		{"port not a number", nil, []string{"serve", "--port", "abc"}, 2, "-port"},
		{"port out of range", nil, []string{"serve", "--db", okDB, "--port", "99999"}, 2, "port"},
		{"negative port", nil, []string{"demo", "--data", in("demo-data"), "--port", "-5"}, 2, "port"},
		{"host junk", nil, []string{"serve", "--db", okDB, "--host", "\xff\xfe", "--token", "t"}, 2, "listen"},
		{"bool flag value", nil, []string{"inspect", "--json=maybe"}, 2, "-json"},
		{"timeout junk", nil, []string{"export", "--db", okDB, "--table", "a", "--timeout", "forever"}, 2, "-timeout"},
		{"export format", nil, []string{"export", "--db", okDB, "--table", "a", "--format", "xml\n"}, 2, "--format"},
		{"export missing table", nil, []string{"export", "--db", okDB, "--table", "\xffnope"}, 2, ""},
		{"export bad query", nil, []string{"export", "--db", okDB, "--table", "a", "--query", "%zz"}, 2, "--query"},
		{"export into a missing folder", nil, []string{"export", "--db", okDB, "--table", "a", "-o", in("nowhere/out.csv")}, 2, "out.csv"},
		{"export onto a folder", nil, []string{"export", "--db", okDB, "--table", "a", "-o", in("emptydir")}, 2, "emptydir"},
		{"rename junk", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--rename", "x\n"}, 2, "-rename"},
		{"generate name junk", nil, []string{"generate", "--name", "\xff\x00"[:1], "--dialect", "sqlite"}, 2, "--name"},
		{"generate dialect junk", nil, []string{"generate", "--name", "x", "--dialect", "my\x1bsql", "--migrations", in("new")}, 2, "only sqlite and postgres"},
		// Files and folders.
		{"migrations folder missing", nil, []string{"status", "--db", okDB, "--migrations", in("missing")}, 2, "missing"},
		{"migrations folder is a file", nil, []string{"status", "--db", okDB, "--migrations", in("plain-file")}, 2, "plain-file"},
		{"migrations folder empty", nil, []string{"migrate", "--db", okDB, "--migrations", in("emptydir")}, 2, ""},
		{"junk journal", nil, []string{"migrate", "--db", okDB, "--migrations", in("junkjournal")}, 2, "_journal.json"},
		{"journal is a folder", nil, []string{"status", "--db", okDB, "--migrations", in("journaldir")}, 2, "_journal.json"},
		{"journal escapes its folder", nil, []string{"migrate", "--db", okDB, "--migrations", in("badjournal")}, 0, ""},
		{"junk journal for check", nil, []string{"check", "--migrations", in("junkjournal")}, 2, "_journal.json"},
		{"junk schema", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--schema", in("junk.sql")}, 2, "junk.sql"},
		{"junk schema folder", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--schema", in("junkschema")}, 2, "a.sql"},
		{"schema missing", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--schema", in("missing.sql")}, 2, "missing.sql"},
		{"schema is a folder named .sql", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--schema", in("schemadir.sql")}, 2, ""},
		{"generate junk schema", nil, []string{"generate", "--name", "x", "--dialect", "sqlite", "--migrations", in("new"), "--schema", in("junk.sql")}, 2, "junk.sql"},
		{"generate junk folder", nil, []string{"generate", "--name", "x", "--migrations", in("junkfolders"), "--schema", in("ok/schema.sql"), "--dialect", "sqlite"}, 1, "NUL byte"},
		{"migrate junk folder", nil, []string{"migrate", "--db", okDB, "--migrations", in("junkfolders")}, 1, "NUL byte"},
		{"check junk folder", nil, []string{"check", "--migrations", in("junkfolders"), "--schema", in("ok/schema.sql"), "--dialect", "sqlite"}, 4, "check failed"},
		{"check junk schema", nil, []string{"check", "--migrations", in("junkjournal"), "--schema", in("junk.sql")}, 2, ""},
		{"push backup into a missing folder", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--schema", in("ok/schema.sql"), "--accept-data-loss", "--backup", in("nowhere/b.db")}, 2, "nowhere"},
		{"push backup onto a folder", map[string]string{"STUDIO_ENV": "development"}, []string{"push", "--db", okDB, "--schema", in("ok/schema.sql"), "--accept-data-loss", "--backup", in("emptydir")}, 2, "emptydir"},
		{"data folder is a file", nil, []string{"serve", "--data", in("plain-file"), "--port", "0"}, 2, "plain-file"},
		{"demo data folder is a file", nil, []string{"demo", "--data", in("plain-file"), "--port", "0"}, 2, "plain-file"},
		{"junk saved selection", nil, []string{"serve", "--data", in("junkselection"), "--port", "0"}, 2, "db.selection.json"},
		{"saved selection outside", nil, []string{"serve", "--data", in("badselection"), "--port", "0"}, 2, "outside the data folder"},
		{"saved selection with NUL", nil, []string{"serve", "--data", in("nulselection"), "--port", "0"}, 2, ""},
		{"saved selection invalid address", nil, []string{"serve", "--data", in("pgselection"), "--port", "0"}, 2, "bad database address"},
		// Environment.
		{"DATABASE_URL junk", map[string]string{"DATABASE_URL": "\xff\xfe\x01"}, []string{"inspect"}, 2, "bad database address"},
		{"DATABASE_URL crasher", map[string]string{"DATABASE_URL": "\xacpAssword="}, []string{"export", "--table", "t"}, 2, "bad database address"},
		{"STUDIO_PORT junk", map[string]string{"STUDIO_PORT": "http"}, []string{"serve", "--db", okDB}, 2, "STUDIO_PORT"},
		{"STUDIO_PORT out of range", map[string]string{"STUDIO_PORT": "70000"}, []string{"serve", "--db", okDB}, 2, "STUDIO_PORT"},
		{"STUDIO_HOST public without token", map[string]string{"STUDIO_HOST": "0.0.0.0"}, []string{"serve", "--db", okDB}, 2, "without an access token"},
		{"STUDIO_HOST junk", map[string]string{"STUDIO_HOST": "\x1b]0;x\x07", "STUDIO_TOKEN": "\x00"[:0] + "t\x01"}, []string{"serve", "--db", okDB}, 2, "listen"},
		{"STUDIO_DATA is a file", map[string]string{"STUDIO_DATA": in("plain-file")}, []string{"serve", "--port", "0"}, 2, "plain-file"},
		{"STUDIO_ENV junk", map[string]string{"STUDIO_ENV": "\xffdevelopment"}, []string{"push", "--db", okDB}, 2, "development mode"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runBinary(t, bin, dir, c.vars, c.args...)
			if code != c.code {
				t.Errorf("%q: exit %d, want %d\nstdout: %q\nstderr: %q", c.args, code, c.code, stdout, stderr)
			}
			assertCleanStderr(t, c.args, stderr, c.code == 2, c.want)
		})
	}
}

// assertCleanStderr checks that stderr names want, is one line when
// oneLine (usage errors), and holds no stack trace, password or control
// character but newlines.
func assertCleanStderr(t *testing.T, args []string, stderr string, oneLine bool, want string) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic:", ".go:", "hunter2"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("%q: stderr holds %q:\n%s", args, bad, stderr)
		}
	}
	if oneLine && (strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") || !strings.HasPrefix(stderr, "studio: ")) {
		t.Errorf("%q: stderr is not one line starting with \"studio: \": %q", args, stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("%q: stderr %q does not say %q", args, stderr, want)
	}
	for _, r := range stderr {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			t.Errorf("%q: stderr holds the control character %U: %q", args, r, stderr)
			break
		}
	}
}

// TestPanicIsAnInternalError: a panic in a command is one line saying it
// is a bug and where to report it, exit 70; the stack only with
// STUDIO_DEBUG=1; a password in the panic is hidden either way.
func TestPanicIsAnInternalError(t *testing.T) {
	panics := map[string]func() error{
		"index out of range": func() error {
			words := strings.Fields("")
			return errors.New(words[1])
		},
		"password": func() error { panic("dial postgres://u:hunter2@h/db") },
	}
	for name, fn := range panics {
		for _, dbg := range []string{"", "1"} {
			var errb bytes.Buffer
			e := &env{getenv: func(k string) string {
				if k == "STUDIO_DEBUG" {
					return dbg
				}
				return ""
			}, stdout: io.Discard, stderr: &errb}
			code := exitCode(recovered(e, fn), &errb)
			out := errb.String()
			last := out[strings.LastIndex(strings.TrimSuffix(out, "\n"), "\n")+1:]
			if code != exitInternal || !strings.HasPrefix(last, "studio: internal error: ") || !strings.Contains(last, "This is a bug") ||
				!strings.Contains(last, reportURL) || !strings.Contains(last, "STUDIO_DEBUG=1") {
				t.Errorf("%s, STUDIO_DEBUG=%q: exit %d, stderr %q", name, dbg, code, out)
			}
			if hasStack := strings.Contains(out, "goroutine "); hasStack != (dbg == "1") {
				t.Errorf("%s, STUDIO_DEBUG=%q: stack printed = %v: %q", name, dbg, hasStack, out)
			}
			if dbg == "" && strings.Count(out, "\n") != 1 {
				t.Errorf("%s: not one line: %q", name, out)
			}
			if strings.Contains(out, "hunter2") {
				t.Errorf("%s, STUDIO_DEBUG=%q: the password shows: %q", name, dbg, out)
			}
		}
	}
}

func TestPrintableEscapesAndJoins(t *testing.T) {
	cases := []struct {
		in      string
		oneLine bool
		want    string
	}{
		{"SQLite file \x1b[31mred.db does not exist", true, `SQLite file \x1b[31mred.db does not exist`},
		{"SQLite file a\nb.db does not exist", true, `SQLite file a\nb.db does not exist`},
		{"failed to connect:\n\thost a: refused\n\thost b: refused", true, "failed to connect: host a: refused; host b: refused"},
		{"bad byte \xff and \u0085 and \u2028", true, `bad byte \xff and \u0085 and \u2028`},
		{"step failed\n  statement: DROP\x07", false, "step failed\n  statement: DROP\\x07"},
		{"tab\tkept", false, "tab\tkept"},
	}
	for _, c := range cases {
		if got := printable(c.in, c.oneLine); got != c.want {
			t.Errorf("printable(%q, %v) = %q, want %q", c.in, c.oneLine, got, c.want)
		}
	}
}
