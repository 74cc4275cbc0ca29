// Package handlers owns the studio's HTTP routes: it parses requests, calls
// the domain packages with the request's context and renders views. All
// routes are listed in one table in routes(); errors are mapped to
// responses in one place (errors.go).
package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"studio/console"
	"studio/database"
	"studio/datadir"
	"studio/export"
	"studio/static"
	"studio/views"
)

// Options configure the studio's web app.
type Options struct {
	// Addr is the host:port the server listens on; it decides which Host
	// headers are accepted.
	Addr string
	// Token, when set, is required on every request.
	Token string
	// ReadOnly hides every write and is enforced by the database.
	ReadOnly bool
	// Data is the persistent_data folder used by set-up.
	Data datadir.Dir
	// Log receives our faults; never secrets.
	Log *slog.Logger
	// Timeout bounds every request (default 30s).
	Timeout time.Duration
	// Version is shown in the footer.
	Version string
	// Migrations locate the migrations folder and its history table.
	Migrations MigrationsOptions
	// Push configures the dev-only Push page.
	Push PushOptions
	// Project is what the Drizzle project says around the database: its
	// label and filters (whether it is Cloudflare D1 reaches the review
	// through Migrations.Review).
	Project ProjectOptions
	// Debug logs the stack of a panic in a handler (STUDIO_DEBUG=1); the
	// client never sees one either way.
	Debug bool
}

// Handler holds what the routes need; NewApp builds it, and it belongs to
// that app, not to the process.
type Handler struct {
	opts         Options
	log          *slog.Logger
	db           current
	setupMu      sync.Mutex
	allowedHosts map[string]struct{}
	// runner runs console statements and knows the running ones, so a
	// cancel finds them; history is the console's recent statements.
	runner  *console.Runner
	history *console.History
	// exports tracks the progress of running downloads.
	exports *export.Registry
	// filtered is the catalog's model as the config's filters show it.
	filtered filteredModel
	// navs keeps the sidebar's index of the current schema model.
	navs navIndexes
}

// NewApp builds the studio's Fiber app. db may be nil: the studio then
// starts unconfigured and offers the set-up page. main and the tests both
// use it, so tests see the production configuration.
func NewApp(db *database.DB, opts Options) (*fiber.App, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	h := &Handler{opts: opts, log: opts.Log, allowedHosts: allowedHosts(opts.Addr),
		runner: console.NewRunner(), history: console.NewHistory(consoleHistoryPath(opts.Data)),
		exports: export.NewRegistry(exportJobs, exportKeep)}
	if db != nil {
		if err := h.db.set(db, opts.Project.Label); err != nil {
			return nil, err
		}
	}
	app := fiber.New(fiber.Config{
		AppName: "studio",
		// Paths stay escaped while routing, so a name holding "/" (%2F)
		// is one segment; param unescapes each parameter afterwards.
		UnescapePath:          false,
		Immutable:             true,
		DisableStartupMessage: true,
		ErrorHandler:          h.errorHandler,
		ReadTimeout:           time.Minute,
		BodyLimit:             8 << 20,
	})
	app.Use(h.recoverer(), securityHeaders, h.hostGuard, h.tokenGuard, h.originGuard, h.deadline)
	h.routes(app)
	return app, nil
}

// recoverer turns a panic in a handler into an error for errorHandler: a
// short 500 for the client and a log line with the panic's message; the
// stack goes to the log only in debug mode.
func (h *Handler) recoverer() fiber.Handler {
	return recover.New(recover.Config{
		EnableStackTrace: h.opts.Debug,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			h.log.Error("panic", "method", c.Method(), "path", c.Path(), "panic", database.Redact(fmt.Sprint(e)), "stack", string(debug.Stack()))
		},
	})
}

