package handlers

import (
	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/rows"
)

// rowRoutes registers the grid, its count and the row page.
func (h *Handler) rowRoutes(app *fiber.App) {
}

// table resolves the :schema and :table parameters through the cached
// catalog.
func (h *Handler) table(c *fiber.Ctx) (*database.DB, *rows.Table, error) {
	db, cache, err := h.db.catalog()
	if err != nil {
		return nil, nil, err
	}
	m, err := cache.Model(c.UserContext())
	if err != nil {
		return nil, nil, err
	}
	t, err := rows.NewTable(m, c.Params("schema"), c.Params("table"))
	if err != nil {
		return nil, nil, err
	}
	return db, t, nil
}
