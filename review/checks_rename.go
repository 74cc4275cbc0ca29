package review

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
)

// renameTable moves r to its new name. Whether the rename is one running
// code notices is decided in finish, once the whole batch is known: a
// rebuild's renames and a rename undone later are not.
func (a *analyzer) renameTable(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	k := a.keyOf(r)
	delete(a.rels, k)
	a.gone[k] = true
	r.name = act.to
	a.rels[a.keyOf(r)] = r
	if r.live != nil && r.renamedAt < 0 {
		r.renamedAt = i
	}
}

func (a *analyzer) renameColumn(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	from, to := a.cat.fold(act.col), a.cat.fold(act.to)
	if r.added[from] {
		delete(r.added, from)
		r.added[to] = true
		return
	}
	if r.live == nil {
		return
	}
	live := a.colLive(r, act.col)
	delete(r.liveCol, from)
	r.liveCol[to] = live
	if _, seen := r.colRenamedAt[a.cat.fold(live)]; !seen {
		r.colRenamedAt[a.cat.fold(live)] = i
	}
}

// renameOther warns about renames of schemas and enum values.
func (a *analyzer) renameOther(i int) {
	act := &a.acts[i]
	switch act.op {
	case opRenameSchema:
		a.warn(act, "rename-schema", SeverityWarning, nil, -1, fmt.Sprintf(
			"ALTER SCHEMA %s RENAME TO %s: running code that names %s fails",
			database.QuoteIdent(act.target.name), database.QuoteIdent(act.to), database.QuoteIdent(act.target.name)))
	case opRenameEnumValue:
		old := ""
		if len(act.values) > 0 {
			old = act.values[0]
		}
		a.warn(act, "enum-value-renamed", SeverityWarning, nil, -1, fmt.Sprintf(
			"ALTER TYPE %s RENAME VALUE '%s' TO '%s': running code that writes '%s' fails",
			a.dispName(act.target.schema, act.target.name), old, act.to, old))
	}
}

// createEnum warns when an enum is dropped and recreated without some of
// its values (Drizzle's way to remove enum values): rows holding them make
// the cast back to the enum fail, and running code may still write them.
// Rows an earlier DELETE or UPDATE of the batch may clear are not counted
// as a failure.
func (a *analyzer) createEnum(i int) {
	act := &a.acts[i]
	schema := act.target.schema
	if schema == "" {
		schema = a.cat.defaultSchema()
	}
	k := a.cat.key(schema, act.target.name)
	a.createdEnums[k] = true
	e := a.cat.enums[k]
	if e == nil || !a.droppedEnums[k] {
		return
	}
	var removed []string
	for _, v := range e.Values {
		if !slices.Contains(act.values, v) {
			removed = append(removed, v)
		}
	}
	if len(removed) == 0 {
		return
	}
	quoted := make([]string, len(removed))
	for j, v := range removed {
		quoted[j] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	msg := fmt.Sprintf("CREATE TYPE %s recreates the enum without %s: running code that writes them fails",
		a.dispName(schema, e.Name), strings.Join(quoted, ", "))
	rows, fixed := a.rowsHolding(schema, e.Name, removed)
	switch {
	case rows > 0 && fixed >= 0:
		a.warn(act, "enum-value-removed", SeverityWarning, nil, rows, msg+fmt.Sprintf(
			", and the statement at line %d must clear the %s holding them now", a.line(fixed), rowsText(rows, "row")))
	case rows > 0:
		a.warn(act, "enum-value-removed", SeverityError, nil, rows, msg+fmt.Sprintf(
			", and the %s holding them now make the cast back to the enum fail", rowsText(rows, "row")))
	default:
		a.warn(act, "enum-value-removed", SeverityWarning, nil, rows, msg)
	}
}

// rowsHolding counts the live rows whose enum column holds one of values,
// and returns the index of the last DELETE or UPDATE of the batch that
// touches those rows' tables or columns (-1 when none does).
func (a *analyzer) rowsHolding(schema, enum string, values []string) (int64, int) {
	var rows int64
	fixed := -1
	for _, ec := range a.cat.enumColumns(schema, enum) {
		r := a.lookup(qname{schema: ec.table.schema, name: ec.table.name})
		if r == nil || r.live == nil {
			continue // dropped earlier in the batch
		}
		n := a.countWhere(r.live, database.QuoteIdent(ec.col)+"::text IN ("+placeholders(len(values))+")", anySlice(values)...)
		if n < 0 || rows < 0 {
			rows = -1
			continue
		}
		rows += n
		if j, ok := r.updated[a.cat.fold(ec.col)]; ok && n > 0 {
			fixed = max(fixed, j)
		}
		if r.deletedAt >= 0 && n > 0 {
			fixed = max(fixed, r.deletedAt)
		}
	}
	return rows, fixed
}

// placeholders is "$1, $2, ..., $n" (enums exist only on PostgreSQL).
func placeholders(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(p, ", ")
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// finish adds the warnings that need the whole batch: the renames that
// stand at its end (a live table or column that ends under another name
// than it started) and a missing lock_timeout.
func (a *analyzer) finish() {
	a.timeouts()
	for _, r := range a.order {
		if r.live == nil {
			continue
		}
		if r.renamedAt >= 0 && !r.dropped && a.keyOf(r) != a.cat.key(r.live.schema, r.live.name) {
			act := &a.acts[r.renamedAt]
			a.warn(act, "rename-table", SeverityWarning, r.live, -1, fmt.Sprintf(
				"ALTER TABLE %s RENAME TO %s: running code that still uses %s fails",
				a.disp(r.live), database.QuoteIdent(r.name), a.disp(r.live)))
		}
		if r.dropped && !r.rebuilt {
			continue
		}
		a.finishColumns(r)
	}
}

func (a *analyzer) finishColumns(r *rel) {
	lives := make([]string, 0, len(r.colRenamedAt))
	for l := range r.colRenamedAt {
		lives = append(lives, l)
	}
	slices.Sort(lives)
	for _, l := range lives {
		cur := ""
		for c, lc := range r.liveCol {
			if a.cat.fold(lc) == l {
				cur = c
			}
		}
		if cur == "" || cur == l || r.droppedCols[l] {
			continue
		}
		act := &a.acts[r.colRenamedAt[l]]
		a.warn(act, "rename-column", SeverityWarning, r.live, -1, fmt.Sprintf(
			"RENAME COLUMN %s TO %s on %s: running code that still uses %s fails",
			database.QuoteIdent(act.col), database.QuoteIdent(cur), a.disp(r.live), database.QuoteIdent(act.col)))
	}
}
