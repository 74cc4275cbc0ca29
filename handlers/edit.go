package handlers

import "github.com/gofiber/fiber/v2"

// editRoutes registers the edit routes.
func (h *Handler) editRoutes(app *fiber.App) {
}
