package handlers

import (
	"github.com/gofiber/fiber/v2"

	"studio/rows"
	"studio/views"
)

// refOptions answers a foreign-key picker: the rows column ?col's key may
// point to whose key starts with ?q or whose label contains it, as the
// <option>s of its datalist (JSON: [{"Key","Label"}]).
func (h *Handler) refOptions(c *fiber.Ctx) error {
	db, m, err := h.model(c)
	if err != nil {
		return err
	}
	t, err := rows.NewTable(m, param(c, "schema"), param(c, "table"))
	if err != nil {
		return h.hiddenHint(c, err)
	}
	// The key may point into a table the config's filters hide.
	all, err := h.wholeModel(c.UserContext())
	if err != nil {
		return err
	}
	opts, err := t.RefOptions(c.UserContext(), db, all, c.Query("col"), c.Query("q"))
	if err != nil {
		return userData(err)
	}
	if wantsJSON(c) {
		return c.JSON(opts)
	}
	return render(c, views.RefOptions(opts))
}
