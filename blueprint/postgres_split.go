package blueprint

import (
	"strings"
)

// pgStatement is one statement of a desired-schema file.
type pgStatement struct {
	// SQL is the statement from its first token to its end, without the
	// terminating semicolon.
	SQL string
	// Line is the 1-based line of the statement's first token.
	Line int
	// Words are the statement's first few keywords, upper-cased, for
	// recognising transaction control.
	Words []string
}

// splitPG cuts PostgreSQL source into statements at top-level semicolons.
// It knows what can hide a semicolon: -- and nested /* */ comments,
// '...' and E'...' strings, "..." identifiers, $tag$...$tag$ bodies, and
// the BEGIN ATOMIC ... END body of a SQL-standard function. Statements
// holding nothing but blanks and comments are left out.
func splitPG(src string) []pgStatement {
	s := &pgSplitter{src: src, line: 1, start: -1}
	for s.i < len(src) {
		s.step()
	}
	s.flush(len(src))
	return s.out
}

type pgSplitter struct {
	src   string
	i     int
	line  int // line at i
	start int // byte offset of the current statement's first token, -1 before it
	first int // its line
	words []string
	atom  int    // BEGIN ATOMIC nesting depth
	prevW string // the previous word, for BEGIN ATOMIC
	out   []pgStatement
}

// step consumes one token at s.i.
func (s *pgSplitter) step() {
	c := s.src[s.i]
	switch {
	case c == '\n':
		s.line++
		s.i++
	case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
		s.i++
	case c == '-' && s.peek(1) == '-':
		s.skipTo("\n", false)
	case c == '/' && s.peek(1) == '*':
		s.blockComment()
	case c == ';':
		if s.atom > 0 {
			s.i++
			return
		}
		s.flush(s.i)
		s.i++
	default:
		s.mark()
		s.token(c)
	}
}

func (s *pgSplitter) token(c byte) {
	switch {
	case c == '\'':
		s.quoted('\'', s.escapes())
	case c == '"':
		s.quoted('"', false)
	case c == '$' && s.dollarQuote():
	case isIdentStart(c):
		s.word()
	default:
		s.i++
	}
}

func (s *pgSplitter) peek(n int) byte {
	if s.i+n < len(s.src) {
		return s.src[s.i+n]
	}
	return 0
}

// mark records the start of a statement at its first token.
func (s *pgSplitter) mark() {
	if s.start < 0 {
		s.start, s.first = s.i, s.line
	}
}

func (s *pgSplitter) flush(end int) {
	if s.start >= 0 {
		s.out = append(s.out, pgStatement{SQL: strings.TrimRight(s.src[s.start:end], " \t\r\n"), Line: s.first, Words: s.words})
	}
	s.start, s.words, s.atom, s.prevW = -1, nil, 0, ""
}

// skipTo advances past the next occurrence of end (or to the end of the
// source), counting lines.
func (s *pgSplitter) skipTo(end string, past bool) {
	j := strings.Index(s.src[s.i:], end)
	stop := len(s.src)
	if j >= 0 {
		stop = s.i + j
		if past {
			stop += len(end)
		}
	}
	s.line += strings.Count(s.src[s.i:stop], "\n")
	s.i = stop
}

func (s *pgSplitter) blockComment() {
	depth := 0
	for s.i < len(s.src) {
		switch {
		case s.src[s.i] == '/' && s.peek(1) == '*':
			depth++
			s.i += 2
		case s.src[s.i] == '*' && s.peek(1) == '/':
			depth--
			s.i += 2
			if depth == 0 {
				return
			}
		default:
			if s.src[s.i] == '\n' {
				s.line++
			}
			s.i++
		}
	}
}

// escapes reports an E'...' string, where a backslash escapes the quote.
func (s *pgSplitter) escapes() bool {
	if s.i == 0 || (s.src[s.i-1] != 'e' && s.src[s.i-1] != 'E') {
		return false
	}
	return s.i < 2 || !isIdentChar(s.src[s.i-2])
}

// quoted consumes a string or quoted identifier; a doubled quote stands
// for itself.
func (s *pgSplitter) quoted(q byte, backslash bool) {
	s.i++
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\\' && backslash:
			s.i++
		case c == q && s.peek(1) == q:
			s.i++
		case c == q:
			s.i++
			return
		case c == '\n':
			s.line++
		}
		s.i++
	}
}

// dollarQuote consumes a $tag$...$tag$ body when one starts at s.i. A $
// inside an identifier (a$b) or before digits ($1) starts none.
func (s *pgSplitter) dollarQuote() bool {
	if s.i > 0 && isIdentChar(s.src[s.i-1]) {
		return false
	}
	j := s.i + 1
	for j < len(s.src) && s.src[j] != '$' {
		if !isIdentChar(s.src[j]) || (j == s.i+1 && s.src[j] >= '0' && s.src[j] <= '9') {
			return false
		}
		j++
	}
	if j >= len(s.src) {
		return false
	}
	tag := s.src[s.i : j+1]
	s.i = j + 1
	s.skipTo(tag, true)
	return true
}

// word consumes a keyword or identifier and tracks BEGIN ATOMIC bodies.
func (s *pgSplitter) word() {
	j := s.i
	for j < len(s.src) && isIdentChar(s.src[j]) {
		j++
	}
	w := strings.ToUpper(s.src[s.i:j])
	s.i = j
	if len(s.words) < 4 {
		s.words = append(s.words, w)
	}
	switch {
	case w == "ATOMIC" && s.prevW == "BEGIN" && s.routine():
		s.atom++
	case w == "CASE" && s.atom > 0:
		s.atom++
	case w == "END" && s.atom > 0:
		s.atom--
	}
	s.prevW = w
}

// routine reports a CREATE [OR REPLACE] FUNCTION or PROCEDURE statement.
func (s *pgSplitter) routine() bool {
	w := s.words
	if len(w) == 0 || w[0] != "CREATE" {
		return false
	}
	w = w[1:]
	if len(w) > 1 && w[0] == "OR" && w[1] == "REPLACE" {
		w = w[2:]
	}
	return len(w) > 0 && (w[0] == "FUNCTION" || w[0] == "PROCEDURE")
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}
