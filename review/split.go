package review

import (
	"strings"

	"studio/database"
	"studio/sqllex"
)

// splitStatements splits sql into statements with sqllex.Split (top-level
// semicolons, trigger and BEGIN ATOMIC bodies kept whole) and returns each
// statement's significant tokens, offsets relative to sql.
func splitStatements(sql string, d database.Dialect) [][]token {
	sts := sqllex.Split(sql, d)
	out := make([][]token, len(sts))
	for i, st := range sts {
		out[i] = fromLex(st.Tokens)
	}
	return out
}

func isWord(t token, w string) bool {
	return t.kind == tWord && strings.EqualFold(t.text, w)
}

func isPunct(t token, p string) bool {
	return t.kind == tPunct && t.text == p
}

// cursor walks the significant tokens of one statement.
type cursor struct {
	toks []token
	i    int
}

func (c *cursor) done() bool { return c.i >= len(c.toks) }

// peek returns the token k places ahead, or a zero token past the end.
func (c *cursor) peek(k int) token {
	if c.i+k < len(c.toks) {
		return c.toks[c.i+k]
	}
	return token{kind: tOther, off: c.end()}
}

// end is the offset just past the statement's last token.
func (c *cursor) end() int {
	if len(c.toks) == 0 {
		return 0
	}
	t := c.toks[len(c.toks)-1]
	return t.off + len(t.text)
}

func (c *cursor) is(w string) bool { return isWord(c.peek(0), w) }

// accept consumes the words ws if they all come next, in order.
func (c *cursor) accept(ws ...string) bool {
	for k, w := range ws {
		if !isWord(c.peek(k), w) {
			return false
		}
	}
	c.i += len(ws)
	return true
}

// acceptPunct consumes p if it comes next.
func (c *cursor) acceptPunct(p string) bool {
	if isPunct(c.peek(0), p) {
		c.i++
		return true
	}
	return false
}

// skipGroup skips a parenthesised group if one comes next.
func (c *cursor) skipGroup() {
	if !isPunct(c.peek(0), "(") {
		return
	}
	depth := 0
	for ; !c.done(); c.i++ {
		t := c.toks[c.i]
		switch {
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			depth--
			if depth == 0 {
				c.i++
				return
			}
		}
	}
}

// group returns the tokens inside the parenthesised group that comes next
// (without the parentheses) and consumes it; nil when none comes next.
func (c *cursor) group() []token {
	if !isPunct(c.peek(0), "(") {
		return nil
	}
	start := c.i + 1
	c.skipGroup()
	end := c.i - 1
	if end < start || !isPunct(c.toks[end], ")") {
		end = c.i
	}
	return c.toks[start:end]
}

// splitTop splits toks at top-level (depth 0) occurrences of the punct p.
func splitTop(toks []token, p string) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case isPunct(t, "(") || isPunct(t, "["):
			depth++
		case isPunct(t, ")") || isPunct(t, "]"):
			depth--
		case depth == 0 && isPunct(t, p):
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	return append(out, toks[start:])
}

// findTop returns the index of the first top-level word among ws in toks,
// or -1.
func findTop(toks []token, ws ...string) int {
	depth := 0
	for i, t := range toks {
		switch {
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			depth--
		case depth == 0 && t.kind == tWord:
			for _, w := range ws {
				if strings.EqualFold(t.text, w) {
					return i
				}
			}
		}
	}
	return -1
}
