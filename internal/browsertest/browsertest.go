// Package browsertest drives a real headless Chromium (Debian's chromium
// package) through chromedp for end-to-end tests of the studio's pages.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv names the variable that turns a missing browser into a test
// failure instead of a skip. The README's test command sets it.
const RequireEnv = "STUDIO_REQUIRE_BROWSER"

// KindMarker is logged by every test that got a browser, so the test report
// can count how many browser tests ran.
const KindMarker = "studio-test-kind: browser"

// ExecPath finds Chromium: $CHROMIUM_PATH, then the usual names.
func ExecPath() (string, bool) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// New starts a headless Chromium for one test and returns a chromedp
// context bounded by timeout. The browser is closed when the test ends.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path, ok := ExecPath()
	if !ok {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("browsertest: Chromium is required (%s is set) but not installed; install it with: apt-get install -y chromium", RequireEnv)
		}
		t.Skip("browsertest: Chromium not installed; install it with: apt-get install -y chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("browsertest: start Chromium %s: %v", path, err)
		}
		t.Skipf("browsertest: cannot start Chromium %s: %v", path, err)
	}
	t.Log(KindMarker)
	return ctx
}

// Screenshot saves a full-page PNG to $STUDIO_SCREENSHOTS/name.png when that
// variable is set (CI keeps them; the README shows them).
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("STUDIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("screenshot dir: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}
