package plan

import (
	"strings"

	"studio/database"
)

// pgScanIdents calls fn for every identifier in server-printed SQL (view
// definitions, index and trigger statements, expressions) with its byte
// range and its name: bare words folded to lower case, quoted ones as
// written. String literals, E-strings and dollar-quoted bodies are
// skipped, so a 'users' literal names nothing.
func pgScanIdents(src string, fn func(start, end int, name string)) {
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\'':
			i = pgSkipQuoted(src, i, '\'')
		case c == '"':
			end := pgSkipQuoted(src, i, '"')
			fn(i, end, strings.ReplaceAll(src[i+1:max(i+1, end-1)], `""`, `"`))
			i = end
		case c == '$' && (i == 0 || !pgWordByte(src[i-1])):
			i = pgSkipDollar(src, i)
		case pgWordStart(c):
			j := i
			for j < len(src) && pgWordByte(src[j]) {
				j++
			}
			if j < len(src) && src[j] == '\'' && j-i == 1 && (c == 'E' || c == 'e') {
				i = pgSkipEString(src, j)
				continue
			}
			fn(i, j, strings.ToLower(src[i:j]))
			i = j
		default:
			i++
		}
	}
}

func pgWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func pgWordByte(c byte) bool {
	return pgWordStart(c) || c >= '0' && c <= '9' || c == '$'
}

// pgSkipQuoted returns the offset just past the quoted token at i; a
// doubled quote stands for itself.
func pgSkipQuoted(src string, i int, q byte) int {
	for j := i + 1; j < len(src); j++ {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(src)
}

func pgSkipEString(src string, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\\':
			j++
		case src[j] == '\'' && j+1 < len(src) && src[j+1] == '\'':
			j++
		case src[j] == '\'':
			return j + 1
		}
	}
	return len(src)
}

// pgSkipDollar skips a $tag$...$tag$ body at i, or just the $ of a
// parameter ($1).
func pgSkipDollar(src string, i int) int {
	j := i + 1
	for j < len(src) && src[j] != '$' && pgWordByte(src[j]) {
		j++
	}
	if j >= len(src) || src[j] != '$' || (j > i+1 && src[i+1] >= '0' && src[i+1] <= '9') {
		return i + 1
	}
	tag := src[i : j+1]
	if k := strings.Index(src[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(src)
}

// pgMentions reports whether src names any of names as an identifier.
func pgMentions(src string, names ...string) bool {
	found := false
	pgScanIdents(src, func(_, _ int, name string) {
		for _, n := range names {
			if name == n {
				found = true
			}
		}
	})
	return found
}

// pgRenameIdent replaces the identifier old by new in src, spelling new
// as the server would (bare when it is a plain lower-case name).
func pgRenameIdent(src, old, new string) string {
	var b strings.Builder
	last := 0
	pgScanIdents(src, func(start, end int, name string) {
		if name != old {
			return
		}
		b.WriteString(src[last:start])
		b.WriteString(pgPrintedIdent(new))
		last = end
	})
	if last == 0 {
		return src
	}
	b.WriteString(src[last:])
	return b.String()
}

// pgPrintedIdent spells a name as the server prints it, keywords aside.
func pgPrintedIdent(name string) string {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			return database.QuoteIdent(name)
		}
	}
	if name == "" {
		return database.QuoteIdent(name)
	}
	return name
}
