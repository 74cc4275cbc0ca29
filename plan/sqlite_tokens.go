package plan

import (
	"strings"

	"studio/sqllex"
)

// liteKind classifies a SQLite token. The SQLite planner only needs to
// know words, quoted identifiers, strings and punctuation, so that quotes
// and comments never confuse it when it compares or edits statements.
type liteKind int

const (
	liteTokWord   liteKind = iota // keyword, bare identifier, number or parameter
	liteTokQuoted                 // "ident", [ident] or `ident`
	liteTokString                 // 'text', X'blob'
	liteTokPunct                  // one punctuation or operator character
)

// liteToken is one lexeme with its byte offsets in the statement.
type liteToken struct {
	kind     liteKind
	text     string
	pos, end int
}

// liteTokenize splits SQLite SQL into tokens with sqllex, dropping
// whitespace and comments. An unterminated quote or comment runs to the end.
func liteTokenize(src string) []liteToken {
	// Punctuation comes one character per token, so that "x=-1" and
	// "x = -1" normalise alike.
	lexed := sqllex.Chars(sqllex.Tokenize(src, sqllex.SQLite))
	toks := make([]liteToken, len(lexed))
	for i, t := range lexed {
		toks[i] = liteToken{kind: liteKindOf(t.Kind), text: t.Text, pos: t.Start, end: t.End()}
	}
	return toks
}

// liteKindOf maps a sqllex kind to the four the planner tells apart.
func liteKindOf(k sqllex.Kind) liteKind {
	switch k {
	case sqllex.Word, sqllex.Number, sqllex.Param, sqllex.Dollar:
		return liteTokWord
	case sqllex.Quoted:
		return liteTokQuoted
	case sqllex.String:
		return liteTokString
	}
	return liteTokPunct
}

func liteIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// is reports whether t is the bare keyword kw (case-insensitive).
func (t liteToken) is(kw string) bool {
	return t.kind == liteTokWord && strings.EqualFold(t.text, kw)
}

// isPunct reports whether t is the punctuation character p.
func (t liteToken) isPunct(p string) bool { return t.kind == liteTokPunct && t.text == p }

// isName reports whether t can stand for a name: a bare word or a quoted
// identifier.
func (t liteToken) isName() bool { return t.kind == liteTokWord || t.kind == liteTokQuoted }

// ident returns the name a token stands for, without quotes.
func (t liteToken) ident() string {
	if t.kind != liteTokQuoted && t.kind != liteTokString {
		return t.text
	}
	return sqllex.Token{Kind: sqllex.Quoted, Text: t.text}.Ident()
}

// liteMatching returns the index of the token closing the parenthesis
// opened at toks[open], or len(toks) when it is never closed.
func liteMatching(toks []liteToken, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].isPunct("("):
			depth++
		case toks[i].isPunct(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(toks)
}

// liteSplitTop splits toks on commas outside parentheses.
func liteSplitTop(toks []liteToken) [][]liteToken {
	var parts [][]liteToken
	start := 0
	for i := 0; i < len(toks); i++ {
		switch {
		case toks[i].isPunct("("):
			i = liteMatching(toks, i)
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

// liteNorm is the canonical text of toks for comparisons: names unquoted
// and upper-cased (SQLite names and keywords ignore case), strings kept,
// single spaces. rename maps lower-case names to the name they stand for
// now (column renames), or is nil.
func liteNorm(toks []liteToken, rename map[string]string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch t.kind {
		case liteTokWord, liteTokQuoted:
			name := t.ident()
			if to, ok := rename[strings.ToLower(name)]; ok {
				name = to
			}
			b.WriteString(strings.ToUpper(name))
		case liteTokString:
			if q := strings.IndexByte(t.text, '\''); q > 0 { // X'..': the prefix is a word
				b.WriteString(strings.ToUpper(t.text[:q]) + " ")
				b.WriteString(t.text[q:])
				continue
			}
			b.WriteString(t.text)
		default:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// liteNames is the set of lower-case names a statement mentions: every
// bare word and quoted identifier. Keywords come along; callers intersect
// it with object names.
func liteNames(sql string) map[string]bool {
	out := map[string]bool{}
	for _, t := range liteTokenize(sql) {
		if t.isName() {
			out[strings.ToLower(t.ident())] = true
		}
	}
	return out
}

// liteString is a SQL string literal.
func liteString(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}
