package migrations

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SeverityError marks a Check finding that fails the check: the folder
// does not run as written.
const SeverityError Severity = "error"

// Check reviews a folder's consistency for reviewers and CI: its
// Problems (warnings become errors), SQL files the journal does not list
// (errors: they never run), duplicate journal idx values and equal v1
// timestamps (errors), and v1 sub-folders without migration.sql
// (notices). dir is the folder on disk, for the sub-folder scan ("" skips
// it).
func Check(f *Folder, dir string) []Problem {
	items := []Problem{}
	ignored := map[string]bool{}
	for _, name := range f.Ignored {
		ignored[name] = true
	}
	for _, p := range f.Problems {
		it := Problem{Severity: SeverityNotice, Migration: p.Migration, File: p.File, Message: p.Message}
		switch {
		case p.Severity == SeverityWarning:
			it.Severity = SeverityError
		case p.Migration == "" && ignored[p.File]:
			it.Severity, it.Message = SeverityError, "is not in meta/_journal.json, so it never runs: add it to the journal or delete it"
		}
		items = append(items, it)
	}
	switch f.Layout {
	case LayoutJournal:
		items = append(items, duplicateIdx(f)...)
	case LayoutFolders:
		items = append(items, duplicateTimestamps(f)...)
		if dir != "" {
			items = append(items, foldersWithoutSQL(dir, f)...)
		}
	}
	return items
}

func duplicateIdx(f *Folder) []Problem {
	var out []Problem
	first := map[int]string{}
	for _, m := range f.Migrations {
		if prev, dup := first[m.Idx]; dup && prev != m.Name {
			out = append(out, Problem{Severity: SeverityError, Migration: m.Name, File: m.File,
				Message: fmt.Sprintf("has idx %d, like %s: two branches each added a migration; renumber one (studio generate picks the next free idx)", m.Idx, prev)})
			continue
		}
		first[m.Idx] = m.Name
	}
	return out
}

func duplicateTimestamps(f *Folder) []Problem {
	var out []Problem
	first := map[string]string{}
	for _, m := range f.Migrations {
		ts := m.Name[:min(14, len(m.Name))]
		if prev, dup := first[ts]; dup {
			out = append(out, Problem{Severity: SeverityError, Migration: m.Name, File: m.File,
				Message: fmt.Sprintf("has the same timestamp as %s: their order then depends on the rest of the name; give one a later timestamp", prev)})
			continue
		}
		first[ts] = m.Name
	}
	return out
}

// foldersWithoutSQL notes sub-folders that Read skips because they have
// no migration.sql.
func foldersWithoutSQL(dir string, f *Folder) []Problem {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []Problem
	for _, de := range entries {
		if !de.IsDir() || strings.HasPrefix(de.Name(), ".") || f.Migration(de.Name()) != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, de.Name(), "migration.sql")); errors.Is(err, os.ErrNotExist) {
			out = append(out, Problem{Severity: SeverityNotice, File: de.Name() + "/",
				Message: "has no migration.sql; it is not a migration and never runs"})
		}
	}
	return out
}

// LateEntries are the journal entries that drizzle-orm's migrator would
// skip on a database that already has an entry before them: a `when`
// earlier than the newest `when` of the entries before it in the
// journal. That is how a migration merged after a newer one was deployed
// looks in the folder alone. Only the journal layout has this trap. The
// result maps each late migration's index to the entry it is older than.
func LateEntries(f *Folder) map[int]*Migration {
	out := map[int]*Migration{}
	if f.Layout != LayoutJournal {
		return out
	}
	var newest *Migration
	for i, m := range f.Migrations {
		if newest != nil && m.CreatedAt < newest.CreatedAt {
			out[i] = newest
		}
		if newest == nil || m.CreatedAt > newest.CreatedAt {
			newest = m
		}
	}
	return out
}
