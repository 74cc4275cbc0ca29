// Package npmtest installs the JavaScript tools tests compare studio with
// (drizzle-orm, dotenv, minimatch, wrangler, pnpm) from the npm registry,
// once per machine, into a cache under the temp dir. Tests that need
// them are skipped when Node.js or npm is missing.
package npmtest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Require skips the test when node or npm is not installed.
func Require(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: this test compares studio with JavaScript tools and needs Node.js and npm", tool)
		}
	}
}

// Install installs packages (npm specs such as "dotenv@16.6.1") into a
// folder cached under the temp dir and returns it; node_modules/.bin
// holds their commands. The folder's name is derived from the packages,
// so a changed list installs afresh. Concurrent test processes may both
// install; either copy will do.
func Install(t testing.TB, packages ...string) string {
	t.Helper()
	Require(t)
	sum := sha256.Sum256([]byte(strings.Join(packages, " ")))
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("studio-npm-%x", sum[:6]))
	marker := filepath.Join(dir, ".installed")
	if _, err := os.Stat(marker); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "studio-npm-install-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "package.json"), []byte(`{"name":"studio-npm-cache","private":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error"}, packages...)...)
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install %s: %v\n%s", strings.Join(packages, " "), err, out)
	}
	if err := os.WriteFile(filepath.Join(tmp, ".installed"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(marker); serr != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Wrangler installs the wrangler the D1 tests run and returns its command.
func Wrangler(t testing.TB) string {
	t.Helper()
	return filepath.Join(Install(t, "wrangler@3.114.17"), "node_modules", ".bin", "wrangler")
}

// RunWrangler runs the wrangler command with args in dir (a throwaway
// HOME, no metrics), failing t with its output when it fails.
func RunWrangler(t testing.TB, dir, wrangler string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, wrangler, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CI=1", "WRANGLER_SEND_METRICS=false", "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wrangler %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
