package rows

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/sqllex"
)

// sqliteEngine is rows on SQLite: values keep their storage class, the
// rowid is the key of rowid tables, and writers take the database's write
// lock (BEGIN IMMEDIATE).
type sqliteEngine struct{}

func (sqliteEngine) placeholder(int) string { return "?" }

// selectColumn selects date-typed columns as +col: the driver would parse
// them into time.Time and print them differently from what is stored.
func (sqliteEngine) selectColumn(w *strings.Builder, c *Column) {
	if dateDecl(c.Type) {
		w.WriteString("+" + quote(c.Name) + " AS " + quote(c.Name))
		return
	}
	w.WriteString(quote(c.Name))
}

func (sqliteEngine) asText(c *Column) string { return quote(c.Name) }

// ilike is LIKE: SQLite's LIKE already ignores case (for ASCII).
func (sqliteEngine) ilike() string { return " LIKE " }

// filterValue stores booleans as 1 and 0.
func (sqliteEngine) filterValue(c *Column, v string) any {
	if c.Kind == KindBool {
		switch v {
		case "true":
			return 1
		case "false":
			return 0
		}
	}
	return v
}

// timeText writes date-times as the column does: SQLite keeps dates as
// the text it was given and compares text, so "2025-02-01T10:00" (what a
// picker sends) sorts after every "2025-02-01 23:59:59" (what datetime()
// and CURRENT_TIMESTAMP write). One stored value tells the separator
// (read as its 11th character: the driver would turn a date-typed column
// into a time and print it its own way).
func (sqliteEngine) timeText(ctx context.Context, db *database.DB, t *Table, c *Column, f Filter) (string, error) {
	col := quote(c.Name)
	var sample sql.NullString
	err := queryRow(ctx, db, "SELECT substr("+col+", 11, 1) FROM "+t.Ident()+" WHERE typeof("+col+") = 'text' LIMIT 1").Scan(&sample)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read a value of %s to tell how it writes times: %w", c.Name, err)
	}
	sep := byte(' ')
	if sample.String == "T" {
		sep = 'T'
	}
	return textDates(f, sep), nil
}

// arg gives the storage class the value had, so a comparison sees the
// same type the row holds.
func (sqliteEngine) arg(v Value) any {
	switch v.Kind {
	case KindInt:
		n, _ := strconv.ParseInt(v.Text, 10, 64)
		return n
	case KindFloat:
		f, _ := strconv.ParseFloat(v.Text, 64)
		return f
	}
	return v.Text
}

// sortRef qualifies the column with the table's name: SQLite reads a bare
// name in ORDER BY as the result column first, and date-typed columns are
// selected as +col AS col (see selectColumn), an expression no index
// serves; qualified it is the stored column again.
func (sqliteEngine) sortRef(t *Table, col string) string {
	return quote(t.Name) + "." + quote(col)
}

// nullsLast: SQLite puts NULLs first ascending.
func (sqliteEngine) nullsLast(desc bool) bool { return desc }

// rowLock is empty: writers hold the database's write lock.
func (sqliteEngine) rowLock() string { return "" }

func (sqliteEngine) kind(t string) Kind { return sqliteKind(t) }

// key is the primary key when it is the rowid (INTEGER PRIMARY KEY) or
// the table has none (WITHOUT ROWID); otherwise the rowid, the true key of
// a rowid table, where a declared primary key may even hold NULLs.
func (sqliteEngine) key(t *Table, it *introspect.Table) {
	if it.WithoutRowID || rowidAlias(it) {
		t.Key = it.PrimaryKey
		return
	}
	t.Key, t.Pseudo = []string{"rowid"}, true
}

// autoKey is true for the rowid alias, which SQLite numbers itself.
func (sqliteEngine) autoKey(it *introspect.Table, col string) bool {
	return !it.WithoutRowID && rowidAlias(it) && it.PrimaryKey[0] == col
}

// resolves ignores case, as SQLite does for every name.
func (sqliteEngine) resolves(col string, tok sqllex.Token) bool {
	name := tok.Ident()
	return strings.EqualFold(col, name) || tok.Kind == sqllex.Word && col == strings.ToLower(name)
}

// query runs the statement through the pool's prepared statements.
func (sqliteEngine) query(ctx context.Context, db *database.DB, query string, args []any, s Sink) error {
	st, err := db.Prepared(ctx, query)
	if err != nil {
		return err
	}
	return StreamSQLite(ctx, prepared{st}, query, args, s)
}

func (sqliteEngine) export(ctx context.Context, db *database.DB, query string, args []any, s Sink) error {
	return streamSQLiteDriver(ctx, db, query, args, s)
}

func (sqliteEngine) count(ctx context.Context, db *database.DB, query string, args []any) (int64, error) {
	var n int64
	err := queryRow(ctx, db, query, args...).Scan(&n)
	return n, err
}

// estimate is max(key) - min(key) + 1 for a whole table keyed by one
// integer (the rowid or an integer primary key): SQLite keeps no row
// count, and the span of the keys (two index probes) bounds it from
// above. Otherwise Value is -1.
func (sqliteEngine) estimate(ctx context.Context, db *database.DB, t *Table, fs []Filter) (Count, error) {
	intKey := len(t.Key) == 1 && (t.Pseudo && t.Key[0] != "ctid" || !t.Pseudo && t.Column(t.Key[0]).Kind == KindInt)
	if len(fs) > 0 || !intKey {
		return Count{Value: -1}, nil
	}
	var span sql.NullInt64
	err := queryRow(ctx, db, t.spanSQL()).Scan(&span)
	if err != nil {
		return Count{}, fmt.Errorf("estimate rows from the key's span: %w", err)
	}
	if !span.Valid {
		return Count{Value: 0}, nil
	}
	return Count{Value: span.Int64}, nil
}

// spanSQL is max(key) - min(key) + 1 as two subqueries: SQLite answers a
// lone max() or min() from the index, but max(k) - min(k) in one select
// reads the whole table.
func (t *Table) spanSQL() string {
	k := t.keyExprs()[0]
	from := " FROM " + t.Ident() + ")"
	return "SELECT (SELECT max(" + k + ")" + from + " - (SELECT min(" + k + ")" + from + " + 1"
}

func (sqliteEngine) write(ctx context.Context, db *database.DB, fn func(txn) error) error {
	return writeSQLite(ctx, db, fn)
}

// param gives the storage class the column expects (see Editor.param).
// Columns declared without a type keep the storage class the cell had,
// and a cell that held a blob takes bytes.
func (sqliteEngine) param(c *Column, text string, cur Value) (any, error) {
	kind := c.Kind
	if kind == KindOther && !cur.Null {
		kind = cur.Kind
	}
	if cur.Kind == KindBinary && !cur.Null {
		kind = KindBinary
	}
	return sqliteParam(c.Name, kind, text)
}

// violation reads SQLite's extended result code. SQLite does not say
// which foreign key failed: after an insert the missing parent is looked
// up; after a delete the message says what blocks it.
func (sqliteEngine) violation(ctx context.Context, e *Editor, err error, set []string, params []any) *ConstraintError {
	ce := e.explainSQLite(err)
	if ce == nil || ce.Column != "" || len(set) == 1 || ce.Kind != ViolationForeignKey {
		return ce
	}
	if set != nil {
		ce.Column = e.missingParent(ctx, set, params)
	} else {
		ce.Message += " (rows of another table still reference a row being deleted)"
	}
	return ce
}
