package sqllex

import "strings"

// Tokenize cuts src into tokens, whitespace and comments included, so that
// concatenating the tokens' Text gives src back. Use Significant to drop
// whitespace and comments.
func Tokenize(src string, d Dialect) []Token {
	lx := lexer{src: src, sqlite: d == SQLite}
	toks := make([]Token, 0, len(src)/4+1)
	for i := 0; i < len(src); {
		k, n := lx.next(i)
		toks = append(toks, Token{Kind: k, Start: i, Text: src[i : i+n]})
		i += n
	}
	return toks
}

// Next returns the token starting at byte offset at (0 <= at < len(src)),
// for callers that need only the first few tokens of a long text. Tokenize
// gives the same tokens when at is a token boundary.
func Next(src string, at int, d Dialect) Token {
	lx := lexer{src: src, sqlite: d == SQLite}
	k, n := lx.next(at)
	return Token{Kind: k, Start: at, Text: src[at : at+n]}
}

type lexer struct {
	src string
	// sqlite is d == SQLite, compared once: the lexer reads it per byte.
	sqlite bool
}

// next returns the kind and byte length (> 0) of the token starting at i.
func (lx *lexer) next(i int) (Kind, int) {
	s := lx.src
	c := s[i]
	switch {
	case isSpace(c):
		j := i + 1
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		return Space, j - i
	case c == '-' && at(s, i+1) == '-':
		return Comment, lineEnd(s, i) - i
	case c == '/' && at(s, i+1) == '*':
		return Comment, lx.blockComment(i) - i
	case c == '\'':
		return String, quoted(s, i+1, '\'', false) - i
	case c == '"':
		return Quoted, quoted(s, i+1, '"', false) - i
	case c == '`':
		return Quoted, quoted(s, i+1, '`', false) - i
	case c == '[' && lx.sqlite:
		if j := strings.IndexByte(s[i+1:], ']'); j >= 0 {
			return Quoted, j + 2
		}
		return Quoted, len(s) - i
	case c == '$':
		return lx.dollar(i)
	case isDigit(c) || (c == '.' && isDigit(at(s, i+1))):
		return Number, number(s, i) - i
	case isIdentStart(c):
		if k, n := lx.prefixed(i); n > 0 {
			return k, n
		}
		return Word, identEnd(s, i) - i
	}
	return lx.punct(i)
}

// prefixed returns a string or quoted identifier that starts with a letter
// prefix (X'..', E'..', B'..', N'..', U&'..', U&".."), or a zero length when
// none starts at i. Both dialects take them all: SQLite has only X'..', but
// the others are errors there anyway, and one rule keeps SQL written for
// either database lexing alike.
func (lx *lexer) prefixed(i int) (Kind, int) {
	s, c := lx.src, lx.src[i]
	switch {
	case (c == 'x' || c == 'X') && at(s, i+1) == '\'':
		return String, quoted(s, i+2, '\'', false) - i
	case (c == 'e' || c == 'E') && at(s, i+1) == '\'':
		return String, quoted(s, i+2, '\'', true) - i
	case strings.IndexByte("bBnN", c) >= 0 && at(s, i+1) == '\'':
		return String, quoted(s, i+2, '\'', false) - i
	case (c == 'u' || c == 'U') && at(s, i+1) == '&' && (at(s, i+2) == '\'' || at(s, i+2) == '"'):
		q := s[i+2]
		k := String
		if q == '"' {
			k = Quoted
		}
		return k, quoted(s, i+3, q, false) - i
	}
	return Word, 0
}

// punct returns SQLite parameters, punctuation, operator runs and any
// other single byte.
func (lx *lexer) punct(i int) (Kind, int) {
	s, c := lx.src, lx.src[i]
	switch {
	case lx.sqlite && (c == '?' || c == ':' || c == '@'):
		j := i + 1
		for j < len(s) && isIdentPart(s[j]) {
			j++
		}
		if j > i+1 || c == '?' {
			return Param, j - i
		}
		return Punct, 1
	case c == ':' && at(s, i+1) == ':':
		return Punct, 2
	case strings.IndexByte("(),;.[]{}:", c) >= 0:
		return Punct, 1
	case isOpChar(c):
		return Punct, opEnd(s, i) - i
	}
	return Other, 1
}

