package sqllex

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		d    Dialect
		in   string
		want []string // kind:text of the non-space tokens
	}{
		{"operator run does not end in minus", Postgres, `SET a=-1, b<>-2, c@-3`,
			[]string{"word:SET", "word:a", "punct:=", "punct:-", "number:1", "punct:,", "word:b", "punct:<>", "punct:-", "number:2", "punct:,", "word:c", "punct:@-", "number:3"}},
		{"words and punct", Postgres, `SELECT a.b, 1 FROM t;`,
			[]string{"word:SELECT", "word:a", "punct:.", "word:b", "punct:,", "number:1", "word:FROM", "word:t", "punct:;"}},
		{"line comment stops before newline", Postgres, "a -- DROP TABLE x;\nb",
			[]string{"word:a", "comment:-- DROP TABLE x;", "word:b"}},
		{"nested block comment (postgres)", Postgres, "/* a /* b */ c */ d",
			[]string{"comment:/* a /* b */ c */", "word:d"}},
		{"block comment does not nest (sqlite)", SQLite, "/* a /* b */ c",
			[]string{"comment:/* a /* b */", "word:c"}},
		{"unterminated block comment", SQLite, "a /* b",
			[]string{"word:a", "comment:/* b"}},
		{"string with doubled quote", Postgres, `'it''s; DROP' x`,
			[]string{`string:'it''s; DROP'`, "word:x"}},
		{"E string with backslash quote", Postgres, `E'a\'b' x`,
			[]string{`string:E'a\'b'`, "word:x"}},
		{"prefixed strings in sqlite too", SQLite, `e'a\'' U&"x"`,
			[]string{`string:e'a\''`, `quoted:U&"x"`}},
		{"standard string keeps backslash", Postgres, `'a\' x`,
			[]string{`string:'a\'`, "word:x"}},
		{"quoted ident with doubled quote", Postgres, `"we""ird" x`,
			[]string{`quoted:"we""ird"`, "word:x"}},
		{"backtick ident", SQLite, "`a``b` x",
			[]string{"quoted:`a``b`", "word:x"}},
		{"bracket ident (sqlite)", SQLite, "[my table] x",
			[]string{"quoted:[my table]", "word:x"}},
		{"brackets are punct (postgres)", Postgres, "a[1]",
			[]string{"word:a", "punct:[", "number:1", "punct:]"}},
		{"dollar quote", Postgres, "DO $$ BEGIN DROP TABLE x; END $$;",
			[]string{"word:DO", "dollar:$$ BEGIN DROP TABLE x; END $$", "punct:;"}},
		{"tagged dollar quote with inner $$", Postgres, "$fn$ a $$ b $fn$ c",
			[]string{"dollar:$fn$ a $$ b $fn$", "word:c"}},
		{"positional parameter", Postgres, "$1 + $22",
			[]string{"param:$1", "punct:+", "param:$22"}},
		{"ident with dollar", Postgres, "a$b$c",
			[]string{"word:a$b$c"}},
		{"numbers", Postgres, "1.5e-3 .5 0xFF 1_000 1e+5",
			[]string{"number:1.5e-3", "number:.5", "number:0xFF", "number:1_000", "number:1e+5"}},
		{"cast and operators", Postgres, "a::text <> b->>'k'",
			[]string{"word:a", "punct:::", "word:text", "punct:<>", "word:b", "punct:->>", "string:'k'"}},
		{"operator stops before comment", Postgres, "a+-- c\nb",
			[]string{"word:a", "punct:+", "comment:-- c", "word:b"}},
		{"blob and unicode strings", Postgres, `X'0A' U&'d\0061t' U&"x" B'01' N'n'`,
			[]string{"string:X'0A'", `string:U&'d\0061t'`, `quoted:U&"x"`, "string:B'01'", "string:N'n'"}},
		{"sqlite blob", SQLite, `x'00ff'`, []string{"string:x'00ff'"}},
		{"unterminated string runs to the end", Postgres, "'abc\nDROP",
			[]string{"string:'abc\nDROP"}},
		{"unterminated dollar runs to the end", Postgres, "$$ abc",
			[]string{"dollar:$$ abc"}},
		{"sqlite named params", SQLite, ":a @b ?1 ? $c",
			[]string{"param::a", "param:@b", "param:?1", "param:?", "param:$c"}},
		{"utf-8 identifiers", Postgres, "ünïcode × 1",
			[]string{"word:ünïcode", "word:×", "number:1"}},
		{"other bytes", Postgres, "\\ \x00",
			[]string{"other:\\", "other:\x00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in, tt.d)
			checkTiles(t, tt.in, toks)
			var got []string
			for _, tk := range toks {
				if tk.Kind != Space {
					got = append(got, tk.Kind.String()+":"+tk.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("tokens:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// checkTiles fails unless toks are non-empty, each matches src at its
// offset, and together they cover src exactly.
func checkTiles(t *testing.T, src string, toks []Token) {
	t.Helper()
	at := 0
	for _, tk := range toks {
		if tk.Text == "" || tk.Start != at || src[tk.Start:tk.End()] != tk.Text {
			t.Fatalf("token %+v does not tile %q at offset %d", tk, src, at)
		}
		at = tk.End()
	}
	if at != len(src) {
		t.Fatalf("tokens stop at %d of %d in %q", at, len(src), src)
	}
}

func TestIdent(t *testing.T) {
	tests := []struct {
		d        Dialect
		in, want string
	}{
		{SQLite, `Users`, "Users"},
		{SQLite, `"Users"`, "Users"},
		{SQLite, `"we""ird"`, `we"ird`},
		{SQLite, "`a``b`", "a`b"},
		{SQLite, "[my table]", "my table"},
		{SQLite, "[a]]", "a"},
		{Postgres, `U&"x"`, "x"},
		{Postgres, `E'it''s'`, "it's"},
		{SQLite, `'it''s'`, "it's"},
		{SQLite, `X'0a'`, "0a"},
		{SQLite, `"open`, "open"},
		{SQLite, `42`, "42"},
	}
	for _, tt := range tests {
		if got := Tokenize(tt.in, tt.d)[0].Ident(); got != tt.want {
			t.Errorf("Ident(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenPredicates(t *testing.T) {
	toks := Significant(Tokenize("select /* c */ ( 'select' ;", SQLite))
	if len(toks) != 4 {
		t.Fatalf("Significant kept %d tokens, want 4: %+v", len(toks), toks)
	}
	if !toks[0].Is("SELECT") || toks[2].Is("select") || !toks[1].IsPunct("(") || !toks[3].IsPunct(";") {
		t.Errorf("predicates wrong on %+v", toks)
	}
	if toks[1].Trivia() || !(Token{Kind: Comment}).Trivia() {
		t.Error("Trivia wrong")
	}
}

func TestNext(t *testing.T) {
	src := "SELECT 'a;b' -- c"
	var got []string
	for i := 0; i < len(src); {
		tk := Next(src, i, SQLite)
		got = append(got, tk.Kind.String()+":"+tk.Text)
		i = tk.End()
	}
	want := "word:SELECT|space: |string:'a;b'|space: |comment:-- c"
	if strings.Join(got, "|") != want {
		t.Errorf("Next walk = %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestCharsSplitsPunctuationAndDropsTrivia(t *testing.T) {
	got := Chars(Tokenize("a <> -- c\n b||'x'", SQLite))
	var texts []string
	for _, tk := range got {
		texts = append(texts, tk.Text)
		if tk.Start < 0 || tk.End() > len("a <> -- c\n b||'x'") {
			t.Fatalf("token %+v out of range", tk)
		}
	}
	if strings.Join(texts, " ") != "a < > b | | 'x'" {
		t.Fatalf("Chars = %q", texts)
	}
}
