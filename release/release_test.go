package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"studio/internal/npmtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if hostB.out != "" {
		os.RemoveAll(hostB.out)
	}
	os.Exit(code)
}

// TestNPMPackagesInstallOffline builds this platform's package and the
// main package, packs them, and installs them with npm and with pnpm
// into a fresh project, offline. The other platforms' packages are
// stand-ins without a binary (what the registry would serve, skipped by
// os/cpu anyway); overrides point every platform package at its tarball,
// so nothing is fetched or published.
func TestNPMPackagesInstallOffline(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the launcher's signal checks need a Unix")
	}
	pnpm := filepath.Join(npmtest.Install(t, "pnpm@10.34.9"), "node_modules", ".bin", "pnpm")
	b, res := buildHostPackages(t)

	for _, tool := range []string{"npm", "pnpm"} {
		t.Run(tool, func(t *testing.T) {
			proj := installProject(t, tool, pnpm, res)
			exec := func(args ...string) []string {
				if tool == "npm" {
					return append([]string{"npx", "--no-install", "studio"}, args...)
				}
				return append([]string{pnpm, "exec", "studio"}, args...)
			}
			if out, code := runIn(t, proj, exec("--version")...); code != 0 || strings.TrimSpace(out) != "studio "+b.version {
				t.Errorf("studio --version: exit %d, %q", code, out)
			}
			if out, code := runIn(t, proj, exec("--help")...); code != 0 || !strings.Contains(out, "Usage:") {
				t.Errorf("studio --help: exit %d, %q", code, out)
			}
			if out, code := runIn(t, proj, exec("status", "--no-such-flag")...); code != 2 || !strings.Contains(out, "no-such-flag") {
				t.Errorf("a bad flag: exit %d (want 2, passed through), %q", code, out)
			}
			if tool == "pnpm" {
				if out, code := runIn(t, proj, pnpm, "db:studio", "--version"); code != 0 || !strings.Contains(out, "studio "+b.version) {
					t.Errorf("pnpm db:studio --version: exit %d, %q", code, out)
				}
			}
			// The Drizzle project's own database, with no flags.
			writeDrizzleProject(t, proj)
			if out, code := runIn(t, proj, exec("migrate")...); code != 0 || !strings.Contains(out, "applied 2 migration(s)") {
				t.Fatalf("studio migrate: exit %d, %q", code, out)
			}
			if out, code := runIn(t, proj, exec("status")...); code != 0 || !strings.Contains(out, "0000_init") ||
				!strings.Contains(out, "0001_posts") || !strings.Contains(out, "2 applied, 0 pending") || !strings.Contains(out, "(drizzle.config.ts · .env)") {
				t.Errorf("studio status: exit %d, %q", code, out)
			}
			if tool == "pnpm" {
				serveScript(t, proj, pnpm)
			}
		})
	}
}

// writeDrizzleProject adds what a Drizzle project on SQLite holds: its
// config, the .env naming the file, and the migrations drizzle-kit wrote.
func writeDrizzleProject(t *testing.T, proj string) {
	t.Helper()
	files := map[string]string{
		"drizzle.config.ts": `import 'dotenv/config';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  out: './drizzle',
  schema: './src/db/schema.ts',
  dialect: 'sqlite',
  dbCredentials: { url: process.env.DB_FILE_NAME! },
});
`,
		".env":                   "DB_FILE_NAME=file:local.db\n",
		"drizzle/0000_init.sql":  "CREATE TABLE `users` (`id` integer PRIMARY KEY, `email` text NOT NULL);\n",
		"drizzle/0001_posts.sql": "CREATE TABLE `posts` (`id` integer PRIMARY KEY, `user_id` integer REFERENCES `users`(`id`));\n",
		"drizzle/meta/_journal.json": `{"version":"7","dialect":"sqlite","entries":[` +
			`{"idx":0,"version":"6","when":1700000000000,"tag":"0000_init","breakpoints":true},` +
			`{"idx":1,"version":"6","when":1700000001000,"tag":"0001_posts","breakpoints":true}]}`,
	}
	for name, body := range files {
		p := filepath.Join(proj, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// serveScript runs `pnpm db:studio` as a terminal would (its own process
// group, STUDIO_PORT=0 so it does not need 4983), fetches the URL it
// prints, checks the page shows the project's database and where it came
// from, then stops it with Ctrl-C (SIGINT to the group): the studio
// shuts down and frees its port.
func serveScript(t *testing.T, proj, pnpm string) {
	t.Helper()
	cmd := exec.Command(pnpm, "db:studio")
	cmd.Dir = proj
	cmd.Env = append(os.Environ(), "npm_config_update_notifier=false", "CI=1", "STUDIO_PORT=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), " → "); ok && strings.HasPrefix(sc.Text(), "studio: local.db · drizzle.config.ts · .env → ") {
				urls <- u
			}
		}
		close(urls)
	}()
	var url string
	select {
	case u, ok := <-urls:
		if !ok {
			t.Fatal("pnpm db:studio ended before printing its URL")
		}
		url = u
	case <-time.After(time.Minute):
		t.Fatal("pnpm db:studio printed no URL within a minute")
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"local.db · drizzle.config.ts · .env", "users", "posts"} {
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("pnpm db:studio serves %d, without %q:\n%s", resp.StatusCode, want, body)
		}
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// pnpm itself ends by the signal, as Node does on Ctrl-C; the studio
	// under it shuts down and frees its port.
	err = waitFor(cmd)
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && (ee.ExitCode() == 130 || ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGINT)) {
		t.Errorf("pnpm db:studio after Ctrl-C: %v", err)
	}
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Errorf("the studio still answers after Ctrl-C")
	}
}

