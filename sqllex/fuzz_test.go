package sqllex

import (
	"strings"
	"testing"
)

// FuzzLex checks, for any input and both dialects, that tokens tile the
// input and that Split keeps every significant byte: each statement's SQL
// is the input at its offset, statements are in order and disjoint, and
// what lies outside them is only whitespace, comments and semicolons.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"", "SELECT 1;", "'", "$$", "$a$ x $a$;", "/* /* */", "[x", "E'\\'", "U&\"x",
		"CREATE TRIGGER t BEGIN SELECT CASE 1 END; END; x;", "CREATE FUNCTION f() BEGIN ATOMIC; END;;", "a--\n;\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range []Dialect{SQLite, Postgres} {
			toks := Tokenize(src, d)
			checkTiles(t, src, toks)
			for _, tk := range toks {
				if Next(src, tk.Start, d) != tk {
					t.Fatalf("Next(%q, %d) differs from Tokenize's %+v", src, tk.Start, tk)
				}
			}
			at := 0
			for _, st := range Split(src, d) {
				if st.Start < at || st.SQL == "" || src[st.Start:st.Start+len(st.SQL)] != st.SQL || st.Stop < st.Start+len(st.SQL) {
					t.Fatalf("statement %+v out of place in %q (after %d)", st, src, at)
				}
				checkGap(t, src[at:st.Start], d)
				at = st.Stop
			}
			checkGap(t, src[at:], d)
		}
	})
}

// checkGap fails unless gap holds nothing but whitespace, comments and
// semicolons.
func checkGap(t *testing.T, gap string, d Dialect) {
	t.Helper()
	for _, tk := range Tokenize(gap, d) {
		if !tk.Trivia() && !tk.IsPunct(";") {
			t.Fatalf("Split lost %q in gap %q", tk.Text, gap)
		}
	}
}

func BenchmarkTokenize(b *testing.B) {
	src := strings.Repeat("CREATE TABLE \"t\" (id integer PRIMARY KEY, name text DEFAULT 'x''y' NOT NULL); -- c\n", 1000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Tokenize(src, Postgres)
	}
}

func BenchmarkSplit(b *testing.B) {
	src := strings.Repeat("CREATE TABLE \"t\" (id integer PRIMARY KEY, name text DEFAULT 'x''y' NOT NULL); -- c\n", 1000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Split(src, SQLite)
	}
}
