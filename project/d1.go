package project

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"studio/database"
)

// ErrD1Ambiguous is returned (wrapped in a *D1ChoiceError) when several
// local D1 databases exist and none is the config's.
var ErrD1Ambiguous = errors.New("several local D1 databases")

// ErrD1Missing: wrangler has not created the local database yet.
var ErrD1Missing = errors.New("no local D1 database yet")

// D1StateDir is where wrangler 3 keeps local D1 databases, relative to
// the folder of its config (wrangler's getLocalPersistencePath).
const D1StateDir = ".wrangler/state/v3/d1/miniflare-D1DatabaseObject"

// WranglerNames are wrangler's config files in its order of preference
// (findWranglerConfig).
var WranglerNames = []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}

// D1Database is a local D1 database: the SQLite file miniflare keeps for
// one of wrangler's d1_databases.
type D1Database struct {
	// Binding, Name and ID are the wrangler entry's binding, database_name
	// and the id miniflare named the file from ("" when not known).
	Binding, Name, ID string
	// Path is the SQLite file.
	Path string
}

// D1ChoiceError lists the local D1 databases when studio cannot tell
// which one the config means; a person picks one (or passes --db).
type D1ChoiceError struct {
	Config     string
	Candidates []D1Database
}

func (e *D1ChoiceError) Error() string {
	var names []string
	for _, c := range e.Candidates {
		n := filepath.Base(c.Path)
		switch {
		case c.Name != "" && c.Binding != "":
			n = c.Name + " (" + c.Binding + "): " + n
		case c.Name != "" || c.Binding != "":
			n = c.Name + c.Binding + ": " + n
		}
		names = append(names, n)
	}
	return fmt.Sprintf("%s: %v in %s: %s; pass --db PATH to the one to open", e.Config, ErrD1Ambiguous, D1StateDir, strings.Join(names, ", "))
}

func (e *D1ChoiceError) Unwrap() error { return ErrD1Ambiguous }

// D1ObjectID is the name miniflare gives a D1 database's file: the
// Durable Object id of `name` in the namespace whose unique key is
// "miniflare-D1DatabaseObject" (durableObjectNamespaceIdFromName in
// miniflare/src/plugins/shared): key = SHA-256(uniqueKey), then
// HMAC-SHA256(key, name)[:16] followed by HMAC-SHA256(key, that)[:16],
// in hex.
func D1ObjectID(name string) string {
	key := sha256.Sum256([]byte("miniflare-D1DatabaseObject"))
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(name))
	nameMAC := mac.Sum(nil)[:16]
	mac = hmac.New(sha256.New, key[:])
	mac.Write(nameMAC)
	return hex.EncodeToString(append(nameMAC, mac.Sum(nil)[:16]...))
}

// wranglerD1 is one [[d1_databases]] entry.
type wranglerD1 struct {
	Binding    string `toml:"binding"`
	Name       string `toml:"database_name"`
	ID         string `toml:"database_id"`
	PreviewID  string `toml:"preview_database_id"`
	Migrations string `toml:"migrations_dir"`
}

// objectName is the name wrangler hands miniflare for the entry: the
// preview id, else the id, else the binding (d1DatabaseEntry).
func (w wranglerD1) objectName() string {
	for _, s := range []string{w.PreviewID, w.ID, w.Binding} {
		if s != "" {
			return s
		}
	}
	return ""
}

// IsD1 reports whether the project keeps its data in Cloudflare D1:
// driver "d1-http", or a SQLite config with a wrangler config beside it.
// D1 runs migrations without PRAGMA foreign_keys=OFF taking effect.
func (c *Config) IsD1() bool {
	return c.Driver == "d1-http" || (c.Dialect == configSQLite && c.wranglerBeside() != "")
}

// wranglerBeside is the wrangler config in the config's folder, or "".
func (c *Config) wranglerBeside() string {
	for _, n := range WranglerNames {
		p := filepath.Join(filepath.Dir(c.Path), n)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

var d1File = regexp.MustCompile(`^[0-9a-f]{64}\.sqlite$`)

// d1Database finds the local database wrangler keeps for this project:
// the one whose id matches dbCredentials.databaseId, else the only one.
func (c *Config) d1Database() (Database, error) {
	from := []string{c.Name}
	dir := filepath.Dir(c.Path)
	var entries []wranglerD1
	if w := c.wranglerBeside(); w != "" {
		var err error
		if entries, err = readWranglerD1(w); err != nil {
			return Database{}, err
		}
		from = append(from, displayPath(c.workdir, w))
	}
	state := filepath.Join(dir, filepath.FromSlash(D1StateDir))
	files, err := d1Files(state)
	if err != nil {
		return Database{}, err
	}
	want := c.d1Wanted(entries)
	if want != nil {
		want.Path = filepath.Join(state, D1ObjectID(want.ID)+".sqlite")
		if files[filepath.Base(want.Path)] {
			return d1Result(*want, from), nil
		}
		return Database{}, c.d1Missing(want.Name)
	}
	var found []D1Database
	for _, e := range entries {
		d := D1Database{Binding: e.Binding, Name: e.Name, ID: e.objectName()}
		d.Path = filepath.Join(state, D1ObjectID(d.ID)+".sqlite")
		if files[filepath.Base(d.Path)] {
			found = append(found, d)
			delete(files, filepath.Base(d.Path))
		}
	}
	if len(entries) == 0 || len(found) == 0 {
		for _, f := range sortedKeys(files) {
			found = append(found, D1Database{Path: filepath.Join(state, f)})
		}
	}
	switch len(found) {
	case 0:
		name := ""
		if len(entries) == 1 {
			name = entries[0].Name
		}
		return Database{}, c.d1Missing(name)
	case 1:
		return d1Result(found[0], from), nil
	}
	return Database{}, &D1ChoiceError{Config: c.Name, Candidates: found}
}

// d1Wanted is the wrangler entry the config's databaseId names, or one
// made from the id alone; nil when the config names none.
func (c *Config) d1Wanted(entries []wranglerD1) *D1Database {
	creds, found, err := c.field("dbCredentials")
	if err != nil || !found || creds.kind != vObject {
		return nil
	}
	id, _, ok, err := c.credString(creds, "databaseId")
	if err != nil || !ok || id == "" {
		return nil
	}
	for _, e := range entries {
		if e.ID == id || e.PreviewID == id {
			return &D1Database{Binding: e.Binding, Name: e.Name, ID: e.objectName()}
		}
	}
	return &D1Database{ID: id}
}

func (c *Config) d1Missing(name string) error {
	if name == "" {
		name = "<DATABASE>"
	}
	return fmt.Errorf("%s: %w in %s: run `wrangler d1 migrations apply %s --local` first, or pass --db PATH",
		c.Name, ErrD1Missing, D1StateDir, name)
}

func d1Result(d D1Database, from []string) Database {
	return Database{Address: "sqlite:" + d.Path, Dialect: database.SQLite, From: from, D1: &d}
}

// d1Files lists the database files in wrangler's D1 state folder.
func d1Files(dir string) (map[string]bool, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list local D1 databases: %w", err)
	}
	out := map[string]bool{}
	for _, e := range ents {
		if !e.IsDir() && d1File.MatchString(e.Name()) {
			out[e.Name()] = true
		}
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
