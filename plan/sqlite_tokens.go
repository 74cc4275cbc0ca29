package plan

import "strings"

// liteKind classifies a SQLite token. The SQLite planner only needs to
// know words, quoted identifiers, strings and punctuation, so that quotes
// and comments never confuse it when it compares or edits statements.
type liteKind int

const (
	liteTokWord   liteKind = iota // keyword, bare identifier or number
	liteTokQuoted                 // "ident", [ident] or `ident`
	liteTokString                 // 'text'
	liteTokPunct                  // any other single character
)

// liteToken is one lexeme with its byte offsets in the statement.
type liteToken struct {
	kind     liteKind
	text     string
	pos, end int
}

// liteTokenize splits SQLite SQL into tokens, dropping whitespace and
// comments. An unterminated quote or comment runs to the end.
func liteTokenize(src string) []liteToken {
	var toks []liteToken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(src[i:], "--"):
			i = liteSkipTo(src, i+2, "\n")
		case strings.HasPrefix(src[i:], "/*"):
			i = liteSkipTo(src, i+2, "*/")
		case c == '\'' || c == '"' || c == '`':
			kind := liteTokQuoted
			if c == '\'' {
				kind = liteTokString
			}
			j := liteQuoteEnd(src, i)
			toks = append(toks, liteToken{kind, src[i:j], i, j})
			i = j
		case c == '[':
			j := liteSkipTo(src, i+1, "]")
			toks = append(toks, liteToken{liteTokQuoted, src[i:j], i, j})
			i = j
		case liteWordByte(c):
			j := i + 1
			for j < len(src) && (liteWordByte(src[j]) || (src[j] == '.' && liteIsDigit(c))) {
				j++
			}
			toks = append(toks, liteToken{liteTokWord, src[i:j], i, j})
			i = j
		default:
			toks = append(toks, liteToken{liteTokPunct, src[i : i+1], i, i + 1})
			i++
		}
	}
	return toks
}

// liteSkipTo returns the offset just past the next closing marker, or the
// end of src.
func liteSkipTo(src string, from int, closing string) int {
	k := strings.Index(src[from:], closing)
	if k < 0 {
		return len(src)
	}
	return from + k + len(closing)
}

// liteQuoteEnd returns the offset after the quoted lexeme opened at i,
// where a doubled quote stands for itself.
func liteQuoteEnd(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		if src[j] != q {
			continue
		}
		if j+1 < len(src) && src[j+1] == q {
			j++
			continue
		}
		return j + 1
	}
	return len(src)
}

func liteIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// liteWordByte reports bytes of bare words and numbers; bytes of
// multi-byte UTF-8 characters count, as SQLite allows them in names.
func liteWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || liteIsDigit(c) ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

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
	s := t.text
	if (t.kind != liteTokQuoted && t.kind != liteTokString) || len(s) < 2 {
		return s
	}
	if s[0] == '[' {
		return s[1 : len(s)-1]
	}
	q := s[:1]
	return strings.ReplaceAll(s[1:len(s)-1], q+q, q)
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
