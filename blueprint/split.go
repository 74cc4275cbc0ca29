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
	// Unmodelled is set for statements that change who owns an object or
	// may use it (ALTER ... OWNER TO, GRANT, REVOKE, ALTER DEFAULT
	// PRIVILEGES), as pg_dump writes them: ownership and privileges are
	// not part of the schema push compares, and the roles they name need
	// not exist where the scratch database runs, so they are not run.
	Unmodelled bool
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
		out = append(out, pgStatement{SQL: st.SQL, Line: st.Line, Words: words, Unmodelled: pgUnmodelled(words, st.Tokens)})
	}
	return out
}

// pgUnmodelled reports an ownership or privilege statement: GRANT,
// REVOKE, ALTER DEFAULT PRIVILEGES, or ALTER ... OWNER TO role.
func pgUnmodelled(words []string, toks []sqllex.Token) bool {
	if len(words) == 0 {
		return false
	}
	switch words[0] {
	case "GRANT", "REVOKE":
		return true
	case "ALTER":
	default:
		return false
	}
	if len(words) > 2 && words[1] == "DEFAULT" && words[2] == "PRIVILEGES" {
		return true
	}
	var tail []string // the last three significant tokens, upper-cased words
	for i := len(toks) - 1; i >= 0 && len(tail) < 3; i-- {
		if !toks[i].Trivia() {
			tail = append(tail, strings.ToUpper(toks[i].Text))
		}
	}
	return len(tail) == 3 && tail[2] == "OWNER" && tail[1] == "TO"
}
