package review

import (
	"strings"

	"studio/database"
)

// Token kinds returned by Highlight; templates render them as
// <span class="sql-KIND">.
const (
	TokenKeyword = "keyword"
	TokenIdent   = "ident"
	TokenString  = "string"
	TokenNumber  = "number"
	TokenComment = "comment"
	TokenPunct   = "punct"
	TokenSpace   = "space"
	TokenOther   = "other"
)

// Token is one piece of highlighted SQL.
type Token struct {
	Kind string // one of the Token* constants
	Text string
}

// Highlight splits sql into tokens for display. Concatenating the tokens'
// Text gives back sql byte for byte, whatever the input (unterminated
// strings and comments run to the end). It lexes with PostgreSQL's rules
// (nested block comments, $tag$ strings), which also covers the SQL
// Drizzle writes for SQLite.
func Highlight(sql string) []Token {
	toks := tokenize(sql, database.Postgres)
	out := make([]Token, len(toks))
	for i, t := range toks {
		out[i] = Token{Kind: displayKind(t), Text: t.text}
	}
	return out
}

func displayKind(t token) string {
	switch t.kind {
	case tSpace:
		return TokenSpace
	case tComment:
		return TokenComment
	case tWord:
		if _, ok := keywords[strings.ToUpper(t.text)]; ok {
			return TokenKeyword
		}
		return TokenIdent
	case tQuoted:
		return TokenIdent
	case tString, tDollar:
		return TokenString
	case tNumber:
		return TokenNumber
	case tPunct:
		return TokenPunct
	}
	return TokenOther
}

// keywords are the words highlighted as keywords: the statements and
// clauses of DDL and DML that migrations use. Type names stay identifiers.
var keywords = func() map[string]struct{} {
	const list = `ACTION ADD AFTER ALL ALTER ALWAYS AND ANY AS ASC ATOMIC AUTOINCREMENT
BEFORE BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONCURRENTLY
CONFLICT CONSTRAINT CREATE CROSS CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
DATA DEFAULT DEFERRABLE DEFERRED DELETE DESC DISTINCT DO DROP EACH ELSE END ENUM
ESCAPE EXCEPT EXCEPTION EXCLUDE EXECUTE EXISTS EXTENSION FALSE FOR FOREIGN FROM
FULL FUNCTION GENERATED GRANT GROUP HAVING IDENTITY IF IGNORE ILIKE IMMEDIATE IN
INDEX INHERITS INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY
LANGUAGE LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL
NULLS OF OFFSET ON ONLY OR ORDER OUTER OVER OWNED OWNER PARTITION PLACING POLICY
PRAGMA PRIMARY PROCEDURE RAISE RECURSIVE REFERENCES REINDEX RENAME REPLACE
RESTRICT RETURNING RETURNS REVOKE RIGHT ROLLBACK ROW ROWID SCHEMA SECURITY
SELECT SEQUENCE SET STORED STRICT TABLE TEMP TEMPORARY THEN TO TRANSACTION
TRIGGER TRUE TRUNCATE TYPE UNION UNIQUE UNLOGGED UPDATE USING VACUUM VALID
VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT`
	m := map[string]struct{}{}
	for _, w := range strings.Fields(list) {
		m[w] = struct{}{}
	}
	return m
}()
