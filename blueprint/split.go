package blueprint

import (
	"strings"

	"studio/sqllex"
)

// liteStatement is one statement of a SQLite file and the 1-based line
// its first token is on.
type liteStatement struct {
	sql  string
	line int
}

// splitSQLite splits SQLite SQL into statements with sqllex.Split:
// semicolons in strings, identifiers, comments and trigger bodies do not
// end one, and blank or comment-only pieces are dropped.
func splitSQLite(src string) []liteStatement {
	var out []liteStatement
	for _, st := range sqllex.Split(src, sqllex.SQLite) {
		out = append(out, liteStatement{sql: st.SQL, line: st.Line})
	}
	return out
}

// pgStatement is one statement of a desired-schema file.
type pgStatement struct {
	// SQL is the statement from its first token to its end, without the
	// terminating semicolon.
	SQL string
	// Line is the 1-based line of the statement's first token.
	Line int
	// Words are the statement's first few keywords, upper-cased, for
	// recognising transaction control.
	Words []string
}

// splitPG splits PostgreSQL source into statements with sqllex.Split,
// which knows what can hide a semicolon (comments, strings, $tag$ bodies,
// BEGIN ATOMIC bodies). Blank or comment-only pieces are dropped.
func splitPG(src string) []pgStatement {
	var out []pgStatement
	for _, st := range sqllex.Split(src, sqllex.Postgres) {
		var words []string
		for _, t := range st.Tokens {
			if len(words) == 4 {
				break
			}
			if t.Kind == sqllex.Word {
				words = append(words, strings.ToUpper(t.Text))
			}
		}
		out = append(out, pgStatement{SQL: st.SQL, Line: st.Line, Words: words})
	}
	return out
}
