package postgres

import (
	"fmt"
	"math"
	"strings"

	"studio/database"
	"studio/introspect"
)

// createTableSQL is the CREATE TABLE of a desired table: columns, primary
// key, unique and check constraints; foreign keys come later, once every
// table exists. A partition is created PARTITION OF its parent and gets
// its columns, keys and indexes from it, unless its copies of the
// parent's indexes have names of their own (attachLater).
func (d *diff) createTableSQL(k key, t *introspect.Table) string {
	if t.PartitionOf != nil && !attachLater(t) {
		parent := key{t.PartitionOf.Schema, t.PartitionOf.Name}
		return "CREATE TABLE " + k.sql() + " PARTITION OF " + parent.sql() + " " + t.PartitionBound
	}
	var lines []string
	for _, c := range t.Columns {
		lines = append(lines, d.columnDef(k, c, true))
	}
	if len(t.PrimaryKey) > 0 {
		lines = append(lines, primaryKey(t))
	}
	for _, u := range t.Uniques {
		lines = append(lines, unique(t, u))
	}
	for _, c := range t.Checks {
		lines = append(lines, check(c))
	}
	s := "CREATE TABLE " + k.sql() + " (\n\t" + strings.Join(lines, ",\n\t") + "\n)"
	if len(lines) == 0 {
		s = "CREATE TABLE " + k.sql() + " ()"
	}
	if t.PartitionKey != "" {
		s += " PARTITION BY " + t.PartitionKey
	}
	return s
}

// columnDef is a desired column as CREATE TABLE and ADD COLUMN take it. A
// column being created whose sequence is exactly what serial makes is
// written as serial, which creates and owns that sequence.
func (d *diff) columnDef(k key, c introspect.Column, creating bool) string {
	var b strings.Builder
	b.WriteString(database.QuoteIdent(c.Name) + " ")
	if serial, ok := serial(d.want, k, c); ok && creating {
		b.WriteString(serial)
		return b.String()
	}
	b.WriteString(c.Type)
	if c.Collation != "" {
		b.WriteString(" COLLATE " + database.QuoteIdent(c.Collation))
	}
	switch {
	case c.Generated != "":
		b.WriteString(" GENERATED ALWAYS AS (" + c.Generated + ") STORED")
	case c.Identity != "":
		b.WriteString(" GENERATED " + c.Identity + " AS IDENTITY" + d.identityOptions(k, c))
	case c.Default != nil:
		b.WriteString(" DEFAULT " + *c.Default)
	}
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
	return b.String()
}

func primaryKey(t *introspect.Table) string {
	return constraintName(t.PrimaryKeyName) + "PRIMARY KEY (" + idents(t.PrimaryKey) + ")"
}

func unique(t *introspect.Table, u introspect.Unique) string {
	nulls := ""
	for _, ix := range t.Indexes {
		if ix.Name == u.Name && strings.Contains(ix.Definition, " NULLS NOT DISTINCT") {
			nulls = "NULLS NOT DISTINCT "
		}
	}
	return constraintName(u.Name) + "UNIQUE " + nulls + "(" + idents(u.Columns) + ")"
}

func check(c introspect.Check) string {
	return constraintName(c.Name) + "CHECK (" + c.Expr + ")"
}

