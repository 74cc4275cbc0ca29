package handlers

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/export"
	"studio/introspect"
	"studio/rows"
	"studio/views"
)

// incomingTimeout bounds each "referenced by" count on the row page.
const incomingTimeout = time.Second

// rowPage shows one row, found by its key token (rowid/ctid tables) or by
// the eq filters of a link, and for each incoming foreign key how many
// rows reference it; with edit=1, the form that edits it, and after a
// save (saved=COLUMN, repeated) what was saved.
func (h *Handler) rowPage(c *fiber.Ctx) error {
	db, t, err := h.table(c)
	if err != nil {
		return err
	}
	r, matches, err := findRow(c, db, t)
	if err != nil {
		return err
	}
	if c.Get("HX-Target") == views.DetailID {
		return h.rowDetail(c, db, t, r)
	}
	edit := views.RowEdit{Editing: c.Query("edit") == "1", Inserted: c.Query("inserted") == "1"}
	if args := c.Request().URI().QueryArgs(); args.Has("saved") {
		edit.Saved = true
		for _, col := range args.PeekMulti("saved") {
			if len(col) > 0 {
				edit.Wrote = append(edit.Wrote, string(col))
			}
		}
	}
	return h.showRow(c, fiber.StatusOK, db, t, r, matches, edit)
}

// showRow renders the row page of r with status.
func (h *Handler) showRow(c *fiber.Ctx, status int, db *database.DB, t *rows.Table, r rows.Row, matches int, edit views.RowEdit) error {
	in, err := h.incoming(c, db, t, r)
	if err != nil {
		return err
	}
	labels, times := h.decorate(c.UserContext(), db, t, []rows.Row{r}, func(string) bool { return true })
	return renderStatus(c, status, views.RowPage(views.RowPageData{
		Chrome: h.chrome(c), Table: t, Row: r, Matches: matches, ReadOnly: h.opts.ReadOnly, Incoming: in, Edit: edit,
		Labels: labels, Times: times,
	}))
}

func findRow(c *fiber.Ctx, db *database.DB, t *rows.Table) (rows.Row, int, error) {
	if tok := c.Query("key"); tok != "" {
		key, err := t.DecodeKey(tok)
		if err != nil {
			return rows.Row{}, 0, err
		}
		r, err := t.Lookup(c.UserContext(), db, key)
		return r, 1, err
	}
	q, err := query(c, t)
	if err != nil {
		return rows.Row{}, 0, err
	}
	if !t.Paged() { // a view: the row at its place (after=), as the grid links it
		q.Limit = 1
	} else if len(q.Filters) == 0 {
		return rows.Row{}, 0, badRequest(errors.New("say which row: key=<token> or eq.<column>=<value>"))
	} else {
		q.Limit, q.After, q.Before, q.Last = 2, "", "", false
	}
	p, err := t.Fetch(c.UserContext(), db, q)
	if err != nil {
		return rows.Row{}, 0, userData(err)
	}
	if len(p.Rows) == 0 {
		return rows.Row{}, 0, fiber.NewError(fiber.StatusNotFound, "no row matches that link")
	}
	return p.Rows[0], len(p.Rows), nil
}

// incoming counts, per foreign key that references t, the rows pointing at
// r (capped, each within incomingTimeout) and links to them. A count that
// does not finish in time is unknown; one that fails is unknown too, and
// logged: the row page shows what it can.
func (h *Handler) incoming(c *fiber.Ctx, db *database.DB, t *rows.Table, r rows.Row) ([]views.IncomingCount, error) {
	_, m, err := h.model(c)
	if err != nil {
		return nil, err
	}
	ctx := c.UserContext()
	var out []views.IncomingCount
	for _, in := range t.Incoming {
		v := url.Values{}
		var fs []rows.Filter
		for i, col := range in.FK.Columns {
			ref := t.Column(in.FK.RefColumns[i])
			if ref == nil {
				break
			}
			val := r.Values[columnIndex(t, ref.Name)]
			v.Add("eq."+col, val.Text)
			fs = append(fs, rows.Filter{Column: col, Op: rows.OpEq, Value: val.Text})
		}
		ic := views.IncomingCount{Schema: in.Schema, Table: in.Table, Key: in.FK.Name, Columns: in.FK.Columns,
			URL: views.RowsURL(in.Schema, in.Table, v.Encode()), Count: rows.Count{Value: -1}}
		if len(fs) == len(in.FK.Columns) {
			n, err := countReferences(ctx, db, m, in.Schema, in.Table, fs)
			switch {
			case err == nil:
				ic.Count = n
			case !errors.Is(err, context.DeadlineExceeded):
				h.log.Warn("count of referencing rows failed", "table", in.Schema+"."+in.Table, "key", in.FK.Name, "err", database.Redact(err.Error()))
			}
		}
		out = append(out, ic)
	}
	return out, nil
}

// countReferences counts, capped, the rows of schema.table that fs select.
func countReferences(ctx context.Context, db *database.DB, m *introspect.Model, schema, table string, fs []rows.Filter) (rows.Count, error) {
	child, err := rows.NewTable(m, schema, table)
	if err != nil {
		return rows.Count{}, err
	}
	return child.CountRows(ctx, db, fs, rows.CountCap, incomingTimeout)
}

func columnIndex(t *rows.Table, name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// cellBytes downloads one binary value whole.
func (h *Handler) cellBytes(c *fiber.Ctx) error {
	db, t, err := h.table(c)
	if err != nil {
		return err
	}
	i := columnIndex(t, c.Query("col"))
	if i < 0 {
		return badRequest(errors.New("no such column: " + c.Query("col")))
	}
	key, err := t.DecodeKey(c.Query("key"))
	if err != nil {
		return err
	}
	r, err := t.Lookup(c.UserContext(), db, key)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+export.Filename(t.Name+"-"+t.Columns[i].Name, "bin")+`"`)
	return c.Send([]byte(r.Values[i].Text))
}
