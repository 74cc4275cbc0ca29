package demo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"studio/migrations"
)

// readFolder parses the embedded migrations folder.
func readFolder() (*migrations.Folder, error) {
	f, err := migrations.Read(drizzleFS, drizzleDir)
	if err != nil {
		return nil, fmt.Errorf("reading the demo migrations: %w", err)
	}
	if len(f.Migrations) == 0 {
		return nil, errors.New("reading the demo migrations: the folder has none")
	}
	return f, nil
}

// schemaPhases splits the initial migration into the statements the build
// runs before loading the rows and those it runs after: the second part
// starts at the CREATE VIRTUAL TABLE of the full-text index and runs to
// the end of the file (its sync triggers and a 'rebuild'). Blank chunks
// are left out.
func schemaPhases(m *migrations.Migration) (schema, search []migrations.Statement, err error) {
	for _, st := range m.Statements {
		switch {
		case st.Empty:
		case search != nil || strings.HasPrefix(sqlStart(st.SQL), "CREATE VIRTUAL TABLE"):
			search = append(search, st)
		default:
			schema = append(schema, st)
		}
	}
	if len(schema) == 0 || len(search) == 0 {
		return nil, nil, fmt.Errorf("splitting %s: no CREATE VIRTUAL TABLE after the schema", m.File)
	}
	return schema, search, nil
}

// sqlStart is s without its leading blanks and "--" comment lines, which
// drizzle-kit never writes but our hand-written parts of 0000 do.
func sqlStart(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if !strings.HasPrefix(s, "--") {
			return s
		}
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
}

// writeFolder copies the embedded migrations folder to dir unless
// something is there already. It writes into a temporary folder next to
// dir and renames it into place, so dir is either complete or absent.
func writeFolder(dir string) error {
	if _, err := os.Lstat(dir); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("checking the demo migrations folder: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing the demo migrations folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := copyEmbedded(tmp); err != nil {
		return fmt.Errorf("writing the demo migrations folder: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("writing the demo migrations folder: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Lstat(dir); serr == nil {
			return nil // created meanwhile: leave it
		}
		return fmt.Errorf("moving the demo migrations folder into place: %w", err)
	}
	syncDir(filepath.Dir(dir))
	return nil
}

// copyEmbedded writes every file of the embedded folder under dest.
func copyEmbedded(dest string) error {
	return fs.WalkDir(drizzleFS, drizzleDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(name, drizzleDir), "/")
		if rel == "" {
			return nil
		}
		target := filepath.Join(dest, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.Mkdir(target, 0o755)
		}
		data, err := fs.ReadFile(drizzleFS, path.Clean(name))
		if err != nil {
			return err
		}
		return writeSynced(target, data)
	})
}

// writeSynced creates target (failing if it exists) with data, synced.
func writeSynced(target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
