package project

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// glob is one tablesFilter or schemaFilter pattern compiled the way
// minimatch 7 (the matcher drizzle-kit bundles) reads it, with default
// options: leading "!" negates (each one flips), a leading "#" is a
// comment that matches nothing, braces expand, *, ?, [...] classes
// (POSIX ones too) and the extglobs @(), ?(), +() and *() work, and
// magic never matches a name starting with "." unless the pattern does.
type glob struct {
	pattern string
	negate  bool
	comment bool
	set     [][]segment // brace alternatives, each split on "/"
}

// segment matches one path part: a literal, "**", or a regexp.
type segment struct {
	literal  string
	globstar bool
	re       *regexp.Regexp
	noDot    bool // the name must not start with "."
}

// errGlob is a pattern studio cannot match exactly as minimatch does.
var errGlob = errors.New("pattern not supported")

func compileGlob(pattern string) (*glob, error) {
	g := &glob{pattern: pattern}
	if strings.HasPrefix(pattern, "#") {
		g.comment = true
		return g, nil
	}
	if pattern == "" {
		return g, nil
	}
	p := pattern
	for strings.HasPrefix(p, "!") {
		g.negate = !g.negate
		p = p[1:]
	}
	for _, alt := range braceExpand(p) {
		var segs []segment
		for _, part := range strings.Split(alt, "/") {
			s, err := compileSegment(part)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", pattern, err)
			}
			segs = append(segs, s)
		}
		g.set = append(g.set, segs)
	}
	return g, nil
}

// match is minimatch's match(): a negated pattern matches what its
// pattern does not.
func (g *glob) match(name string) bool {
	if g.comment {
		return false
	}
	if g.pattern == "" {
		return name == ""
	}
	parts := strings.Split(name, "/")
	for _, segs := range g.set {
		if matchSegments(parts, segs) {
			return !g.negate
		}
	}
	return g.negate
}

func matchSegments(parts []string, segs []segment) bool {
	if len(segs) == 0 {
		return len(parts) == 0
	}
	if !segs[0].globstar {
		return len(parts) > 0 && segs[0].matches(parts[0]) && matchSegments(parts[1:], segs[1:])
	}
	// minimatch's globstar: it needs a part to stand on, and swallows
	// only parts that do not start with ".".
	if len(parts) == 0 {
		return false
	}
	for k := 0; k <= len(parts); k++ {
		if k > 0 && strings.HasPrefix(parts[k-1], ".") {
			return false
		}
		if len(segs) == 1 {
			if k == len(parts) {
				return true
			}
			continue
		}
		if matchSegments(parts[k:], segs[1:]) {
			return true
		}
	}
	return false
}

func (s segment) matches(part string) bool {
	if s.re == nil {
		return part == s.literal
	}
	if part == "" || (s.noDot && strings.HasPrefix(part, ".")) {
		return false
	}
	return s.re.MatchString(part)
}

