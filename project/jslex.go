package project

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a JavaScript token.
type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokString
	tokTemplate
	tokNumber
	tokPunct
	tokRegexp
)

// token is one JavaScript token. Strings are decoded; a template keeps
// its cooked text pieces and the tokens of each ${...} between them.
type token struct {
	kind  tokKind
	text  string // identifier, punctuator, number as written, decoded string
	off   int    // byte offset in the file
	parts []string
	exprs [][]token
	nl    bool // a line break precedes the token
}

// source is a config file's text, for turning offsets into line:col.
type source struct {
	name string // as shown to people, e.g. "drizzle.config.ts"
	text string
}

// position is a place in a config file, 1-based.
type position struct {
	Line, Col int
}

func (s *source) pos(off int) position {
	off = min(off, len(s.text))
	line := 1 + strings.Count(s.text[:off], "\n")
	start := strings.LastIndexByte(s.text[:off], '\n') + 1
	return position{Line: line, Col: 1 + utf8.RuneCountInString(s.text[start:off])}
}

// at is "file:line:col" for an offset.
func (s *source) at(off int) string {
	p := s.pos(off)
	return fmt.Sprintf("%s:%d:%d", s.name, p.Line, p.Col)
}

// syntaxError is a config file that is not even JavaScript we can lex.
type syntaxError struct {
	src *source
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.src.at(e.off) + ": " + e.msg }

// multi-character punctuators, longest first.
var puncts = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=",
	"*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**",
}

// lexer turns JavaScript or TypeScript source into tokens: comments are
// dropped, strings decoded, templates split at their ${...} holes.
type lexer struct {
	src  *source
	text string
	i    int
	base int // offset of text within the file (templates lex their holes)
}

// lex tokenizes a whole file.
func lex(src *source) ([]token, error) {
	l := &lexer{src: src, text: src.text}
	if strings.HasPrefix(l.text, "#!") {
		l.skipLine()
	}
	return l.run(false)
}

// run reads tokens to the end of text, or (inHole) to the "}" that closes
// a template's ${.
func (l *lexer) run(inHole bool) ([]token, error) {
	var out []token
	depth := 0
	nl := false
	for {
		if err := l.space(&nl); err != nil {
			return nil, err
		}
		if l.i >= len(l.text) {
			if inHole {
				return nil, l.errorf(l.i, "unterminated ${ in a template literal")
			}
			return append(out, token{kind: tokEOF, off: l.base + l.i, nl: true}), nil
		}
		c := l.text[l.i]
		if inHole && c == '}' && depth == 0 {
			l.i++
			return out, nil
		}
		t, err := l.next(out)
		if err != nil {
			return nil, err
		}
		t.nl, nl = nl, false
		if t.kind == tokPunct {
			switch t.text {
			case "{":
				depth++
			case "}":
				depth--
			}
		}
		out = append(out, t)
	}
}

// space skips white space and comments, noting line breaks.
func (l *lexer) space(nl *bool) error {
	for l.i < len(l.text) {
		switch c := l.text[l.i]; {
		case c == '\n':
			*nl = true
			l.i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.i++
		case strings.HasPrefix(l.text[l.i:], "//"):
			l.skipLine()
		case strings.HasPrefix(l.text[l.i:], "/*"):
			end := strings.Index(l.text[l.i+2:], "*/")
			if end < 0 {
				return l.errorf(l.i, "unterminated /* comment")
			}
			if strings.Contains(l.text[l.i:l.i+2+end], "\n") {
				*nl = true
			}
			l.i += end + 4
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(l.text[l.i:])
			if r != '\u00a0' && r != '\ufeff' && r != '\u2028' && r != '\u2029' {
				return nil
			}
			l.i += n
		default:
			return nil
		}
	}
	return nil
}

func (l *lexer) skipLine() {
	for l.i < len(l.text) && l.text[l.i] != '\n' {
		l.i++
	}
}

func (l *lexer) errorf(off int, format string, a ...any) error {
	return &syntaxError{src: l.src, off: l.base + off, msg: fmt.Sprintf(format, a...)}
}

// next reads the token at l.i; prev decides whether "/" starts a regexp.
func (l *lexer) next(prev []token) (token, error) {
	start := l.i
	c := l.text[l.i]
	switch {
	case c == '"' || c == '\'':
		s, err := l.quoted(c)
		return token{kind: tokString, text: s, off: l.base + start}, err
	case c == '`':
		return l.template()
	case isIdentStart(c):
		for l.i < len(l.text) && isIdentPart(l.text[l.i]) {
			l.i++
		}
		return token{kind: tokIdent, text: l.text[start:l.i], off: l.base + start}, nil
	case c >= '0' && c <= '9', c == '.' && l.i+1 < len(l.text) && l.text[l.i+1] >= '0' && l.text[l.i+1] <= '9':
		for l.i < len(l.text) && (isIdentPart(l.text[l.i]) || l.text[l.i] == '.') {
			l.i++
		}
		return token{kind: tokNumber, text: l.text[start:l.i], off: l.base + start}, nil
	case c == '/' && regexpAllowed(prev):
		return l.regexp()
	}
	for _, p := range puncts {
		if strings.HasPrefix(l.text[l.i:], p) {
			l.i += len(p)
			return token{kind: tokPunct, text: p, off: l.base + start}, nil
		}
	}
	l.i++
	return token{kind: tokPunct, text: string(c), off: l.base + start}, nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= utf8.RuneSelf
}

