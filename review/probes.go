package review

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"studio/database"
)

// A probe is a read-only, capped query that predicts whether a statement
// fails on the data already there: it counts the offending rows (or
// values), up to CountCap+1, and returns one of them as text. A probe
// that errs (an expression naming a column the batch adds, a timeout)
// is unknown (-1), never fatal: it only predicts.
//
// Probes built from expressions the migration writes (CHECK, index
// expressions, USING) send that text to the database inside a SELECT.
// The Counter is the caller's: lint opens the live database read-only
// and bounds each probe with a statement timeout.
type probeResult struct {
	n      int64
	sample string
}

// probe runs SELECT count(*), min(k) over the inner query, which must
// select one text column named k.
func (a *analyzer) probe(inner string, args ...any) probeResult {
	if a.q == nil || a.err != nil || a.opts.NoData {
		return probeResult{n: -1}
	}
	query := "SELECT count(*), min(k) FROM (" + inner + " LIMIT " + strconv.Itoa(CountCap+1) + ") AS capped"
	key := query + fmt.Sprint(args...)
	if r, ok := a.probes[key]; ok {
		return r
	}
	var n int64
	var sample sql.NullString
	r := probeResult{n: -1}
	if err := a.scan(query, args, &n, &sample); err == nil {
		r = probeResult{n: n, sample: sample.String}
	} else if a.ctx.Err() != nil {
		a.err = a.ctx.Err()
	}
	a.probes[key] = r
	return r
}

// asText casts an SQL expression to text in the dialect.
func (a *analyzer) asText(expr string) string {
	if a.dialect == database.SQLite {
		return "CAST(" + expr + " AS TEXT)"
	}
	return "(" + expr + ")::text"
}

// keyText joins expressions into one text value: "a, b".
func (a *analyzer) keyText(exprs []string) string {
	parts := make([]string, len(exprs))
	for i, e := range exprs {
		parts[i] = "coalesce(" + a.asText(e) + ", 'NULL')"
	}
	return strings.Join(parts, " || ', ' || ")
}

// rowKey is the SQL of lt's row key as text, with the key's columns for
// messages: the primary key, else the rowid (SQLite) or ctid.
func (a *analyzer) rowKey(lt *liveTable, alias string) (string, []string) {
	pre := ""
	if alias != "" {
		pre = alias + "."
	}
	if lt.t != nil && len(lt.t.PrimaryKey) > 0 {
		exprs := make([]string, len(lt.t.PrimaryKey))
		for i, c := range lt.t.PrimaryKey {
			exprs[i] = pre + database.QuoteIdent(c)
		}
		return a.keyText(exprs), lt.t.PrimaryKey
	}
	if a.dialect == database.SQLite {
		return a.asText(pre + "rowid"), []string{"rowid"}
	}
	return a.asText(pre + "ctid"), []string{"ctid"}
}

// duplicates counts the values of exprs (SQL over lt's columns) held by
// more than one row, ignoring rows where any is NULL (NULLs are distinct
// in a unique index), within the predicate pred when not empty.
func (a *analyzer) duplicates(lt *liveTable, exprs []string, pred string) probeResult {
	conds := make([]string, 0, len(exprs)+1)
	for _, e := range exprs {
		conds = append(conds, "("+e+") IS NOT NULL")
	}
	if pred != "" {
		conds = append(conds, "("+pred+")")
	}
	list := strings.Join(exprs, ", ")
	return a.probe("SELECT " + a.keyText(exprs) + " AS k FROM " + qualified(lt) +
		" WHERE " + strings.Join(conds, " AND ") + " GROUP BY " + list + " HAVING count(*) > 1")
}

// violating counts the rows of lt where cond is true, with one row's key.
func (a *analyzer) violating(lt *liveTable, cond string) (probeResult, []string) {
	key, cols := a.rowKey(lt, "")
	return a.probe("SELECT " + key + " AS k FROM " + qualified(lt) + " WHERE " + cond), cols
}

// valuesWhere counts the values of column col of lt for which cond holds,
// with one of them.
func (a *analyzer) valuesWhere(lt *liveTable, col, cond string) probeResult {
	return a.probe("SELECT " + a.asText(database.QuoteIdent(col)) + " AS k FROM " + qualified(lt) +
		" WHERE " + database.QuoteIdent(col) + " IS NOT NULL AND " + cond)
}

// orphans counts the rows of child whose cols hold a value parent's
// refCols do not, with one such value.
func (a *analyzer) orphans(child *liveTable, cols []string, parent *liveTable, refCols []string) probeResult {
	var notNull, match, key []string
	for i, c := range cols {
		qc := "c." + database.QuoteIdent(c)
		notNull = append(notNull, qc+" IS NOT NULL")
		match = append(match, "p."+database.QuoteIdent(refCols[i])+" = "+qc)
		key = append(key, qc)
	}
	return a.probe("SELECT " + a.keyText(key) + " AS k FROM " + qualified(child) + " AS c WHERE " +
		strings.Join(notNull, " AND ") + " AND NOT EXISTS (SELECT 1 FROM " + qualified(parent) + " AS p WHERE " +
		strings.Join(match, " AND ") + ")")
}

// catalogValue asks the database a catalog question (a setting, a cast)
// and returns the text answer, "" when it cannot. It works in NoData
// mode too: a scratch database knows the catalog.
func (a *analyzer) catalogValue(query string, args ...any) string {
	if a.q == nil || a.err != nil {
		return ""
	}
	key := "catalog:" + query + fmt.Sprint(args...)
	if r, ok := a.probes[key]; ok {
		return r.sample
	}
	var v sql.NullString
	if err := a.scan(query, args, &v); err != nil {
		v = sql.NullString{}
	}
	a.probes[key] = probeResult{sample: v.String}
	return v.String
}

// keyDisp writes a sample for a message: `("email")=(a@b.c)`.
func keyDisp(cols []string, sample string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = database.QuoteIdent(c)
	}
	return "(" + strings.Join(q, ", ") + ")=(" + sample + ")"
}

// failsText is "3 rows, e.g. ("id")=(7)" for a probe that found some.
func failsText(r probeResult, noun string, cols []string) string {
	s := rowsText(r.n, noun)
	if r.sample != "" && len(cols) > 0 {
		s += ", e.g. " + keyDisp(cols, r.sample)
	}
	return s
}
