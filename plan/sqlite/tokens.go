package sqlite

import (
	"strings"

	"studio/sqliteddl"
)

// norm is the canonical text of toks for comparisons: names unquoted
// and upper-cased (SQLite names and keywords ignore case), strings kept,
// single spaces. rename maps lower-case names to the name they stand for
// now (column renames), or is nil.
func norm(toks []sqliteddl.Token, rename map[string]string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch t.Kind {
		case sqliteddl.Word, sqliteddl.Quoted:
			name := t.Ident()
			if to, ok := rename[strings.ToLower(name)]; ok {
				name = to
			}
			b.WriteString(strings.ToUpper(name))
		case sqliteddl.String:
			if q := strings.IndexByte(t.Text, '\''); q > 0 { // X'..': the prefix is a word
				b.WriteString(strings.ToUpper(t.Text[:q]) + " ")
				b.WriteString(t.Text[q:])
				continue
			}
			b.WriteString(t.Text)
		default:
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

// namesIn is the set of lower-case names a statement mentions: every
// bare word and quoted identifier. Keywords come along; callers intersect
// it with object names.
func namesIn(sql string) map[string]bool {
	out := map[string]bool{}
	for _, t := range sqliteddl.Tokenize(sql) {
		if t.IsName() {
			out[strings.ToLower(t.Ident())] = true
		}
	}
	return out
}

// literal is a SQL string literal.
func literal(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}
