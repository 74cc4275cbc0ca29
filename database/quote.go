package database

import "strings"

// QuoteIdent quotes an identifier the SQL-standard way both SQLite and
// PostgreSQL accept: in double quotes, embedded double quotes doubled.
// Every package that writes a name into SQL quotes it through this one
// function.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// ASCIILower lower-cases ASCII letters only, as SQLite folds names. Unlike
// strings.ToLower it never changes the byte length (invalid UTF-8 stays as
// it is, İ or the Kelvin sign are left alone), so offsets found in its
// result index the original string.
func ASCIILower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
