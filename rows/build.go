package rows

import (
	"strings"

	"studio/database"
)

func quote(name string) string { return database.QuoteIdent(name) }

// builder writes one parameterised statement for a table's dialect.
type builder struct {
	strings.Builder
	args []any
	eng  engine
}

func newBuilder(t *Table) *builder { return &builder{eng: t.engine()} }

// arg adds a parameter and writes its placeholder.
func (b *builder) arg(v any) {
	b.args = append(b.args, v)
	b.WriteString(b.eng.placeholder(len(b.args)))
}

// value adds a value read from a row (a cursor's, a key's) as a
// parameter: NULL, bytes for binary values, else as the dialect wants it.
func (b *builder) value(v Value) {
	switch {
	case v.Null:
		b.arg(nil)
	case v.Kind == KindBinary:
		b.arg([]byte(v.Text))
	default:
		b.arg(b.eng.arg(v))
	}
}

// keyAlias is the name the pseudo key column is selected as.
const keyAlias = "__studio_key"

// columns writes the columns of t, each as the dialect selects it.
func (b *builder) columns(t *Table) {
	for i := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.eng.selectColumn(&b.Builder, &t.Columns[i])
	}
}

// selectList writes the columns of t and its pseudo key, if any.
func (b *builder) selectList(t *Table) {
	b.columns(t)
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
	text := b.eng.asText(c)
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
		b.WriteString(text + b.eng.ilike())
		b.arg(pat)
		b.WriteString(` ESCAPE '\'`)
	case OpLike:
		b.WriteString(text + " LIKE ")
		b.arg(f.Value)
	case OpILike:
		b.WriteString(text + b.eng.ilike())
		b.arg(f.Value)
	case OpIn:
		b.WriteString(col + " IN (")
		for i, v := range SplitList(f.Value) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.arg(b.eng.filterValue(c, v))
		}
		b.WriteString(")")
	case OpBetween:
		pair := SplitList(f.Value)
		b.WriteString(col + " BETWEEN ")
		b.arg(b.eng.filterValue(c, pair[0]))
		b.WriteString(" AND ")
		b.arg(b.eng.filterValue(c, pair[1]))
	default:
		b.WriteString(col + " " + compare[f.Op] + " ")
		b.arg(b.eng.filterValue(c, f.Value))
	}
}

var compare = map[Op]string{OpEq: "=", OpNe: "<>", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">="}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
