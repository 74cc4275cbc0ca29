// Package datadir owns the studio's persistent_data folder: the database
// chosen on the set-up page (db.selection.json) and the SQLite files that
// set-up and the demo create under it. Nothing outside it is ever written.
package datadir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"studio/database"
)

// ErrNoSelection is returned by Load when no database has been chosen yet.
var ErrNoSelection = errors.New("no database selected")

// ErrOutside is returned when a path would leave the data folder.
var ErrOutside = errors.New("path outside the data folder")

// Selection is the database chosen on the set-up page. Type is
// database.SQLite or database.Postgres; SQLite selections keep a path relative to the data folder,
// PostgreSQL ones the connection string (the file is written 0600 because
// it may hold a password).
type Selection struct {
	Type             database.Dialect `json:"type"`
	Path             string           `json:"path,omitempty"`
	ConnectionString string           `json:"connectionString,omitempty"`
}

// Dir is a data folder, usually ./persistent_data.
type Dir struct {
	Root string
}

// New returns the data folder at root (created lazily on first write).
func New(root string) Dir { return Dir{Root: root} }

func (d Dir) selectionFile() string { return filepath.Join(d.Root, "db.selection.json") }

// DemoPath is where the demo database lives.
func (d Dir) DemoPath() string { return filepath.Join(d.Root, "demo", "demo.db") }

// DefaultSQLitePath is where set-up creates a SQLite database.
func (d Dir) DefaultSQLitePath() string { return filepath.Join(d.Root, "database", "studio.db") }

// Load reads the saved selection; ErrNoSelection when there is none.
func (d Dir) Load() (Selection, error) {
	b, err := os.ReadFile(d.selectionFile())
	if errors.Is(err, fs.ErrNotExist) {
		return Selection{}, ErrNoSelection
	}
	if err != nil {
		return Selection{}, fmt.Errorf("read %s: %w", d.selectionFile(), err)
	}
	var s Selection
	if err := json.Unmarshal(b, &s); err != nil {
		return Selection{}, fmt.Errorf("read %s: %w", d.selectionFile(), err)
	}
	if s.Type != database.SQLite && s.Type != database.Postgres {
		return Selection{}, fmt.Errorf("read %s: unknown type %q", d.selectionFile(), s.Type)
	}
	return s, nil
}

// Save writes the selection atomically (temp file + rename), readable by
// the owner only. It refuses SQLite paths that leave the data folder.
func (d Dir) Save(s Selection) error {
	if s.Type == database.SQLite {
		if _, err := d.Resolve(s.Path); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(d.Root, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode selection: %w", err)
	}
	tmp, err := os.CreateTemp(d.Root, ".selection-*")
	if err != nil {
		return fmt.Errorf("save selection: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save selection: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save selection: %w", err)
	}
	if err := os.Rename(tmp.Name(), d.selectionFile()); err != nil {
		return fmt.Errorf("save selection: %w", err)
	}
	return nil
}

// Resolve turns a path relative to the data folder into a real path and
// refuses anything that escapes it (absolute paths, "..", symlinks out).
func (d Dir) Resolve(rel string) (string, error) {
	if rel == "" || filepath.IsAbs(rel) || strings.ContainsRune(rel, 0) {
		return "", fmt.Errorf("%w: %q", ErrOutside, rel)
	}
	clean := filepath.Clean(rel)
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%w: %q", ErrOutside, rel)
	}
	full := filepath.Join(d.Root, clean)
	if real, err := filepath.EvalSymlinks(filepath.Dir(full)); err == nil {
		root, rerr := filepath.EvalSymlinks(d.Root)
		if rerr == nil && real != root && !strings.HasPrefix(real, root+string(filepath.Separator)) {
			return "", fmt.Errorf("%w: %q", ErrOutside, rel)
		}
	}
	return full, nil
}

// Rel is path relative to the data folder, for saving in a selection.
func (d Dir) Rel(path string) (string, error) {
	r, err := filepath.Rel(d.Root, path)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrOutside, err)
	}
	return r, nil
}
