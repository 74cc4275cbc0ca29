// Package sqliteddl owns reading SQLite's DDL: CREATE TABLE (column
// definitions, table constraints, a virtual table's module and
// arguments), CREATE INDEX (its parts and WHERE clause) and CREATE VIEW
// (its SELECT), as sqlite_schema keeps them. It reads tokens, never
// regular expressions, so quoted names, strings and comments never
// confuse it, and hands back offsets so callers can copy the exact source
// text. It builds on sqllex and nothing else of studio: introspect reads
// what the pragmas do not say with it, and the SQLite planner compares
// and rewrites statements with it.
package sqliteddl

import (
	"strings"

	"studio/sqllex"
)

// Kind classifies a token. DDL reading only needs to know words, quoted
// identifiers, strings and punctuation.
type Kind uint8

const (
	Word   Kind = iota // keyword, bare identifier, number or parameter
	Quoted             // "ident", [ident] or `ident`
	String             // 'text', X'blob'
	Punct              // one punctuation or operator character
)

// Token is one lexeme with its byte offsets in the statement: Text is
// src[Pos:End].
type Token struct {
	Kind     Kind
	Text     string
	Pos, End int
}

// Tokenize splits SQLite SQL into tokens with sqllex, dropping whitespace
// and comments. Punctuation comes one character per token, so "DEFAULT
// -1" reads by single characters and "x=-1" and "x = -1" compare alike.
// An unterminated quote or comment runs to the end.
func Tokenize(src string) []Token {
	lexed := sqllex.Chars(sqllex.Tokenize(src, sqllex.SQLite))
	toks := make([]Token, len(lexed))
	for i, t := range lexed {
		toks[i] = Token{Kind: kindOf(t.Kind), Text: t.Text, Pos: t.Start, End: t.End()}
	}
	return toks
}

// kindOf maps a sqllex kind to the four DDL reading tells apart.
func kindOf(k sqllex.Kind) Kind {
	switch k {
	case sqllex.Word, sqllex.Number, sqllex.Param, sqllex.Dollar:
		return Word
	case sqllex.Quoted:
		return Quoted
	case sqllex.String:
		return String
	}
	return Punct
}

// Is reports whether t is the bare keyword kw (case-insensitive).
func (t Token) Is(kw string) bool { return t.Kind == Word && strings.EqualFold(t.Text, kw) }

// IsPunct reports whether t is the punctuation character p.
func (t Token) IsPunct(p string) bool { return t.Kind == Punct && t.Text == p }

// IsName reports whether t can stand for a name: a bare word or a quoted
// identifier.
func (t Token) IsName() bool { return t.Kind == Word || t.Kind == Quoted }

// Ident returns the name a token stands for, without quotes.
func (t Token) Ident() string {
	if t.Kind != Quoted && t.Kind != String {
		return t.Text
	}
	return sqllex.Token{Kind: sqllex.Quoted, Text: t.Text}.Ident()
}

// Matching returns the index of the token closing the parenthesis opened
// at toks[open], or len(toks) when it is never closed.
func Matching(toks []Token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].IsPunct("("):
			depth++
		case toks[i].IsPunct(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(toks)
}

// SplitTop splits toks on commas outside parentheses.
func SplitTop(toks []Token) [][]Token {
	var parts [][]Token
	start := 0
	for i := 0; i < len(toks); i++ {
		switch {
		case toks[i].IsPunct("("):
			i = Matching(toks, i)
		case toks[i].IsPunct(","):
			parts = append(parts, toks[start:i])
			start = i + 1
		}
	}
	if start < len(toks) {
		parts = append(parts, toks[start:])
	}
	return parts
}

// Between is the trimmed source text strictly inside toks[open] and
// toks[closing] (a parenthesised group); to the end of src when closing
// is past the tokens.
func Between(src string, toks []Token, open, closing int) string {
	if closing >= len(toks) {
		return strings.TrimSpace(src[toks[open].End:])
	}
	return strings.TrimSpace(src[toks[open].End:toks[closing].Pos])
}

// Span is the source text from the first to the last of toks.
func Span(src string, toks []Token) string {
	if len(toks) == 0 {
		return ""
	}
	return src[toks[0].Pos:toks[len(toks)-1].End]
}
