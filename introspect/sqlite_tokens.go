package introspect

import (
	"strings"

	"studio/sqllex"
)

// tokKind classifies a SQLite token for the DDL parsers. They only need to
// know what is a word, what is quoted and where parentheses are, so that
// quoted identifiers, strings and comments never confuse them.
type tokKind int

const (
	tokWord   tokKind = iota // keyword, bare identifier, number or parameter
	tokQuoted                // "ident", [ident] or `ident`
	tokString                // 'text'
	tokPunct                 // one punctuation or operator character
)

// token is one lexeme with its byte offsets in the statement, so a parser
// can hand back the exact source text of an expression.
type token struct {
	kind     tokKind
	text     string
	pos, end int
}

// tokenize splits a SQLite statement into tokens with sqllex, dropping
// whitespace and comments. An unterminated quote or comment runs to the
// end of the text.
func tokenize(src string) []token {
	// Punctuation comes one character per token: DEFAULT -1 and friends
	// parse by single characters.
	lexed := sqllex.Chars(sqllex.Tokenize(src, sqllex.SQLite))
	toks := make([]token, len(lexed))
	for i, t := range lexed {
		toks[i] = token{kind: kindOf(t.Kind), text: t.Text, pos: t.Start, end: t.End()}
	}
	return toks
}

// kindOf maps a sqllex kind to the four the DDL parsers tell apart.
func kindOf(k sqllex.Kind) tokKind {
	switch k {
	case sqllex.Word, sqllex.Number, sqllex.Param, sqllex.Dollar:
		return tokWord
	case sqllex.Quoted:
		return tokQuoted
	case sqllex.String:
		return tokString
	}
	return tokPunct
}

// is reports whether t is the bare keyword kw (case-insensitive).
func (t token) is(kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

// ident returns the name a token stands for, without quotes.
func (t token) ident() string {
	if t.kind != tokQuoted && t.kind != tokString {
		return t.text
	}
	return sqllex.Token{Kind: sqllex.Quoted, Text: t.text}.Ident()
}

// matching returns the index of the token closing the parenthesis opened
// at toks[open], or len(toks) when it is never closed.
func matching(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch toks[i].text {
		case "(":
			if toks[i].kind == tokPunct {
				depth++
			}
		case ")":
			if toks[i].kind == tokPunct {
				depth--
				if depth == 0 {
					return i
				}
			}
		}
	}
	return len(toks)
}

// isPunct reports whether t is the punctuation character p.
func (t token) isPunct(p string) bool { return t.kind == tokPunct && t.text == p }

// splitTop splits toks on commas outside parentheses.
func splitTop(toks []token) [][]token {
	var parts [][]token
	start := 0
	for i := 0; i < len(toks); i++ {
		switch {
		case toks[i].isPunct("("):
			i = matching(toks, i)
		case toks[i].isPunct(","):
			parts = append(parts, toks[start:i])
			start = i + 1
		}
	}
	if start < len(toks) {
		parts = append(parts, toks[start:])
	}
	return parts
}

// between is the trimmed source text strictly inside toks[open] and
// toks[closing] (a parenthesised group).
func between(src string, toks []token, open, closing int) string {
	if closing >= len(toks) {
		return strings.TrimSpace(src[toks[open].end:])
	}
	return strings.TrimSpace(src[toks[open].end:toks[closing].pos])
}

// span is the source text from the first to the last of toks.
func span(src string, toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	return src[toks[0].pos:toks[len(toks)-1].end]
}
