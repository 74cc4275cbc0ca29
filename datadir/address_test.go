package datadir

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestAddressOfASavedSelection(t *testing.T) {
	d := New(t.TempDir())
	got, err := d.Address(Selection{Type: "sqlite", Path: filepath.Join("database", "studio.db")})
	if want := "sqlite:" + filepath.Join(d.Root, "database", "studio.db"); err != nil || got != want {
		t.Errorf("sqlite selection = %q, %v; want %q", got, err, want)
	}
	pg := "postgres://me:secret@localhost/app"
	if got, err := d.Address(Selection{Type: "postgres", ConnectionString: pg}); err != nil || got != pg {
		t.Errorf("postgres selection = %q, %v", got, err)
	}
	if _, err := d.Address(Selection{Type: "sqlite", Path: "../outside.db"}); !errors.Is(err, ErrOutside) {
		t.Errorf("a path leaving the data folder = %v, want ErrOutside", err)
	}
	if _, err := d.Address(Selection{Type: "postgres"}); err == nil {
		t.Error("a postgres selection without a connection string gave no error")
	}
}
