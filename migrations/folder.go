package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"unicode/utf8"

	"studio/database"
)

// Layout is how a migrations folder is organised.
type Layout string

// Layouts.
const (
	// LayoutJournal is the classic drizzle-kit layout: NNNN_tag.sql files
	// listed in meta/_journal.json.
	LayoutJournal Layout = "journal"
	// LayoutFolders is the drizzle-kit 1.0 layout: one
	// YYYYMMDDHHMMSS_name/migration.sql folder per migration.
	LayoutFolders Layout = "folders"
)

// Severity grades a Problem.
type Severity string

// Severities.
const (
	// SeverityWarning is something that changes what runs or what is
	// recorded (a journal entry without its file, an unreadable entry).
	SeverityWarning Severity = "warning"
	// SeverityNotice is worth knowing but harmless (a SQL file that is
	// not in the journal and is therefore never run).
	SeverityNotice Severity = "notice"
)

// Problem is something odd found while reading a folder. Reading goes on;
// problems are reported next to the state so a reviewer sees them.
type Problem struct {
	Severity  Severity `json:"severity"`
	Migration string   `json:"migration,omitempty"`
	File      string   `json:"file,omitempty"`
	Message   string   `json:"message"`
}

// Folder is a parsed migrations folder.
type Folder struct {
	// Dir is the folder as the caller named it (for messages).
	Dir    string
	Layout Layout
	// Dialect is the folder's dialect when the folder says it, normalised
	// (database.Postgres, database.SQLite, "mysql", ...); empty when
	// unknown. It may name a dialect studio does not open.
	Dialect database.Dialect
	// Migrations are the migrations in run order: journal order for the
	// journal layout, folder-name order for the folders layout. Journal
	// entries whose file is missing are not here (see Problems).
	Migrations []*Migration
	// Ignored are files that look like migrations but are never run (SQL
	// files not in the journal), relative to Dir.
	Ignored  []string
	Problems []Problem
}

// Migration is one migration file.
type Migration struct {
	// Name is the journal tag or the folder name.
	Name string
	// File is the SQL file's path relative to the folder.
	File string
	// CreatedAt is what Drizzle records as created_at: the journal's
	// `when` in ms, or the folder timestamp as UTC ms.
	CreatedAt int64
	// Idx is the journal's idx (journal layout only).
	Idx int
	// Breakpoints is the journal's breakpoints flag. Drizzle splits on the
	// marker whatever it says, and so do we.
	Breakpoints bool
	// Hash is the SHA-256 hex of the file's bytes, as Drizzle records it.
	Hash string
	// Content is the whole file.
	Content string
	// Statements are the chunks between `--> statement-breakpoint`
	// markers, in file order.
	Statements []Statement
}

// Statement is one chunk of a migration file: the text between two
// `--> statement-breakpoint` markers. It may hold several SQL statements
// and may be blank or comments only (Empty).
type Statement struct {
	// Number is the chunk's 1-based position in the file.
	Number int
	// Offset is the byte offset of the chunk in the file.
	Offset int
	// Line is the 1-based line where the chunk's SQL starts, past blanks
	// and comments (the chunk's first line when it is blank).
	Line int
	// SQL is the chunk exactly as in the file.
	SQL string
	// Empty is true when the chunk holds nothing but blanks and comments;
	// it is not sent to the database.
	Empty bool
}

// ErrNotMigrations is returned by Read when a folder has neither a
// meta/_journal.json nor any YYYYMMDDHHMMSS_name/migration.sql folder.
var ErrNotMigrations = errors.New("not a Drizzle migrations folder")

// Read parses the migrations folder dir of fsys (use "." for the root).
// It works on os.DirFS and embed.FS alike; embed a classic folder with
// the all: prefix (//go:embed all:drizzle), since go:embed otherwise
// leaves out meta/_journal.json for its leading '_'. It fails only when the folder
// cannot be read or is not a migrations folder at all; oddities of single
// migrations become Problems.
func Read(fsys fs.FS, dir string) (*Folder, error) { return read(fsys, dir, dir) }

