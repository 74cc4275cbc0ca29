package postgres

import "slices"

// countOn is a step (by phase and position) whose count reads some
// columns of some tables.
type countOn struct {
	phase phase
	index int
	reads []tableColumns
}

// tableColumns are some columns of a table.
type tableColumns struct {
	table key
	cols  []string
}

// unsafe marks columns that a count cannot read in the live database.
func (d *diff) unsafe(k key, cols ...string) {
	if d.unsafeCols[k] == nil {
		d.unsafeCols[k] = map[string]bool{}
	}
	for _, c := range cols {
		d.unsafeCols[k][c] = true
	}
}

// finishCounts drops the counts the live database cannot answer (they
// read columns the plan adds or changes) and spells the columns of
// renamed tables by their live names, since counts run before the plan.
func (d *diff) finishCounts() {
	for _, c := range d.countsOn {
		for _, r := range c.reads {
			if slices.ContainsFunc(r.cols, func(col string) bool { return d.unsafeCols[r.table][col] }) {
				d.steps[c.phase][c.index].CountSQL = ""
			}
		}
	}
	for ph := range d.steps {
		for i := range d.steps[ph] {
			s := &d.steps[ph][i]
			for _, k := range sorted(d.renamed) {
				if s.CountSQL != "" && s.Table == k.String() {
					for to, from := range d.renamed[k] {
						s.CountSQL = renameIdent(s.CountSQL, to, from)
					}
				}
			}
		}
	}
}

// countCap bounds every count a step runs: a count above it reads as "more
// than a million".
const countCap = "1000001"

// count counts the rows of table k matching where (all rows when empty),
// stopping at countCap.
func count(k key, where string) string {
	if where != "" {
		where = " WHERE " + where
	}
	return "SELECT count(*) FROM (SELECT 1 FROM " + k.sql() + where + " LIMIT " + countCap + ") AS x"
}
