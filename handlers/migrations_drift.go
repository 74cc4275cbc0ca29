package handlers

import (
	"errors"
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/input"
	"studio/migrations"
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
	if note, err := h.scratchAllowed(c, db, "`studio check --db URL` runs it"); note != "" || err != nil {
		return views.DriftPanel{Note: note}, err
	}
	d, err := plan.LiveDrift(ctx, db, db, h.opts.Push.DevURL, f, r, h.opts.Migrations.Config, h.opts.Project.Filter)
	var re *plan.ReplayError
	if errors.As(err, &re) || errors.Is(err, plan.ErrScratch) {
		return views.DriftPanel{Note: database.Redact(err.Error())}, nil
	}
	if err != nil {
		return views.DriftPanel{}, err
	}
	return views.DriftPanel{Drift: d}, nil
}

// scratchAllowed says whether a page may replay the folder: always on
// SQLite (in memory); on PostgreSQL the replay needs a scratch database,
// which the studio makes only in dev mode (as the Push page does) and
// never for a request another site started. Otherwise the note says
// what runs it instead (cli).
func (h *Handler) scratchAllowed(c *fiber.Ctx, db *database.DB, cli string) (string, error) {
	if db.Dialect() != database.Postgres {
		return "", nil
	}
	if !h.opts.Push.Dev {
		return "on PostgreSQL this replays the folder in a scratch database, which the studio makes only in dev mode (--dev); " + cli, nil
	}
	if site := c.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return "", fiber.NewError(fiber.StatusForbidden, "open the page from the studio itself")
	}
	return "", nil
}

// migrationChanges lists what one migration changes in the schema, from
// a replay of the folder before and through it: a fragment for the
// Preview page's htmx request, a page without JavaScript.
func (h *Handler) migrationChanges(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	f, r, err := h.folderReport(c.UserContext(), db)
	if err != nil {
		return err
	}
	name := param(c, "name")
	panel := views.ChangesPanel{Name: name}
	i := slices.IndexFunc(f.Migrations, func(m *migrations.Migration) bool { return m.Name == name })
	if i < 0 {
		return fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("no migration %q in %s", name, r.Folder))
	}
	panel.Note, err = h.scratchAllowed(c, db, "`studio lint "+name+" --dev-url URL --format markdown` lists them")
	if err != nil {
		return err
	}
	if panel.Note == "" {
		panel.Changes, err = plan.MigrationChanges(c.UserContext(), db, h.opts.Push.DevURL, f, i)
		var re *plan.ReplayError
		if errors.As(err, &re) || errors.Is(err, plan.ErrScratch) {
			panel.Note, err = database.Redact(err.Error()), nil
		}
		if err != nil {
			return err
		}
	}
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		return render(c, views.ChangesSection(panel))
	}
	return render(c, views.MigrationChanges(views.ChangesPage{Chrome: h.chrome(c), Panel: panel}))
}
