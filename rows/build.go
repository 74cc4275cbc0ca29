package rows

import (
	"strconv"
	"strings"

	"studio/database"
)

func quote(name string) string { return database.QuoteIdent(name) }

// builder writes one parameterised statement for a dialect.
type builder struct {
	strings.Builder
	args []any
	pg   bool
}

func newBuilder(dialect database.Dialect) *builder { return &builder{pg: dialect == database.Postgres} }

// arg adds a parameter and writes its placeholder.
func (b *builder) arg(v any) {
	b.args = append(b.args, v)
	if b.pg {
		b.WriteString("$" + strconv.Itoa(len(b.args)))
		return
	}
	b.WriteString("?")
}

// keyAlias is the name the pseudo key column is selected as.
const keyAlias = "__studio_key"

// selectList writes the columns of t. SQLite date-typed columns are
// selected as +col: the driver would parse them into time.Time and print
// them differently from what is stored.
func (b *builder) selectList(t *Table) {
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if !b.pg && dateDecl(c.Type) {
			b.WriteString("+" + quote(c.Name) + " AS " + quote(c.Name))
			continue
		}
		b.WriteString(quote(c.Name))
	}
	if t.Pseudo {
		if len(t.Columns) > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.Key[0] + " AS " + keyAlias)
	}
}

func dateDecl(typ string) bool {
	switch strings.ToUpper(strings.TrimSpace(typ)) {
	case "DATE", "DATETIME", "TIME", "TIMESTAMP":
		return true
	}
	return false
}

// keyExpr is the key's SQL: pseudo columns unquoted, others quoted.
func (t *Table) keyExprs() []string {
	if t.Pseudo {
		return []string{t.Key[0]}
	}
	out := make([]string, len(t.Key))
	for i, k := range t.Key {
		out[i] = quote(k)
	}
	return out
}

// where writes the filters AND-ed, after "WHERE" or "AND" as needed.
func (b *builder) where(t *Table, fs []Filter) {
	for i, f := range fs {
		if i == 0 {
			b.WriteString(" WHERE ")
		} else {
			b.WriteString(" AND ")
		}
		b.filter(t, f)
	}
}

func (b *builder) filter(t *Table, f Filter) {
	c := t.Column(f.Column)
	col := quote(f.Column)
	text := col
	if b.pg && c.Kind != KindText {
		text = col + "::text"
	}
	switch f.Op {
	case OpNull:
		b.WriteString(col + " IS NULL")
	case OpNotNull:
		b.WriteString(col + " IS NOT NULL")
	case OpContains, OpStarts:
		pat := escapeLike(f.Value) + "%"
		if f.Op == OpContains {
			pat = "%" + pat
		}
		b.WriteString(text + b.ilike())
		b.arg(pat)
		b.WriteString(` ESCAPE '\'`)
	case OpLike:
		b.WriteString(text + " LIKE ")
		b.arg(f.Value)
	case OpILike:
		b.WriteString(text + b.ilike())
		b.arg(f.Value)
	case OpIn:
		b.WriteString(col + " IN (")
		for i, v := range splitList(f.Value) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.arg(b.typed(c, v))
		}
		b.WriteString(")")
	default:
		b.WriteString(col + " " + compare[f.Op] + " ")
		b.arg(b.typed(c, f.Value))
	}
}

var compare = map[Op]string{OpEq: "=", OpNe: "<>", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">="}

// ilike is case-insensitive LIKE: SQLite's LIKE already is (for ASCII).
func (b *builder) ilike() string {
	if b.pg {
		return " ILIKE "
	}
	return " LIKE "
}

// typed is a filter value as a parameter. PostgreSQL casts text to the
// column's type itself; SQLite booleans are stored as 1 and 0.
func (b *builder) typed(c *Column, v string) any {
	if !b.pg && c.Kind == KindBool {
		switch v {
		case "true":
			return 1
		case "false":
			return 0
		}
	}
	return v
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
