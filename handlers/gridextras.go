package handlers

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/rows"
	"studio/views"
)

// decorate is what a grid's cells show beside the values of rs: the
// labels of the rows their foreign keys point to (one query per key for
// all of rs) and which integer columns hold epoch times. Labels are an
// extra: when they cannot be read (a timeout, a table the role may not
// read) the cells show the bare key and the failure is logged.
func (h *Handler) decorate(ctx context.Context, db *database.DB, t *rows.Table, rs []rows.Row, shown func(string) bool) (rows.Labels, []rows.TimeUnit) {
	times := rows.EpochUnits(t, rs)
	if len(t.ForeignKeys) == 0 || len(rs) == 0 {
		return nil, times
	}
	m, err := h.wholeModel(ctx)
	if err != nil {
		return nil, times
	}
	labels, err := t.FetchLabels(ctx, db, m, rs, shown)
	if err != nil {
		h.log.Warn("foreign-key labels not read", "table", t.Schema+"."+t.Name, "err", database.Redact(err.Error()))
	}
	return labels, times
}

// firstRow is the position of a grid page's first row in the whole
// result: 0 on the first page, the pager's hint (views.AtParam) on a page
// it linked, -1 when unknown (the last page, a bookmarked cursor).
func firstRow(c *fiber.Ctx, q rows.Query) int {
	switch {
	case q.Last:
		return -1
	case q.After == "" && q.Before == "":
		return 0
	}
	n, err := strconv.Atoi(c.Query(views.AtParam))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// gridRowPage is the page an edit route renders one row of again.
func (h *Handler) gridRowPage(ctx context.Context, db *database.DB, t *rows.Table, q rows.Query, r rows.Row) views.GridPage {
	labels, times := h.decorate(ctx, db, t, []rows.Row{r}, q.Shown)
	return views.GridPage{Page: &rows.Page{Table: t, Query: q}, Labels: labels, Times: times}
}
