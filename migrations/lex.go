package migrations

import (
	"strings"

	"studio/database"
	"studio/sqllex"
)

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

// statements splits a chunk into top-level statements with sqllex.Split,
// which skips quoted strings and identifiers, comments and PostgreSQL
// dollar quotes and keeps SQLite trigger bodies (BEGIN ... END) and
// PostgreSQL BEGIN ATOMIC bodies together. The pieces Split leaves out
// (only comments before a ';', or after the last statement) become empty
// spans, so spans tile the chunk. It only classifies; the text sent is
// never rewritten.
func statements(text string, d database.Dialect) []span {
	var out []span
	at := 0
	for _, st := range sqllex.Split(text, d) {
		out, at = emptySpans(out, text, at, st.Start, d)
		out = append(out, statementSpan(st, at))
		at = st.Stop
	}
	out, at = emptySpans(out, text, at, len(text), d)
	if at < len(text) {
		out = append(out, span{start: at, end: len(text), concurrently: -1, empty: true})
	}
	return out
}

// emptySpans appends a span for each ';' in text[at:upto], which holds
// only comments, blanks and semicolons, and returns where the next span
// starts.
func emptySpans(out []span, text string, at, upto int, d database.Dialect) ([]span, int) {
	base := at
	for _, t := range sqllex.Tokenize(text[base:upto], d) {
		if t.IsPunct(";") {
			out = append(out, span{start: at, end: base + t.End(), concurrently: -1, empty: true})
			at = base + t.End()
		}
	}
	return out, at
}

// statementSpan classifies one statement starting its span at start: its
// first words, and a CONCURRENTLY outside parentheses.
func statementSpan(st sqllex.Statement, start int) span {
	sp := span{start: start, end: st.Stop, concurrently: -1}
	paren := 0
	for _, t := range st.Tokens {
		switch {
		case t.IsPunct("("):
			paren++
		case t.IsPunct(")"):
			paren = max(0, paren-1)
		case t.Kind != sqllex.Word:
		case len(sp.words) < maxWords:
			sp.words = append(sp.words, strings.ToUpper(t.Text))
			fallthrough
		default:
			if sp.concurrently < 0 && paren == 0 && strings.EqualFold(t.Text, "CONCURRENTLY") {
				sp.concurrently = t.Start
			}
		}
	}
	return sp
}