func foreignKey(fk introspect.ForeignKey) string {
	s := constraintName(fk.Name) + "FOREIGN KEY (" + idents(fk.Columns) + ") REFERENCES " +
		key{fk.RefSchema, fk.RefTable}.sql() + " (" + idents(fk.RefColumns) + ")"
	if fk.OnUpdate != "" && fk.OnUpdate != "NO ACTION" {
		s += " ON UPDATE " + fk.OnUpdate
	}
	if fk.OnDelete != "" && fk.OnDelete != "NO ACTION" {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.Deferrable {
		s += " DEFERRABLE"
		if fk.InitiallyDeferred {
			s += " INITIALLY DEFERRED"
		}
	}
	return s
}

func constraintName(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + database.QuoteIdent(name) + " "
}

// intRange is the range of an integer type, ok false for other types.
func intRange(typ string) (lo, hi int64, ok bool) {
	switch typ {
	case "smallint":
		return math.MinInt16, math.MaxInt16, true
	case "integer":
		return math.MinInt32, math.MaxInt32, true
	case "bigint":
		return math.MinInt64, math.MaxInt64, true
	}
	return 0, 0, false
}

// serial reports whether a column is what serial (smallserial,
// bigserial) makes: NOT NULL, defaulting to nextval of a sequence named
// table_column_seq that the column owns, with the default parameters.
func serial(s *side, k key, c introspect.Column) (string, bool) {
	if c.Default == nil || c.Identity != "" || c.Nullable || c.Collation != "" {
		return "", false
	}
	kind := map[string]string{"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}[c.Type]
	_, hi, ok := intRange(c.Type)
	name := k.name + "_" + c.Name + "_seq"
	if !ok || len(name) > 63 {
		return "", false
	}
	q := s.seqs[key{k.schema, name}]
	if q == nil || q.OwnedBy != k.name+"."+c.Name || q.DataType != c.Type || q.Start != 1 || q.Increment != 1 ||
		q.Min != 1 || q.Max != hi || q.Cycle {
		return "", false
	}
	ref, ok := nextval(*c.Default)
	if !ok || ref[len(ref)-1] != name || (len(ref) == 2 && ref[0] != k.schema) || len(ref) > 2 {
		return "", false
	}
	return kind, true
}

// nextval parses nextval('name'::regclass) into the sequence's name
// parts (schema and name, or name).
func nextval(def string) ([]string, bool) {
	inner, ok := strings.CutPrefix(def, "nextval('")
	if !ok {
		return nil, false
	}
	inner, ok = strings.CutSuffix(inner, "'::regclass)")
	if !ok || inner == "" {
		return nil, false
	}
	inner = strings.ReplaceAll(inner, "''", "'")
	var parts []string
	scanIdents(inner, func(_, _ int, name string) { parts = append(parts, name) })
	return parts, len(parts) > 0
}

// identitySeq is the sequence behind an identity column of side s.
func identitySeq(s *side, k key, col string) *introspect.Sequence {
	return s.owned[key{k.schema, k.name + "." + col}]
}

// identityOptions are the options of a desired identity column's
// sequence that differ from what PostgreSQL picks by itself, as
// " (SEQUENCE NAME ... START WITH ...)".
func (d *diff) identityOptions(k key, c introspect.Column) string {
	q := identitySeq(d.want, k, c.Name)
	if q == nil {
		return ""
	}
	var opts []string
	if q.Name != k.name+"_"+c.Name+"_seq" {
		opts = append(opts, "SEQUENCE NAME "+key{k.schema, q.Name}.sql())
	}
	opts = append(opts, seqOptions(q, c.Type)...)
	if len(opts) == 0 {
		return ""
	}
	return " (" + strings.Join(opts, " ") + ")"
}

// seqOptions are a sequence's parameters that differ from the defaults
// of a sequence AS typ.
func seqOptions(q *introspect.Sequence, typ string) []string {
	lo, hi, _ := intRange(typ)
	min, max, start := int64(1), hi, int64(1)
	if q.Increment < 0 {
		min, max, start = lo, -1, -1
	}
	var opts []string
	defaultStart := q.Start == start || (q.Increment > 0 && q.Start == q.Min) || (q.Increment < 0 && q.Start == q.Max)
	if !defaultStart {
		opts = append(opts, fmt.Sprintf("START WITH %d", q.Start))
	}
	if q.Increment != 1 {
		opts = append(opts, fmt.Sprintf("INCREMENT BY %d", q.Increment))
	}
	if q.Min != min {
		opts = append(opts, fmt.Sprintf("MINVALUE %d", q.Min))
	}
	if q.Max != max {
		opts = append(opts, fmt.Sprintf("MAXVALUE %d", q.Max))
	}
	if q.Cycle {
		opts = append(opts, "CYCLE")
	}
	return opts
}

// createSequenceSQL is the CREATE SEQUENCE of a desired sequence.
func createSequenceSQL(k key, q *introspect.Sequence) string {
	return strings.Join(append([]string{"CREATE SEQUENCE " + k.sql() + " AS " + q.DataType}, seqOptions(q, q.DataType)...), " ")
}

// alterSequenceSQL is the ALTER SEQUENCE that turns live parameters into
// desired ones, or "" when they match.
func alterSequenceSQL(k key, l, w *introspect.Sequence) string {
	var opts []string
	if l.DataType != w.DataType {
		opts = append(opts, "AS "+w.DataType)
	}
	if l.Increment != w.Increment {
		opts = append(opts, fmt.Sprintf("INCREMENT BY %d", w.Increment))
	}
	if l.Min != w.Min {
		opts = append(opts, fmt.Sprintf("MINVALUE %d", w.Min))
	}
	if l.Max != w.Max {
		opts = append(opts, fmt.Sprintf("MAXVALUE %d", w.Max))
	}
	if l.Start != w.Start {
		opts = append(opts, fmt.Sprintf("START WITH %d", w.Start))
	}
	if l.Cycle != w.Cycle {
		opts = append(opts, map[bool]string{true: "CYCLE", false: "NO CYCLE"}[w.Cycle])
	}
	if len(opts) == 0 {
		return ""
	}
	return "ALTER SEQUENCE " + k.sql() + " " + strings.Join(opts, " ")
}
