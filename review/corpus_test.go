package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"studio/database"
)

// corpusFolder is one real migration folder from ../shared/corpus.
type corpusFolder struct {
	name    string
	dialect database.Dialect // "sqlite", "postgres" or "mysql"
	files   []string
}

// corpusFolders lists every migration folder of the corpus with its SQL
// files in run order: journal order for the classic layout, folder name
// order for drizzle-kit v1 folders.
func corpusFolders(t testing.TB) []corpusFolder {
	t.Helper()
	root := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus folder %s is absent", root)
	}
	var out []corpusFolder
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if f, ok := journalFolder(t, path); ok {
			out = append(out, f)
		} else if f, ok := v1Folder(path); ok {
			out = append(out, f)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk corpus: %v", err)
	}
	if len(out) == 0 {
		t.Fatalf("no migration folders under %s", root)
	}
	return out
}

func journalFolder(t testing.TB, dir string) (corpusFolder, bool) {
	b, err := os.ReadFile(filepath.Join(dir, "meta", "_journal.json"))
	if err != nil {
		return corpusFolder{}, false
	}
	var j struct {
		Dialect string `json:"dialect"`
		Entries []struct {
			Tag string `json:"tag"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatalf("%s: journal: %v", dir, err)
	}
	f := corpusFolder{name: dir, dialect: corpusDialect(j.Dialect, dir)}
	for _, e := range j.Entries {
		p := filepath.Join(dir, e.Tag+".sql")
		if _, err := os.Stat(p); err == nil {
			f.files = append(f.files, p)
		}
	}
	return f, true
}

func v1Folder(dir string) (corpusFolder, bool) {
	ms, _ := filepath.Glob(filepath.Join(dir, "*", "migration.sql"))
	if len(ms) == 0 {
		return corpusFolder{}, false
	}
	sort.Strings(ms)
	return corpusFolder{name: dir, dialect: corpusDialect("", dir), files: ms}, true
}

func corpusDialect(journal, dir string) database.Dialect {
	switch {
	case journal == "sqlite" || journal == "turso" || (journal == "" && strings.Contains(dir, "sqlite")):
		return "sqlite"
	case journal == "mysql":
		return "mysql"
	}
	return "postgres"
}

func readChunks(t testing.TB, path string) ([]Statement, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return chunks(filepath.Base(path), string(b)), strings.Count(string(b), "\n") + 1
}

// startsWith reports whether a chunk's first statement starts with words.
func startsWith(sql string, d database.Dialect, words ...string) bool {
	sts := splitStatements(sql, d)
	if len(sts) == 0 {
		return false
	}
	c := cursor{toks: sts[0]}
	return c.accept(words...)
}

// TestCorpus analyses every file of every corpus folder without a model
// or a database, file by file and each folder as one batch, and checks
// that nothing panics, lines point inside the file, plain CREATE TABLE
// never draws a data-loss warning, and homarr's SQLite rebuilds are seen.
func TestCorpus(t *testing.T) {
	ctx := testContext(t)
	for _, f := range corpusFolders(t) {
		t.Run(filepath.Base(filepath.Dir(f.name))+"/"+filepath.Base(f.name), func(t *testing.T) {
			dialects := []database.Dialect{f.dialect}
			if f.dialect == "mysql" {
				dialects = []database.Dialect{"sqlite", "postgres"} // no MySQL analysis: only check robustness
			}
			for _, d := range dialects {
				var batch []Statement
				rebuilds := 0
				for _, path := range f.files {
					stmts, lines := readChunks(t, path)
					batch = append(batch, stmts...)
					ws, err := Analyze(ctx, nil, d, nil, stmts)
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					checkCorpusWarnings(t, path, d, stmts, lines, ws)
					if hasKind(ws, KindRebuild) {
						rebuilds++
					}
					if strings.Contains(f.name, "homarr") && d == "sqlite" && f.dialect == "sqlite" {
						checkHomarrRebuild(t, path, ws)
					}
				}
				if _, err := Analyze(ctx, nil, d, nil, batch); err != nil {
					t.Fatalf("whole folder: %v", err)
				}
				t.Logf("%s: %d files, %d with a rebuild", d, len(f.files), rebuilds)
			}
		})
	}
}

func checkCorpusWarnings(t *testing.T, path string, dialect database.Dialect, stmts []Statement, lines int, ws []Warning) {
	t.Helper()
	byIndex := map[int]Statement{}
	for _, s := range stmts {
		byIndex[s.Index] = s
	}
	for _, w := range ws {
		st := byIndex[w.Statement]
		if w.Line < st.Line || w.Line > lines {
			t.Errorf("%s: warning line %d outside chunk start %d / file end %d: %s", path, w.Line, st.Line, lines, w.Message)
		}
		if w.Kind == KindDataLoss && startsWith(st.SQL, database.Dialect(dialect), "CREATE", "TABLE") {
			t.Errorf("%s:%d: data-loss warning on CREATE TABLE: %s", path, w.Line, w.Message)
		}
		if w.Message == "" || w.Severity == "" {
			t.Errorf("%s:%d: empty warning %+v", path, w.Line, w)
		}
	}
}

// checkHomarrRebuild checks that every homarr SQLite file that rebuilds a
// table (`__new_x`, or `__x_old`) is reported as a rebuild, and no
// other file is.
func checkHomarrRebuild(t *testing.T, path string, ws []Warning) {
	t.Helper()
	b, _ := os.ReadFile(path)
	rebuilds := strings.Contains(string(b), "`__new_") || strings.Contains(string(b), "_old`")
	if got := hasKind(ws, KindRebuild); got != rebuilds {
		t.Errorf("%s: rebuild reported %v, want %v:\n%s", filepath.Base(path), got, rebuilds, show(ws))
	}
}

func hasKind(ws []Warning, kind string) bool {
	for _, w := range ws {
		if w.Kind == kind {
			return true
		}
	}
	return false
}

// applyFile runs a migration file the way Drizzle does: chunk by chunk
// inside one transaction on one connection.
func applyFile(ctx context.Context, db *sql.DB, stmts []Statement) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	for _, s := range stmts {
		if strings.TrimSpace(s.SQL) == "" {
			continue
		}
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			conn.ExecContext(ctx, "ROLLBACK")
			return err
		}
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	if err != nil && strings.Contains(err.Error(), "no transaction") {
		err = nil // the file committed on its own (homarr's COMMIT; ... BEGIN; trick ends open)
	}
	return err
}
