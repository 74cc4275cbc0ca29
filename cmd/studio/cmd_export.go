package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"studio/console"
	"studio/database"
	"studio/export"
	"studio/input"
	"studio/introspect"
	"studio/rows"
)

// exportFlags are export's command line.
type exportFlags struct {
	proj                           projectFlags
	table, query, sql, format, out string
	timeout                        time.Duration
	// params is --query parsed.
	params url.Values
}

// runExport streams a table (filtered and sorted with the grid's URL
// parameters) or a query's result as CSV, JSON or NDJSON to stdout or a
// file. A file is written beside its final name and renamed when whole, so
// a failure (a full disk) leaves no partial file behind.
func runExport(ctx context.Context, e *env, args []string) error {
	f, err := parseExport(e, args)
	if err != nil {
		return err
	}
	pc, err := resolveProject(e, f.proj, resolveOptions{})
	if err != nil {
		return err
	}
	if err := pc.need("export"); err != nil {
		return err
	}
	db, err := pc.open(ctx, database.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	var n int64
	err = writeOutput(e, f.out, func(w io.Writer) error {
		ew, err := export.NewWriter(f.format, w)
		if err != nil {
			return err
		}
		if err := exportRows(ctx, db, f, export.Sink(ew)); err != nil {
			return err
		}
		n = ew.Rows()
		return ew.Close()
	})
	if errors.Is(err, input.ErrBad) || errors.Is(err, introspect.ErrNotFound) {
		return usageError("export: %v", err)
	}
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("export: %w", err)}
	}
	if f.out != "" {
		fmt.Fprintf(e.stderr, "exported %d rows to %s\n", n, f.out)
	}
	return nil
}

func parseExport(e *env, args []string) (exportFlags, error) {
	var f exportFlags
	fs := newFlagSet("export", e)
	f.proj.register(fs, "database to read (opened read-only)")
	fs.StringVar(&f.table, "table", "", "table or view to export: NAME or SCHEMA.NAME")
	fs.StringVar(&f.query, "query", "", "grid parameters for --table, as in its URL: 'eq.status=open&sort=-id&hide=body'")
	fs.StringVar(&f.sql, "sql", "", "export the result of one SQL statement instead (run in a read-only transaction, rolled back)")
	fs.StringVar(&f.format, "format", "csv", "csv, json or ndjson")
	fs.StringVar(&f.out, "o", "", "write to `FILE` instead of stdout (created whole or not at all)")
	fs.DurationVar(&f.timeout, "timeout", time.Hour, "give up after this long (--sql: at most 10m)")
	if err := parseFlags(fs, args); err != nil {
		return f, err
	}
	switch {
	case (f.table == "") == (f.sql == ""):
		return f, usageError("export needs exactly one of --table NAME and --sql STATEMENT")
	case f.sql != "" && f.query != "":
		return f, usageError("--query filters a --table export, not --sql")
	}
	if _, err := export.ContentType(f.format); err != nil {
		return f, usageError("--format: %v", err)
	}
	var err error
	if f.params, err = url.ParseQuery(f.query); err != nil {
		return f, usageError("--query: %v", err)
	}
	if f.out != "" {
		f.out = resolve(e, f.out)
		if err := checkOutput(f.out); err != nil {
			return f, usageError("-o %s: %v", f.out, err)
		}
	}
	return f, nil
}

// checkOutput refuses an -o path that cannot become a file before
// anything is read: a folder, or a file in a folder that does not exist.
func checkOutput(out string) error {
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return errors.New("is a folder; name a file in it")
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return fmt.Errorf("folder %s does not exist", filepath.Dir(out))
	}
	return nil
}

// exportRows streams the table or the statement into sink.
func exportRows(ctx context.Context, db *database.DB, f exportFlags, sink rows.Sink) error {
	if f.sql != "" {
		return console.NewRunner().Stream(ctx, db, console.Statement{SQL: f.sql, Timeout: min(f.timeout, console.MaxTimeout)}, sink)
	}
	d, err := introspect.For(db.Dialect())
	if err != nil {
		return err
	}
	m, err := d.Inspect(ctx, db)
	if err != nil {
		return fmt.Errorf("inspect: %w", err)
	}
	schema, name := splitTable(db.Target.Dialect, f.table)
	t, err := rows.NewTable(m, schema, name)
	if err != nil {
		return err
	}
	q, err := rows.ParseQuery(f.params, t)
	if err != nil {
		return err
	}
	return t.Each(ctx, db, q, sink)
}

// splitTable reads NAME or SCHEMA.NAME; a name that is not qualified is in
// main (SQLite) or public (PostgreSQL).
func splitTable(dialect database.Dialect, s string) (string, string) {
	def := "public"
	if dialect == database.SQLite {
		def = "main"
	}
	if schema, name, ok := strings.Cut(s, "."); ok {
		return schema, name
	}
	return def, s
}

// writeOutput hands fill a buffered writer onto stdout, or onto a
// temporary file beside out (absolute: parseExport resolves it) that
// becomes out only when fill and every write succeeded.
func writeOutput(e *env, out string, fill func(io.Writer) error) (err error) {
	if out == "" {
		bw := bufio.NewWriter(e.stdout)
		if err := fill(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	if isDevice(out) {
		// /dev/stdout, /dev/null, ...: write in place, nothing to rename.
		return writeDevice(out, fill)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

func isDevice(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&os.ModeDevice != 0
}

func writeDevice(path string, fill func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}
