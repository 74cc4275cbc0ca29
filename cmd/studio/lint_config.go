package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"studio/review"
)

// lintConfig is the "lint" block of studio.json, or of the "studio" key
// of package.json:
//
//	{"lint": {"rules": {"drop-column": "off", "prefer-text-field": "warning"}, "failOn": "warning"}}
type lintConfig struct {
	Rules  map[string]string `json:"rules"`
	FailOn string            `json:"failOn"`
}

// loadLintConfig reads studio.json in workdir, else the "studio" key of
// package.json; neither is fine (defaults). A file that is not valid
// JSON is an error naming it.
func loadLintConfig(workdir string) (lintConfig, error) {
	type block struct {
		Lint lintConfig `json:"lint"`
	}
	raw, err := os.ReadFile(filepath.Join(workdir, "studio.json"))
	if err == nil {
		var b block
		if err := json.Unmarshal(raw, &b); err != nil {
			return lintConfig{}, fmt.Errorf("studio.json: %w", err)
		}
		return b.Lint, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return lintConfig{}, fmt.Errorf("reading studio.json: %w", err)
	}
	raw, err = os.ReadFile(filepath.Join(workdir, "package.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return lintConfig{}, nil
	}
	if err != nil {
		return lintConfig{}, fmt.Errorf("reading package.json: %w", err)
	}
	var pkg struct {
		Studio *block `json:"studio"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return lintConfig{}, fmt.Errorf("package.json: %w", err)
	}
	if pkg.Studio == nil {
		return lintConfig{}, nil
	}
	return pkg.Studio.Lint, nil
}

// reviewOptions are the review settings lint and the Preview page share:
// rule levels from studio.json (or package.json's "studio" key), and d1
// (a Cloudflare D1 project, from the drizzle config). It also returns the
// configured failOn. A broken or unknown setting is a usage error (exit 2).
func reviewOptions(e *env, d1 bool) (review.Options, string, error) {
	cfg, err := loadLintConfig(e.workdir)
	if err != nil {
		return review.Options{}, "", &exitError{code: 2, err: err}
	}
	opts := review.Options{Rules: cfg.Rules, D1: d1}
	if err := opts.Check(); err != nil {
		return review.Options{}, "", &exitError{code: 2, err: fmt.Errorf("studio.json: %w", err)}
	}
	return opts, cfg.FailOn, nil
}
