package handlers

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/datadir"
	"studio/introspect"
	"studio/migrations"
	"studio/rows"
	"studio/views"
)

// badRequest marks an error as the user's mistake (400) with its message
// shown in full.
type badRequest struct{ err error }

func (b badRequest) Error() string { return b.err.Error() }
func (b badRequest) Unwrap() error { return b.err }

// statusOf maps an error to the HTTP status it deserves and the message a
// user should see. Our own faults get a short message; the details go to
// the log.
func statusOf(err error) (int, string, bool) {
	var fe *fiber.Error
	var br badRequest
	var ce *rows.ConstraintError
	switch {
	case errors.As(err, &fe):
		return fe.Code, fe.Message, false
	case errors.As(err, &br):
		return fiber.StatusBadRequest, br.Error(), false
	case errors.Is(err, introspect.ErrNotFound):
		return fiber.StatusNotFound, err.Error(), false
	case errors.Is(err, ErrNotConfigured):
		return fiber.StatusServiceUnavailable, err.Error(), false
	case errors.Is(err, ErrAlreadyConfigured):
		return fiber.StatusConflict, err.Error(), false
	case errors.Is(err, database.ErrBadAddress), errors.Is(err, datadir.ErrOutside), errors.Is(err, rows.ErrBadQuery):
		return fiber.StatusBadRequest, err.Error(), false
	case errors.Is(err, rows.ErrReadOnly):
		return fiber.StatusForbidden, err.Error(), false
	case errors.Is(err, rows.ErrConflict):
		return fiber.StatusConflict, err.Error(), false
	case errors.As(err, &ce):
		return fiber.StatusUnprocessableEntity, err.Error(), false
	case errors.Is(err, migrations.ErrOutOfOrder), errors.Is(err, migrations.ErrModified), errors.Is(err, migrations.ErrMissing):
		return fiber.StatusConflict, err.Error(), false
	case errors.Is(err, context.DeadlineExceeded):
		return fiber.StatusGatewayTimeout, "the database did not answer in time", false
	case database.IsBusy(err):
		return fiber.StatusServiceUnavailable, "the database is locked by another connection; nothing was written: try again", false
	case database.IsUnavailable(err):
		return fiber.StatusServiceUnavailable, "the database cannot be reached: " + err.Error(), false
	}
	return fiber.StatusInternalServerError, "internal error; see the studio's log", true
}

// errorHandler is Fiber's one error handler: JSON for API clients, an HTML
// page (or fragment, for htmx) for people. It renders with a fresh context
// because the request's may already be cancelled.
func (h *Handler) errorHandler(c *fiber.Ctx, err error) error {
	code, msg, ours := statusOf(err)
	msg = database.Redact(msg)
	if ours {
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", database.Redact(err.Error()))
	}
	c.Status(code)
	if wantsJSON(c) {
		return c.JSON(fiber.Map{"error": msg, "status": code})
	}
	c.Type("html", "utf-8")
	// Boosted navigation swaps the whole body, so it gets the full page.
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		return views.ErrorFragment(code, msg).Render(context.Background(), c.Response().BodyWriter())
	}
	return views.ErrorPage(h.chrome(c), code, msg).Render(context.Background(), c.Response().BodyWriter())
}

// wantsJSON reports whether the client asked for JSON (API routes and
// Accept: application/json).
func wantsJSON(c *fiber.Ctx) bool {
	if c.Get("HX-Request") == "true" {
		return false // htmx swaps HTML, also from /api/ routes its forms post to
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		return true
	}
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}