// compileSegment is minimatch's parse() for one path part, without its
// lookaheads: "(?=.)" (never empty) and "(?!\.)" (no leading dot) are
// checked in matches instead.
func compileSegment(pat string) (segment, error) {
	if pat == "**" {
		return segment{globstar: true}, nil
	}
	var re strings.Builder
	magic := false
	closes := extglobCloses(pat)
	var stack []byte
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case c == '\\':
			if i+1 < len(pat) {
				i++
				re.WriteString(regexp.QuoteMeta(pat[i : i+1]))
			} else {
				re.WriteString(`\\`)
			}
		case strings.IndexByte("?*+@!", c) >= 0 && i+1 < len(pat) && pat[i+1] == '(' && closes[i+1]:
			if c == '!' {
				return segment{}, fmt.Errorf("%w: !(...) extglobs; use a leading ! to exclude", errGlob)
			}
			stack = append(stack, c)
			re.WriteString("(?:")
			magic = true
			i++
		case c == '|' && len(stack) > 0:
			re.WriteByte('|')
		case c == ')' && len(stack) > 0:
			re.WriteString(map[byte]string{'?': ")?", '*': ")*", '+': ")+", '@': ")"}[stack[len(stack)-1]])
			stack = stack[:len(stack)-1]
		case c == '*':
			for i+1 < len(pat) && pat[i+1] == '*' && !(i+2 < len(pat) && pat[i+2] == '(' && closes[i+2]) {
				i++
			}
			re.WriteString(`[^/]*?`)
			magic = true
		case c == '?':
			re.WriteString(`[^/]`)
			magic = true
		case c == '[':
			src, n, isMagic := parseClass(pat, i)
			if n == 0 {
				re.WriteString(`\[`)
				continue
			}
			re.WriteString(src)
			magic = magic || isMagic
			i += n - 1
		default:
			re.WriteString(regexp.QuoteMeta(pat[i : i+1]))
		}
	}
	if !magic {
		return segment{literal: globUnescape(re.String())}, nil
	}
	compiled, err := regexp.Compile(`^(?:` + re.String() + `)$`)
	if err != nil {
		return segment{}, fmt.Errorf("%w: %v", errGlob, err)
	}
	return segment{re: compiled, noDot: !strings.HasPrefix(pat, ".")}, nil
}

// extglobCloses marks the "(" of extglobs that have a closing ")":
// minimatch reads an unclosed one as literal text.
func extglobCloses(pat string) map[int]bool {
	out := map[int]bool{}
	var open []int
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '(':
			if i > 0 && strings.IndexByte("?*+@!", pat[i-1]) >= 0 {
				open = append(open, i)
			} else {
				open = append(open, -1)
			}
		case ')':
			if len(open) > 0 {
				if o := open[len(open)-1]; o >= 0 {
					out[o] = true
				}
				open = open[:len(open)-1]
			}
		}
	}
	return out
}

func globUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// posixClasses are minimatch's [:name:] classes.
var posixClasses = map[string]string{
	"[:alnum:]": `\p{L}\p{Nl}\p{Nd}`, "[:alpha:]": `\p{L}\p{Nl}`, "[:ascii:]": `\x00-\x7f`,
	"[:blank:]": `\p{Zs}\t`, "[:cntrl:]": `\p{Cc}`, "[:digit:]": `\p{Nd}`, "[:lower:]": `\p{Ll}`,
	"[:print:]": `\p{C}`, "[:punct:]": `\p{P}`, "[:space:]": `\p{Z}\t\r\n\v\f`, "[:upper:]": `\p{Lu}`,
	"[:word:]": `\p{L}\p{Nl}\p{Nd}\p{Pc}`, "[:xdigit:]": `A-Fa-f0-9`,
}

