package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"studio/internal/pgtest"
)

// benchFolder writes a 101-migration folder: 100 that each create a
// table with an index, then one of 200 statements over them (new tables
// and indexes, new columns, back-fills, drops, renames).
func benchFolder(b *testing.B, dialect string) string {
	b.Helper()
	wd := b.TempDir()
	files := map[string]string{}
	var tags []string
	var whens []int64
	for i := range 100 {
		tag := fmt.Sprintf("%04d_t%d", i, i)
		files["drizzle/"+tag+".sql"] = fmt.Sprintf("CREATE TABLE \"t%d\" (\"id\" integer PRIMARY KEY, \"name\" text NOT NULL, \"n\" integer);\n"+
			"--> statement-breakpoint\nCREATE INDEX \"t%d_name_idx\" ON \"t%d\" (\"name\");\n", i, i, i)
		tags, whens = append(tags, tag), append(whens, 1700000000000+int64(i))
	}
	var stmts []string
	for i := 0; len(stmts) < 200; i++ {
		k := i % 100
		switch i % 5 {
		case 0:
			stmts = append(stmts, fmt.Sprintf("CREATE TABLE \"n%d\" (\"id\" integer PRIMARY KEY, \"t_id\" integer REFERENCES \"t%d\"(\"id\"));", i, k))
		case 1:
			stmts = append(stmts, fmt.Sprintf("CREATE INDEX \"n%d_t_idx\" ON \"n%d\" (\"t_id\");", i-1, i-1))
		case 2:
			stmts = append(stmts, fmt.Sprintf("ALTER TABLE \"t%d\" ADD COLUMN \"c%d\" text DEFAULT 'x' NOT NULL;", k, i))
		case 3:
			stmts = append(stmts, fmt.Sprintf("UPDATE \"t%d\" SET \"c%d\" = \"name\" WHERE \"id\" > 0;", (i-1)%100, i-1))
		case 4:
			if i < 100 {
				stmts = append(stmts, fmt.Sprintf("ALTER TABLE \"t%d\" RENAME COLUMN \"n\" TO \"n2\";", k))
			} else {
				stmts = append(stmts, fmt.Sprintf("DROP INDEX \"t%d_name_idx\";", k))
			}
		}
	}
	files["drizzle/0100_big.sql"] = strings.Join(stmts, "\n--> statement-breakpoint\n") + "\n"
	tags, whens = append(tags, "0100_big"), append(whens, 1700000000100)
	files["drizzle/meta/_journal.json"] = journalJSON(dialect, tags, whens)
	writeFiles(b, wd, files)
	return wd
}

func benchLint(b *testing.B, wd string, args ...string) {
	b.ReportAllocs()
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, workdir: wd}
	for b.Loop() {
		if err := run(context.Background(), append([]string{"lint", "0100_big", "--fail-on", "never", "--format", "json"}, args...), e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintSQLite: lint of a 200-statement migration after replaying
// 100 migrations in memory.
func BenchmarkLintSQLite(b *testing.B) { benchLint(b, benchFolder(b, "sqlite")) }

// BenchmarkLintPostgres: the same on PostgreSQL, replayed on a --dev-url
// database (emptied after each run).
func BenchmarkLintPostgres(b *testing.B) {
	wd := benchFolder(b, "postgresql")
	benchLint(b, wd, "--dev-url", pgtest.NewDatabase(b))
}
