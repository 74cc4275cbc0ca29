package handlers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/datadir"
	"studio/project"
	"studio/views"
)

// dbStatus answers whether a database is configured and working.
// initialized is true when the configured database answers a ping.
func (h *Handler) dbStatus(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return c.JSON(fiber.Map{"configured": false, "initialized": false, "dialect": nil})
	}
	alive := db.PingContext(c.UserContext()) == nil
	return c.JSON(fiber.Map{"configured": true, "initialized": alive, "dialect": db.Dialect()})
}

// setupRequest is the body of POST /api/db/setup (JSON or form).
type setupRequest struct {
	Type             string `json:"type" form:"type"`
	ConnectionString string `json:"connectionString" form:"connectionString"`
	// Path is an optional SQLite file name relative to persistent_data/.
	Path string `json:"path" form:"path"`
}

// dbSetup chooses the studio's database once: it connects, saves the
// choice, and switches the running studio to it. Nothing is saved when the
// connection fails.
func (h *Handler) dbSetup(c *fiber.Ctx) error {
	var req setupRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest(fmt.Errorf("read set-up request: %w", err))
	}
	h.setupMu.Lock()
	defer h.setupMu.Unlock()
	if h.db.configured() {
		return ErrAlreadyConfigured
	}
	sel, err := h.selection(req)
	if err != nil {
		return err
	}
	db, addr, err := h.connect(c, sel)
	if err != nil {
		return err
	}
	if err := h.opts.Data.Save(sel); err != nil {
		db.Close()
		return fmt.Errorf("save selection: %w", err)
	}
	label := project.Choice{Address: addr, Source: project.SourceSelected}.Label()
	if err := h.db.set(db, label); err != nil {
		db.Close()
		return err
	}
	h.log.Info("database configured", "dialect", db.Dialect(), "target", db.Target.String())
	return h.setupDone(c, db)
}

// selection is the choice a set-up request names, as it is saved.
func (h *Handler) selection(req setupRequest) (datadir.Selection, error) {
	switch database.DialectNamed(req.Type) {
	case database.SQLite:
		rel := req.Path
		if rel == "" {
			rel = filepath.Join("database", "studio.db")
		}
		return datadir.Selection{Type: database.SQLite, Path: filepath.Clean(rel)}, nil
	case database.Postgres:
		t, err := database.Parse(req.ConnectionString)
		if err == nil && t.Dialect != database.Postgres {
			err = fmt.Errorf("%w: not a PostgreSQL connection string", database.ErrBadAddress)
		}
		if err != nil {
			return datadir.Selection{}, badRequest(err)
		}
		return datadir.Selection{Type: database.Postgres, ConnectionString: req.ConnectionString}, nil
	}
	return datadir.Selection{}, badRequest(fmt.Errorf("type must be %q or %q", database.SQLite, database.Postgres))
}

// connect opens the database a selection names, through the one place a
// selection becomes an address (datadir.Dir.Address), as the next start
// will; a new SQLite file is created unless the studio is read-only.
func (h *Handler) connect(c *fiber.Ctx, sel datadir.Selection) (*database.DB, string, error) {
	addr, err := h.opts.Data.Address(sel)
	if err != nil {
		return nil, "", badRequest(err)
	}
	t, err := database.Parse(addr)
	if err != nil {
		return nil, "", badRequest(err)
	}
	opts := database.Options{ReadOnly: h.opts.ReadOnly}
	if t.Dialect == database.SQLite {
		if err := os.MkdirAll(filepath.Dir(t.Path), 0o700); err != nil {
			return nil, "", fmt.Errorf("create database folder: %w", err)
		}
		opts.Create = !h.opts.ReadOnly
	}
	db, err := database.Open(c.UserContext(), t, opts)
	if err != nil {
		return nil, "", badRequest(err)
	}
	return db, addr, nil
}

// setupDone answers a successful set-up: JSON for API clients, a redirect
// to the overview for the page.
func (h *Handler) setupDone(c *fiber.Ctx, db *database.DB) error {
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", "/")
		return c.SendStatus(fiber.StatusNoContent)
	}
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		return c.JSON(fiber.Map{"configured": true, "initialized": true, "dialect": db.Dialect()})
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}

func (h *Handler) setupPage(c *fiber.Ctx) error {
	if h.db.configured() {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return render(c, views.Setup(views.SetupPage{
		Chrome:     h.chrome(c),
		DataDir:    h.opts.Data.Root,
		SQLitePath: h.opts.Data.DefaultSQLitePath(),
	}))
}
