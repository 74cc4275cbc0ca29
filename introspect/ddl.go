package introspect

import (
	"fmt"
	"strings"

	"studio/database"
)

// pgDDL reconstructs a readable CREATE statement for a PostgreSQL relation
// from the model: a table's columns, defaults, NOT NULL, keys, UNIQUE and
// CHECK constraints, then its other indexes and comments; a view's or
// materialized view's SELECT. It is for reading, not a dump: storage
// parameters, grants, ownership and policies are left out.
func pgDDL(schema string, t *Table, server string, owned map[string]Sequence) string {
	var b strings.Builder
	b.Grow(256 + 64*len(t.Columns))
	name := quotePG(schema) + "." + quotePG(t.Name)
	switch {
	case t.Kind == KindView:
		fmt.Fprintf(&b, "CREATE VIEW %s AS\n%s;\n", name, t.Definition)
	case t.Kind == KindMaterializedView:
		fmt.Fprintf(&b, "CREATE MATERIALIZED VIEW %s AS\n%s;\n", name, t.Definition)
	case t.PartitionOf != nil:
		fmt.Fprintf(&b, "CREATE TABLE %s PARTITION OF %s.%s\n    %s;\n", name,
			quotePG(t.PartitionOf.Schema), quotePG(t.PartitionOf.Name), t.PartitionBound)
	default:
		writeCreateTable(&b, name, t, server, owned)
	}
	for _, ix := range t.Indexes {
		if ix.Origin == "index" && ix.Definition != "" {
			b.WriteString(ix.Definition + ";\n")
		}
	}
	writeComments(&b, name, t)
	return b.String()
}

func writeCreateTable(b *strings.Builder, name string, t *Table, server string, owned map[string]Sequence) {
	if server != "" {
		b.WriteString("CREATE FOREIGN TABLE ")
	} else {
		b.WriteString("CREATE TABLE ")
	}
	b.WriteString(name)
	b.WriteString(" (")
	sep := "\n    "
	line := func() {
		b.WriteString(sep)
		sep = ",\n    "
	}
	for _, c := range t.Columns {
		line()
		writeColumn(b, c, identityOptions(t.Name, c, owned))
	}
	if len(t.PrimaryKey) > 0 {
		line()
		writeConstraintName(b, t.PrimaryKeyName)
		b.WriteString("PRIMARY KEY (" + quoteList(t.PrimaryKey) + ")")
	}
	for _, fk := range t.ForeignKeys {
		line()
		writeForeignKey(b, fk)
	}
	for _, u := range t.Uniques {
		line()
		writeConstraintName(b, u.Name)
		b.WriteString("UNIQUE (" + quoteList(u.Columns) + ")")
	}
	for _, c := range t.Checks {
		line()
		writeConstraintName(b, c.Name)
		b.WriteString("CHECK (" + c.Expr + ")")
	}
	b.WriteString("\n)")
	if t.PartitionKey != "" {
		b.WriteString(" PARTITION BY " + t.PartitionKey)
	}
	if server != "" {
		b.WriteString(" SERVER " + quotePG(server))
	}
	b.WriteString(";\n")
}

// writeColumn writes one column line of a CREATE TABLE.
func writeColumn(b *strings.Builder, c Column, identity string) {
	b.WriteString(quotePG(c.Name))
	b.WriteString(" ")
	b.WriteString(c.Type)
	if c.Collation != "" {
		b.WriteString(" COLLATE " + quotePG(c.Collation))
	}
	switch {
	case c.Generated != "":
		b.WriteString(" GENERATED ALWAYS AS (" + c.Generated + ") STORED")
	case c.Identity != "":
		b.WriteString(" GENERATED " + c.Identity + " AS IDENTITY" + identity)
	case c.Default != nil:
		b.WriteString(" DEFAULT " + *c.Default)
	}
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
}

