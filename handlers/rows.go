package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/rows"
	"studio/views"
)

// countTimeout is how long the count fragment's capped count may run.
const countTimeout = 2 * time.Second

// table resolves the :schema and :table parameters through the cached
// catalog, as the request shows it (the config's filters).
func (h *Handler) table(c *fiber.Ctx) (*database.DB, *rows.Table, error) {
	db, m, err := h.model(c)
	if err != nil {
		return nil, nil, err
	}
	t, err := rows.NewTable(m, param(c, "schema"), param(c, "table"))
	if err != nil {
		return nil, nil, h.hiddenHint(c, err)
	}
	return db, t, nil
}

// query parses the grid parameters of the request.
func query(c *fiber.Ctx, t *rows.Table) (rows.Query, error) {
	v, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return rows.Query{}, badRequest(err)
	}
	return rows.ParseQuery(v, t)
}

func (h *Handler) grid(c *fiber.Ctx) error {
	if to, ok := formRedirect(c); ok {
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	db, t, err := h.table(c)
	if err != nil {
		return err
	}
	q, err := query(c, t)
	if err != nil {
		return err
	}
	p, err := h.fetch(c, db, t, q)
	if err != nil {
		return err
	}
	if wantsJSON(c) {
		exact, err := exactCount(c.Query("count"))
		if err != nil {
			return err
		}
		n, estimate, err := p.MatchCount(c.UserContext(), db, exact)
		if err != nil {
			return userData(err)
		}
		b, err := gridJSON(p, n, estimate)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		return c.Send(b)
	}
	labels, times := h.decorate(c.UserContext(), db, p.Table, p.Rows, p.Query.Shown)
	return render(c, views.Grid(views.GridPage{Chrome: h.chrome(c), Page: p, ReadOnly: h.opts.ReadOnly,
		Labels: labels, Times: times, First: firstRow(c, q)}))
}

// fetch reads a page; when the database says a column or table does not
// exist, the cached schema was stale: stale dropped it, and the page is
// tried once more against a fresh one.
func (h *Handler) fetch(c *fiber.Ctx, db *database.DB, t *rows.Table, q rows.Query) (*rows.Page, error) {
	p, err := t.Fetch(c.UserContext(), db, q)
	if err = h.stale(err); !errors.Is(err, errStaleSchema) {
		return p, userData(err)
	}
	if db, t, err = h.table(c); err != nil {
		return nil, err
	}
	if q, err = query(c, t); err != nil {
		return nil, err
	}
	p, err = t.Fetch(c.UserContext(), db, q)
	return p, userData(h.stale(err))
}

// formRedirect turns a submitted filter form (fcol/fop/fval rows, show
// checkboxes) into the canonical op.column=value URL, so what is
// bookmarked is readable and the same whichever way it was made.
func formRedirect(c *fiber.Ctx) (string, bool) {
	v, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil || (!v.Has("fcol") && !v.Has("cols")) {
		return "", false
	}
	out := url.Values{}
	cols, ops, vals := v["fcol"], v["fop"], v["fval"]
	for i, col := range cols {
		if col == "" || i >= len(ops) {
			continue
		}
		val := ""
		if i < len(vals) {
			val = vals[i]
		}
		out.Add(ops[i]+"."+col, val)
	}
	for _, k := range []string{"sort", "limit"} {
		if s := v.Get(k); s != "" {
			out.Set(k, s)
		}
	}
	if v.Has("cols") {
		for _, all := range v["all"] {
			if !slices.Contains(v["show"], all) {
				out.Add("hide", all)
			}
		}
	}
	return c.Path() + "?" + out.Encode(), true
}

type gridColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// gridJSON is the JSON twin of a grid page:
// {"columns":[{"name","type"}],"rows":[[...]],"next":URL|null,"count":{"value","exact","estimate"}}.
// Values are appended by rows.Value.AppendJSON, not through encoding/json's
// reflection: a page holds thousands of them. n and estimate are the
// page's rows.Page.MatchCount.
func gridJSON(p *rows.Page, n rows.Count, estimate bool) ([]byte, error) {
	var shown []int
	var cols []gridColumn
	for i, c := range p.Table.Columns {
		if p.Query.Shown(c.Name) {
			shown = append(shown, i)
			cols = append(cols, gridColumn{Name: c.Name, Type: c.Type})
		}
	}
	head, err := json.Marshal(cols)
	if err != nil {
		return nil, fmt.Errorf("encode columns: %w", err)
	}
	b := make([]byte, 0, 4096+len(p.Rows)*len(shown)*24)
	b = append(append(append(b, `{"columns":`...), head...), `,"rows":[`...)
	for n, r := range p.Rows {
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, i := range shown {
			if j > 0 {
				b = append(b, ',')
			}
			b = r.Values[i].AppendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `],"next":`...)
	if p.Next != nil {
		b = rows.AppendJSONString(b, views.PageURL(p.Table, *p.Next))
	} else {
		b = append(b, "null"...)
	}
	b = fmt.Appendf(b, `,"count":{"value":%d,"exact":%t,"estimate":%t}}`, n.Value, n.Exact, estimate)
	return b, nil
}

// exactCount reads the JSON twin's count parameter: "exact" counts every
// matching row; left out, the count is the planner's estimate.
func exactCount(mode string) (bool, error) {
	if mode != "" && mode != "exact" {
		return false, badRequest(fmt.Errorf("count must be exact (or left out for the estimate), not %q", mode))
	}
	return mode == "exact", nil
}

// count answers the count fragment: a capped count under a short timeout,
// or the exact count when asked (?exact=1), with the planner's estimate
// beside anything inexact.
func (h *Handler) count(c *fiber.Ctx) error {
	db, t, err := h.table(c)
	if err != nil {
		return err
	}
	q, err := query(c, t)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	var n rows.Count
	if c.Query("exact") == "1" {
		n, err = t.CountRows(ctx, db, q.Filters, 0, 0)
	} else {
		n, err = t.CountRows(ctx, db, q.Filters, rows.CountCap, countTimeout)
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return userData(err)
	}
	est := rows.Count{Value: -1}
	if !n.Exact {
		if est, err = t.Estimate(ctx, db, q.Filters); err != nil {
			est = rows.Count{Value: -1}
		}
	}
	if wantsJSON(c) {
		return c.JSON(fiber.Map{"count": n, "estimate": est})
	}
	exact := c.Path() + "?" + withExact(c)
	return render(c, views.CountFragment(n, est, exact))
}

func withExact(c *fiber.Ctx) string {
	v, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	v.Set("exact", "1")
	return v.Encode()
}
