package migrations

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"studio/database"
)

// readFolders reads the drizzle-kit 1.0 layout: every sub-folder holding a
// migration.sql is a migration, run in folder-name order. Other files and
// folders (snapshots, a .migration-lock) are ignored.
func readFolders(fsys fs.FS, dir string) (*Folder, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	f := &Folder{Dir: dir, Layout: LayoutFolders}
	for _, de := range entries {
		if !de.IsDir() {
			continue
		}
		name := de.Name()
		file := name + "/migration.sql"
		content, err := fs.ReadFile(fsys, path.Join(dir, file))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path.Join(dir, file), err)
		}
		ms, ok := folderMillis(name)
		if !ok {
			f.Problems = append(f.Problems, Problem{Severity: SeverityWarning, Migration: name, File: file,
				Message: "the folder name does not start with a YYYYMMDDHHMMSS timestamp; it is skipped"})
			continue
		}
		m := newMigration(name, file, content)
		m.CreatedAt = ms
		m.Breakpoints = true
		f.Migrations = append(f.Migrations, m)
	}
	sort.SliceStable(f.Migrations, func(i, j int) bool {
		return collate(f.Migrations[i].Name, f.Migrations[j].Name) < 0
	})
	for _, m := range f.Migrations {
		f.Problems = append(f.Problems, fileProblems(m)...)
	}
	if len(f.Migrations) > 0 {
		f.Dialect = snapshotDialect(fsys, dir, f.Migrations)
	}
	return f, nil
}

// folderMillis is the timestamp prefix of a v1 folder name as UTC
// milliseconds, the way drizzle-orm 1.0 computes created_at.
func folderMillis(name string) (int64, bool) {
	if len(name) < 14 {
		return 0, false
	}
	var v [6]int
	widths := [6]int{4, 2, 2, 2, 2, 2}
	at := 0
	for i, w := range widths {
		n, err := strconv.Atoi(name[at : at+w])
		if err != nil || strings.ContainsAny(name[at:at+w], "+-") {
			return 0, false
		}
		v[i] = n
		at += w
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.UTC)
	return t.UnixMilli(), true
}

// snapshotDialect reads the "dialect" of the first snapshot.json found,
// the only place a v1 folder names its dialect.
func snapshotDialect(fsys fs.FS, dir string, ms []*Migration) database.Dialect {
	for _, m := range ms {
		raw, err := fs.ReadFile(fsys, path.Join(dir, m.Name, "snapshot.json"))
		if err != nil {
			continue
		}
		var s struct {
			Dialect string `json:"dialect"`
		}
		if json.Unmarshal(raw, &s) == nil && s.Dialect != "" {
			return database.DialectNamed(s.Dialect)
		}
	}
	return ""
}

// collate orders folder names the way drizzle-kit 1.0 does with
// String.prototype.localeCompare, for the ASCII names it generates:
// punctuation before digits before letters, letters compared without case
// first, then lower case before upper case. Names only tie on it when
// their timestamps are equal.
func collate(a, b string) int {
	if c := compareKeys(a, b, primaryWeight); c != 0 {
		return c
	}
	if c := compareKeys(a, b, caseWeight); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func compareKeys(a, b string, w func(byte) int) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := w(a[i]), w(b[i]); x != y {
			return x - y
		}
	}
	return len(a) - len(b)
}

func primaryWeight(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return 1000 + int(c)
	case c >= 'a' && c <= 'z':
		return 2000 + int(c)
	case c >= 'A' && c <= 'Z':
		return 2000 + int(c-'A'+'a')
	case c == ' ':
		return 0
	case c == '_':
		return 1 // ICU sorts '_' first among ASCII punctuation
	case c == '-':
		return 2
	}
	return 10 + int(c)
}

func caseWeight(c byte) int {
	if c >= 'A' && c <= 'Z' {
		return 1
	}
	return 0
}
