package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"studio/datadir"
)

// TestResolvePrecedence: --db, then the config, then DATABASE_URL, then
// the saved set-up choice.
func TestResolvePrecedence(t *testing.T) {
	withConfig := t.TempDir()
	writeFiles(t, withConfig, map[string]string{
		"drizzle.config.ts": `export default { dialect: "sqlite", dbCredentials: { url: process.env.APP_DB! } };`,
		".env":              "APP_DB=./from-config.db\n",
	})
	bare := t.TempDir()
	data := datadir.New(filepath.Join(t.TempDir(), "persistent_data"))
	if err := data.Save(datadir.Selection{Type: "sqlite", Path: "database/studio.db"}); err != nil {
		t.Fatal(err)
	}
	shell := map[string]string{"DATABASE_URL": "postgres://localhost/shell"}
	cases := []struct {
		name, wd, flag   string
		env              map[string]string
		data             *datadir.Dir
		address, source  string
		label            string
		configConsidered bool
	}{
		{"--db beats everything", withConfig, "./flag.db", shell, &data, "./flag.db", "--db", "flag.db · --db", true},
		{"the config beats DATABASE_URL", withConfig, "", shell, &data, "sqlite:" + filepath.Join(withConfig, "from-config.db"), "drizzle.config.ts · .env", "from-config.db · drizzle.config.ts · .env", true},
		{"DATABASE_URL beats the saved choice", bare, "", shell, &data, "postgres://localhost/shell", "DATABASE_URL", "shell · DATABASE_URL", false},
		{"the saved choice comes last", bare, "", nil, &data, "sqlite:" + filepath.Join(data.Root, "database", "studio.db"), "saved set-up choice", "studio.db · saved set-up choice", false},
		{"nothing: the set-up page", bare, "", nil, nil, "", "", "", false},
	}
	for _, tc := range cases {
		ch, err := Resolve(Inputs{Flag: tc.flag, Workdir: tc.wd, Getenv: mapEnv(tc.env), Data: tc.data})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if ch.Address != tc.address || ch.Source != tc.source || ch.Label() != tc.label || (ch.Config != nil) != tc.configConsidered {
			t.Errorf("%s: %q from %q (%q, config %v)", tc.name, ch.Address, ch.Source, ch.Label(), ch.Config != nil)
		}
	}
}

// TestABrokenConfigNeverFallsThrough: a config whose database cannot be
// read is an error, not a reason to open DATABASE_URL; --db still works
// and reports the config's problem as a warning.
func TestABrokenConfigNeverFallsThrough(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{"drizzle.config.ts": "export default {\n  dialect: 'postgresql',\n  dbCredentials: { url: readUrl() },\n};\n"})
	env := mapEnv(map[string]string{"DATABASE_URL": "postgres://localhost/other"})
	_, err := Resolve(Inputs{Workdir: wd, Getenv: env})
	if err == nil || !strings.Contains(err.Error(), "drizzle.config.ts:3:25: `dbCredentials.url` calls readUrl(...)") {
		t.Fatalf("error = %v", err)
	}
	writeFiles(t, wd, map[string]string{"drizzle.config.ts": "export default { dialect: 'sqlite'"})
	ch, err := Resolve(Inputs{Workdir: wd, Getenv: env, Flag: "./x.db"})
	if err != nil || ch.Address != "./x.db" || ch.ConfigErr == nil {
		t.Fatalf("--db with an unreadable config: %+v, %v", ch, err)
	}
	if _, err := Resolve(Inputs{Workdir: wd, Getenv: env}); err == nil {
		t.Fatal("an unreadable config without --db gave no error")
	}
}

func TestDatabaseName(t *testing.T) {
	for addr, want := range map[string]string{
		"postgres://me:pw@localhost:5432/app?sslmode=disable": "app",
		"postgresql:///app%20db?host=/tmp":                    "app db",
		"host=/tmp dbname=shop user=me":                       "shop",
		"sqlite:/data/app.db":                                 "app.db",
		"./local.sqlite":                                      "local.sqlite",
		"not an address":                                      "database",
	} {
		if got := DatabaseName(addr); got != want {
			t.Errorf("DatabaseName(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestSavedChoiceOutsideTheDataFolderIsRefused(t *testing.T) {
	data := datadir.New(t.TempDir())
	if err := os.WriteFile(filepath.Join(data.Root, "db.selection.json"), []byte(`{"type":"sqlite","path":"../escape.db"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(Inputs{Workdir: t.TempDir(), Data: &data}); !errors.Is(err, datadir.ErrOutside) {
		t.Fatalf("error = %v, want ErrOutside", err)
	}
}

// TestOptionalDatabaseKeepsTheConfig: generate and check read a config
// whose database they may not need; its error waits, and DATABASE_URL
// is still not used instead.
func TestOptionalDatabaseKeepsTheConfig(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{"drizzle.config.ts": `export default { dialect: "postgresql", out: "./db", dbCredentials: { url: process.env.APP_URL! } };`})
	env := mapEnv(map[string]string{"DATABASE_URL": "postgres://localhost/other"})
	ch, err := Resolve(Inputs{Workdir: wd, Getenv: env, DatabaseOptional: true})
	if err != nil || ch.Address != "" || ch.Config == nil || ch.Config.Out != "./db" || !errors.Is(ch.DatabaseErr, ErrNoDatabase) {
		t.Fatalf("optional database: %+v, %v", ch, err)
	}
	if _, err := Resolve(Inputs{Workdir: wd, Getenv: env}); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("required database: %v", err)
	}
}
