package console

import (
	"errors"
	"slices"

	"studio/rows"
)

// errPageFull stops a stream once the page and one more row were seen.
var errPageFull = errors.New("page full")

// pager keeps one page of a streaming result: it skips the first skip
// rows, keeps the next limit, and notes whether another row followed.
// Rows it does not keep are never stored, so memory is one page whatever
// the size of the result.
type pager struct {
	res         *Result
	skip, limit int
	seen        int
	// stop makes the sink end the stream at the row after the page; a
	// sink that must let the statement finish (a PostgreSQL write whose
	// effects are committed afterwards) reads the rest and drops it.
	stop bool
}

func newPager(res *Result, skip, limit int, stop bool) *pager {
	return &pager{res: res, skip: skip, limit: limit, stop: stop}
}

// sink feeds the pager from rows.StreamPG or rows.StreamSQLite.
func (p *pager) sink() rows.Sink {
	return rows.Sink{Columns: p.columns, Row: p.row}
}

func (p *pager) columns(cols []rows.ResultColumn) error {
	p.res.Columns = slices.Clone(cols)
	return nil
}

func (p *pager) row(vals []rows.Value) error {
	p.seen++
	switch {
	case p.seen <= p.skip:
		return nil
	case len(p.res.Rows) < p.limit:
		// The stream reuses vals; Text strings are immutable, so a
		// shallow copy is enough.
		p.res.Rows = append(p.res.Rows, slices.Clone(vals))
		return nil
	}
	p.res.More = true
	if p.stop {
		return errPageFull
	}
	return nil
}
