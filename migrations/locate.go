package migrations

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoFolder is returned by Locate when no migrations folder is found.
var ErrNoFolder = errors.New("no migrations folder found")

// configNames are the drizzle-kit config files Locate reads, in
// drizzle-kit's order of preference.
var configNames = []string{
	"drizzle.config.ts", "drizzle.config.js", "drizzle.config.json",
	"drizzle.config.mjs", "drizzle.config.cjs", "drizzle.config.mts", "drizzle.config.cts",
}

// Locate finds the migrations folder for workdir: flagValue when given;
// else the `out` of a drizzle.config.* file in workdir, read as text (the
// config is never executed, so only a literal string counts); else
// ./drizzle; else ./migrations. Relative paths are relative to workdir.
// The error names everything it tried.
func Locate(workdir, flagValue string) (string, error) {
	if flagValue != "" {
		p := resolvePath(workdir, flagValue)
		if err := isDir(p); err != nil {
			return "", fmt.Errorf("--migrations %s: %w", flagValue, err)
		}
		return p, nil
	}
	var tried []string
	for _, name := range configNames {
		cfgPath := filepath.Join(workdir, name)
		raw, err := os.ReadFile(cfgPath)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", cfgPath, err)
		}
		out, err := configOut(name, raw)
		if err != nil {
			return "", fmt.Errorf("%s: %w; pass --migrations DIR", cfgPath, err)
		}
		if out == "" {
			tried = append(tried, name+" (no out, so drizzle's default ./drizzle)")
			break
		}
		p := resolvePath(workdir, out)
		if err := isDir(p); err != nil {
			return "", fmt.Errorf("%s sets out to %q: %w", cfgPath, out, err)
		}
		return p, nil
	}
	if len(tried) == 0 {
		tried = append(tried, "drizzle.config.{ts,js,json,mjs,cjs} (none)")
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

func isDir(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("no such folder")
		}
		return err
	}
	if !st.IsDir() {
		return errors.New("not a folder")
	}
	return nil
}

// configOut reads the literal `out` of a config file; "" when it has none.
func configOut(name string, raw []byte) (string, error) {
	if strings.HasSuffix(name, ".json") {
		var c map[string]any
		if err := json.Unmarshal(raw, &c); err != nil {
			return "", fmt.Errorf("not valid JSON: %w", err)
		}
		v, ok := c["out"]
		if !ok {
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", errors.New(`"out" is not a string`)
		}
		return s, nil
	}
	return scriptOut(string(raw))
}

// scriptOut finds `out: "..."` properties in JavaScript or TypeScript
// source without running it. Values that are not plain string literals,
// or several different values, are errors: only running the config could
// tell which one applies.
func scriptOut(src string) (string, error) {
	toks := jsTokens(src)
	var found []string
	for i := 0; i+2 < len(toks); i++ {
		t := toks[i]
		isKey := (t.kind == tokIdent || t.kind == tokString) && t.text == "out"
		if !isKey || toks[i+1].text != ":" || toks[i+1].kind != tokPunct {
			continue
		}
		if prev := toks[max(i-1, 0)]; i == 0 || prev.kind != tokPunct || (prev.text != "{" && prev.text != ",") {
			continue
		}
		v := toks[i+2]
		if v.kind != tokString {
			return "", fmt.Errorf("`out` is not a literal string (%s...)", v.text)
		}
		found = append(found, v.text)
	}
	for _, f := range found[min(1, len(found)):] {
		if f != found[0] {
			return "", fmt.Errorf("`out` has several values (%q, %q)", found[0], f)
		}
	}
	if len(found) == 0 {
		return "", nil
	}
	return found[0], nil
}

type tokKind int

const (
	tokIdent tokKind = iota
	tokString
	tokPunct
	tokOther
)

type jsToken struct {
	kind tokKind
	text string
}

// jsTokens is just enough of a JavaScript tokenizer to find object keys:
// comments are dropped, string literals decoded (templates with ${ } are
// not literals), identifiers and punctuation kept.
func jsTokens(src string) []jsToken {
	var out []jsToken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return out
			}
			i += j + 4
		case c == '"' || c == '\'' || c == '`':
			s, n, literal := jsString(src[i:])
			kind := tokString
			if !literal {
				kind = tokOther
			}
			out = append(out, jsToken{kind, s})
			i += n
		case c == '_' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z'):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '$' || isDigit(src[j]) || (src[j]|0x20 >= 'a' && src[j]|0x20 <= 'z')) {
				j++
			}
			out = append(out, jsToken{tokIdent, src[i:j]})
			i = j
		default:
			out = append(out, jsToken{tokPunct, string(c)})
			i++
		}
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// jsString decodes the string literal at the start of s: its value, its
// length in s, and whether it is a plain literal.
func jsString(s string) (string, int, bool) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == q:
			return b.String(), i + 1, true
		case q == '`' && c == '$' && i+1 < len(s) && s[i+1] == '{':
			end := strings.IndexByte(s[i:], '`')
			if end < 0 {
				return s, len(s), false
			}
			return s[:i+end+1], i + end + 1, false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), len(s), false
}