// TestLauncherForwardsSignals: SIGTERM sent to the launcher reaches the
// studio, which shuts down cleanly (exit 0); a studio killed by a signal
// makes the launcher die by the same signal; a missing platform package
// is a clear message.
func TestLauncherForwardsSignals(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("finds the child through /proc")
	}
	_, res := buildHostPackages(t)
	proj := installProject(t, "npm", "", res)
	launcher := filepath.Join(proj, "node_modules", ".bin", "studio")
	db := filepath.Join(proj, "app.db")
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd, child := startStudio(t, proj, launcher, db)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(cmd); err != nil {
		t.Fatalf("after SIGTERM to the launcher: %v (want a clean exit 0)", err)
	}
	if processAlive(child) {
		t.Fatalf("the studio (pid %d) outlived its launcher", child)
	}

	cmd, child = startStudio(t, proj, launcher, db)
	if err := syscall.Kill(child, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := waitFor(cmd)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("studio killed by SIGKILL: the launcher ended with %v, want the same signal", err)
	}

	host := platform{runtime.GOOS, runtime.GOARCH}
	if err := os.RemoveAll(filepath.Join(proj, "node_modules", filepath.FromSlash(host.npmPackage()))); err != nil {
		t.Fatal(err)
	}
	out, code := runIn(t, proj, launcher, "--version")
	if code != 1 || !strings.Contains(out, "the package "+host.npmPackage()+" is missing") || !strings.Contains(out, "--omit=optional") {
		t.Errorf("without the platform package: exit %d, %q", code, out)
	}
}

// buildHostPackages packs the main package and this platform's, once
// per test binary, plus stand-ins for the other platforms.
func buildHostPackages(t *testing.T) (builder, packed) {
	t.Helper()
	npmtest.Require(t)
	hostOnce.Do(func() { hostB, hostRes, hostErr = packHost() })
	if hostErr != nil {
		t.Fatal(hostErr)
	}
	return hostB, hostRes
}

func packHost() (builder, packed, error) {
	root, err := repoRoot()
	if err != nil {
		return builder{}, packed{}, err
	}
	version, err := readVersion(root)
	if err != nil {
		return builder{}, packed{}, err
	}
	out, err := os.MkdirTemp("", "studio-release-test-")
	if err != nil {
		return builder{}, packed{}, err
	}
	b := builder{root: root, out: out, version: version, log: io.Discard}
	host := platform{runtime.GOOS, runtime.GOARCH}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	res, err := b.npm(ctx, []platform{host})
	if err != nil {
		return b, res, err
	}
	for _, p := range platforms {
		if p == host {
			continue
		}
		dir := filepath.Join(out, "stand-in", p.goos+"-"+p.goarch)
		if err := b.platformPackage(dir, p); err != nil {
			return b, res, err
		}
		if res.Platforms[p], err = npmPack(ctx, dir, filepath.Join(out, "stand-in")); err != nil {
			return b, res, err
		}
	}
	return b, res, nil
}

// installProject makes a project with `"db:studio": "studio"` and
// installs the packed main package with tool, offline.
func installProject(t *testing.T, tool, pnpm string, res packed) string {
	t.Helper()
	proj := t.TempDir()
	overrides := map[string]string{}
	for p, tgz := range res.Platforms {
		overrides[p.npmPackage()] = "file:" + tgz
	}
	pkg := map[string]any{
		"name": "app", "private": true,
		"scripts":         map[string]string{"db:studio": "studio"},
		"devDependencies": map[string]string{MainPackage: "file:" + res.Main},
		"overrides":       overrides,
		"pnpm":            map[string]any{"overrides": overrides},
	}
	if err := writeJSON(filepath.Join(proj, "package.json"), pkg); err != nil {
		t.Fatal(err)
	}
	args := []string{"npm", "install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"}
	if tool == "pnpm" {
		args = []string{pnpm, "install", "--offline", "--store-dir", filepath.Join(t.TempDir(), "store")}
	}
	if out, code := runIn(t, proj, args...); code != 0 {
		t.Fatalf("%s install: exit %d\n%s", tool, code, out)
	}
	return proj
}

// runIn runs a command in dir and returns its combined output and exit code.
func runIn(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "npm_config_update_notifier=false", "CI=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return string(out), 0
}

// startStudio runs the launcher serving db on a free port and returns it
// with the studio's pid once the studio says it is serving.
func startStudio(t *testing.T, dir, launcher, db string) (*exec.Cmd, int) {
	t.Helper()
	cmd := exec.Command(launcher, "serve", "--db", db, "--port", "0", "--data", t.TempDir())
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), " → http://") {
				lines <- sc.Text()
			}
		}
		close(lines)
	}()
	select {
	case _, ok := <-lines:
		if !ok {
			t.Fatal("the studio ended before serving")
		}
	case <-time.After(time.Minute):
		t.Fatal("the studio did not start serving within a minute")
	}
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/task/" + strconv.Itoa(cmd.Process.Pid) + "/children")
	if err != nil {
		t.Fatal(err)
	}
	child, err := strconv.Atoi(strings.Fields(string(raw))[0])
	if err != nil {
		t.Fatalf("children of the launcher: %q", raw)
	}
	return cmd, child
}

func waitFor(cmd *exec.Cmd) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return errors.New("the launcher did not exit within 30s")
	}
}

func processAlive(pid int) bool {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	fields := strings.Fields(string(raw))
	return len(fields) > 2 && fields[2] != "Z"
}

var (
	hostOnce sync.Once
	hostB    builder
	hostRes  packed
	hostErr  error
)
