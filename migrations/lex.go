package migrations

import "strings"

// span is one top-level SQL statement inside a chunk: text[start:end],
// where end is just past its ';' (or the end of the chunk). Spans tile
// the chunk: leading blanks and comments belong to the next statement.
type span struct {
	start, end int
	// words are the first bare words (keywords and unquoted names),
	// upper-cased, at any parenthesis depth.
	words []string
	// concurrently is the offset of a bare CONCURRENTLY word, or -1.
	concurrently int
	// empty is true when the span holds no token but comments and ';'.
	empty bool
}

const maxWords = 12

// lexer finds statement boundaries the way the database would: it skips
// quoted strings and identifiers, comments, PostgreSQL dollar quotes, and
// keeps SQLite trigger bodies (BEGIN ... END) and PostgreSQL BEGIN ATOMIC
// bodies together. It only classifies; the text sent is never rewritten.
type lexer struct {
	text     string
	postgres bool
	i        int
	cur      span
	paren    int
	block    int
	out      []span
}

// statements splits a chunk into top-level statements.
func statements(text string, postgres bool) []span {
	l := &lexer{text: text, postgres: postgres}
	l.reset(0)
	for l.i < len(l.text) {
		l.step()
	}
	if l.cur.start < len(l.text) {
		l.cur.end = len(l.text)
		l.out = append(l.out, l.cur)
	}
	return l.out
}

func (l *lexer) reset(at int) {
	l.cur = span{start: at, concurrently: -1, empty: true}
	l.paren, l.block = 0, 0
}

func (l *lexer) step() {
	t, c := l.text, l.text[l.i]
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		l.i++
	case strings.HasPrefix(t[l.i:], "--"):
		l.skipTo("\n")
	case strings.HasPrefix(t[l.i:], "/*"):
		l.blockComment()
	case c == ';':
		l.i++
		if l.paren == 0 && l.block == 0 {
			l.cur.end = l.i
			l.out = append(l.out, l.cur)
			l.reset(l.i)
		}
	case c == '\'':
		l.token()
		l.quoted('\'', false)
	case c == '"':
		l.token()
		l.quoted('"', false)
	case c == '`' && !l.postgres:
		l.token()
		l.quoted('`', false)
	case c == '[' && !l.postgres:
		l.token()
		l.skipTo("]")
	case c == '$' && l.postgres:
		l.token()
		l.dollar()
	case c == '(':
		l.token()
		l.paren++
		l.i++
	case c == ')':
		l.token()
		l.paren = max(0, l.paren-1)
		l.i++
	case isWordStart(c):
		l.word()
	default:
		l.token()
		l.i++
	}
}

func (l *lexer) token() { l.cur.empty = false }

// skipTo moves past the next occurrence of end (or to the end of text).
func (l *lexer) skipTo(end string) {
	j := strings.Index(l.text[l.i+1:], end)
	if j < 0 {
		l.i = len(l.text)
		return
	}
	l.i += 1 + j + len(end)
}

// blockComment skips /* ... */; PostgreSQL nests them, SQLite does not.
func (l *lexer) blockComment() {
	depth := 0
	for l.i < len(l.text) {
		switch {
		case strings.HasPrefix(l.text[l.i:], "/*"):
			depth++
			l.i += 2
		case strings.HasPrefix(l.text[l.i:], "*/"):
			depth--
			l.i += 2
			if depth == 0 || !l.postgres {
				return
			}
		default:
			l.i++
		}
	}
}

// quoted skips a string or identifier closed by q, where a doubled q is
// an escaped one (and so is a backslash-escaped one in E'...' strings).
func (l *lexer) quoted(q byte, backslash bool) {
	l.i++
	for l.i < len(l.text) {
		c := l.text[l.i]
		switch {
		case backslash && c == '\\':
			l.i += 2
		case c == q && l.i+1 < len(l.text) && l.text[l.i+1] == q:
			l.i += 2
		case c == q:
			l.i++
			return
		default:
			l.i++
		}
	}
}

// dollar skips a $tag$ ... $tag$ string; a lone $ or $1 is just a token.
func (l *lexer) dollar() {
	j := l.i + 1
	for j < len(l.text) && (isWordStart(l.text[j]) || isDigit(l.text[j])) {
		j++
	}
	if j >= len(l.text) || l.text[j] != '$' || (j > l.i+1 && isDigit(l.text[l.i+1])) {
		l.i++
		return
	}
	tag := l.text[l.i : j+1]
	k := strings.Index(l.text[j+1:], tag)
	if k < 0 {
		l.i = len(l.text)
		return
	}
	l.i = j + 1 + k + len(tag)
}

// word reads a bare word and tracks the blocks whose semicolons do not end
// the statement.
func (l *lexer) word() {
	l.token()
	start := l.i
	for l.i < len(l.text) && isWordChar(l.text[l.i]) {
		l.i++
	}
	w := strings.ToUpper(l.text[start:l.i])
	if l.postgres && (w == "E" || w == "U&") && l.i < len(l.text) && l.text[l.i] == '\'' {
		l.quoted('\'', w == "E")
		return
	}
	prev := ""
	if n := len(l.cur.words); n > 0 {
		prev = l.cur.words[n-1]
	}
	if len(l.cur.words) < maxWords {
		l.cur.words = append(l.cur.words, w)
	}
	switch {
	case w == "CONCURRENTLY" && l.cur.concurrently < 0 && l.paren == 0:
		l.cur.concurrently = start
	case l.block > 0 && w == "CASE":
		l.block++
	case l.block > 0 && w == "END":
		l.block--
	case !l.postgres && w == "BEGIN" && l.block == 0 && l.inTrigger():
		l.block++
	case l.postgres && w == "ATOMIC" && prev == "BEGIN":
		l.block++
	}
}

// inTrigger reports whether the current statement is a CREATE TRIGGER,
// whose BEGIN ... END body holds semicolons.
func (l *lexer) inTrigger() bool {
	ws := l.cur.words
	if len(ws) < 2 || ws[0] != "CREATE" {
		return false
	}
	for _, w := range ws[1 : len(ws)-1] {
		if w == "TRIGGER" {
			return true
		}
	}
	return false
}

func isWordStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isWordChar(c byte) bool { return isWordStart(c) || isDigit(c) || c == '$' || c == '&' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
