package database

import (
	"errors"
	"fmt"
	"strings"
)

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

// ErrNUL is SQL text holding a NUL byte: binary data, not SQL. SQLite
// reads a statement only up to its first NUL and runs that part without
// an error; PostgreSQL refuses the text.
var ErrNUL = errors.New("holds a NUL byte")

// NULError is ErrNUL with the line of the first NUL byte.
type NULError struct{ Line int }

func (e *NULError) Error() string {
	return fmt.Sprintf("%v at line %d: binary data, not SQL (SQLite would silently ignore everything after it)", ErrNUL, e.Line)
}

// Is makes errors.Is(err, ErrNUL) true.
func (e *NULError) Is(target error) bool { return target == ErrNUL }

// CheckNUL returns a *NULError when text holds a NUL byte, else nil.
// Everything that hands a user's SQL file to SQLite checks it first.
func CheckNUL(text string) error {
	i := strings.IndexByte(text, 0)
	if i < 0 {
		return nil
	}
	return &NULError{Line: 1 + strings.Count(text[:i], "\n")}
}
