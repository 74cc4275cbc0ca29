package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"studio/erd"
	"studio/introspect"
	"studio/views"
)

// overview lists every schema and relation, from the cheap summary so it
// stays fast on databases with thousands of tables.
func (h *Handler) overview(c *fiber.Ctx) error {
	db, d, err := h.db.get()
	if err != nil {
		return c.Redirect("/setup", fiber.StatusSeeOther)
	}
	all, err := d.Summary(c.UserContext(), db)
	if err != nil {
		return fmt.Errorf("read schema summary: %w", err)
	}
	page := views.OverviewPage{Chrome: h.chrome(c), Model: all, Config: h.opts.Project.Config}
	if f := h.opts.Project.Filter; !f.IsAll() {
		var shown *introspect.Model
		shown, page.Hidden = f.Model(all)
		if page.ShowingAll = h.showAll(c); !page.ShowingAll {
			page.Model = shown
		}
	}
	return render(c, views.Overview(page))
}

// schemaJSON answers the full model as the request shows it, the same as
// `studio inspect --json`.
func (h *Handler) schemaJSON(c *fiber.Ctx) error {
	db, d, err := h.db.get()
	if err != nil {
		return err
	}
	m, err := d.Inspect(c.UserContext(), db)
	if err != nil {
		return fmt.Errorf("inspect schema: %w", err)
	}
	m, _ = h.visible(c, m)
	return c.JSON(m)
}

// inspectAll returns the whole model (incoming foreign keys and cycles can
// cross schemas) from the catalog cache, so structure pages do not re-read
// the catalog on every request.
func (h *Handler) inspectAll(c *fiber.Ctx) (*introspect.Model, error) {
	_, m, err := h.model(c)
	return m, err
}

// schemaOf finds a schema in the model or returns ErrNotFound.
func schemaOf(m *introspect.Model, name string) (*introspect.Schema, error) {
	for i := range m.Schemas {
		if m.Schemas[i].Name == name {
			return &m.Schemas[i], nil
		}
	}
	return nil, fmt.Errorf("schema %q: %w", name, introspect.ErrNotFound)
}

// cyclesThrough keeps the cycles that pass through schema (and table, when
// given).
func cyclesThrough(m *introspect.Model, schema, table string) [][]introspect.TableRef {
	var out [][]introspect.TableRef
	for _, cyc := range m.FKCycles() {
		for _, r := range cyc {
			if r.Schema == schema && (table == "" || r.Name == table) {
				out = append(out, cyc)
				break
			}
		}
	}
	return out
}

func (h *Handler) schemaPage(c *fiber.Ctx) error {
	m, err := h.inspectAll(c)
	if err != nil {
		return err
	}
	s, err := schemaOf(m, param(c, "schema"))
	if err != nil {
		return h.hiddenHint(c, err)
	}
	return render(c, views.Schema(views.SchemaPage{Chrome: h.chrome(c), Schema: s, Cycles: cyclesThrough(m, s.Name, "")}))
}

func (h *Handler) tablePage(c *fiber.Ctx) error {
	m, err := h.inspectAll(c)
	if err != nil {
		return err
	}
	schema, name := param(c, "schema"), param(c, "table")
	s, err := schemaOf(m, schema)
	if err != nil {
		return h.hiddenHint(c, err)
	}
	t, err := m.Table(schema, name)
	if err != nil {
		return h.hiddenHint(c, err)
	}
	incoming := m.Incoming(schema, name)
	var diagram []byte
	if n := erd.Neighbourhood(*s, name); len(t.ForeignKeys) > 0 || len(n.Fold()) > 1 {
		diagram = erd.Render(n, erd.Options{Link: views.TableURL, Focus: name, MaxColumns: -1})
	}
	return render(c, views.Table(views.TablePage{
		Chrome:   h.chrome(c),
		Schema:   s,
		Table:    t,
		Incoming: incoming,
		Cycles:   cyclesThrough(m, schema, name),
		Domains:  columnDomains(m, schema, t),
		Diagram:  diagram,
	}))
}

// columnDomains are the domains the table's column types name.
func columnDomains(m *introspect.Model, schema string, t *introspect.Table) map[string]views.ColumnDomain {
	out := map[string]views.ColumnDomain{}
	for _, c := range t.Columns {
		if at, d := m.DomainOf(schema, c.Type); d != nil {
			out[c.Name] = views.ColumnDomain{Schema: at, Domain: d}
		}
	}
	return out
}

// diagram renders the ER diagram of one schema.
func (h *Handler) diagram(c *fiber.Ctx) (*introspect.Schema, []byte, error) {
	db, d, err := h.db.get()
	if err != nil {
		return nil, nil, err
	}
	m, err := d.Inspect(c.UserContext(), db, param(c, "schema"))
	if err != nil {
		return nil, nil, fmt.Errorf("inspect schema: %w", err)
	}
	m, _ = h.visible(c, m)
	s, err := schemaOf(m, param(c, "schema"))
	if err != nil {
		return nil, nil, h.hiddenHint(c, err)
	}
	svg := erd.Render(*s, erd.Options{Link: views.TableURL})
	return s, svg, nil
}

func (h *Handler) erdPage(c *fiber.Ctx) error {
	s, svg, err := h.diagram(c)
	if err != nil {
		return err
	}
	return render(c, views.ERD(views.ERDPage{Chrome: h.chrome(c), Schema: s, SVG: svg}))
}

func (h *Handler) erdSVG(c *fiber.Ctx) error {
	_, svg, err := h.diagram(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
	return c.Send(svg)
}
