package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/export"
	"studio/rows"
	"studio/views"
)

const (
	// exportJobs bounds how many exports the progress registry tracks;
	// exportKeep is how long a finished one stays readable.
	exportJobs = 64
	exportKeep = 10 * time.Minute
	// progressWaits is how many polls a page may make for an export that
	// has not registered yet.
	progressWaits = 30
)

// exportTable streams the rows of a table or view that the grid's
// parameters select (filters, sort; hidden columns are left out) as CSV,
// JSON or NDJSON (see download). A vanished column before the first row
// means our cached schema is stale: it is dropped for the next try.
func (h *Handler) exportTable(c *fiber.Ctx) error {
	format := c.Params("format")
	if _, err := export.ContentType(format); err != nil {
		return err
	}
	db, t, err := h.table(c)
	if err != nil {
		return err
	}
	q, err := query(c, t)
	if err != nil {
		return err
	}
	shown := shownColumns(t, q)
	work := func(ctx context.Context, sink rows.Sink) error {
		return t.Each(ctx, db, q, projection(sink, shown, len(t.Columns)))
	}
	err = h.download(c, format, export.Filename(t.Name, format), "table "+t.Ident(), work)
	return userData(h.stale(err))
}

// projection passes on the shown columns of each row (indexes into the
// table's n columns).
func projection(sink rows.Sink, shown []int, n int) rows.Sink {
	vals := make([]rows.Value, len(shown))
	return rows.Sink{
		Columns: func(cols []rows.ResultColumn) error {
			if len(cols) < n {
				return nil // PostgreSQL failed before describing the result; the error follows
			}
			out := make([]rows.ResultColumn, len(shown))
			for i, j := range shown {
				out[i] = cols[j]
			}
			return sink.Columns(out)
		},
		Row: func(row []rows.Value) error {
			for i, j := range shown {
				vals[i] = row[j]
			}
			return sink.Row(vals)
		},
	}
}

// shownColumns are the indexes of the columns q does not hide, in order.
func shownColumns(t *rows.Table, q rows.Query) []int {
	var out []int
	for i, c := range t.Columns {
		if q.Shown(c.Name) {
			out = append(out, i)
		}
	}
	return out
}

// exportProgress answers a progress poll: JSON {rows, done, error}, or for
// htmx the line that replaces itself until the export is done.
func (h *Handler) exportProgress(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := export.CheckID(id); err != nil {
		return err
	}
	st, found := h.exports.Status(id)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if c.Get("HX-Request") == "true" {
		v := views.ExportProgressView{ID: id, Found: found, Rows: st.Rows, Done: st.Done, Error: st.Error,
			Wait: min(max(c.QueryInt("wait", 0), 0), progressWaits)}
		return render(c, views.ExportProgress(v))
	}
	if !found {
		return fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("no export under progress id %s (finished ones are kept %v)", id, exportKeep))
	}
	return c.JSON(st)
}
