package database

import "strings"

// QuoteIdent quotes an identifier the SQL-standard way both SQLite and
// PostgreSQL accept: in double quotes, embedded double quotes doubled.
// Every package that writes a name into SQL quotes it through this one
// function.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
