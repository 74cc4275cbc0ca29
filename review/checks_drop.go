package review

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
)

func (a *analyzer) createTable(i int) {
	act := &a.acts[i]
	schema := act.target.schema
	if schema == "" {
		schema = a.cat.defaultSchema()
	}
	k := a.cat.key(schema, act.target.name)
	if r := a.rels[k]; r != nil && !r.dropped {
		return // IF NOT EXISTS on a table the batch already has
	}
	if _, ok := a.cat.table(schema, act.target.name); ok && !a.gone[k] {
		return // IF NOT EXISTS on a live table
	}
	r := newRel(schema, act.target.name, nil)
	r.createdAt = i
	a.rels[k] = r
	a.order = append(a.order, r)
	for _, c := range act.cols {
		r.added[a.cat.fold(c.name)] = true
		a.styleColumn(i, r, c)
	}
	a.recordCopies(r, act, i)
}

func (a *analyzer) insert(i int) {
	act := &a.acts[i]
	if r := a.lookup(act.target); r != nil {
		r.emptied = false // refilled: live counts are the best guess again
		a.recordCopies(r, act, i)
	}
}

// recordCopies notes that r was filled from the tables act selects from.
func (a *analyzer) recordCopies(r *rel, act *action, i int) {
	for _, s := range act.srcs {
		if src := a.lookup(s); src != nil && src != r {
			r.copies = append(r.copies, copyOf{src: src, star: act.star, idents: act.idents, at: i})
		}
	}
}

func (a *analyzer) dropTable(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	if r.live == nil {
		a.remove(r) // created in this batch: no live rows at stake
		return
	}
	if t := r.live.t; t != nil && t.Kind != introspect.KindTable {
		a.dropVirtual(i, r)
		a.remove(r)
		return
	}
	if n, renamed := a.rebuildOf(i, r); n != nil {
		a.rebuild(i, r, n, renamed)
		a.remove(r)
		r.rebuilt = true
		return
	}
	if cp, dst := a.copiedInto(r); dst != nil {
		rows := a.rows(r.live)
		a.warn(act, "drop-table", SeverityWarning, r.live, rows, fmt.Sprintf(
			"DROP TABLE %s deletes its %s after line %d copied them into %s",
			a.relDisp(r), itsRows(rows), a.line(cp.at), a.relDisp(dst)))
		a.lostColumns(i, r, cp)
	} else {
		a.plainDrop(i, r)
	}
	if a.dialect == database.SQLite {
		a.dropBreaks(i, r)
		a.childRisk(i, r, "dropping", KindDataLoss)
	}
	a.remove(r)
}

// dropVirtual warns about DROP TABLE of a virtual table. An FTS5 index
// with external content holds no data of its own: it can be rebuilt from
// its content table. Other virtual tables may hold data; views make DROP
// TABLE fail and get no warning.
func (a *analyzer) dropVirtual(i int, r *rel) {
	t := r.live.t
	if t.Kind != introspect.KindVirtual {
		return
	}
	if content := ftsContent(virtualArgs(t.DDL)); content != "" {
		a.warn(&a.acts[i], "fts-index-dropped", SeverityInfo, r.live, -1, fmt.Sprintf(
			"DROP TABLE %s drops a full-text index of %s; its data stays in %s",
			a.relDisp(r), database.QuoteIdent(content), database.QuoteIdent(content)))
		return
	}
	a.plainDrop(i, r)
}

// plainDrop warns about DROP TABLE of a live table whose rows go nowhere.
func (a *analyzer) plainDrop(i int, r *rel) {
	act := &a.acts[i]
	rows := a.rows(r.live)
	msg := fmt.Sprintf("DROP TABLE %s deletes %s", a.relDisp(r), rowsText(rows, "row"))
	sev := SeverityError
	switch {
	case rows == 0:
		msg, sev = fmt.Sprintf("DROP TABLE %s drops a table that is empty now", a.relDisp(r)), SeverityInfo
	case rows < 0:
		msg, sev = fmt.Sprintf("DROP TABLE %s deletes the table and all its rows", a.relDisp(r)), SeverityWarning
	}
	if act.cascade && a.dialect != database.SQLite {
		if deps := a.dependents(r.live); len(deps) > 0 {
			msg += "; CASCADE also drops " + strings.Join(deps, " and ")
		}
	}
	a.warn(act, "drop-table", sev, r.live, rows, msg)
}

