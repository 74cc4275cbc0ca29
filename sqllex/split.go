package sqllex

import "strings"

// Statement is one statement of a script.
type Statement struct {
	// SQL runs from the statement's first significant token to its
	// terminating semicolon (excluded) or the end of the script, trailing
	// whitespace trimmed; comments inside or after its last token stay.
	SQL string
	// Start is the byte offset of SQL in the script.
	Start int
	// Line is the 1-based line SQL starts on.
	Line int
	// Stop is the offset just past the terminating semicolon, or the
	// length of the script for a last statement without one.
	Stop int
	// Tokens are the statement's significant tokens (no whitespace,
	// comments or terminating semicolon), offsets relative to the script.
	Tokens []Token
}

// Split cuts a script into statements at top-level semicolons: not those
// inside strings, quoted identifiers, comments or dollar-quoted bodies, nor
// those inside the body of a CREATE TRIGGER (SQLite BEGIN ... END) or of a
// routine (PostgreSQL BEGIN ATOMIC ... END), where CASE ... END nests.
// Pieces holding nothing but whitespace, comments and semicolons are left
// out; every other byte of src is in exactly one statement's SQL or its
// trailing whitespace and separator.
func Split(src string, d Dialect) []Statement {
	toks := Tokenize(src, d)
	sig := Significant(toks) // statements' Tokens are sub-slices of one array
	var (
		out    []Statement
		start  int  // index in sig of the current statement's first token
		depth  int  // BEGIN/CASE ... END nesting inside a body
		body   bool // the statement may hold a body
		line   = 1  // line of lineAt
		lineAt int
	)
	emit := func(end, cut, stop int) {
		if end <= start {
			return
		}
		first := sig[start]
		line += strings.Count(src[lineAt:first.Start], "\n")
		lineAt = first.Start
		out = append(out, Statement{SQL: strings.TrimRight(src[first.Start:cut], " \t\n\r\f\v"), Start: first.Start, Line: line,
			Stop: stop, Tokens: sig[start:end:end]})
	}
	for i, t := range sig {
		if t.IsPunct(";") && depth == 0 {
			emit(i, t.Start, t.End())
			start, body = i+1, false
			continue
		}
		if i-start < 6 && !body {
			body = opensBody(sig[start : i+1])
		}
		if body && t.Kind == Word && i > start {
			switch strings.ToUpper(t.Text) {
			case "BEGIN", "CASE":
				depth++
			case "END":
				if depth > 0 {
					depth--
				}
			}
		}
	}
	emit(len(sig), len(src), len(src))
	return out
}

// opensBody reports whether a statement's first words start one whose body
// may hold semicolons: CREATE [OR REPLACE] [TEMP|TEMPORARY] [CONSTRAINT]
// TRIGGER, FUNCTION or PROCEDURE.
func opensBody(cur []Token) bool {
	if !cur[0].Is("CREATE") {
		return false
	}
	for _, t := range cur[1:] {
		switch {
		case t.Is("TRIGGER") || t.Is("FUNCTION") || t.Is("PROCEDURE"):
			return true
		case t.Is("OR") || t.Is("REPLACE") || t.Is("TEMP") || t.Is("TEMPORARY") || t.Is("CONSTRAINT"):
		default:
			return false
		}
	}
	return false
}
