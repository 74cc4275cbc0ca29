package review

import (
	"fmt"

	"studio/database"
)

// Style rules are Off by default (Rule.Off): Drizzle writes serial,
// varchar and timestamp routinely. They run on PostgreSQL only.

// pgMaxIdent is PostgreSQL's NAMEDATALEN-1: longer identifiers are cut.
const pgMaxIdent = 63

// styleColumn checks a column definition of CREATE TABLE or ADD COLUMN.
func (a *analyzer) styleColumn(i int, r *rel, d colDef) {
	if a.dialect == database.SQLite {
		return
	}
	at := a.acts[i]
	if d.typOff > 0 {
		at.off = d.typOff
	}
	t := parsePGType(d.typ)
	col := database.QuoteIdent(d.name)
	base := baseName(d.typ)
	switch {
	case t.family == "text" && t.fixed:
		a.warn(&at, "ban-char-field", SeverityInfo, nil, -1, fmt.Sprintf("column %s is %s: char pads with blanks; use text", col, d.typ))
	case t.family == "text" && t.size >= 0:
		a.warn(&at, "prefer-text-field", SeverityInfo, nil, -1, fmt.Sprintf("column %s is %s: changing the limit later can rewrite the table; use text with a CHECK", col, d.typ))
	case t.family == "int" && t.size < 3:
		a.warn(&at, "prefer-bigint", SeverityInfo, nil, -1, fmt.Sprintf("column %s is %s: 32-bit keys run out; use bigint", col, d.typ))
	case t.family == "timestamp":
		a.warn(&at, "prefer-timestamptz", SeverityInfo, nil, -1, fmt.Sprintf("column %s is %s: use timestamptz", col, d.typ))
	}
	if serialType(base) {
		a.warn(&at, "prefer-identity", SeverityInfo, nil, -1, fmt.Sprintf("column %s is %s: use an identity column", col, d.typ))
	}
	a.identLength(i, d.name)
}

// identLength notes a name PostgreSQL would cut to 63 bytes.
func (a *analyzer) identLength(i int, name string) {
	if a.dialect == database.SQLite || len(name) <= pgMaxIdent {
		return
	}
	a.warn(&a.acts[i], "identifier-too-long", SeverityInfo, nil, -1, fmt.Sprintf(
		"%s is %d bytes: PostgreSQL keeps only the first 63", database.QuoteIdent(name), len(name)))
}

// styleStatement checks CREATE / DROP statements for IF [NOT] EXISTS and
// CREATE TABLE for a schema.
func (a *analyzer) styleStatement(i int) {
	act := &a.acts[i]
	if a.dialect == database.SQLite || act.inDO {
		return
	}
	switch act.op {
	case opCreateTable, opCreateIndex, opDropTable, opDropIndex:
	default:
		return
	}
	if !act.ifExists {
		a.warn(act, "prefer-robust-stmts", SeverityInfo, nil, -1,
			"add IF NOT EXISTS / IF EXISTS so the migration can run again after a partial failure")
	}
	if act.op == opCreateTable && act.target.schema == "" {
		a.warn(act, "require-table-schema", SeverityInfo, nil, -1, fmt.Sprintf(
			"CREATE TABLE %s names no schema: it goes wherever search_path points", database.QuoteIdent(act.target.name)))
	}
	if act.target.name != "" {
		a.identLength(i, act.target.name)
	}
}
