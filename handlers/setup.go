package handlers

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/datadir"
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
	db, sel, err := h.connect(c, req)
	if err != nil {
		return err
	}
	if err := h.opts.Data.Save(sel); err != nil {
		db.Close()
		return fmt.Errorf("save selection: %w", err)
	}
	if err := h.db.set(db); err != nil {
		db.Close()
		return err
	}
	h.log.Info("database configured", "dialect", db.Dialect(), "target", db.Target.String())
	return h.setupDone(c, db)
}

// connect opens the database a set-up request names.
func (h *Handler) connect(c *fiber.Ctx, req setupRequest) (*database.DB, datadir.Selection, error) {
	opts := database.Options{ReadOnly: h.opts.ReadOnly}
	switch strings.ToLower(req.Type) {
	case "sqlite":
		rel := req.Path
		if rel == "" {
			rel = filepath.Join("database", "studio.db")
		}
		path, err := h.opts.Data.Resolve(rel)
		if err != nil {
			return nil, datadir.Selection{}, badRequest(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, datadir.Selection{}, fmt.Errorf("create database folder: %w", err)
		}
		opts.Create = !h.opts.ReadOnly
		db, err := database.Open(c.UserContext(), database.Target{Dialect: database.SQLite, Path: path}, opts)
		if err != nil {
			return nil, datadir.Selection{}, badRequest(err)
		}
		return db, datadir.Selection{Type: "sqlite", Path: filepath.Clean(rel)}, nil
	case "postgres", "postgresql":
		t, err := database.Parse(req.ConnectionString)
		if err == nil && t.Dialect != database.Postgres {
			err = fmt.Errorf("%w: not a PostgreSQL connection string", database.ErrBadAddress)
		}
		if err != nil {
			return nil, datadir.Selection{}, badRequest(err)
		}
		db, err := database.Open(c.UserContext(), t, opts)
		if err != nil {
			return nil, datadir.Selection{}, badRequest(err)
		}
		return db, datadir.Selection{Type: "postgres", ConnectionString: req.ConnectionString}, nil
	}
	return nil, datadir.Selection{}, badRequest(errors.New(`type must be "sqlite" or "postgres"`))
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
