package migrations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"studio/database"
)

// journal is meta/_journal.json. Real journals vary in key order and in
// the spelling of the dialect; unknown keys are ignored.
type journal struct {
	Version string         `json:"version"`
	Dialect string         `json:"dialect"`
	Entries []journalEntry `json:"entries"`
}

type journalEntry struct {
	Idx         json.Number `json:"idx"`
	Version     string      `json:"version"`
	When        json.Number `json:"when"`
	Tag         string      `json:"tag"`
	Breakpoints *bool       `json:"breakpoints"`
}

// readJournal reads the classic layout. The journal is the source of
// truth: its order is the run order and SQL files it does not list are
// never run.
func readJournal(fsys fs.FS, dir string) (*Folder, error) {
	jpath := path.Join(dir, "meta", "_journal.json")
	raw, err := fs.ReadFile(fsys, jpath)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", jpath, err)
	}
	var j journal
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("reading %s: %w", jpath, err)
	}
	f := &Folder{Dir: dir, Layout: LayoutJournal, Dialect: database.DialectNamed(j.Dialect)}
	listed := map[string]bool{}
	seen := map[string]int{}
	for i, e := range j.Entries {
		m, p := readEntry(fsys, dir, i, e)
		if p != nil {
			f.Problems = append(f.Problems, *p)
		}
		if m == nil {
			continue
		}
		listed[m.File] = true
		if seen[m.Name]++; seen[m.Name] == 2 {
			f.Problems = append(f.Problems, Problem{Severity: SeverityWarning, Migration: m.Name, File: m.File,
				Message: "is listed more than once in the journal; it runs once per entry, as with Drizzle"})
		}
		f.Migrations = append(f.Migrations, m)
		f.Problems = append(f.Problems, fileProblems(m)...)
	}
	if len(j.Entries) == 0 {
		f.Problems = append(f.Problems, Problem{Severity: SeverityNotice, File: "meta/_journal.json",
			Message: "the journal has no entries"})
	}
	orphans, err := unlistedSQL(fsys, dir, listed)
	if err != nil {
		return nil, err
	}
	for _, name := range orphans {
		f.Ignored = append(f.Ignored, name)
		f.Problems = append(f.Problems, Problem{Severity: SeverityNotice, File: name,
			Message: "is not in meta/_journal.json and is never run"})
	}
	f.Problems = append(f.Problems, whenProblems(f.Migrations)...)
	return f, nil
}

// readEntry reads the file of one journal entry. It returns no migration
// (and a problem) when the entry is unusable or its file is missing.
func readEntry(fsys fs.FS, dir string, pos int, e journalEntry) (*Migration, *Problem) {
	where := fmt.Sprintf("journal entry %d", pos+1)
	if e.Tag == "" || strings.ContainsAny(e.Tag, `/\`) || e.Tag == "." || e.Tag == ".." {
		return nil, &Problem{Severity: SeverityWarning, File: "meta/_journal.json",
			Message: fmt.Sprintf("%s has an unusable tag %q and is skipped", where, e.Tag)}
	}
	when, err := jsonInt(e.When)
	if err != nil {
		return nil, &Problem{Severity: SeverityWarning, Migration: e.Tag, File: "meta/_journal.json",
			Message: fmt.Sprintf("%s has an unusable `when` %q and is skipped", where, e.When)}
	}
	file := e.Tag + ".sql"
	content, err := fs.ReadFile(fsys, path.Join(dir, file))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Problem{Severity: SeverityWarning, Migration: e.Tag, File: file,
			Message: "is in the journal but the file is missing; it is skipped (Drizzle's migrator would refuse the whole folder)"}
	}
	if err != nil {
		return nil, &Problem{Severity: SeverityWarning, Migration: e.Tag, File: file,
			Message: fmt.Sprintf("cannot be read: %v", err)}
	}
	m := newMigration(e.Tag, file, content)
	m.CreatedAt = when
	m.Idx, _ = jsonIntOr(e.Idx, pos)
	m.Breakpoints = e.Breakpoints == nil || *e.Breakpoints
	return m, nil
}

// unlistedSQL lists the top-level *.sql files that no journal entry names.
func unlistedSQL(fsys fs.FS, dir string, listed map[string]bool) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	var out []string
	for _, de := range entries {
		name := de.Name()
		if !de.IsDir() && strings.HasSuffix(strings.ToLower(name), ".sql") && !listed[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// whenProblems notes journal entries whose `when` is not after every
// earlier one: Drizzle's own migrator decides by the newest recorded
// created_at, so on an existing database it skips such entries silently.
func whenProblems(ms []*Migration) []Problem {
	var out []Problem
	var newest int64
	for i, m := range ms {
		if i > 0 && m.CreatedAt <= newest {
			out = append(out, Problem{Severity: SeverityNotice, Migration: m.Name, File: m.File,
				Message: "its `when` is not later than an earlier entry's; Drizzle's own migrator would skip it on a database that already has the earlier one"})
		}
		newest = max(newest, m.CreatedAt)
	}
	return out
}

func jsonInt(n json.Number) (int64, error) {
	if i, err := n.Int64(); err == nil {
		return i, nil
	}
	f, err := n.Float64()
	if err != nil || f != float64(int64(f)) {
		return 0, fmt.Errorf("not an integer: %q", n)
	}
	return int64(f), nil
}

func jsonIntOr(n json.Number, def int) (int, error) {
	if n == "" {
		return def, nil
	}
	i, err := jsonInt(n)
	if err != nil {
		return def, err
	}
	return int(i), nil
}