// blockComment returns the end of the /* comment */ starting at i.
// PostgreSQL nests block comments; SQLite ends at the first */.
func (lx *lexer) blockComment(i int) int {
	s := lx.src
	depth := 0
	for j := i; j < len(s)-1; {
		switch {
		case s[j] == '/' && s[j+1] == '*' && (depth == 0 || !lx.sqlite):
			depth++
			j += 2
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j
			}
		default:
			j++
		}
	}
	return len(s)
}

// dollar scans a PostgreSQL $tag$ string, a $1 parameter, a SQLite $name
// parameter, or a lone $.
func (lx *lexer) dollar(i int) (Kind, int) {
	s := lx.src
	j := i + 1
	if isDigit(at(s, j)) {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		return Param, j - i
	}
	if isIdentStart(at(s, j)) {
		for j < len(s) && isIdentPart(s[j]) && s[j] != '$' {
			j++
		}
	}
	if at(s, j) == '$' {
		delim := s[i : j+1]
		if end := strings.Index(s[j+1:], delim); end >= 0 {
			return Dollar, j + 1 + end + len(delim) - i
		}
		return Dollar, len(s) - i
	}
	if lx.sqlite && j > i+1 {
		return Param, j - i
	}
	return Punct, 1
}

// quoted returns the end of a literal whose body starts at i and closes
// with q; a doubled q is an escaped one, and with backslash set a
// backslash escapes the next byte (E'...' strings).
func quoted(s string, i int, q byte, backslash bool) int {
	for j := i; j < len(s); j++ {
		switch {
		case backslash && s[j] == '\\':
			j++
		case s[j] == q:
			if at(s, j+1) == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// number returns the end of the numeric literal at i: digits with
// optional _ separators, a fraction, an exponent, or a hex literal.
func number(s string, i int) int {
	j := i
	if s[j] == '0' && (at(s, j+1) == 'x' || at(s, j+1) == 'X') && isHex(at(s, j+2)) {
		j += 2
		for j < len(s) && (isHex(s[j]) || s[j] == '_') {
			j++
		}
		return j
	}
	digits := func() {
		for j < len(s) && (isDigit(s[j]) || s[j] == '_') {
			j++
		}
	}
	digits()
	if at(s, j) == '.' && at(s, j+1) != '.' {
		j++
		digits()
	}
	if c := at(s, j); c == 'e' || c == 'E' {
		k := j + 1
		if c := at(s, k); c == '+' || c == '-' {
			k++
		}
		if isDigit(at(s, k)) {
			j = k
			digits()
		}
	}
	return j
}

// opEnd returns the end of an operator run, stopping before a comment
// start. As PostgreSQL reads operators, a run of several characters does
// not end in + or - unless it holds one of ~ ! @ # % ^ & | ` ?, so "=-1"
// is "=", "-", "1" (SQLite reads it the same way).
func opEnd(s string, i int) int {
	j := i + 1
	for j < len(s) && isOpChar(s[j]) {
		if (s[j] == '-' && at(s, j+1) == '-') || (s[j] == '/' && at(s, j+1) == '*') {
			break
		}
		j++
	}
	if !strings.ContainsAny(s[i:j], "~!@#%^&|`?") {
		for j-i > 1 && (s[j-1] == '+' || s[j-1] == '-') {
			j--
		}
	}
	return j
}

func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(s)
}

func identEnd(s string, i int) int {
	j := i + 1
	for j < len(s) && isIdentPart(s[j]) {
		j++
	}
	return j
}

// at returns s[i], or 0 past the end.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// isIdentStart reports bytes that start a bare word; bytes of multi-byte
// UTF-8 characters count, as both databases allow them in names.
func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}
func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }
func isOpChar(c byte) bool    { return c != 0 && strings.IndexByte("+-*/<>=~!@#%^&|?", c) >= 0 }
