package npmtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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
