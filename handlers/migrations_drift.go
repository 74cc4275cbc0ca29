package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/input"
	"studio/plan"
	"studio/views"
)

// driftPanel compares the database with the folder replayed through its
// last applied migration, as `studio check --db` does: a fragment for the
// Migrations page's htmx request, a page of its own without it. The
// replay runs in memory on SQLite; PostgreSQL needs a scratch database,
// made (as the Push page makes its own) only in dev mode.
func (h *Handler) driftPanel(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	panel, err := h.drift(c, db)
	if err != nil {
		return err
	}
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		return render(c, views.DriftSection(panel))
	}
	return render(c, views.DriftCheck(views.DriftPage{Chrome: h.chrome(c), Panel: panel}))
}

// drift is the panel's content; what stops the check (no folder, a
// migration that does not replay, no scratch database) is its note.
func (h *Handler) drift(c *fiber.Ctx, db *database.DB) (views.DriftPanel, error) {
	ctx := c.UserContext()
	f, r, err := h.folderReport(ctx, db)
	if errors.Is(err, input.ErrBad) {
		return views.DriftPanel{Note: err.Error()}, nil
	}
	if err != nil {
		return views.DriftPanel{}, err
	}
	if db.Dialect() == database.Postgres {
		if !h.opts.Push.Dev {
			return views.DriftPanel{Note: "on PostgreSQL the check replays the folder in a scratch database, which the studio makes only in dev mode (--dev); `studio check --db URL` runs it"}, nil
		}
		if site := c.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			return views.DriftPanel{}, fiber.NewError(fiber.StatusForbidden, "open the Migrations page from the studio itself")
		}
	}
	d, err := plan.LiveDrift(ctx, db, db, h.opts.Push.DevURL, f, r, h.opts.Migrations.Config)
	var re *plan.ReplayError
	if errors.As(err, &re) || errors.Is(err, plan.ErrScratch) {
		return views.DriftPanel{Note: database.Redact(err.Error())}, nil
	}
	if err != nil {
		return views.DriftPanel{}, err
	}
	return views.DriftPanel{Drift: d}, nil
}
