package migrations

import (
	"strings"

	"studio/sqllex"
)

// Breakpoint is the marker drizzle-kit writes between statements. Files
// are split on it and on nothing else: trigger bodies and DO $$ blocks
// hold semicolons, and real files have markers with no semicolon before
// them.
const Breakpoint = "--> statement-breakpoint"

// splitChunks cuts a file on Breakpoint, keeping every chunk (blank ones
// too, marked Empty) with its offset and line.
func splitChunks(text string) []Statement {
	var out []Statement
	offset, line := 0, 1
	for n := 1; ; n++ {
		i := strings.Index(text[offset:], Breakpoint)
		end := len(text)
		if i >= 0 {
			end = offset + i
		}
		chunk := text[offset:end]
		first := firstToken(chunk)
		if first == len(chunk) {
			first = 0
		}
		out = append(out, Statement{
			Number: n,
			Offset: offset,
			Line:   line + strings.Count(chunk[:first], "\n"),
			SQL:    chunk,
			Empty:  isBlank(chunk),
		})
		if i < 0 {
			return out
		}
		line += strings.Count(chunk, "\n") + strings.Count(Breakpoint, "\n")
		offset = end + len(Breakpoint)
	}
}

// isBlank reports whether s holds only whitespace, semicolons and SQL
// comments.
func isBlank(s string) bool { return firstToken(s) == len(s) }

// firstToken is the offset of the first token of s that is not
// whitespace, a semicolon or a comment (len(s) if none). Chunks carry no
// dialect, so comments are read the SQLite way, which does not nest.
func firstToken(s string) int {
	for i := 0; i < len(s); {
		t := sqllex.Next(s, i, sqllex.SQLite)
		if !t.Trivia() && !t.IsPunct(";") {
			return t.Start
		}
		i = t.End()
	}
	return len(s)
}

// lineAt is the 1-based line of byte offset off in text.
func lineAt(text string, off int) int {
	if off > len(text) {
		off = len(text)
	}
	return 1 + strings.Count(text[:off], "\n")
}

// lineText is the text of the 1-based line n of text, without its newline.
func lineText(text string, n int) string {
	for i := 1; i < n; i++ {
		j := strings.IndexByte(text, '\n')
		if j < 0 {
			return ""
		}
		text = text[j+1:]
	}
	if j := strings.IndexByte(text, '\n'); j >= 0 {
		text = text[:j]
	}
	return strings.TrimRight(text, "\r")
}
