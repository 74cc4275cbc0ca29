package handlers

import "github.com/gofiber/fiber/v2"

// exportRoutes registers the export routes.
func (h *Handler) exportRoutes(app *fiber.App) {
}
