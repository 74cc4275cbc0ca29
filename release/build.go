package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// platform is one GOOS/GOARCH studio ships for, with npm's names for it.
type platform struct {
	goos, goarch string
}

// platforms are every target: linux, darwin and windows on amd64 and arm64.
var platforms = []platform{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// npmOS and npmCPU are Node's process.platform and process.arch.
func (p platform) npmOS() string {
	if p.goos == "windows" {
		return "win32"
	}
	return p.goos
}

func (p platform) npmCPU() string {
	if p.goarch == "amd64" {
		return "x64"
	}
	return p.goarch
}

func (p platform) exe() string {
	if p.goos == "windows" {
		return "studio.exe"
	}
	return "studio"
}

func (p platform) String() string { return p.goos + "/" + p.goarch }

func parsePlatforms(s string) ([]platform, error) {
	switch s {
	case "all":
		return platforms, nil
	case "host":
		return []platform{{runtime.GOOS, runtime.GOARCH}}, nil
	}
	var out []platform
	for _, f := range strings.Split(s, ",") {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(f), "/")
		p := platform{goos, goarch}
		if !ok || !supported(p) {
			return nil, fmt.Errorf("platform %q: want one of %v", f, platforms)
		}
		out = append(out, p)
	}
	return out, nil
}

func supported(p platform) bool {
	for _, q := range platforms {
		if p == q {
			return true
		}
	}
	return false
}

// builder makes release artefacts of one version from one checkout.
type builder struct {
	root, out, version string
	log                io.Writer
}

var versionRE = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

// readVersion reads VERSION, the one place the version is written.
func readVersion(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "VERSION"))
	if err != nil {
		return "", fmt.Errorf("read VERSION: %w", err)
	}
	v := strings.TrimSpace(string(b))
	if !versionRE.MatchString(v) {
		return "", fmt.Errorf("VERSION %q is not a semantic version like 1.2.3", v)
	}
	return v, nil
}

// repoRoot is the folder holding go.mod, from the working folder up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder: run from the repository")
		}
		dir = parent
	}
}

// binary cross-compiles cmd/studio for p into dst: CGO off (modernc's
// SQLite is pure Go), paths trimmed, symbols stripped, the version set.
func (b builder) binary(ctx context.Context, p platform, dst string) error {
	fmt.Fprintf(b.log, "build %s\n", p)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath",
		"-ldflags", "-s -w -X main.version="+b.version, "-o", dst, "./cmd/studio")
	cmd.Dir = b.root
	cmd.Env = append(os.Environ(), "GOOS="+p.goos, "GOARCH="+p.goarch, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build for %s: %v\n%s", p, err, out)
	}
	return nil
}
