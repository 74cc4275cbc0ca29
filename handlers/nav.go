package handlers

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/introspect"
	"studio/views"
)

// modelKey is where a request keeps the last model it had from the
// catalog cache, so its sidebar needs no trip of its own.
const modelKey = "studio.model"

// navQueryCookie holds the sidebar's filter between pages (nav.js sets
// it), so the next page renders the list already filtered.
const navQueryCookie = "studio_nav_q"

// navIndexes keeps the sidebar's index of the last model: the catalog
// cache hands out the same *Model until the schema changes, so the
// folding is done once per schema, not once per page.
type navIndexes struct {
	mu    sync.Mutex
	model *introspect.Model
	index *views.NavIndex
}

func (n *navIndexes) of(m *introspect.Model) *views.NavIndex {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.model != m {
		n.model, n.index = m, views.NewNavIndex(m)
	}
	return n.index
}

// model is the schema model from the catalog cache as the request shows
// it, kept for the page's sidebar. Every page that lists or opens tables
// reads it here, so the config's filters hold on all of them (the
// filtered copy is kept until the cache reads a new model). It asks the
// cache each time: after stale dropped the cache, a handler trying again
// gets the new model.
func (h *Handler) model(c *fiber.Ctx) (*database.DB, *introspect.Model, error) {
	db, cache, err := h.db.catalog()
	if err != nil {
		return nil, nil, err
	}
	m, err := cache.Model(c.UserContext())
	if err != nil {
		return nil, nil, err
	}
	if f := h.opts.Project.Filter; !f.IsAll() && !h.showAll(c) {
		m = h.filtered.get(f, m)
	}
	c.Locals(modelKey, m)
	return db, m, nil
}

// wholeModel is the cached model as the database holds it, whatever the
// config's filters hide: what the database does (a delete's cascades,
// the labels of the rows a key points to) is not filtered.
func (h *Handler) wholeModel(ctx context.Context) (*introspect.Model, error) {
	_, cache, err := h.db.catalog()
	if err != nil {
		return nil, err
	}
	return cache.Model(ctx)
}

// nav is the sidebar of the page c shows, filtered by q; nil when the
// model cannot be had. An error page (its request's context is over by
// then) shows it only when the failed handler had read the model: one
// that failed on the database itself must not wait for it again.
func (h *Handler) nav(c *fiber.Ctx, q string) *views.Nav {
	m, ok := c.Locals(modelKey).(*introspect.Model)
	if !ok && c.UserContext().Err() == nil {
		_, m, _ = h.model(c)
	}
	if m == nil {
		return nil
	}
	n := h.navs.of(m).View(param(c, "schema"), param(c, "table"), q)
	return &n
}

// navQuery is the filter the sidebar keeps between pages.
func navQuery(c *fiber.Ctx) string {
	q, err := url.PathUnescape(c.Cookies(navQueryCookie))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(q)
}

// navPage answers the sidebar's filter: the list alone for htmx, a page
// listing the matches otherwise (the filter form without JavaScript).
// schema and table name the page the sidebar is on, so its current table
// stays marked.
func (h *Handler) navPage(c *fiber.Ctx) error {
	_, m, err := h.model(c)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.Query("q"))
	n := h.navs.of(m).View(c.Query("schema"), c.Query("table"), q)
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		return render(c, views.NavFragment(&n))
	}
	ch := h.bareChrome(c)
	ch.Nav = &n
	return render(c, views.NavResults(views.NavPage{Chrome: ch, Nav: &n}))
}