// dependents lists what DROP ... CASCADE takes with lt: other tables'
// foreign keys to it and views reading it.
func (a *analyzer) dependents(lt *liveTable) []string {
	var fks, views []string
	for _, ch := range a.cat.children(*lt) {
		if !a.gone[a.cat.key(ch.table.schema, ch.table.name)] && !slices.Contains(fks, ch.table.name) {
			fks = append(fks, ch.table.name)
		}
	}
	for _, v := range a.cat.viewsReading(*lt) {
		if !a.droppedViews[a.cat.key(v.schema, v.name)] {
			views = append(views, v.name)
		}
	}
	var out []string
	if len(fks) > 0 {
		out = append(out, "the foreign keys of "+quoteList(fks))
	}
	if len(views) > 0 {
		out = append(out, plural(int64(len(views)), "the view ", "the views ")+quoteList(views))
	}
	return out
}

// copiedInto returns the latest copy of r's rows into a table that still
// exists, if any.
func (a *analyzer) copiedInto(r *rel) (copyOf, *rel) {
	for j := len(a.order) - 1; j >= 0; j-- {
		dst := a.order[j]
		if dst.dropped || dst == r {
			continue
		}
		for _, cp := range dst.copies {
			if cp.src == r {
				return cp, dst
			}
		}
	}
	return copyOf{}, nil
}

// lostColumns warns about the live columns of r a copy leaves out: their
// values are gone once r is dropped.
func (a *analyzer) lostColumns(i int, r *rel, cp copyOf) {
	if cp.star || cp.idents == nil || r.live.t == nil {
		return
	}
	named := map[string]bool{}
	for id := range cp.idents {
		named[a.cat.fold(id)] = true
	}
	for cur, live := range r.liveCol {
		if named[cur] {
			named[a.cat.fold(live)] = true
		}
	}
	for _, col := range r.live.t.Columns {
		if named[a.cat.fold(col.Name)] || r.droppedCols[a.cat.fold(col.Name)] {
			continue
		}
		n := a.nonNull(r.live, col.Name)
		if n == 0 {
			continue
		}
		sev, what := SeverityError, "its "+rowsText(n, "non-null value")+" are lost"
		if n < 0 {
			sev, what = SeverityWarning, "its values are lost"
		}
		a.warn(&a.acts[i], "copy-drops-column", sev, r.live, n, fmt.Sprintf(
			"the copy at line %d does not take column %s of %s: %s",
			a.line(cp.at), database.QuoteIdent(col.Name), a.relDisp(r), what))
	}
}

func (a *analyzer) dropView(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	a.droppedViews[a.keyOf(r)] = true
	if act.materialized && r.live != nil {
		rows := a.rows(r.live)
		if rows != 0 {
			a.warn(act, "drop-materialized-view", SeverityWarning, r.live, rows, fmt.Sprintf(
				"DROP MATERIALIZED VIEW %s discards %s; getting them back means recomputing the query",
				a.relDisp(r), rowsText(rows, "stored row")))
		}
	}
	a.remove(r)
}

// dropSchema warns about DROP SCHEMA ... CASCADE of a schema with tables.
// Without CASCADE a non-empty schema makes the statement fail instead.
func (a *analyzer) dropSchema(i int) {
	act := &a.acts[i]
	schema := act.target.name
	var tables []*rel
	a.cat.all(func(lt liveTable) {
		if a.cat.fold(lt.schema) != a.cat.fold(schema) || lt.t.Kind == introspect.KindView {
			return
		}
		if r := a.lookup(qname{schema: lt.schema, name: lt.name}); r != nil {
			tables = append(tables, r)
		}
	})
	if !act.cascade || len(tables) == 0 {
		return
	}
	var total int64
	for _, r := range tables {
		n := a.rows(r.live)
		if n < 0 || total < 0 {
			total = -1
			continue
		}
		total += n
	}
	sev := SeverityError
	if total == 0 {
		sev = SeverityWarning
	}
	a.warn(act, "drop-schema", sev, nil, total, fmt.Sprintf(
		"DROP SCHEMA %s CASCADE drops its %s holding %s",
		database.QuoteIdent(schema), rowsText(int64(len(tables)), "table"), rowsText(total, "row")))
	for _, r := range tables {
		a.remove(r)
	}
}

// dropType records dropped enums, and with CASCADE warns about the
// columns that go with the type.
func (a *analyzer) dropType(i int) {
	act := &a.acts[i]
	schema := act.target.schema
	if schema == "" {
		schema = a.cat.defaultSchema()
	}
	a.droppedEnums[a.cat.key(schema, act.target.name)] = true
	if !act.cascade {
		return
	}
	for _, ec := range a.cat.enumColumns(schema, act.target.name) {
		lt := ec.table
		n := a.nonNull(&lt, ec.col)
		if n == 0 {
			continue
		}
		values := "its values"
		if n > 0 {
			values = "its " + rowsText(n, "value")
		}
		a.warn(act, "drop-type-cascade", SeverityError, &lt, n, fmt.Sprintf(
			"DROP TYPE %s CASCADE drops column %s of %s with %s",
			a.dispName(schema, act.target.name), database.QuoteIdent(ec.col), a.disp(&lt), values))
	}
}
