package handlers

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/introspect"
	"studio/project"
)

// ProjectOptions are what the Drizzle project says around the database.
type ProjectOptions struct {
	// Label names the database and where its address came from, for the
	// header of every page: "app · drizzle.config.ts · .env".
	Label string
	// Config is the drizzle config as shown ("drizzle.config.ts"); "" when
	// there is none.
	Config string
	// Filter is the config's schemaFilter and tablesFilter: pages show
	// what it lets through unless the request shows all. The zero Filter
	// (no config, or --all) shows everything.
	Filter project.Filter
}

// showAllCookie keeps the overview's "show all" switch on across pages.
const showAllCookie = "studio_all"

// showAll reports whether the request shows what the config's filters
// hide: ?all=1 on the overview turns it on (kept in a cookie), ?all=0
// off. Nothing else changes with it, so a GET may set it.
func (h *Handler) showAll(c *fiber.Ctx) bool {
	switch c.Query("all") {
	case "1":
		c.Cookie(&fiber.Cookie{Name: showAllCookie, Value: "1", Path: "/", HTTPOnly: true, SameSite: "Strict", Expires: time.Now().Add(365 * 24 * time.Hour)})
		return true
	case "0":
		c.ClearCookie(showAllCookie)
		return false
	}
	return c.Cookies(showAllCookie) == "1"
}

// visible is m as the request shows it: limited by the config's filters
// unless it shows all; hidden counts the relations left out.
func (h *Handler) visible(c *fiber.Ctx, m *introspect.Model) (shown *introspect.Model, hidden int) {
	f := h.opts.Project.Filter
	if f.IsAll() || h.showAll(c) {
		return m, 0
	}
	return f.Model(m)
}

// filteredModel remembers the filtered copy of the last model the
// catalog cache returned, so the grid does not copy the model on every
// request.
type filteredModel struct {
	mu       sync.Mutex
	src, out *introspect.Model
}

func (fm *filteredModel) get(f project.Filter, m *introspect.Model) *introspect.Model {
	fm.mu.Lock()
	defer fm.mu.Unlock()
	if fm.src != m {
		fm.src, fm.out = m, nil
		fm.out, _ = f.Model(m)
	}
	return fm.out
}

// hiddenHint completes a not-found error for a schema or relation the
// config's filters hide: it is there, and the overview's switch shows it.
func (h *Handler) hiddenHint(c *fiber.Ctx, err error) error {
	f := h.opts.Project.Filter
	if !errors.Is(err, introspect.ErrNotFound) || f.IsAll() || h.showAll(c) {
		return err
	}
	schema, table := param(c, "schema"), param(c, "table")
	if f.Schema(schema) && (table == "" || f.Table(schema, table)) {
		return err
	}
	return fmt.Errorf("%w: hidden by the schemaFilter and tablesFilter of %s (Show all on the overview shows it)", err, h.opts.Project.Config)
}
