package review

import (
	"math/rand/v2"
	"strings"
	"testing"

	"studio/database"
)

func TestIdentValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Users`, "users"},
		{`"Users"`, "Users"},
		{`"we""ird"`, `we"ird`},
		{"`a``b`", "a`b"},
		{"[my table]", "my table"},
		{`U&"x"`, "x"},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in, database.SQLite)
		if got := identValue(toks[0]); got != tt.want {
			t.Errorf("identValue(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := stringValue(tokenize(`E'it''s'`, database.Postgres)[0]); got != "it's" {
		t.Errorf("stringValue = %q", got)
	}
}

func TestHighlight(t *testing.T) {
	in := "SELECT \"id\", 'x' -- c\nFROM t WHERE n > 1.5;"
	var got []string
	for _, tk := range Highlight(in) {
		if tk.Kind != TokenSpace {
			got = append(got, tk.Kind+":"+tk.Text)
		}
	}
	want := []string{"keyword:SELECT", `ident:"id"`, "punct:,", "string:'x'", "comment:-- c",
		"keyword:FROM", "ident:t", "keyword:WHERE", "ident:n", "punct:>", "number:1.5", "punct:;"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Highlight:\n got %q\nwant %q", got, want)
	}
}

// TestHighlightRoundTrip feeds random inputs built from SQL's tricky
// pieces (quotes, dollars, comment starts, brackets, invalid UTF-8) and
// checks that the tokens always give back the input.
func TestHighlightRoundTrip(t *testing.T) {
	pieces := []string{"'", "''", `"`, "`", "[", "]", "$", "$$", "$a$", "--", "/*", "*/", "\n", " ",
		"E'", "\\", ";", "DROP", "TABLE", "x", "1", ".5", "e", "::", "\xff", "\x00", "ü", "U&", "(", ")"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.IntN(20); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		in := b.String()
		if got := join(Highlight(in)); got != in {
			t.Fatalf("round trip of %q gave %q", in, got)
		}
		for _, d := range []database.Dialect{database.SQLite, database.Postgres} {
			for _, tk := range tokenize(in, d) {
				if tk.text == "" {
					t.Fatalf("empty token in %q", in)
				}
			}
		}
	}
}

func join(toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.Text)
	}
	return b.String()
}
