package rows

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"

	"studio/sqllex"
)

// checkColumn finds the column a CHECK constraint is about: the
// constraint is looked up by name in the model; SQLite names an unnamed
// one by its expression, which is read directly. Of the columns the
// expression mentions, one the statement set is preferred.
func (e *Editor) checkColumn(nameOrExpr string, set []string) string {
	expr := nameOrExpr
	for _, ch := range e.model.Checks {
		if ch.Name != "" && ch.Name == nameOrExpr {
			expr = ch.Expr
			break
		}
	}
	return pick(e.exprColumns(expr), set)
}

// exprColumns lists the table's columns an SQL expression mentions, in
// order of first mention.
func (e *Editor) exprColumns(expr string) []string {
	var out []string
	for _, tok := range sqllex.Tokenize(expr, e.Table.Dialect) {
		if tok.Kind != sqllex.Word && tok.Kind != sqllex.Quoted {
			continue
		}
		if c := e.columnNamed(tok); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// columnNamed resolves an identifier token as each dialect does: SQLite
// ignores case; PostgreSQL folds bare words to lower case.
func (e *Editor) columnNamed(tok sqllex.Token) string {
	eng := e.Table.engine()
	for _, c := range e.Table.Columns {
		if eng.resolves(c.Name, tok) {
			return c.Name
		}
	}
	return ""
}

// constraintColumn finds the columns of a named constraint or unique
// index of the table.
func (e *Editor) constraintColumn(name string, set []string) string {
	if name == "" {
		return ""
	}
	var cols []string
	switch {
	case name == e.model.PrimaryKeyName:
		cols = e.model.PrimaryKey
	default:
		for _, u := range e.model.Uniques {
			if u.Name == name {
				cols = u.Columns
			}
		}
		for _, ix := range e.model.Indexes {
			if ix.Name == name && !ix.Expression {
				cols = ix.Columns
			}
		}
		for _, fk := range e.Table.ForeignKeys {
			if fk.Name == name {
				cols = fk.Columns
			}
		}
	}
	return pick(cols, set)
}

// keyDetail reads PostgreSQL's "Key (a, b)=(1, 2) already exists."
var keyDetail = regexp.MustCompile(`^Key \((.+?)\)=\(`)

// detailColumns reads the column names of a PostgreSQL error detail.
func (e *Editor) detailColumns(detail string) []string {
	m := keyDetail.FindStringSubmatch(detail)
	if m == nil {
		return nil
	}
	return e.exprColumns(m[1])
}

// pick chooses the column to blame: one the statement set, else the first.
func pick(cols, set []string) string {
	for _, c := range cols {
		if slices.Contains(set, c) {
			return c
		}
	}
	if len(cols) > 0 {
		return cols[0]
	}
	return ""
}

// missingParent finds, after a failed insert, the first foreign key whose
// parent row does not exist (SQLite does not say which key failed). It is
// only a diagnosis: any error gives "".
func (e *Editor) missingParent(ctx context.Context, set []string, params []any) string {
	for _, fk := range e.Table.ForeignKeys {
		if len(fk.RefColumns) != len(fk.Columns) {
			continue
		}
		b := newBuilder(e.Table)
		b.WriteString("SELECT 1 FROM " + qualified(fk.RefSchema, fk.RefTable) + " WHERE ")
		complete := true
		for i, col := range fk.Columns {
			j := slices.Index(set, col)
			if j < 0 || params[j] == nil {
				complete = false
				break
			}
			if i > 0 {
				b.WriteString(" AND ")
			}
			b.WriteString(quote(fk.RefColumns[i]) + " = ")
			b.arg(params[j])
		}
		if !complete {
			continue
		}
		var found bool
		err := e.db.QueryRowContext(ctx, b.String()+" LIMIT 1", b.args...).Scan(&found)
		if errors.Is(err, sql.ErrNoRows) {
			return pick(fk.Columns, set)
		}
	}
	return ""
}
