package review

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name   string
		sqlite bool
		in     string
		want   []string // kind:text of the non-space tokens
	}{
		{"words and punct", false, `SELECT a.b, 1 FROM t;`,
			[]string{"word:SELECT", "word:a", "punct:.", "word:b", "punct:,", "number:1", "word:FROM", "word:t", "punct:;"}},
		{"line comment", false, "a -- DROP TABLE x;\nb",
			[]string{"word:a", "comment:-- DROP TABLE x;", "word:b"}},
		{"nested block comment (postgres)", false, "/* a /* b */ c */ d",
			[]string{"comment:/* a /* b */ c */", "word:d"}},
		{"block comment does not nest (sqlite)", true, "/* a /* b */ c",
			[]string{"comment:/* a /* b */", "word:c"}},
		{"string with doubled quote", false, `'it''s; DROP' x`,
			[]string{`string:'it''s; DROP'`, "word:x"}},
		{"E string with backslash quote", false, `E'a\'b' x`,
			[]string{`string:E'a\'b'`, "word:x"}},
		{"standard string keeps backslash", false, `'a\' x`,
			[]string{`string:'a\'`, "word:x"}},
		{"quoted ident with doubled quote", false, `"we""ird" x`,
			[]string{`quoted:"we""ird"`, "word:x"}},
		{"backtick ident", true, "`a``b` x",
			[]string{"quoted:`a``b`", "word:x"}},
		{"bracket ident (sqlite)", true, "[my table] x",
			[]string{"quoted:[my table]", "word:x"}},
		{"brackets are punct (postgres)", false, "a[1]",
			[]string{"word:a", "punct:[", "number:1", "punct:]"}},
		{"dollar quote", false, "DO $$ BEGIN DROP TABLE x; END $$;",
			[]string{"word:DO", "dollar:$$ BEGIN DROP TABLE x; END $$", "punct:;"}},
		{"tagged dollar quote with inner $$", false, "$fn$ a $$ b $fn$ c",
			[]string{"dollar:$fn$ a $$ b $fn$", "word:c"}},
		{"positional parameter", false, "$1 + $22",
			[]string{"param:$1", "punct:+", "param:$22"}},
		{"ident with dollar", false, "a$b",
			[]string{"word:a$b"}},
		{"numbers", false, "1.5e-3 .5 0xFF 1_000",
			[]string{"number:1.5e-3", "number:.5", "number:0xFF", "number:1_000"}},
		{"cast and operators", false, "a::text <> b->>'k'",
			[]string{"word:a", "punct:::", "word:text", "punct:<>", "word:b", "punct:->>", "string:'k'"}},
		{"operator stops before comment", false, "a+-- c\nb",
			[]string{"word:a", "punct:+", "comment:-- c", "word:b"}},
		{"blob and unicode strings", false, `X'0A' U&'d\0061t' U&"x"`,
			[]string{"string:X'0A'", `string:U&'d\0061t'`, `quoted:U&"x"`}},
		{"unterminated string runs to the end", false, "'abc\nDROP",
			[]string{"string:'abc\nDROP"}},
		{"unterminated dollar runs to the end", false, "$$ abc",
			[]string{"dollar:$$ abc"}},
		{"sqlite named params", true, ":a @b ?1 ? $c",
			[]string{"param::a", "param:@b", "param:?1", "param:?", "param:$c"}},
		{"utf-8 identifiers", false, "ünïcode × 1",
			[]string{"word:ünïcode", "word:×", "number:1"}},
	}
	names := map[tokKind]string{tSpace: "space", tComment: "comment", tWord: "word", tQuoted: "quoted",
		tString: "string", tDollar: "dollar", tNumber: "number", tParam: "param", tPunct: "punct", tOther: "other"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := tokenize(tt.in, tt.sqlite)
			var got []string
			var b strings.Builder
			for _, tk := range toks {
				if tt.in[tk.off:tk.off+len(tk.text)] != tk.text {
					t.Fatalf("token %q at offset %d does not match the input", tk.text, tk.off)
				}
				b.WriteString(tk.text)
				if tk.kind != tSpace {
					got = append(got, names[tk.kind]+":"+tk.text)
				}
			}
			if b.String() != tt.in {
				t.Fatalf("tokens do not concatenate to the input")
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("tokens:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

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
		toks := tokenize(tt.in, true)
		if got := identValue(toks[0]); got != tt.want {
			t.Errorf("identValue(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := stringValue(tokenize(`E'it''s'`, false)[0]); got != "it's" {
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
		for _, sqlite := range []bool{true, false} {
			for _, tk := range tokenize(in, sqlite) {
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
