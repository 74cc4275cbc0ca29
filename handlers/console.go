package handlers

import "github.com/gofiber/fiber/v2"

// consoleRoutes registers the console routes.
func (h *Handler) consoleRoutes(app *fiber.App) {
}
