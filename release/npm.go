package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// MainPackage is the npm package a project installs; each platform's
// binary is in MainPackage + "-" + os + "-" + cpu.
const MainPackage = "@studio-dev/studio"

//go:embed npm/studio.js
var launcher string

//go:embed npm/README.md
var npmReadme string

const description = "A local web studio for SQLite and PostgreSQL and a safe migrator for Drizzle migration folders, in one binary"

func (p platform) npmPackage() string { return MainPackage + "-" + p.npmOS() + "-" + p.npmCPU() }

// packed is what npm made: the tarballs, main package first.
type packed struct {
	Main      string
	Platforms map[platform]string
}

// npm builds the binaries for ps, writes one package per platform and
// the main package (whose optional dependencies name every platform
// studio ships for, at this version) under out/npm, and packs each into
// a tarball there.
func (b builder) npm(ctx context.Context, ps []platform) (packed, error) {
	dir := filepath.Join(b.out, "npm")
	res := packed{Platforms: map[platform]string{}}
	for _, p := range ps {
		pkgDir := filepath.Join(dir, path.Base(p.npmPackage()))
		if err := os.RemoveAll(pkgDir); err != nil {
			return res, err
		}
		if err := b.binary(ctx, p, filepath.Join(pkgDir, "bin", p.exe())); err != nil {
			return res, err
		}
		if err := b.platformPackage(pkgDir, p); err != nil {
			return res, err
		}
		tgz, err := npmPack(ctx, pkgDir, dir)
		if err != nil {
			return res, err
		}
		res.Platforms[p] = tgz
	}
	mainDir := filepath.Join(dir, path.Base(MainPackage))
	if err := os.RemoveAll(mainDir); err != nil {
		return res, err
	}
	if err := b.mainPackage(mainDir); err != nil {
		return res, err
	}
	var err error
	res.Main, err = npmPack(ctx, mainDir, dir)
	return res, err
}

func (b builder) platformPackage(dir string, p platform) error {
	return writeJSON(filepath.Join(dir, "package.json"), map[string]any{
		"name":            p.npmPackage(),
		"version":         b.version,
		"description":     "The " + p.String() + " binary of " + MainPackage,
		"os":              []string{p.npmOS()},
		"cpu":             []string{p.npmCPU()},
		"files":           []string{"bin/" + p.exe()},
		"preferUnplugged": true,
	})
}

// mainPackage writes the package with the launcher as its `studio` bin.
func (b builder) mainPackage(dir string) error {
	opt := map[string]string{}
	byKey := map[string]string{}
	for _, p := range platforms {
		opt[p.npmPackage()] = b.version
		byKey[p.npmOS()+"-"+p.npmCPU()] = p.npmPackage()
	}
	table, _ := json.MarshalIndent(byKey, "", "  ")
	main, _ := json.Marshal(MainPackage)
	js := strings.NewReplacer("__PLATFORM_PACKAGES__", string(table), "__MAIN_PACKAGE__", string(main)).Replace(launcher)
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "bin", "studio.js"), []byte(js), 0o755); err != nil {
		return err
	}
	readme := strings.ReplaceAll(npmReadme, "__MAIN_PACKAGE__", MainPackage)
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644); err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, "package.json"), map[string]any{
		"name":                 MainPackage,
		"version":              b.version,
		"description":          description,
		"bin":                  map[string]string{"studio": "bin/studio.js"},
		"files":                []string{"bin/studio.js", "README.md"},
		"engines":              map[string]string{"node": ">=18"},
		"optionalDependencies": opt,
	})
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// npmPack packs dir into a tarball in dest and returns its path.
func npmPack(ctx context.Context, dir, dest string) (string, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "npm", "pack", "--json", "--pack-destination", abs)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w", dir, err)
	}
	var res []struct {
		Filename string `json:"filename"`
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res) != 1 {
		return "", fmt.Errorf("npm pack %s: unexpected output %q", dir, out)
	}
	return filepath.Join(abs, res[0].Filename), nil
}
