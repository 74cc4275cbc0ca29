package project

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"studio/internal/npmtest"
)

// dotenvFixtures are .env files whose reading is compared with dotenv's.
// Each fixture is a list of files loaded in order over an environment.
var dotenvFixtures = []struct {
	name  string
	env   map[string]string
	files []string
}{
	{
		name: "syntax",
		files: []string{`# a comment
export A=1
B = "two words"  # trailing comment
C='single $A'
D="line1\nline2\r"
E=` + "`back tick`" + `
F="multi
line"
L=before#notcomment
M=value # comment
N=
O="with \"escaped\" quotes"
T.DOT=dotted
U-DASH=dash
V: colon style
DUP=first
DUP=second
10=ten
2=two
Z="unterminated
`},
	},
	{
		name: "expansion",
		env:  map[string]string{"HOME": "/home/me", "SHELLVAR": "from-shell"},
		files: []string{`A=one
G=${A}-${HOME}
H=$A$HOME
I=${UNSET:-fallback}
I2=${UNSET-fallback2}
J=${A:+alt}
J2=${UNSET:+alt}
K=\$A literal
P=${P}
Q=${nullable}
R=a$
S=${A}${A}
SHELLVAR=from-file
W=${SHELLVAR}
X=$$A and $& and x
Y='${A} in single quotes'
`},
	},
	{
		name: "two files, the first wins",
		env:  map[string]string{"DATABASE_URL": ""},
		files: []string{
			"DATABASE_URL=postgres://local/app\nLOCAL_ONLY=${DATABASE_URL}/x\n",
			"DATABASE_URL=postgres://prod/app\nSHARED=${LOCAL_ONLY}\nPORT=5432\n",
		},
	},
}

// TestDotenvMatchesDotenvAndExpand loads each fixture with the real
// dotenv 16 and dotenv-expand 12 (as drizzle-kit and Next.js do) and with
// Env, and compares every variable.
func TestDotenvMatchesDotenvAndExpand(t *testing.T) {
	modules := npmtest.Install(t, "dotenv@16.6.1", "dotenv-expand@12.0.3", "minimatch@7.4.9")
	script := filepath.Join(t.TempDir(), "load.cjs")
	if err := os.WriteFile(script, []byte(`
const dotenv = require('dotenv');
const { expand } = require('dotenv-expand');
const { env, files } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
for (const path of files) {
  const r = dotenv.config({ path, processEnv: env, quiet: true });
  if (r.parsed) expand({ parsed: r.parsed, processEnv: env });
}
process.stdout.write(JSON.stringify(env));
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, fx := range dotenvFixtures {
		t.Run(fx.name, func(t *testing.T) {
			dir := t.TempDir()
			var paths []string
			for i, body := range fx.files {
				p := filepath.Join(dir, ".env"+string(rune('a'+i)))
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				paths = append(paths, p)
			}
			in, _ := json.Marshal(map[string]any{"env": nonEmpty(fx.env), "files": paths})
			cmd := exec.Command("node", script)
			cmd.Dir = modules
			cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(modules, "node_modules"))
			cmd.Stdin = bytes.NewReader(in)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v", err)
			}
			var want map[string]string
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatal(err)
			}
			e := NewEnv(mapEnv(fx.env))
			for _, p := range paths {
				if err := e.LoadFile(p, filepath.Base(p), false); err != nil {
					t.Fatal(err)
				}
			}
			keys := []string{}
			for k := range want {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				got, _ := e.lookup(k)
				if got != want[k] {
					t.Errorf("%s = %q, dotenv says %q", k, got, want[k])
				}
			}
			for k := range e.overlay {
				if _, ok := want[k]; !ok {
					t.Errorf("%s set here, not by dotenv", k)
				}
			}
		})
	}
}

// nonEmpty drops empty variables: an empty variable counts as unset here
// (a blank DATABASE_URL in the shell should not hide .env's).
func nonEmpty(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

func TestEnvRemembersWhereEachVariableCameFrom(t *testing.T) {
	dir := t.TempDir()
	write := func(n, body string) string {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	local := write(".env.local", "URL=local\nONLY_LOCAL=1\n")
	env := write(".env", "URL=env\nONLY_ENV=2\nSHELL_TOO=file\n")
	e := NewEnv(mapEnv(map[string]string{"SHELL_TOO": "shell"}))
	for _, p := range []string{local, env, filepath.Join(dir, ".env.missing")} {
		if err := e.LoadFile(p, filepath.Base(p), false); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string][2]string{
		"URL": {"local", ".env.local"}, "ONLY_LOCAL": {"1", ".env.local"}, "ONLY_ENV": {"2", ".env"}, "SHELL_TOO": {"shell", "environment"},
	} {
		v, from, ok := e.Lookup(name)
		if !ok || v != want[0] || from != want[1] {
			t.Errorf("%s = %q from %q (%v), want %q from %q", name, v, from, ok, want[0], want[1])
		}
	}
	if len(e.Missing) != 1 || e.Missing[0] != ".env.missing" {
		t.Errorf("Missing = %q", e.Missing)
	}
	o := NewEnv(mapEnv(map[string]string{"URL": "shell"}))
	if err := o.LoadFile(local, ".env.local", true); err != nil {
		t.Fatal(err)
	}
	if v, from, _ := o.Lookup("URL"); v != "local" || from != ".env.local" {
		t.Errorf("override: URL = %q from %q, want the file's", v, from)
	}
}