// routes is the table of every route the studio serves, read top to
// bottom. Table and schema names may hold "/" (escaped as %2F), so every
// name is one segment; param unescapes it.
func (h *Handler) routes(app *fiber.App) {
	// Assets and liveness.
	app.Get("/static/*", assets(static.Files()))
	app.Get("/favicon.ico", favicon(static.Files()))
	app.Get("/healthz", healthz)

	// Choosing the database (once, without a restart).
	app.Get("/api/db/status", h.dbStatus)
	app.Post("/api/db/setup", h.dbSetup)
	app.Get("/setup", h.setupPage)

	// Schema: overview, structure, ER diagram.
	app.Get("/", h.overview)
	app.Get("/api/schema", h.schemaJSON)
	app.Get("/schema/:schema", h.schemaPage)
	app.Get("/schema/:schema/erd", h.erdPage)
	app.Get("/schema/:schema/erd.svg", h.erdSVG)
	app.Get("/schema/:schema/table/:table", h.tablePage)
	app.Get("/nav", h.navPage)

	// Rows: the grid (and its JSON twin), its count, one row, one value.
	const table = "/schema/:schema/table/:table"
	app.Get(table+"/rows", h.grid)
	app.Get(table+"/rows/count", h.count)
	app.Get(table+"/row", h.rowPage)
	app.Post(table+"/row", h.saveRow)
	app.Get(table+"/cell.bin", h.cellBytes)
	app.Get(table+"/refs", h.refOptions)

	// Editing rows: every change is a POST (the origin guard vets those)
	// and carries the version of the row the user saw.
	app.Get(table+"/rows/new", h.insertForm)
	app.Post(table+"/rows", h.insertRow)
	app.Get(table+"/cell", h.cellForm)
	app.Post(table+"/cell", h.saveCell)
	app.Get(table+"/cell/row", h.gridRow)
	app.Get(table+"/rows/delete", h.confirmDelete)
	app.Post(table+"/rows/delete", h.deleteRows)

	// Downloads and their progress.
	app.Get(table+"/export.:format", h.exportTable)
	app.Get("/exports/:id", h.exportProgress)

	// SQL console.
	app.Get("/console", h.consolePage)
	app.Post("/console/run", h.consoleRun)
	app.Post("/console/explain", h.consoleExplain)
	app.Post("/console/cancel", h.consoleCancel)
	app.Post("/console/count", h.consoleCount)
	app.Get("/console/catalog", h.consoleCatalog)
	app.Post("/console/export", h.consoleExport)

	// Migrations.
	app.Get("/migrations", h.historyPage)
	app.Get("/migrations/m/:name", h.previewPage)
	app.Get("/migrations/m/:name/changes", h.migrationChanges)
	app.Get("/migrations/records", h.recordsPage)
	app.Get(views.DriftURL, h.driftPanel)
	app.Get("/rules", h.rulesPage)
	app.Get("/rules/:code", h.rulePage)
	app.Get("/api/migrations/status", h.statusJSON)
	app.Post("/migrations/dry-run", h.dryRun)
	app.Post("/migrations/apply", h.migrate)

	// Push (dev mode only).
	app.Get("/push", h.pushPage)
	app.Post("/api/push", h.push)

	app.Use(notFound)
}

func healthz(c *fiber.Ctx) error { return c.SendString("ok") }

func notFound(c *fiber.Ctx) error {
	return fiber.NewError(fiber.StatusNotFound, "no such page: "+c.Path())
}

// param is a route parameter unescaped: table and schema names may hold
// spaces, quotes, unicode and "/".
func param(c *fiber.Ctx, name string) string {
	raw := c.Params(name)
	if s, err := url.PathUnescape(raw); err == nil {
		return s
	}
	return raw
}

// deadline gives every request a context with a timeout; c.Context() has
// none, so handlers must use c.UserContext().
func (h *Handler) deadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), h.opts.Timeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// chrome is what every full page shows around its content: with a
// database, the sidebar too, filtered as the person left it.
func (h *Handler) chrome(c *fiber.Ctx) views.Chrome {
	ch := h.bareChrome(c)
	if h.db.configured() {
		ch.Nav = h.nav(c, navQuery(c))
	}
	return ch
}

// bareChrome is chrome without the sidebar.
func (h *Handler) bareChrome(c *fiber.Ctx) views.Chrome {
	ch := views.Chrome{ReadOnly: h.opts.ReadOnly, Version: h.opts.Version, Path: c.Path(), Dev: h.opts.Push.Dev}
	if db, _, err := h.db.get(); err == nil {
		ch.Target = db.Target.String()
		ch.Dialect = db.Dialect()
		ch.Label = h.db.label()
	}
	return ch
}

// render writes a templ component as the response. It renders into a
// buffer first so a failure half-way becomes a clean error page.
func render(c *fiber.Ctx, comp interface {
	Render(context.Context, io.Writer) error
}) error {
	var buf bytes.Buffer
	if err := comp.Render(c.UserContext(), &buf); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	c.Type("html", "utf-8")
	return c.Send(buf.Bytes())
}
