package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoFolder is returned by Locate when no migrations folder is found.
var ErrNoFolder = errors.New("no migrations folder found")

// Out is the migrations folder a project's drizzle config names, as
// package project read it (the one config reader).
type Out struct {
	// Config is the config file as shown ("drizzle.config.ts"); "" when
	// the project has none.
	Config string
	// Dir is its `out` as written, relative to the working folder as
	// drizzle-kit reads it; "" when unset.
	Dir string
}

// Locate finds the migrations folder for workdir: flagValue when given;
// else the config's `out`; else ./drizzle; else ./migrations. Relative
// paths are relative to workdir. The error names everything it tried.
func Locate(workdir, flagValue string, out Out) (string, error) {
	if flagValue != "" {
		p := resolvePath(workdir, flagValue)
		if err := isDir(p); err != nil {
			return "", fmt.Errorf("--migrations %s: %w", flagValue, err)
		}
		return p, nil
	}
	var tried []string
	switch {
	case out.Config == "":
		tried = append(tried, "drizzle.config.* (none)")
	case out.Dir == "":
		tried = append(tried, out.Config+" (no out, so drizzle's default ./drizzle)")
	default:
		p := resolvePath(workdir, out.Dir)
		if err := isDir(p); err != nil {
			return "", fmt.Errorf("%s sets out to %q: %w", out.Config, out.Dir, err)
		}
		return p, nil
	}
	for _, d := range []string{"drizzle", "migrations"} {
		p := filepath.Join(workdir, d)
		if isDir(p) == nil {
			return p, nil
		}
		tried = append(tried, "./"+d)
	}
	return "", fmt.Errorf("%w in %s: tried --migrations (not given), %s; pass --migrations DIR",
		ErrNoFolder, workdir, strings.Join(tried, ", "))
}

func resolvePath(workdir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(workdir, p)
}

// errNoSuchFolder reads "no such folder" and is fs.ErrNotExist, so a
// caller can tell a folder not made yet from one it cannot read.
type errNoSuchFolder struct{}

func (errNoSuchFolder) Error() string        { return "no such folder" }
func (errNoSuchFolder) Is(target error) bool { return target == fs.ErrNotExist }

func isDir(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errNoSuchFolder{}
		}
		return err
	}
	if !st.IsDir() {
		return errors.New("not a folder")
	}
	return nil
}
