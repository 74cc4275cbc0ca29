package migrations

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // relative path -> content ("/" suffix: folder)
		flag    string
		want    string // relative to the workdir
		wantErr string
	}{
		{name: "flag wins", files: map[string]string{"db/": "", "drizzle/": ""}, flag: "db", want: "db"},
		{name: "flag must exist", flag: "nope", wantErr: "--migrations nope: no such folder"},
		{name: "ts config out", files: map[string]string{"drizzle.config.ts": `import { defineConfig } from "drizzle-kit";
// out: "./wrong"
export default defineConfig({
  schema: "./src/schema.ts", /* out: 'also wrong' */
  out: "./src/db/migrations",
  dialect: "postgresql",
});`, "src/db/migrations/": "", "drizzle/": ""}, want: "src/db/migrations"},
		{name: "js config single quotes", files: map[string]string{"drizzle.config.js": `module.exports = { 'out': './m', dialect: 'sqlite' }`, "m/": ""}, want: "m"},
		{name: "typescript type annotation is not a key", files: map[string]string{"drizzle.config.ts": "const out: string = f();\nexport default { schema: 's' }", "drizzle/": ""}, want: "drizzle"},
		{name: "json config", files: map[string]string{"drizzle.config.json": `{"out": "mig", "dialect": "sqlite"}`, "mig/": ""}, want: "mig"},
		{name: "computed out is refused", files: map[string]string{"drizzle.config.ts": "export default { out: process.env.OUT }"},
			wantErr: "`out` is not a literal string"},
		{name: "template with substitution is refused", files: map[string]string{"drizzle.config.ts": "export default { out: `./${dir}` }"},
			wantErr: "`out` is not a literal string"},
		{name: "config out missing folder", files: map[string]string{"drizzle.config.ts": "export default { out: './gone' }"},
			wantErr: `sets out to "./gone": no such folder`},
		{name: "config without out falls back", files: map[string]string{"drizzle.config.ts": "export default { schema: 's' }", "drizzle/": ""}, want: "drizzle"},
		{name: "drizzle then migrations", files: map[string]string{"migrations/": ""}, want: "migrations"},
		{name: "nothing", wantErr: "tried --migrations (not given), drizzle.config.{ts,js,json,mjs,cjs} (none), ./drizzle, ./migrations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wd := t.TempDir()
			for p, content := range tc.files {
				full := filepath.Join(wd, filepath.FromSlash(p))
				if strings.HasSuffix(p, "/") {
					if err := os.MkdirAll(full, 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				writeFile(t, full, content)
			}
			got, err := Locate(wd, tc.flag)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %q, %v; want error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(wd, filepath.FromSlash(tc.want)); got != want {
				t.Fatalf("got %s, want %s", got, want)
			}
		})
	}
	if _, err := Locate(t.TempDir(), ""); !errors.Is(err, ErrNoFolder) {
		t.Fatalf("want ErrNoFolder, got %v", err)
	}
}
