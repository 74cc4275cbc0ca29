// Package blueprint owns the desired schema: the declarative SQL files a
// developer writes (schema.sql, or a folder of .sql files). It loads them
// into a scratch database of the live database's dialect (SQLite in
// memory; PostgreSQL in a throwaway database on the same server, or a
// --dev-url database) and introspects it with the same code as a live
// database, so both sides of a diff are the same model.
package blueprint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"studio/database"
	"studio/introspect"
)

// ErrNoSchema is returned when the schema path holds no .sql file.
var ErrNoSchema = errors.New("no desired schema")

// File is one desired-schema SQL file.
type File struct {
	// Path is the file as the user named it (for messages).
	Path string
	SQL  string
}

// Files reads the desired schema at path: the file itself, or every *.sql
// file directly in the folder (not in subfolders), in name order. It
// returns ErrNoSchema, wrapped with the path, when the path does not
// exist or holds no SQL: an empty desired schema would plan dropping
// every table. A file holding a NUL byte (binary data, which SQLite
// would read only up to the NUL) is a *SyntaxError wrapping
// database.ErrNUL.
func Files(path string) ([]File, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist", ErrNoSchema, path)
	}
	if err != nil {
		return nil, fmt.Errorf("read desired schema: %w", err)
	}
	names := []string{path}
	if st.IsDir() {
		if names, err = sqlFiles(path); err != nil {
			return nil, err
		}
	}
	var files []File
	blank := true
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read desired schema: %w", err)
		}
		var ne *database.NULError
		if errors.As(database.CheckNUL(string(b)), &ne) {
			return nil, &SyntaxError{File: name, Line: ne.Line, Message: "holds a NUL byte: binary data, not SQL", Err: ne}
		}
		files = append(files, File{Path: name, SQL: string(b)})
		blank = blank && strings.TrimSpace(string(b)) == ""
	}
	switch {
	case len(files) == 0:
		return nil, fmt.Errorf("%w: no .sql file in %s", ErrNoSchema, path)
	case blank:
		return nil, fmt.Errorf("%w: %s holds no SQL", ErrNoSchema, path)
	}
	return files, nil
}

// sqlFiles lists the *.sql files directly in dir, in name order.
func sqlFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read desired schema: %w", err)
	}
	var out []string
	for _, e := range entries { // ReadDir sorts by name
		if !strings.EqualFold(filepath.Ext(e.Name()), ".sql") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	return out, nil
}

// SyntaxError is a statement the scratch database refused, or a file
// that is not SQL text, located in its file.
type SyntaxError struct {
	File    string
	Line    int
	Message string
	// Err is the cause when it is not the database's refusal
	// (database.ErrNUL).
	Err error
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message) }
func (e *SyntaxError) Unwrap() error { return e.Err }

// Scratch is a throwaway database of one dialect. Close removes it.
type Scratch struct {
	DB    *database.DB
	close func()
	// exec runs one file, returning a *SyntaxError for a refused
	// statement; each dialect sets it.
	exec func(ctx context.Context, f File) error
}

// Exec runs the files in order; the first refused statement stops it.
func (s *Scratch) Exec(ctx context.Context, files []File) error {
	for _, f := range files {
		if err := s.exec(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// Close drops the scratch database.
func (s *Scratch) Close() {
	if s.close != nil {
		s.close()
	}
}

// NewScratch makes an empty database of live's dialect: SQLite in memory;
// PostgreSQL a new database on live's server, dropped on Close, or the
// database at devURL when given (it must be empty).
func NewScratch(ctx context.Context, live *database.DB, devURL string) (*Scratch, error) {
	switch live.Dialect() {
	case database.SQLite:
		return newSQLiteScratch(ctx)
	case database.Postgres:
		return newPostgresScratch(ctx, live, devURL)
	}
	return nil, fmt.Errorf("scratch database: unknown dialect %q", live.Dialect())
}

// Load reads the desired schema at path (a .sql file or a folder of them),
// runs it in a scratch database and returns its model. A statement the
// database refuses comes back as a *SyntaxError naming file and line.
func Load(ctx context.Context, live *database.DB, path, devURL string) (*introspect.Model, error) {
	files, err := Files(path)
	if err != nil {
		return nil, err
	}
	s, err := NewScratch(ctx, live, devURL)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Exec(ctx, files); err != nil {
		return nil, err
	}
	return s.Inspect(ctx)
}

// Inspect reads the scratch database's model.
func (s *Scratch) Inspect(ctx context.Context) (*introspect.Model, error) {
	d, err := introspect.For(s.DB.Dialect())
	if err != nil {
		return nil, err
	}
	m, err := d.Inspect(ctx, s.DB)
	if err != nil {
		return nil, fmt.Errorf("inspect desired schema: %w", err)
	}
	return m, nil
}