func isIdentPart(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

// regexpAllowed reports whether a "/" after prev starts a regular
// expression rather than a division.
func regexpAllowed(prev []token) bool {
	if len(prev) == 0 {
		return true
	}
	t := prev[len(prev)-1]
	switch t.kind {
	case tokIdent:
		switch t.text {
		case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else":
			return true
		}
		return false
	case tokNumber, tokString, tokTemplate, tokRegexp:
		return false
	}
	return t.text != ")" && t.text != "]" && t.text != "}"
}

func (l *lexer) regexp() (token, error) {
	start := l.i
	l.i++
	inClass := false
	for l.i < len(l.text) {
		c := l.text[l.i]
		switch {
		case c == '\\':
			l.i++
		case c == '\n':
			return token{}, l.errorf(start, "unterminated regular expression")
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			l.i++
			for l.i < len(l.text) && isIdentPart(l.text[l.i]) {
				l.i++
			}
			return token{kind: tokRegexp, text: l.text[start:l.i], off: l.base + start}, nil
		}
		l.i++
	}
	return token{}, l.errorf(start, "unterminated regular expression")
}

// quoted decodes a '...' or "..." string starting at l.i.
func (l *lexer) quoted(q byte) (string, error) {
	start := l.i
	l.i++
	var b strings.Builder
	for l.i < len(l.text) {
		c := l.text[l.i]
		switch {
		case c == q:
			l.i++
			return b.String(), nil
		case c == '\n':
			return "", l.errorf(start, "unterminated string")
		case c == '\\':
			if err := l.escape(&b); err != nil {
				return "", err
			}
		default:
			b.WriteByte(c)
			l.i++
		}
	}
	return "", l.errorf(start, "unterminated string")
}

// escape decodes the escape sequence at l.i (a backslash) into b.
func (l *lexer) escape(b *strings.Builder) error {
	start := l.i
	l.i++
	if l.i >= len(l.text) {
		return l.errorf(start, "unterminated string")
	}
	c := l.text[l.i]
	l.i++
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '0':
		b.WriteByte(0)
	case '\r':
		if l.i < len(l.text) && l.text[l.i] == '\n' {
			l.i++
		}
	case '\n': // line continuation
	case 'x':
		return l.hexEscape(b, start, 2)
	case 'u':
		if l.i < len(l.text) && l.text[l.i] == '{' {
			end := strings.IndexByte(l.text[l.i:], '}')
			if end < 0 {
				return l.errorf(start, "bad \\u{...} escape")
			}
			n, err := strconv.ParseUint(l.text[l.i+1:l.i+end], 16, 32)
			if err != nil {
				return l.errorf(start, "bad \\u{...} escape")
			}
			b.WriteRune(rune(n))
			l.i += end + 1
			return nil
		}
		return l.hexEscape(b, start, 4)
	default:
		b.WriteByte(c)
	}
	return nil
}

func (l *lexer) hexEscape(b *strings.Builder, start, n int) error {
	if l.i+n > len(l.text) {
		return l.errorf(start, "bad escape")
	}
	v, err := strconv.ParseUint(l.text[l.i:l.i+n], 16, 32)
	if err != nil {
		return l.errorf(start, "bad escape")
	}
	l.i += n
	b.WriteRune(rune(v))
	return nil
}

// template reads a `...` literal: cooked pieces, and the tokens of each
// ${...} lexed in place so positions stay those of the file.
func (l *lexer) template() (token, error) {
	start := l.i
	l.i++
	t := token{kind: tokTemplate, off: l.base + start}
	var b strings.Builder
	for l.i < len(l.text) {
		c := l.text[l.i]
		switch {
		case c == '`':
			l.i++
			t.parts = append(t.parts, b.String())
			return t, nil
		case c == '\\':
			if err := l.escape(&b); err != nil {
				return token{}, err
			}
		case c == '$' && l.i+1 < len(l.text) && l.text[l.i+1] == '{':
			t.parts = append(t.parts, b.String())
			b.Reset()
			l.i += 2
			hole := &lexer{src: l.src, text: l.text, i: l.i, base: l.base}
			toks, err := hole.run(true)
			if err != nil {
				return token{}, err
			}
			l.i = hole.i
			t.exprs = append(t.exprs, append(toks, token{kind: tokEOF, off: l.base + l.i - 1}))
		default:
			b.WriteByte(c)
			l.i++
		}
	}
	return token{}, l.errorf(start, "unterminated template literal")
}
