package review

import (
	"slices"
	"strings"
)

// ignorePrefix starts a suppression comment:
//
//	-- studio-ignore: drop-table, drop-column the table was emptied in 0041
const ignorePrefix = "studio-ignore:"

// ignore is one suppression comment: the codes it names and its reason.
type ignore struct {
	codes  []string
	reason string
}

// suppressed reports whether a suppression comment on the lines right
// above the statement starting at offset start of chunk s names code,
// with the comment's reason. Comments are read back to the previous
// statement, across a breakpoint marker into the previous chunk of the
// same file.
func (a *analyzer) suppressed(s, start int, code string) (bool, string) {
	for _, ig := range a.ignores(s, start) {
		if slices.Contains(ig.codes, code) {
			return true, ig.reason
		}
	}
	return false, ""
}

func (a *analyzer) ignores(s, start int) []ignore {
	var out []ignore
	for {
		st := a.stmts[s]
		toks := tokenize(st.SQL[:min(start, len(st.SQL))], a.dialect)
		i := len(toks) - 1
		for ; i >= 0; i-- {
			t := toks[i]
			if t.kind == tComment {
				if ig, ok := parseIgnore(t.text); ok {
					out = append(out, ig)
				}
				continue
			}
			if t.kind != tSpace {
				return out
			}
		}
		if s == 0 || a.stmts[s-1].File != st.File {
			return out
		}
		s, start = s-1, len(a.stmts[s-1].SQL)
	}
}

// parseIgnore reads `-- studio-ignore: code[, code] reason` (or the same
// in a /* */ comment).
func parseIgnore(comment string) (ignore, bool) {
	text := strings.TrimPrefix(comment, "--")
	if strings.HasPrefix(comment, "/*") {
		text = strings.TrimSuffix(strings.TrimPrefix(comment, "/*"), "*/")
	}
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(text, ignorePrefix)
	if !ok {
		return ignore{}, false
	}
	var ig ignore
	for {
		rest = strings.TrimLeft(rest, " \t")
		n := strings.IndexFunc(rest, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
		})
		if n < 0 {
			n = len(rest)
		}
		if n == 0 {
			break
		}
		ig.codes = append(ig.codes, rest[:n])
		rest = strings.TrimLeft(rest[n:], " \t")
		if !strings.HasPrefix(rest, ",") {
			break
		}
		rest = rest[1:]
	}
	ig.reason = strings.TrimSpace(rest)
	return ig, len(ig.codes) > 0
}
