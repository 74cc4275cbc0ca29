package review

import (
	"strings"

	"studio/database"
	"studio/sqllex"
)

// tokKind classifies a lexical token; the kinds are sqllex's.
type tokKind = sqllex.Kind

const (
	tSpace   = sqllex.Space
	tComment = sqllex.Comment
	tWord    = sqllex.Word
	tQuoted  = sqllex.Quoted
	tString  = sqllex.String
	tDollar  = sqllex.Dollar
	tNumber  = sqllex.Number
	tParam   = sqllex.Param
	tPunct   = sqllex.Punct
	tOther   = sqllex.Other
)

// token is one lexical token. text is exactly the bytes of the input it
// covers and off its byte offset, so tokens concatenate back to the input
// and every token can be mapped to a line.
type token struct {
	kind tokKind
	off  int
	text string
}

// tokenize splits sql into tokens with sqllex. It never fails:
// unterminated strings, quoted identifiers and comments run to the end.
func tokenize(sql string, d database.Dialect) []token {
	return fromLex(sqllex.Tokenize(sql, d))
}

func fromLex(toks []sqllex.Token) []token {
	out := make([]token, len(toks))
	for i, t := range toks {
		out[i] = token{kind: t.Kind, off: t.Start, text: t.Text}
	}
	return out
}

// identValue returns the identifier a word or quoted token names, with
// quotes removed and escapes undone. Unquoted words are folded to lower
// case, as PostgreSQL does; SQLite compares names case-insensitively, so
// callers fold again for it.
func identValue(t token) string {
	switch t.kind {
	case tWord:
		return strings.ToLower(t.text)
	case tQuoted:
		return t.lex().Ident()
	}
	return t.text
}

// stringValue returns the contents of a quoted string literal, with doubled
// quotes undone.
func stringValue(t token) string {
	if t.kind != tString {
		return t.text
	}
	return t.lex().Ident()
}

// lex is t as a sqllex token.
func (t token) lex() sqllex.Token { return sqllex.Token{Kind: t.kind, Start: t.off, Text: t.text} }
