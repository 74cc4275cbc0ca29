package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzRead reads folders built from arbitrary journals, file contents and
// folder names in both layouts: it never panics, every migration's hash is
// the SHA-256 of its bytes, and its chunks lie in the file at their
// offsets, in order.
func FuzzRead(f *testing.F) {
	f.Add(`{"version":"7","dialect":"sqlite","entries":[{"idx":0,"when":1,"tag":"0000_a","breakpoints":true}]}`, "CREATE TABLE a(x);\n--> statement-breakpoint\nCREATE INDEX i ON a(x);", "20240101000000_a")
	f.Add(`{"entries":[{"idx":3,"when":9,"tag":"0000_a"},{"idx":1,"when":2,"tag":"missing"}]}`, "--> statement-breakpoint", "2024_bad")
	f.Add(`{"entries":[{"tag":"../x"}]}`, "", "20240101000000_a/b")
	f.Add(`not json`, "x", "")
	f.Fuzz(func(t *testing.T, journal, sql, folder string) {
		classic := fstest.MapFS{"m/meta/_journal.json": {Data: []byte(journal)}, "m/0000_a.sql": {Data: []byte(sql)}}
		v1 := fstest.MapFS{"m/.keep": {Data: nil}}
		if fsName(folder) {
			v1["m/"+folder+"/migration.sql"] = &fstest.MapFile{Data: []byte(sql)}
		}
		for _, fsys := range []fstest.MapFS{classic, v1} {
			fd, err := Read(fsys, "m")
			if err != nil {
				continue
			}
			for _, m := range fd.Migrations {
				sum := sha256.Sum256([]byte(m.Content))
				if m.Hash != hex.EncodeToString(sum[:]) {
					t.Fatalf("%s: hash %s is not the file's", m.Name, m.Hash)
				}
				at := 0
				for _, st := range m.Statements {
					if st.Offset < at || st.Offset > len(m.Content) || !strings.HasPrefix(m.Content[st.Offset:], st.SQL) {
						t.Fatalf("%s: chunk %d out of place", m.Name, st.Number)
					}
					at = st.Offset
				}
			}
		}
	})
}

// fsName reports whether s can be a path inside an fstest.MapFS.
func fsName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "\x00") && !strings.HasPrefix(s, "/") && !strings.Contains(s, "..") && !strings.HasSuffix(s, "/") && !strings.Contains(s, "//") && s != "."
}
