package review

import "strings"

// tokKind classifies a lexical token.
type tokKind uint8

const (
	tSpace   tokKind = iota // run of whitespace
	tComment                // -- line or /* block */ comment
	tWord                   // unquoted identifier or keyword
	tQuoted                 // "ident", `ident`, [ident], U&"ident"
	tString                 // '...', E'...', X'...', B'...', N'...', U&'...'
	tDollar                 // $tag$ ... $tag$
	tNumber                 // 12, 1.5e3, 0xFF
	tParam                  // $1, ?1, :name, @name
	tPunct                  // ( ) , ; . and operators
	tOther                  // any other byte
)

// token is one lexical token. text is exactly the bytes of the input it
// covers and off its byte offset, so tokens concatenate back to the input
// and every token can be mapped to a line.
type token struct {
	kind tokKind
	off  int
	text string
}

// lexer options: SQLite comments do not nest and it accepts [bracket]
// identifiers; PostgreSQL nests block comments and uses [ ] for arrays.
type lexer struct {
	src    string
	sqlite bool
}

// tokenize splits sql into tokens. It never fails: unterminated strings,
// quoted identifiers and comments run to the end of the input.
func tokenize(sql string, sqlite bool) []token {
	lx := lexer{src: sql, sqlite: sqlite}
	toks := make([]token, 0, len(sql)/4+1)
	for i := 0; i < len(sql); {
		k, n := lx.next(i)
		toks = append(toks, token{kind: k, off: i, text: sql[i : i+n]})
		i += n
	}
	return toks
}

// next returns the kind and byte length of the token starting at i (> 0).
func (lx *lexer) next(i int) (tokKind, int) {
	s := lx.src
	c := s[i]
	switch {
	case isSpace(c):
		j := i + 1
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		return tSpace, j - i
	case c == '-' && at(s, i+1) == '-':
		return tComment, lineEnd(s, i) - i
	case c == '/' && at(s, i+1) == '*':
		return tComment, lx.blockComment(i) - i
	case c == '\'':
		return tString, quoted(s, i+1, '\'', false) - i
	case (c == 'e' || c == 'E') && at(s, i+1) == '\'':
		return tString, quoted(s, i+2, '\'', true) - i
	case strings.IndexByte("bBxXnN", c) >= 0 && at(s, i+1) == '\'':
		return tString, quoted(s, i+2, '\'', false) - i
	case (c == 'u' || c == 'U') && at(s, i+1) == '&' && (at(s, i+2) == '\'' || at(s, i+2) == '"'):
		q := s[i+2]
		k := tString
		if q == '"' {
			k = tQuoted
		}
		return k, quoted(s, i+3, q, false) - i
	case c == '"':
		return tQuoted, quoted(s, i+1, '"', false) - i
	case c == '`':
		return tQuoted, quoted(s, i+1, '`', false) - i
	case c == '[' && lx.sqlite:
		if j := strings.IndexByte(s[i+1:], ']'); j >= 0 {
			return tQuoted, j + 2
		}
		return tQuoted, len(s) - i
	case c == '$':
		return lx.dollar(i)
	case isDigit(c) || (c == '.' && isDigit(at(s, i+1))):
		return tNumber, number(s, i) - i
	case isIdentStart(c):
		return tWord, identEnd(s, i) - i
	case lx.sqlite && (c == '?' || c == ':' || c == '@'):
		j := i + 1
		for j < len(s) && isIdentPart(s[j]) {
			j++
		}
		if j > i+1 || c == '?' {
			return tParam, j - i
		}
		return tPunct, 1
	case c == ':' && at(s, i+1) == ':':
		return tPunct, 2
	case strings.IndexByte("(),;.[]{}:", c) >= 0:
		return tPunct, 1
	case isOpChar(c):
		return tPunct, opEnd(s, i) - i
	}
	return tOther, 1
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
func (lx *lexer) dollar(i int) (tokKind, int) {
	s := lx.src
	j := i + 1
	if isDigit(at(s, j)) {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		return tParam, j - i
	}
	if isIdentStart(at(s, j)) {
		for j < len(s) && isIdentPart(s[j]) && s[j] != '$' {
			j++
		}
	}
	if at(s, j) == '$' {
		delim := s[i : j+1]
		if end := strings.Index(s[j+1:], delim); end >= 0 {
			return tDollar, j + 1 + end + len(delim) - i
		}
		return tDollar, len(s) - i
	}
	if lx.sqlite && j > i+1 {
		return tParam, j - i
	}
	return tPunct, 1
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

// opEnd returns the end of an operator run, stopping before a comment start.
func opEnd(s string, i int) int {
	j := i + 1
	for j < len(s) && isOpChar(s[j]) {
		if (s[j] == '-' && at(s, j+1) == '-') || (s[j] == '/' && at(s, j+1) == '*') {
			break
		}
		j++
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
func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}
func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }
func isOpChar(c byte) bool    { return c != 0 && strings.IndexByte("+-*/<>=~!@#%^&|?", c) >= 0 }

// identValue returns the identifier a word or quoted token names, with
// quotes removed and escapes undone. Unquoted words are folded to lower
// case, as PostgreSQL does; SQLite compares names case-insensitively, so
// callers fold again for it.
func identValue(t token) string {
	switch t.kind {
	case tWord:
		return strings.ToLower(t.text)
	case tQuoted:
		s := t.text
		if strings.HasPrefix(s, "U&") || strings.HasPrefix(s, "u&") {
			s = s[2:]
		}
		return unquote(s)
	}
	return t.text
}

// stringValue returns the contents of a quoted string literal, with doubled
// quotes undone.
func stringValue(t token) string {
	s := t.text
	if t.kind != tString || len(s) == 0 {
		return s
	}
	if s[0] != '\'' {
		s = s[strings.IndexByte(s, '\''):]
	}
	return unquote(s)
}

// unquote removes the quotes of "x", `x`, [x] or 'x' and undoes doubled
// quotes; an unterminated literal keeps everything after the opening quote.
func unquote(s string) string {
	if s == "" {
		return s
	}
	open, close := s[0], s[0]
	if open == '[' {
		close = ']'
	}
	body := s[1:]
	if strings.HasSuffix(body, string(close)) {
		body = body[:len(body)-1]
	}
	if open == '[' {
		return body
	}
	q := string(close)
	return strings.ReplaceAll(body, q+q, q)
}
