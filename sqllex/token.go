// Package sqllex owns lexing SQL text for SQLite and PostgreSQL: it cuts
// text into tokens with byte offsets and kinds, and splits a script into
// statements at the semicolons the database itself would stop at. It never
// fails: unterminated strings, quoted identifiers and comments run to the
// end of the input, so any text lexes and the tokens always concatenate
// back to it byte for byte.
package sqllex

import "strings"

// Dialect names a database engine: SQLite or Postgres. It is studio's one
// dialect type (database.Dialect is this type, declared here so that the
// lexer, a leaf, can take it too); its values are the names JSON outputs,
// URLs and saved files carry. The lexer reads it for the rules that differ.
type Dialect string

const (
	// SQLite: [bracket] identifiers, ?1 :name @name $name parameters,
	// block comments that do not nest.
	SQLite Dialect = "sqlite"
	// Postgres: nested block comments, $1 parameters, [ ] as array
	// punctuation. Prefixed strings, `backtick` identifiers and $tag$
	// bodies lex the same in both dialects.
	Postgres Dialect = "postgres"
)

// Kind classifies a token.
type Kind uint8

const (
	Space   Kind = iota // run of whitespace
	Comment             // -- line (without its newline) or /* block */ comment
	Word                // unquoted keyword or identifier
	Quoted              // "ident", `ident`, [ident], U&"ident"
	String              // '...', E'...', X'...', B'...', N'...', U&'...'
	Dollar              // $tag$ ... $tag$
	Number              // 12, 1.5e3, .5, 0xFF, 1_000
	Param               // $1; SQLite also ?, ?1, :name, @name, $name
	Punct               // ( ) , ; . [ ] { } : :: and operator runs
	Other               // any other byte
)

var kindNames = [...]string{"space", "comment", "word", "quoted", "string", "dollar", "number", "param", "punct", "other"}

// String names the kind in lower case ("word", "punct", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Token is one lexeme: Text is exactly the input bytes it covers and
// Start their offset, so src[t.Start:t.End()] == t.Text.
type Token struct {
	Kind  Kind
	Start int
	Text  string
}

// End is the offset just past the token.
func (t Token) End() int { return t.Start + len(t.Text) }

// Is reports whether t is the bare word kw, ignoring case.
func (t Token) Is(kw string) bool { return t.Kind == Word && strings.EqualFold(t.Text, kw) }

// IsPunct reports whether t is the punctuation p.
func (t Token) IsPunct(p string) bool { return t.Kind == Punct && t.Text == p }

// Trivia reports whether t is whitespace or a comment, which carry no
// meaning for the database.
func (t Token) Trivia() bool { return t.Kind == Space || t.Kind == Comment }

// Ident returns what a Quoted or String token stands for: its body without
// the prefix (E, X, U&, ...) and quotes, doubled quotes undone (backslash
// escapes are left as written). An unterminated literal keeps everything
// after its opening quote. Other tokens return their text unchanged; case
// folding of bare words is the caller's business, as the dialects differ.
func (t Token) Ident() string {
	if t.Kind != Quoted && t.Kind != String {
		return t.Text
	}
	s := t.Text
	if i := strings.IndexAny(s, "'\"`["); i > 0 {
		s = s[i:]
	}
	return unquote(s)
}

// unquote removes the quotes of "x", `x`, [x] or 'x' and undoes doubled
// quotes.
func unquote(s string) string {
	if s == "" {
		return s
	}
	open, closing := s[0], s[0]
	if open == '[' {
		closing = ']'
	}
	body := s[1:]
	if strings.HasSuffix(body, string(closing)) {
		body = body[:len(body)-1]
	}
	if open == '[' {
		return body
	}
	q := string(closing)
	return strings.ReplaceAll(body, q+q, q)
}

// Significant returns the tokens of toks that are not Trivia, in order.
func Significant(toks []Token) []Token {
	out := make([]Token, 0, len(toks)/2+1)
	for _, t := range toks {
		if !t.Trivia() {
			out = append(out, t)
		}
	}
	return out
}

// Chars is Significant with every punctuation run split into one token
// per character: parsers that compare or edit statements by single
// characters ("DEFAULT -1", "x=-1" against "x = -1") read it.
func Chars(toks []Token) []Token {
	out := make([]Token, 0, len(toks)/2+1)
	for _, t := range toks {
		switch {
		case t.Trivia():
		case t.Kind == Punct && len(t.Text) > 1:
			for i := range len(t.Text) {
				out = append(out, Token{Kind: Punct, Start: t.Start + i, Text: t.Text[i : i+1]})
			}
		default:
			out = append(out, t)
		}
	}
	return out
}
