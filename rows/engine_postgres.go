package rows

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"studio/database"
	"studio/introspect"
	"studio/sqllex"
)

// postgresEngine is rows on PostgreSQL: values travel as text in both
// directions (PostgreSQL prints them and casts them back), ctid stands in
// for a missing primary key, and writers lock the rows they change.
type postgresEngine struct{}

func (postgresEngine) placeholder(n int) string { return "$" + strconv.Itoa(n) }

func (postgresEngine) selectColumn(w *strings.Builder, c *Column) { w.WriteString(quote(c.Name)) }

func (postgresEngine) asText(c *Column) string {
	if c.Kind != KindText {
		return quote(c.Name) + "::text"
	}
	return quote(c.Name)
}

func (postgresEngine) ilike() string { return " ILIKE " }

// filterValue is the text: PostgreSQL casts it to the column's type.
func (postgresEngine) filterValue(_ *Column, v string) any { return v }

// timeText is the value as typed: PostgreSQL reads it as the column's
// type and compares times.
func (postgresEngine) timeText(_ context.Context, _ *database.DB, _ *Table, _ *Column, f Filter) (string, error) {
	return f.Value, nil
}

// arg is the text, cast by PostgreSQL to the column's type.
func (postgresEngine) arg(v Value) any { return v.Text }

func (postgresEngine) sortRef(_ *Table, col string) string { return quote(col) }

// nullsLast: PostgreSQL puts NULLs last ascending.
func (postgresEngine) nullsLast(desc bool) bool { return !desc }

func (postgresEngine) rowLock() string { return " FOR UPDATE" }

func (postgresEngine) kind(t string) Kind {
	switch {
	case strings.HasSuffix(t, "[]"):
		return KindOther
	case t == "smallint" || t == "integer" || t == "bigint" || t == "oid":
		return KindInt
	case t == "real" || t == "double precision":
		return KindFloat
	case strings.HasPrefix(t, "numeric") || t == "money":
		return KindNumeric
	case t == "boolean":
		return KindBool
	case t == "json" || t == "jsonb":
		return KindJSON
	case t == "bytea":
		return KindBinary
	case strings.HasPrefix(t, "timestamp") || t == "date" || strings.HasPrefix(t, "time"):
		return KindTime
	case strings.HasPrefix(t, "character") || t == "text" || t == "name" || t == "citext":
		return KindText
	}
	return KindOther
}

// key is the primary key. Without one, a row is shown by its ctid but
// cannot be changed safely; a partitioned table has no ctid of its own.
func (postgresEngine) key(t *Table, it *introspect.Table) {
	switch {
	case len(it.PrimaryKey) > 0:
		t.Key = it.PrimaryKey
	case it.PartitionKey != "":
		t.ReadOnly = "this partitioned table has no primary key, so a row cannot be identified safely"
	default:
		t.ReadOnly = "this table has no primary key, so a row cannot be identified safely"
		t.Key, t.Pseudo = []string{"ctid"}, true
	}
}

// autoKey is false: identities and defaults say so themselves.
func (postgresEngine) autoKey(*introspect.Table, string) bool { return false }

// resolves folds bare words to lower case, as PostgreSQL does.
func (postgresEngine) resolves(col string, tok sqllex.Token) bool {
	if tok.Kind == sqllex.Word {
		return col == strings.ToLower(tok.Ident())
	}
	return tok.Kind == sqllex.Quoted && col == tok.Ident()
}

// query reads the rows in text format on the connection's native handle.
func (postgresEngine) query(ctx context.Context, db *database.DB, query string, args []any, s Sink) error {
	return WithPG(ctx, db, func(c *pgx.Conn) error { return StreamPG(ctx, c, query, args, s) })
}

func (e postgresEngine) export(ctx context.Context, db *database.DB, query string, args []any, s Sink) error {
	return e.query(ctx, db, query, args, s)
}

func (postgresEngine) count(ctx context.Context, db *database.DB, query string, args []any) (int64, error) {
	var n int64
	err := WithPG(ctx, db, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, query, args...).Scan(&n)
	})
	return n, err
}

// estimate asks the planner, never counting: reltuples for a whole table
// (as the cached catalog read it, else from pg_class), EXPLAIN's row
// estimate when filtered or never analyzed (reltuples is -1 then).
func (postgresEngine) estimate(ctx context.Context, db *database.DB, t *Table, fs []Filter) (Count, error) {
	if len(fs) == 0 && t.RowEstimate >= 0 {
		// reltuples as the cached catalog read it (at most its TTL old).
		return Count{Value: t.RowEstimate}, nil
	}
	if len(fs) == 0 && t.Kind != "view" {
		var n float64
		err := db.QueryRowContext(ctx, "SELECT reltuples FROM pg_catalog.pg_class WHERE oid = $1::regclass", t.Ident()).Scan(&n)
		if err != nil {
			return Count{}, fmt.Errorf("read the planner's row estimate: %w", err)
		}
		if n >= 0 {
			return Count{Value: int64(n)}, nil
		}
	}
	b := newBuilder(t)
	b.WriteString("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + t.Ident())
	b.where(t, fs)
	var out []byte
	if err := db.QueryRowContext(ctx, b.String(), b.args...).Scan(&out); err != nil {
		return Count{}, fmt.Errorf("explain the row estimate: %w", err)
	}
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal(out, &plan); err != nil || len(plan) == 0 {
		return Count{}, fmt.Errorf("read EXPLAIN output: %v", err)
	}
	return Count{Value: int64(plan[0].Plan.Rows)}, nil
}

func (postgresEngine) write(ctx context.Context, db *database.DB, fn func(txn) error) error {
	return WithPG(ctx, db, func(c *pgx.Conn) error { return writePG(ctx, c, fn) })
}

// param is the text: pgx sends Go strings in text format and PostgreSQL
// parses them with the column type's own input function.
func (postgresEngine) param(_ *Column, text string, _ Value) (any, error) { return text, nil }

func (postgresEngine) violation(_ context.Context, e *Editor, err error, set []string, _ []any) *ConstraintError {
	return e.explainPG(err, set)
}