// parseClass is minimatch's parseClass: the regexp for the [...] at pos,
// how many bytes it spans (0 when it is not a class) and whether it is
// magic.
func parseClass(glob string, pos int) (string, int, bool) {
	var ranges []string
	negate, sawStart, escaping := false, false, false
	rangeStart := ""
	i, end := pos+1, pos
	esc := func(s string) string { return regexp.QuoteMeta(s) }
loop:
	for i < len(glob) {
		_, w := utf8.DecodeRuneInString(glob[i:])
		c := glob[i : i+w]
		if (c == "!" || c == "^") && i == pos+1 {
			negate = true
			i++
			continue
		}
		if c == "]" && sawStart && !escaping {
			end = i + 1
			break
		}
		sawStart = true
		if c == `\` && !escaping {
			escaping = true
			i++
			continue
		}
		if c == "[" && !escaping {
			for cls, src := range posixClasses {
				if strings.HasPrefix(glob[i:], cls) {
					if rangeStart != "" {
						return `$.^`, len(glob) - pos, true
					}
					i += len(cls)
					ranges = append(ranges, src)
					continue loop
				}
			}
		}
		escaping = false
		switch {
		case rangeStart != "":
			if c > rangeStart {
				ranges = append(ranges, esc(rangeStart)+"-"+esc(c))
			} else if c == rangeStart {
				ranges = append(ranges, esc(c))
			}
			rangeStart = ""
			i += w
		case strings.HasPrefix(glob[i+w:], "-]"):
			ranges = append(ranges, esc(c), `\-`)
			i += w + 1
		case strings.HasPrefix(glob[i+w:], "-"):
			rangeStart = c
			i += w + 1
		default:
			ranges = append(ranges, esc(c))
			i += w
		}
	}
	if end < i {
		return "", 0, false
	}
	if len(ranges) == 0 {
		return `$.^`, len(glob) - pos, true
	}
	if r := ranges[0]; len(ranges) == 1 && !negate && (utf8.RuneCountInString(r) == 1 || (len(r) == 2 && r[0] == '\\')) {
		return ranges[0], end - pos, false
	}
	neg := ""
	if negate {
		neg = "^"
	}
	return "[" + neg + strings.Join(ranges, "") + "]", end - pos, true
}

// braceExpand is brace-expansion 2 as minimatch uses it: {a,b},
// {1..3}, {a..c}, {1..10..2}, nested; a brace without a comma or range
// stays literal.
func braceExpand(s string) []string {
	open, close, parts, ok := firstBrace(s)
	if !ok {
		return []string{s}
	}
	pre, post := s[:open], s[close+1:]
	var alts []string
	if len(parts) == 1 {
		seq, isSeq := sequence(parts[0])
		if !isSeq {
			var out []string
			for _, rest := range braceExpand(post) {
				out = append(out, pre+"{"+parts[0]+"}"+rest)
			}
			return out
		}
		alts = seq
	} else {
		for _, p := range parts {
			alts = append(alts, braceExpand(p)...)
		}
	}
	var out []string
	for _, a := range alts {
		for _, rest := range braceExpand(post) {
			out = append(out, pre+a+rest)
		}
	}
	return out
}

// firstBrace finds the first balanced {...} and splits its inside on
// top-level commas.
func firstBrace(s string) (open, close int, parts []string, ok bool) {
	open = -1
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			if depth == 0 {
				open, last = i, i+1
				parts = nil
			}
			depth++
		case ',':
			if depth == 1 {
				parts = append(parts, s[last:i])
				last = i + 1
			}
		case '}':
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 {
				return open, i, append(parts, s[last:i]), true
			}
		}
	}
	return 0, 0, nil, false
}

var seqRE = regexp.MustCompile(`^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$`)

// sequence expands "1..3", "a..c" and "1..10..2".
func sequence(s string) ([]string, bool) {
	m := seqRE.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	step := 1
	if m[3] != "" {
		step, _ = strconv.Atoi(m[3])
		if step < 0 {
			step = -step
		}
		if step == 0 {
			step = 1
		}
	}
	a, aErr := strconv.Atoi(m[1])
	b, bErr := strconv.Atoi(m[2])
	letters := aErr != nil || bErr != nil
	if letters {
		if len(m[1]) != 1 || len(m[2]) != 1 {
			return nil, false
		}
		a, b = int(m[1][0]), int(m[2][0])
	}
	width := 0
	if !letters && (hasLeadingZero(m[1]) || hasLeadingZero(m[2])) {
		width = max(len(m[1]), len(m[2]))
	}
	var out []string
	for k := a; ; {
		if letters {
			out = append(out, string(rune(k)))
		} else {
			out = append(out, padNumber(k, width))
		}
		if k == b || len(out) > 10000 {
			break
		}
		if a < b {
			k += step
			if k > b {
				break
			}
		} else {
			k -= step
			if k < b {
				break
			}
		}
	}
	return out, true
}

func hasLeadingZero(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return len(s) > 1 && s[0] == '0'
}

func padNumber(n, width int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + strings.Repeat("0", max(0, width-len(s))) + s[1:]
	}
	return strings.Repeat("0", max(0, width-len(s))) + s
}
