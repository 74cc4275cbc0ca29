package blueprint

import "strings"

// liteStatement is one statement of a SQLite file and the 1-based line
// its first token is on.
type liteStatement struct {
	sql  string
	line int
}

// splitSQLite splits SQLite SQL on the semicolons that end statements:
// not those in strings, quoted identifiers, comments, or the BEGIN ... END
// body of a CREATE TRIGGER (where CASE ... END nests). Blank and
// comment-only pieces are dropped.
func splitSQLite(src string) []liteStatement {
	s := &liteSplitter{src: src, line: 1, start: -1}
	for s.i < len(src) {
		s.step()
	}
	if s.start >= 0 {
		s.emit(len(src))
	}
	return s.out
}

// liteSplitter is the state of one split.
type liteSplitter struct {
	src   string
	i     int
	line  int
	out   []liteStatement
	start int // offset of the current statement's first token, or -1
	first int // its line
	words []string
	// trigger: the statement is CREATE [TEMP] TRIGGER; body: inside its
	// BEGIN ... END; cases: CASE expressions open inside the body.
	trigger, body bool
	cases         int
}

func (s *liteSplitter) step() {
	c := s.src[s.i]
	switch {
	case c == '\n':
		s.line++
		s.i++
	case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
		s.i++
	case strings.HasPrefix(s.src[s.i:], "--"):
		s.skipTo(s.i+2, "\n", false)
	case strings.HasPrefix(s.src[s.i:], "/*"):
		s.skipTo(s.i+2, "*/", true)
	case c == ';' && !s.body:
		if s.start >= 0 {
			s.emit(s.i)
		}
		s.i++
	default:
		s.mark()
		s.token(c)
	}
}

// token consumes one token at s.i.
func (s *liteSplitter) token(c byte) {
	switch {
	case c == '\'' || c == '"' || c == '`':
		s.quoted(c)
	case c == '[':
		s.skipTo(s.i+1, "]", true)
	case liteWordByte(c):
		j := s.i
		for j < len(s.src) && liteWordByte(s.src[j]) {
			j++
		}
		s.word(strings.ToUpper(s.src[s.i:j]))
		s.i = j
	default:
		s.i++
	}
}

// mark notes the start of a statement at its first token.
func (s *liteSplitter) mark() {
	if s.start < 0 {
		s.start, s.first = s.i, s.line
	}
}

// emit ends the current statement at end.
func (s *liteSplitter) emit(end int) {
	s.out = append(s.out, liteStatement{sql: strings.TrimSpace(s.src[s.start:end]), line: s.first})
	s.start, s.words, s.trigger, s.body, s.cases = -1, nil, false, false, 0
}

// word tracks the keywords that open and close a trigger body.
func (s *liteSplitter) word(w string) {
	if len(s.words) < 3 {
		s.words = append(s.words, w)
		s.trigger = len(s.words) >= 2 && s.words[0] == "CREATE" &&
			(s.words[1] == "TRIGGER" || (len(s.words) == 3 && (s.words[1] == "TEMP" || s.words[1] == "TEMPORARY") && s.words[2] == "TRIGGER"))
	}
	switch {
	case !s.trigger:
	case !s.body && w == "BEGIN":
		s.body = true
	case s.body && w == "CASE":
		s.cases++
	case s.body && w == "END" && s.cases > 0:
		s.cases--
	case s.body && w == "END":
		s.body = false
	}
}

// quoted consumes a quoted string or identifier; a doubled quote stands
// for itself.
func (s *liteSplitter) quoted(q byte) {
	for s.i++; s.i < len(s.src); s.i++ {
		switch s.src[s.i] {
		case '\n':
			s.line++
		case q:
			if s.i+1 < len(s.src) && s.src[s.i+1] == q {
				s.i++
				continue
			}
			s.i++
			return
		}
	}
}

// skipTo moves past the next closing marker at or after from (or to it,
// when past is false), counting lines; an unterminated comment runs to
// the end.
func (s *liteSplitter) skipTo(from int, closing string, past bool) {
	from = min(from, len(s.src))
	k := strings.Index(s.src[from:], closing)
	end := len(s.src)
	if k >= 0 {
		end = from + k
		if past {
			end += len(closing)
		}
	}
	s.line += strings.Count(s.src[s.i:end], "\n")
	s.i = end
}

func liteWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
