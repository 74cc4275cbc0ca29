package handlers

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/rows"
	"studio/views"
)

// rowDetail answers the row page as the grid's detail panel: every column
// whole, with the labels of the rows its foreign keys point to.
func (h *Handler) rowDetail(c *fiber.Ctx, db *database.DB, t *rows.Table, r rows.Row) error {
	labels, times := h.decorate(c.UserContext(), db, t, []rows.Row{r}, func(string) bool { return true })
	return render(c, views.RowDetailPanel(views.RowDetail{Table: t, Row: r, Labels: labels, Times: times, ReadOnly: h.opts.ReadOnly, URL: c.OriginalURL()}))
}

// rowSavedEvent is the htmx event a save from the detail panel triggers,
// so the grid reloads its copy of the row (static/grid.js).
const rowSavedEvent = "studio:row-saved"

// savedInPanel answers a save made in the detail panel: the panel again,
// with the row's new version, and an event naming the row for the grid:
// its key as the grid knows it (was) and now (an edit may change it).
func (h *Handler) savedInPanel(c *fiber.Ctx, db *database.DB, t *rows.Table, was string, r rows.Row) error {
	ev, err := json.Marshal(map[string]map[string]string{rowSavedEvent: {"key": was, "now": t.KeyToken(r)}})
	if err != nil {
		return err
	}
	c.Set("HX-Trigger", string(ev))
	return h.rowDetail(c, db, t, r)
}
