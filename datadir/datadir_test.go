package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSaveLoadRoundTripAndPermissions(t *testing.T) {
	d := New(filepath.Join(t.TempDir(), "persistent_data"))
	if _, err := d.Load(); !errors.Is(err, ErrNoSelection) {
		t.Fatalf("Load on a new folder: %v, want ErrNoSelection", err)
	}
	want := Selection{Type: "postgres", ConnectionString: "postgres://me:secret@localhost/app"}
	if err := d.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := d.Load()
	if err != nil || got != want {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	info, err := os.Stat(filepath.Join(d.Root, "db.selection.json"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("selection file mode %v (%v), want 0600: it may hold a password", info.Mode().Perm(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(d.Root, ".selection-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temp files left behind: %v", leftovers)
	}
}

func TestLoadRefusesBrokenSelections(t *testing.T) {
	d := New(t.TempDir())
	for _, body := range []string{"{not json", `{"type":"mysql"}`} {
		if err := os.WriteFile(filepath.Join(d.Root, "db.selection.json"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Load(); err == nil || errors.Is(err, ErrNoSelection) {
			t.Errorf("Load(%q) = %v, want a clear error", body, err)
		}
	}
}

func TestResolveStaysInsideTheFolder(t *testing.T) {
	root := t.TempDir()
	d := New(filepath.Join(root, "pd"))
	os.MkdirAll(filepath.Join(d.Root, "database"), 0o700)
	outside := filepath.Join(root, "outside")
	os.MkdirAll(outside, 0o700)
	if err := os.Symlink(outside, filepath.Join(d.Root, "link")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "/etc/passwd", "../x.db", "database/../../x.db", "..", "link/x.db", "a\x00b"} {
		if _, err := d.Resolve(bad); !errors.Is(err, ErrOutside) {
			t.Errorf("Resolve(%q) = %v, want ErrOutside", bad, err)
		}
	}
	for _, good := range []string{"database/studio.db", "x.db", "database/./y.sqlite"} {
		p, err := d.Resolve(good)
		if rel, rerr := filepath.Rel(d.Root, p); err != nil || rerr != nil || rel != filepath.Clean(good) {
			t.Errorf("Resolve(%q) = %q, %v", good, p, err)
		}
	}
	if err := d.Save(Selection{Type: "sqlite", Path: "../escape.db"}); !errors.Is(err, ErrOutside) {
		t.Fatalf("Save of an escaping SQLite path: %v", err)
	}
}
