package project

import (
	"os"
	"path/filepath"
	"testing"
)

// torture has every kind of code a config may hold under keys studio
// ignores; the keys it reads stay readable.
const torture = `#!/usr/bin/env node
/* a comment with "quotes" and */ // and a line comment
import type { Config } from "drizzle-kit";
import path, { join } from "node:path";
const re = /a\/b[/]c/gi, ratio = 10 / 2 / 1;
const tpl = ` + "`nested ${`inner ${1 + 1}`} and ${ {a: 1}.a }`" + `;
function helper(x) { return { url: x } }
class Thing { get x() { return 1 } }
export default {
  async hook() { await 1 },
  get computed() { return 2 },
  ["literal key"]: 1,
  fn: async () => { const y = { a: [1, 2] }; return y; },
  arrow: (a, b) => a + b,
  regex: /}{)(/,
  n: 1_000 * 2,
  label: ` + "`a ${re.source}`" + `,
  "dialect": 'sqlite',
  out: join("db", "migrations"),
  'dbCredentials': { url: path.resolve(__dirname, "data", "app.db"), },
  tablesFilter: [` + "`app_${\"*\"}`" + `, "!app_tmp",],
} satisfies Config
helper("ignored");
`

func TestTortureConfig(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{"drizzle.config.ts": torture})
	ch, err := Resolve(Inputs{Workdir: wd})
	if err != nil {
		t.Fatal(err)
	}
	if want := "sqlite:" + filepath.Join(wd, "data", "app.db"); ch.Address != want {
		t.Errorf("address %q, want %q", ch.Address, want)
	}
	if c := ch.Config; c.Out != filepath.Join("db", "migrations") || len(c.TablesFilter) != 2 || c.TablesFilter[0] != "app_*" {
		t.Errorf("out %q tablesFilter %q", c.Out, c.TablesFilter)
	}
}

func TestAComputedKeyIsRefusedAsAWhole(t *testing.T) {
	wd := t.TempDir()
	writeFiles(t, wd, map[string]string{"drizzle.config.ts": "export default {\n  dialect: 'sqlite',\n  [key]: {},\n};\n"})
	_, err := Resolve(Inputs{Workdir: wd})
	if err == nil || err.Error() != "drizzle.config.ts:3:3: the config has a computed key studio cannot read: any key may come from it; "+
		"write dialect, driver, dbCredentials, out, schemaFilter, tablesFilter and migrations in this file, or pass --db URL" {
		t.Fatalf("error = %v", err)
	}
}

func TestLexerErrorsNameTheirPlace(t *testing.T) {
	for text, want := range map[string]string{
		"export default { a: `x ${ y `":    "drizzle.config.ts:1:29: unterminated template literal",
		"export default {}\n/* open":       "drizzle.config.ts:2:1: unterminated /* comment",
		"export default { a: 'x\\u{zz}' }": "drizzle.config.ts:1:23: bad \\u{...} escape",
		"export default { a: /x }":         "drizzle.config.ts:1:21: unterminated regular expression",
	} {
		_, err := lex(&source{name: "drizzle.config.ts", text: text})
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %s", text, err, want)
		}
	}
}

// FuzzLoadConfig: no input makes the reader panic or hang.
func FuzzLoadConfig(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "configs", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(torture)
	f.Fuzz(func(t *testing.T, text string) {
		src := &source{name: "drizzle.config.ts", text: text}
		prog, err := parseProgram(src)
		if err != nil {
			return
		}
		c := &Config{Name: src.name, Path: "/p/drizzle.config.ts", workdir: "/p", Env: NewEnv(nil)}
		c.ev = &evaluator{prog: prog, env: c.Env, dir: "/p", workdir: "/p", active: map[string]bool{}}
		if c.root, err = c.ev.eval(prog.export); err != nil || c.root.kind != vObject {
			return
		}
		if c.readFields() == nil {
			_, _ = c.Database()
			_, _ = NewFilter(c)
		}
	})
}
