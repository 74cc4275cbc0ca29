package migrations

import (
	"embed"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"studio/database"
)

// corpusFolder is what reading one corpus folder must give, taken from
// ../shared/corpus/README.md (migrations, orphan SQL files, journal
// entries without a file, comment-only files, `when` inversions).
type corpusFolder struct {
	path     string
	layout   Layout
	dialect  database.Dialect
	n        int      // migrations that run
	ignored  []string // SQL files not in the journal
	warnings int      // entries skipped (missing file)
	notices  int      // orphans + empty files + `when` not increasing
	empty    int      // migrations without statements
}

var corpusFolders = []corpusFolder{
	{path: "CherryHQ__cherry-studio/migrations__sqlite-drizzle", layout: LayoutJournal, dialect: "sqlite", n: 16},
	// one `when` inversion: 0006 > 0007
	{path: "CherryHQ__cherry-studio/migrations__sqlite-drizzle@6985ea2fc570", layout: LayoutJournal, dialect: "sqlite", n: 29, notices: 1},
	// 0130_abandoned_dagger is not in the journal; meta/_journal.json.backup is a stray file
	{path: "Dokploy__dokploy/apps__dokploy__drizzle", layout: LayoutJournal, dialect: "postgres", n: 186,
		ignored: []string{"0130_abandoned_dagger.sql"}, notices: 1},
	// 0023 has no file; `when` goes down 5 times and 0022/0023/0024 share one,
	// which leaves 8 entries not later than the newest before them
	{path: "deploystackio__deploystack/services__backend__drizzle__migrations", layout: LayoutJournal, dialect: "postgres", n: 28,
		warnings: 1, notices: 8},
	{path: "deploystackio__deploystack/services__backend__drizzle__migrations_sqlite", layout: LayoutJournal, dialect: "sqlite", n: 12,
		ignored: []string{"0000_create_example_plugin_table.sql"}, notices: 1},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg", layout: LayoutJournal, dialect: "postgres", n: 2},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg-concurrently", layout: LayoutJournal, dialect: "postgres", n: 2},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg-init@beta", layout: LayoutFolders, dialect: "postgres", n: 1},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__pg@beta", layout: LayoutFolders, dialect: "postgres", n: 2},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite", layout: LayoutJournal, dialect: "sqlite", n: 1},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-blank-statements", layout: LayoutJournal, dialect: "sqlite", n: 1},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-empty-migration", layout: LayoutJournal, dialect: "sqlite", n: 2,
		notices: 1, empty: 1},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite-init@beta", layout: LayoutFolders, dialect: "sqlite", n: 2},
	{path: "drizzle-team__drizzle-orm/integration-tests__drizzle2__sqlite@beta", layout: LayoutFolders, dialect: "sqlite", n: 1},
	{path: "enyineer__checkstack/core__auth-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 5},
	{path: "enyineer__checkstack/core__backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 1},
	{path: "enyineer__checkstack/core__catalog-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 2},
	{path: "enyineer__checkstack/core__healthcheck-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 10},
	{path: "enyineer__checkstack/core__incident-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 2},
	{path: "enyineer__checkstack/core__integration-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 2},
	{path: "enyineer__checkstack/core__maintenance-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 2},
	{path: "enyineer__checkstack/core__notification-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 5},
	{path: "enyineer__checkstack/core__theme-backend__drizzle", layout: LayoutJournal, dialect: "postgres", n: 1},
	{path: "homarr-labs__homarr/packages__db__migrations__mysql", layout: LayoutJournal, dialect: "mysql", n: 44, notices: 1, empty: 1},
	{path: "homarr-labs__homarr/packages__db__migrations__postgresql", layout: LayoutJournal, dialect: "postgres", n: 10},
	{path: "homarr-labs__homarr/packages__db__migrations__sqlite", layout: LayoutJournal, dialect: "sqlite", n: 42},
	// 0083 removed (idx gap), 3 orphan drafts, 4 comment-only files
	{path: "latitude-dev__latitude-llm/packages__core__drizzle@d217528da065", layout: LayoutJournal, dialect: "postgres", n: 275,
		ignored: []string{"0200_ambiguous_dragon_man.sql", "0236_magenta_boomer.sql", "0249_previous_trace_id.sql"}, notices: 7, empty: 4},
	// no snapshots copied, so no dialect; .migration-lock ignored; one comment-only file
	{path: "latitude-dev__latitude-llm/packages__platform__db-postgres__drizzle", layout: LayoutFolders, dialect: "", n: 39, notices: 1, empty: 1},
	{path: "openstatusHQ__openstatus/packages__db__drizzle", layout: LayoutJournal, dialect: "sqlite", n: 84},
}

func TestReadCorpus(t *testing.T) {
	root := corpusRoot(t)
	for _, c := range corpusFolders {
		t.Run(c.path, func(t *testing.T) {
			f := mustRead(t, filepath.Join(root, filepath.FromSlash(c.path)))
			var warnings, notices, empty int
			for _, p := range f.Problems {
				if p.Severity == SeverityWarning {
					warnings++
				} else {
					notices++
				}
			}
			for _, m := range f.Migrations {
				if !hasStatements(m) {
					empty++
				}
			}
			got := corpusFolder{path: c.path, layout: f.Layout, dialect: f.Dialect, n: len(f.Migrations),
				ignored: f.Ignored, warnings: warnings, notices: notices, empty: empty}
			if got.layout != c.layout || got.dialect != c.dialect || got.n != c.n || !slices.Equal(got.ignored, c.ignored) ||
				got.warnings != c.warnings || got.notices != c.notices || got.empty != c.empty {
				t.Errorf("got  %+v\nwant %+v\nproblems: %+v", got, c, f.Problems)
			}
		})
	}
}

func TestReadCorpusDetails(t *testing.T) {
	root := corpusRoot(t)
	t.Run("latitude idx gap keeps journal order and idx", func(t *testing.T) {
		f := mustRead(t, filepath.Join(root, "latitude-dev__latitude-llm", "packages__core__drizzle@d217528da065"))
		m := f.Migrations[83]
		if m.Idx != 84 || !strings.HasPrefix(m.Name, "0084_") {
			t.Fatalf("position 83 = %s idx %d, want 0084_* idx 84", m.Name, m.Idx)
		}
	})
	t.Run("v1 equal timestamps order by full name", func(t *testing.T) {
		f := mustRead(t, filepath.Join(root, "drizzle-team__drizzle-orm", "integration-tests__drizzle2__pg@beta"))
		if f.Migrations[0].Name != "20230331141203_puzzling_flatman" || f.Migrations[1].Name != "20230331141203_test" {
			t.Fatalf("order: %s, %s", f.Migrations[0].Name, f.Migrations[1].Name)
		}
		want := time.Date(2023, 3, 31, 14, 12, 3, 0, time.UTC).UnixMilli()
		if f.Migrations[0].CreatedAt != want || f.Migrations[1].CreatedAt != want {
			t.Fatalf("createdAt %d, want %d", f.Migrations[0].CreatedAt, want)
		}
	})
	t.Run("missing semicolon before breakpoint still splits", func(t *testing.T) {
		f := mustRead(t, filepath.Join(root, "latitude-dev__latitude-llm", "packages__core__drizzle@d217528da065"))
		m := f.Migration("0087_legacy_evaluations_part_2")
		for _, s := range m.Statements {
			if strings.Contains(s.SQL, Breakpoint) {
				t.Fatalf("statement %d still holds a marker", s.Number)
			}
		}
		if len(m.Statements) < 2 {
			t.Fatalf("want several statements, got %d", len(m.Statements))
		}
	})
	t.Run("hash is sha256 of the file bytes", func(t *testing.T) {
		f := mustRead(t, filepath.Join(root, "drizzle-team__drizzle-orm", "integration-tests__drizzle2__sqlite"))
		// recorded by drizzle-orm 0.45.4's own migrator for this file
		if got := f.Migrations[0].Hash; got != "63907966b9c6e4e285a0dd6ae131a02c360cd38e8749dfb67a7275a077c5bb27" {
			t.Fatalf("hash %s", got)
		}
	})
}

func TestSplitChunks(t *testing.T) {
	text := "CREATE TABLE a (x int);\n--> statement-breakpoint\n\n  CREATE TABLE b (y int);--> statement-breakpoint\n-- only a comment\n--> statement-breakpoint\n"
	got := splitChunks(text)
	want := []struct {
		line  int
		empty bool
		sql   string
	}{
		{1, false, "CREATE TABLE a (x int);\n"},
		{4, false, "\n\n  CREATE TABLE b (y int);"},
		{4, true, "\n-- only a comment\n"},
		{6, true, "\n"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d chunks: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Number != i+1 || g.Line != w.line || g.Empty != w.empty || g.SQL != w.sql || text[g.Offset:g.Offset+len(g.SQL)] != g.SQL {
			t.Errorf("chunk %d: got %+v, want line %d empty %v sql %q", i+1, g, w.line, w.empty, w.sql)
		}
	}
}

func TestReadJournalOddities(t *testing.T) {
	dir := t.TempDir()
	// Key order varies, idx has a gap, `when` goes down, an entry has no
	// file, a SQL file is not listed, meta holds stray files.
	writeFile(t, filepath.Join(dir, "meta", "_journal.json"), `{"dialect":"postgresql","entries":[
		{"when":1700000000000,"tag":"0000_a","idx":0,"breakpoints":true,"version":"7"},
		{"breakpoints":false,"idx":2,"tag":"0002_c","version":"7","when":1690000000000},
		{"idx":3,"tag":"0003_gone","version":"7","when":1700000000003,"breakpoints":true},
		{"idx":4,"tag":"../escape","version":"7","when":1700000000004,"breakpoints":true}
	],"version":"7"}`)
	writeFile(t, filepath.Join(dir, "meta", "_journal.json.backup"), "{}")
	writeFile(t, filepath.Join(dir, "meta", "0000_snapshot.json"), "{}")
	writeFile(t, filepath.Join(dir, "0000_a.sql"), "SELECT 1;")
	writeFile(t, filepath.Join(dir, "0002_c.sql"), "SELECT 2;")
	writeFile(t, filepath.Join(dir, "0001_draft.sql"), "SELECT 3;")
	writeFile(t, filepath.Join(dir, "README.md"), "notes")
	f := mustRead(t, dir)
	if f.Dialect != "postgres" || len(f.Migrations) != 2 || f.Migrations[1].Name != "0002_c" || f.Migrations[1].Idx != 2 || f.Migrations[1].Breakpoints {
		t.Fatalf("folder: %+v %+v", f, f.Migrations)
	}
	if !slices.Equal(f.Ignored, []string{"0001_draft.sql"}) {
		t.Fatalf("ignored %v", f.Ignored)
	}
	var msgs []string
	for _, p := range f.Problems {
		msgs = append(msgs, string(p.Severity)+" "+p.Migration+p.File)
	}
	want := []string{
		"warning 0003_gone0003_gone.sql",
		"warning meta/_journal.json",
		"notice 0001_draft.sql",
		"notice 0002_c0002_c.sql",
	}
	if !slices.Equal(msgs, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadFoldersLayout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".migration-lock"), "x")
	writeFile(t, filepath.Join(dir, "20240102030405_b", "migration.sql"), "SELECT 2;")
	writeFile(t, filepath.Join(dir, "20240102030405_a", "migration.sql"), "SELECT 1;")
	writeFile(t, filepath.Join(dir, "20240102030405_a", "snapshot.json"), `{"dialect":"sqlite"}`)
	writeFile(t, filepath.Join(dir, "20231231235959_Z", "migration.sql"), "SELECT 0;")
	writeFile(t, filepath.Join(dir, "20240101000000_nosql", "snapshot.json"), "{}")
	writeFile(t, filepath.Join(dir, "notes", "migration.sql"), "SELECT 9;")
	f := mustRead(t, dir)
	var names []string
	for _, m := range f.Migrations {
		names = append(names, m.Name)
	}
	if f.Layout != LayoutFolders || f.Dialect != "sqlite" ||
		!slices.Equal(names, []string{"20231231235959_Z", "20240102030405_a", "20240102030405_b"}) {
		t.Fatalf("got %s %s %v", f.Layout, f.Dialect, names)
	}
	if len(f.Problems) != 1 || f.Problems[0].Migration != "notes" {
		t.Fatalf("problems %+v", f.Problems)
	}
	if f.Migrations[1].File != "20240102030405_a/migration.sql" {
		t.Fatalf("file %s", f.Migrations[1].File)
	}
}

func TestReadErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := ReadPath(empty); !errors.Is(err, ErrNotMigrations) || !strings.Contains(err.Error(), empty+" has no meta/_journal.json") ||
		!strings.Contains(err.Error(), "empty") {
		// The message names the folder the person gave, not ".", and says
		// it is empty (a project before its first generate).
		t.Fatalf("empty folder: %v", err)
	}
	if _, err := ReadPath(filepath.Join(empty, "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing folder: %v", err)
	}
	bad := t.TempDir()
	writeFile(t, filepath.Join(bad, "meta", "_journal.json"), "{not json")
	if _, err := ReadPath(bad); err == nil || !strings.Contains(err.Error(), "_journal.json") {
		t.Fatalf("bad journal: %v", err)
	}
	dirJournal := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dirJournal, "meta", "_journal.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPath(dirJournal); err == nil || !strings.Contains(err.Error(), "meta/_journal.json") {
		t.Fatalf("journal that is a folder: %v", err)
	}
}

// TestReadNULByteIsAWarning: a migration holding a NUL byte is binary
// data; SQLite would stop reading the statement at the NUL and record the
// migration as applied.
func TestReadNULByteIsAWarning(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "20240101000000_a", "migration.sql"), "CREATE TABLE a (id integer);\n\x00CREATE TABLE b (id integer);")
	f, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Problems {
		if p.Severity == SeverityWarning && strings.Contains(p.Message, "NUL byte at line 2") {
			return
		}
	}
	t.Fatalf("no warning about the NUL byte: %+v", f.Problems)
}

//go:embed all:testdata/embedded
var embedded embed.FS

func TestReadEmbedFS(t *testing.T) {
	f, err := Read(embedded, "testdata/embedded")
	if err != nil {
		t.Fatal(err)
	}
	if f.Layout != LayoutJournal || len(f.Migrations) != 2 || f.Migrations[1].Statements[1].Line != 3 {
		t.Fatalf("got %+v", f.Migrations)
	}
}

func TestCollateMatchesLocaleCompare(t *testing.T) {
	// Order printed by node: [...].sort((a, b) => a.localeCompare(b)).
	want := []string{"a", "a b", "a_b", "a-b", "a.b", "a~b", "a1", "ab", "aB", "Ab"}
	got := []string{"a-b", "a_b", "a.b", "a1", "aB", "ab", "a b", "a~b", "Ab", "a"}
	slices.SortFunc(got, collate)
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestFolderMillis(t *testing.T) {
	for name, want := range map[string]int64{
		"20230331141203_x":                         time.Date(2023, 3, 31, 14, 12, 3, 0, time.UTC).UnixMilli(),
		"20260517062033_enable-pgvector-extension": time.Date(2026, 5, 17, 6, 20, 33, 0, time.UTC).UnixMilli(),
		"2023033114120":                            -1,
		"2023-03-311412x":                          -1,
	} {
		got, ok := folderMillis(name)
		if (want < 0) == ok || (ok && got != want) {
			t.Errorf("%s: got %d %v, want %d", name, got, ok, want)
		}
	}
}