// read is Read with the folder called name in messages (ReadPath reads
// "." of the folder but must name the folder the person gave).
func read(fsys fs.FS, dir, name string) (*Folder, error) {
	dir = path.Clean(dir)
	if !fs.ValidPath(dir) {
		return nil, fmt.Errorf("reading migrations: invalid folder name %q", dir)
	}
	st, err := fs.Stat(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading migrations folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("reading migrations folder %s: not a directory", dir)
	}
	journal := path.Join(dir, "meta", "_journal.json")
	if _, err := fs.Stat(fsys, journal); err == nil {
		return readJournal(fsys, dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading %s: %w", journal, err)
	}
	f, err := readFolders(fsys, dir)
	if err != nil {
		return nil, err
	}
	if len(f.Migrations) == 0 && len(f.Problems) == 0 {
		hint := ""
		if st, err := fs.Stat(fsys, path.Join(dir, "meta")); err == nil && st.IsDir() {
			// go:embed leaves out files starting with '_' unless told "all:".
			hint = " (it has a meta folder: if this is an embed.FS, embed it with //go:embed all:" + dir + ")"
		} else if es, err := fs.ReadDir(fsys, dir); err == nil && len(es) == 0 {
			// A project before its first drizzle-kit generate.
			hint = " (it is empty: generate the first migration, e.g. with drizzle-kit generate or studio generate)"
		}
		return nil, fmt.Errorf("%w: %s has no meta/_journal.json and no YYYYMMDDHHMMSS_name/migration.sql folders%s", ErrNotMigrations, name, hint)
	}
	return f, nil
}

// ReadPath reads the migrations folder at an operating-system path.
func ReadPath(dir string) (*Folder, error) {
	f, err := read(os.DirFS(dir), ".", dir)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			if pe.Path != "." {
				// The folder is there; name the file inside it that failed.
				return nil, fmt.Errorf("reading migrations folder %s: %s: %w", dir, pe.Path, pe.Err)
			}
			return nil, fmt.Errorf("reading migrations folder %s: %w", dir, pe.Err)
		}
		return nil, err
	}
	f.Dir = dir
	return f, nil
}

// newMigration hashes and splits one migration file.
func newMigration(name, file string, content []byte) *Migration {
	sum := sha256.Sum256(content)
	text := string(content)
	return &Migration{
		Name:       name,
		File:       file,
		Hash:       hex.EncodeToString(sum[:]),
		Content:    text,
		Statements: splitChunks(text),
	}
}

// fileProblems are the notices every migration file may earn, whatever
// the layout.
func fileProblems(m *Migration) []Problem {
	var ps []Problem
	if !hasStatements(m) {
		ps = append(ps, Problem{Severity: SeverityNotice, Migration: m.Name, File: m.File,
			Message: "contains no SQL statements; it is recorded as applied without running anything"})
	}
	if err := database.CheckNUL(m.Content); err != nil {
		ps = append(ps, Problem{Severity: SeverityWarning, Migration: m.Name, File: m.File,
			Message: err.Error() + "; migrate refuses to run it"})
	}
	if !utf8.ValidString(m.Content) {
		ps = append(ps, Problem{Severity: SeverityNotice, Migration: m.Name, File: m.File,
			Message: "is not valid UTF-8; Drizzle hashes the decoded text, so its recorded hash may differ from ours"})
	}
	return ps
}

func hasStatements(m *Migration) bool {
	for _, s := range m.Statements {
		if !s.Empty {
			return true
		}
	}
	return false
}

// Migration returns the migration called name, or nil.
func (f *Folder) Migration(name string) *Migration {
	for _, m := range f.Migrations {
		if m.Name == name {
			return m
		}
	}
	return nil
}
