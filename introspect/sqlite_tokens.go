package introspect

import "strings"

// tokKind classifies a SQLite token for the DDL parsers. They only need to
// know what is a word, what is quoted and where parentheses are, so that
// quoted identifiers, strings and comments never confuse them.
type tokKind int

const (
	tokWord   tokKind = iota // keyword, bare identifier or number
	tokQuoted                // "ident", [ident] or `ident`
	tokString                // 'text'
	tokPunct                 // any other single character
)

// token is one lexeme with its byte offsets in the statement, so a parser
// can hand back the exact source text of an expression.
type token struct {
	kind     tokKind
	text     string
	pos, end int
}

// tokenize splits a SQLite statement into tokens, dropping whitespace and
// comments. An unterminated quote or comment runs to the end of the text.
func tokenize(src string) []token {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && strings.HasPrefix(src[i:], "--"):
			i = skipTo(src, i+2, "\n")
		case c == '/' && strings.HasPrefix(src[i:], "/*"):
			i = skipTo(src, i+2, "*/")
		case c == '\'':
			i = appendQuoted(&toks, src, i, '\'', tokString)
		case c == '"':
			i = appendQuoted(&toks, src, i, '"', tokQuoted)
		case c == '`':
			i = appendQuoted(&toks, src, i, '`', tokQuoted)
		case c == '[':
			end := skipTo(src, i+1, "]")
			toks = append(toks, token{tokQuoted, src[i:end], i, end})
			i = end
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := numberEnd(src, i)
			toks = append(toks, token{tokWord, src[i:j], i, j})
			i = j
		case isWordByte(c):
			j := i + 1
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			toks = append(toks, token{tokWord, src[i:j], i, j})
			i = j
		default:
			toks = append(toks, token{tokPunct, src[i : i+1], i, i + 1})
			i++
		}
	}
	return toks
}

// skipTo returns the offset just past the next closing marker, or the end.
func skipTo(src string, from int, closing string) int {
	k := strings.Index(src[from:], closing)
	if k < 0 {
		return len(src)
	}
	return from + k + len(closing)
}

// appendQuoted reads a quoted lexeme starting at i, where a doubled quote
// stands for itself, and returns the offset after it.
func appendQuoted(toks *[]token, src string, i int, q byte, kind tokKind) int {
	j := i + 1
	for j < len(src) {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j += 2
				continue
			}
			j++
			break
		}
		j++
	}
	*toks = append(*toks, token{kind, src[i:j], i, j})
	return j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// numberEnd returns the end of the numeric literal at i: digits, a
// fraction, an exponent with its sign, or a hex literal.
func numberEnd(src string, i int) int {
	j := i
	for j < len(src) {
		c := src[j]
		switch {
		case isWordByte(c) || c == '.':
			j++
		case (c == '+' || c == '-') && (src[j-1] == 'e' || src[j-1] == 'E') &&
			!strings.HasPrefix(strings.ToLower(src[i:j]), "0x"):
			j++
		default:
			return j
		}
	}
	return j
}

// isWordByte reports bytes of bare words; bytes of multi-byte UTF-8
// characters count, as SQLite allows them in identifiers.
func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// is reports whether t is the bare keyword kw (case-insensitive).
func (t token) is(kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

// ident returns the name a token stands for, without quotes.
func (t token) ident() string {
	s := t.text
	switch t.kind {
	case tokQuoted, tokString:
		if len(s) >= 2 {
			open, body := s[0], s[1:len(s)-1]
			switch open {
			case '[':
				return body
			default:
				q := string(open)
				return strings.ReplaceAll(body, q+q, q)
			}
		}
	}
	return s
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
