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
// routine (PostgreSQL BEGIN ATOMIC ... END), where CASE ... END nests. In
// PostgreSQL, as in psql, a semicolon inside parentheses does not end a
// statement either (CREATE RULE ... DO (INSERT ...; INSERT ...)); SQLite
// has no such statement and ends at any top-level semicolon.
// Pieces holding nothing but whitespace, comments and semicolons are left
// out, so the bytes of src outside every statement's SQL are whitespace,
// comments and semicolons only; statements come in order and never overlap.
func Split(src string, d Dialect) []Statement {
	sp := splitter{src: src, postgres: d == Postgres, line: 1}
	sp.sig = significant(src, d) // statements' Tokens are sub-slices of one array
	for i, t := range sp.sig {
		if sp.ends(i, t) {
			sp.emit(i, t.Start, t.End())
			sp.start, sp.body = i+1, false
		}
	}
	sp.emit(len(sp.sig), len(src), len(src))
	return sp.out
}

// significant lexes src keeping only the tokens that are not Trivia.
func significant(src string, d Dialect) []Token {
	lx := lexer{src: src, sqlite: d == SQLite}
	var sig []Token
	for i := 0; i < len(src); {
		k, n := lx.next(i)
		if k != Space && k != Comment {
			sig = append(sig, Token{Kind: k, Start: i, Text: src[i : i+n]})
		}
		i += n
	}
	return sig
}

// splitter is the state of one Split.
type splitter struct {
	src      string
	postgres bool // d == Postgres, compared once
	sig      []Token
	out      []Statement
	start    int  // index in sig of the current statement's first token
	depth    int  // BEGIN/CASE ... END nesting inside a body
	paren    int  // open parentheses (PostgreSQL only)
	body     bool // the statement may hold a body
	line     int  // line of lineAt
	lineAt   int
}

// ends reports whether sig[i] is a semicolon ending the current
// statement, tracking parentheses and bodies on the way.
func (sp *splitter) ends(i int, t Token) bool {
	switch {
	case sp.postgres && t.IsPunct("("):
		sp.paren++
	case sp.postgres && t.IsPunct(")"):
		sp.paren = max(0, sp.paren-1)
	case t.IsPunct(";"):
		return sp.depth == 0 && sp.paren == 0
	}
	if i-sp.start < 6 && !sp.body {
		sp.body = opensBody(sp.sig[sp.start : i+1])
	}
	if sp.body && t.Kind == Word && i > sp.start {
		switch strings.ToUpper(t.Text) {
		case "BEGIN", "CASE":
			sp.depth++
		case "END":
			sp.depth = max(0, sp.depth-1)
		}
	}
	return false
}

// emit appends the statement of sig[start:end], whose text is cut at cut
// and whose separator ends at stop, unless it holds no token.
func (sp *splitter) emit(end, cut, stop int) {
	if end <= sp.start {
		return
	}
	first := sp.sig[sp.start]
	sp.line += strings.Count(sp.src[sp.lineAt:first.Start], "\n")
	sp.lineAt = first.Start
	sp.out = append(sp.out, Statement{SQL: strings.TrimRight(sp.src[first.Start:cut], " \t\n\r\f\v"),
		Start: first.Start, Line: sp.line, Stop: stop, Tokens: sp.sig[sp.start:end:end]})
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
