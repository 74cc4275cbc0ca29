package migrations

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	const cfg = "drizzle.config.ts"
	tests := []struct {
		name    string
		folders []string // relative to the workdir
		flag    string
		out     Out
		want    string // relative to the workdir
		wantErr string
	}{
		{name: "flag wins", folders: []string{"db", "drizzle", "m"}, flag: "db", out: Out{Config: cfg, Dir: "m"}, want: "db"},
		{name: "flag must exist", flag: "nope", wantErr: "--migrations nope: no such folder"},
		{name: "config out", folders: []string{"src/db/migrations", "drizzle"}, out: Out{Config: cfg, Dir: "./src/db/migrations"}, want: "src/db/migrations"},
		{name: "config out missing folder", out: Out{Config: cfg, Dir: "./gone"}, wantErr: `drizzle.config.ts sets out to "./gone": no such folder`},
		{name: "config without out falls back", folders: []string{"drizzle"}, out: Out{Config: cfg}, want: "drizzle"},
		{name: "drizzle then migrations", folders: []string{"migrations"}, want: "migrations"},
		{name: "nothing", wantErr: "tried --migrations (not given), drizzle.config.* (none), ./drizzle, ./migrations"},
		{name: "nothing with a config", out: Out{Config: cfg},
			wantErr: "tried --migrations (not given), drizzle.config.ts (no out, so drizzle's default ./drizzle), ./drizzle, ./migrations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wd := t.TempDir()
			for _, p := range tc.folders {
				if err := os.MkdirAll(filepath.Join(wd, filepath.FromSlash(p)), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Locate(wd, tc.flag, tc.out)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %q, %v; want error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(wd, filepath.FromSlash(tc.want)); got != want {
				t.Fatalf("got %s, want %s", got, want)
			}
		})
	}
	if _, err := Locate(t.TempDir(), "", Out{}); !errors.Is(err, ErrNoFolder) {
		t.Fatalf("want ErrNoFolder, got %v", err)
	}
}
