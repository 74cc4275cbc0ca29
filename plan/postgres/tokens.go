package postgres

import (
	"strings"

	"studio/database"
	"studio/sqllex"
)

// scanIdents calls fn for every identifier in server-printed SQL (view
// definitions, index and trigger statements, expressions) with its byte
// range and its name: bare words folded to lower case, "quoted" ones as
// written. It reads sqllex tokens, so string literals, E-strings,
// dollar-quoted bodies and comments name nothing.
func scanIdents(src string, fn func(start, end int, name string)) {
	for _, t := range sqllex.Tokenize(src, sqllex.Postgres) {
		switch {
		case t.Kind == sqllex.Word:
			fn(t.Start, t.End(), strings.ToLower(t.Text))
		case t.Kind == sqllex.Quoted && t.Text[0] == '"':
			fn(t.Start, t.End(), t.Ident())
		}
	}
}

// wordByte reports bytes that continue a bare word, so a match of
// 'v'::type is not the start of a longer type name.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 || c >= '0' && c <= '9' || c == '$'
}

// mentions reports whether src names any of names as an identifier.
func mentions(src string, names ...string) bool {
	found := false
	scanIdents(src, func(_, _ int, name string) {
		for _, n := range names {
			if name == n {
				found = true
			}
		}
	})
	return found
}

// renameIdent replaces the identifier old by new in src, spelling new
// as the server would (bare when it is a plain lower-case name).
func renameIdent(src, old, new string) string {
	var b strings.Builder
	last := 0
	scanIdents(src, func(start, end int, name string) {
		if name != old {
			return
		}
		b.WriteString(src[last:start])
		b.WriteString(printedIdent(new))
		last = end
	})
	if last == 0 {
		return src
	}
	b.WriteString(src[last:])
	return b.String()
}

// printedIdent spells a name as the server prints it, keywords aside.
func printedIdent(name string) string {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			return database.QuoteIdent(name)
		}
	}
	if name == "" {
		return database.QuoteIdent(name)
	}
	return name
}
