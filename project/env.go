package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultEnvFiles are the .env files read from the working folder, in
// order (a variable set by an earlier one is not replaced), when the
// config names none of its own: the way a Next.js-style project sees
// them.
var DefaultEnvFiles = []string{".env.local", ".env"}

// Env is the environment a config is evaluated in: the process
// environment first, then .env files in order, as dotenv loads them
// (never replacing a variable already set, unless a file is loaded with
// override) and dotenv-expand expands them. It remembers where each
// variable came from and never prints a value.
type Env struct {
	getenv  func(string) string
	overlay map[string]string // variables set by files
	from    map[string]string // variable -> file that set it
	// Files are the .env files read, as named to people (relative to the
	// working folder when inside it); Missing the ones looked for but absent.
	Files, Missing []string
}

// NewEnv is the process environment alone; getenv may be nil. An empty
// variable counts as unset, so an empty DATABASE_URL in the shell does
// not hide the one in .env.
func NewEnv(getenv func(string) string) *Env {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return &Env{getenv: getenv, overlay: map[string]string{}, from: map[string]string{}}
}

// lookup is the variable as the config sees it: process.env[name].
func (e *Env) lookup(name string) (string, bool) {
	if v, ok := e.overlay[name]; ok {
		return v, true
	}
	if v := e.getenv(name); v != "" {
		return v, true
	}
	return "", false
}

// Lookup returns a variable and where it came from: a file name such as
// ".env", or "environment".
func (e *Env) Lookup(name string) (value, from string, ok bool) {
	v, ok := e.lookup(name)
	if !ok {
		return "", "", false
	}
	if f, inFile := e.from[name]; inFile {
		return v, f, true
	}
	return v, "environment", true
}

// LoadFile reads one .env file (a missing file is noted, not an error)
// and adds its variables as dotenv.config then dotenv-expand would.
// display is the name shown to people.
func (e *Env) LoadFile(path, display string, override bool) error {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		e.Missing = append(e.Missing, display)
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", display, err)
	}
	for _, f := range e.Files {
		if f == display {
			return nil // dotenv reads it again, but nothing would change
		}
	}
	e.Files = append(e.Files, display)
	parsed := parseDotenv(string(raw))
	for _, kv := range parsed {
		if _, set := e.lookup(kv.key); !set || override {
			e.overlay[kv.key] = kv.value
			e.from[kv.key] = display
		}
	}
	for _, kv := range expandEntries(parsed, e.lookup) {
		if cur, _ := e.lookup(kv.key); cur != kv.value {
			e.overlay[kv.key] = kv.value
			if _, had := e.from[kv.key]; !had {
				e.from[kv.key] = display
			}
		}
	}
	return nil
}

// displayPath names a file for people: relative to dir when inside it.
func displayPath(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}