// identityOptions is " (START WITH n INCREMENT BY m)" for an identity
// column whose sequence (found in owned by "table.column") does not start
// at 1 or step by 1, else "".
func identityOptions(table string, c Column, owned map[string]Sequence) string {
	if c.Identity == "" {
		return ""
	}
	if s, ok := owned[table+"."+c.Name]; ok && (s.Start != 1 || s.Increment != 1) {
		return fmt.Sprintf(" (START WITH %d INCREMENT BY %d)", s.Start, s.Increment)
	}
	return ""
}

func writeForeignKey(b *strings.Builder, fk ForeignKey) {
	writeConstraintName(b, fk.Name)
	b.WriteString("FOREIGN KEY (" + quoteList(fk.Columns) + ") REFERENCES " +
		quotePG(fk.RefSchema) + "." + quotePG(fk.RefTable) + "(" + quoteList(fk.RefColumns) + ")")
	if fk.OnUpdate != "" && fk.OnUpdate != "NO ACTION" {
		b.WriteString(" ON UPDATE " + fk.OnUpdate)
	}
	if fk.OnDelete != "" && fk.OnDelete != "NO ACTION" {
		b.WriteString(" ON DELETE " + fk.OnDelete)
	}
	if fk.Deferrable {
		b.WriteString(" DEFERRABLE")
	}
	if fk.InitiallyDeferred {
		b.WriteString(" INITIALLY DEFERRED")
	}
}

func writeConstraintName(b *strings.Builder, name string) {
	if name != "" {
		b.WriteString("CONSTRAINT " + quotePG(name) + " ")
	}
}

func writeComments(b *strings.Builder, name string, t *Table) {
	what := "TABLE"
	switch t.Kind {
	case KindView:
		what = "VIEW"
	case KindMaterializedView:
		what = "MATERIALIZED VIEW"
	}
	if t.Comment != "" {
		fmt.Fprintf(b, "COMMENT ON %s %s IS %s;\n", what, name, quoteLiteralPG(t.Comment))
	}
	for _, c := range t.Columns {
		if c.Comment != "" {
			fmt.Fprintf(b, "COMMENT ON COLUMN %s.%s IS %s;\n", name, quotePG(c.Name), quoteLiteralPG(c.Comment))
		}
	}
}

func quoteList(names []string) string {
	if len(names) == 1 {
		return quotePG(names[0])
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quotePG(n)
	}
	return strings.Join(q, ", ")
}

// quotePG quotes a PostgreSQL identifier when it needs it, as the
// server's quote_ident does: anything but a lower-case plain name that is
// not a keyword. This package's DDL is for reading, so names stay bare
// where they can.
func quotePG(name string) string {
	if plainIdent(name) && !pgKeyword(name) {
		return name
	}
	return database.QuoteIdent(name)
}

// plainIdent reports a name PostgreSQL reads back unchanged without
// quotes: lower-case letters, digits, _ and $, not starting with a digit
// or $.
func plainIdent(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		lower := c >= 'a' && c <= 'z' || c == '_'
		if !lower && (i == 0 || !(c >= '0' && c <= '9' || c == '$')) {
			return false
		}
	}
	return name != ""
}

// quoteLiteralPG quotes a string literal (standard_conforming_strings).
func quoteLiteralPG(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// pgKeyword reports the keywords quote_ident quotes: reserved, type or
// function name, and column name keywords of PostgreSQL 15.
func pgKeyword(s string) bool {
	switch s {
	case "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
		"authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
		"char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
		"constraint", "create", "cross", "current_catalog", "current_date", "current_role",
		"current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
		"default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
		"extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
		"greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
		"int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral",
		"leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
		"natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
		"offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
		"position", "precision", "primary", "real", "references", "returning", "right", "row",
		"select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
		"system_user", "table", "tablesample", "then", "time", "timestamp", "to", "trailing",
		"treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar",
		"variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
		"xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
		"xmlserialize", "xmltable":
		return true
	}
	return false
}
