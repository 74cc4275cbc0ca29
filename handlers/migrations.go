package handlers

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/input"
	"studio/migrations"
	"studio/review"
	"studio/views"
)

// MigrationsOptions say where the migrations folder and its history are.
type MigrationsOptions struct {
	// Dir is the folder; empty when none was found (FolderErr says why).
	Dir       string
	FolderErr string
	Config    migrations.Config
	// SearchPath is set for PostgreSQL runs (folders written against one).
	SearchPath      string
	AllowOutOfOrder bool
	AllowModified   bool
	AllowMissing    bool
	// Review holds the rule levels of studio.json (the ones studio lint
	// uses), so the pages raise the same findings at the same severities.
	Review review.Options
}

// runTimeout bounds a migration run started from the page; it outlives the
// request, which ends when the stream starts.
const runTimeout = 30 * time.Minute

// folderReport reads the folder afresh (it may change under a running
// studio) and compares it with the database's history.
func (h *Handler) folderReport(ctx context.Context, db *database.DB) (*migrations.Folder, *migrations.Report, error) {
	return h.folderReportFor(ctx, db, h.opts.Migrations.Config)
}

// folderReportFor compares the folder with the history table cfg names.
func (h *Handler) folderReportFor(ctx context.Context, db *database.DB, cfg migrations.Config) (*migrations.Folder, *migrations.Report, error) {
	if h.opts.Migrations.Dir == "" {
		msg := h.opts.Migrations.FolderErr
		if msg == "" {
			msg = "no migrations folder configured: start the studio with --migrations DIR"
		}
		return nil, nil, badRequest(errors.New(msg))
	}
	f, err := migrations.ReadPath(h.opts.Migrations.Dir)
	if err != nil {
		return nil, nil, badRequest(err)
	}
	r, err := migrations.Status(ctx, db, f, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("read migration status: %w", err)
	}
	return f, r, nil
}

// reviewPending runs the reviewer's checks over every pending statement in
// run order (a rebuild may span files) and returns the warnings.
func (h *Handler) reviewPending(ctx context.Context, db *database.DB, r *migrations.Report) ([]review.Warning, error) {
	var stmts []review.Statement
	for _, m := range r.Pending() {
		for _, s := range m.Statements {
			if !s.Empty {
				stmts = append(stmts, review.Statement{File: m.Name, Index: s.Number, Line: s.Line, SQL: s.SQL})
			}
		}
	}
	if len(stmts) == 0 {
		return nil, nil
	}
	_, d, err := h.db.get()
	if err != nil {
		return nil, err
	}
	model, err := d.Inspect(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("inspect schema for review: %w", err)
	}
	ws, err := h.opts.Migrations.Review.Analyze(ctx, db, db.Dialect(), model, stmts)
	if err != nil {
		return nil, fmt.Errorf("review pending migrations: %w", err)
	}
	return ws, nil
}

func (h *Handler) historyPage(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	page := views.HistoryPage{Chrome: h.chrome(c), Findings: map[string]review.Summary{}, AllowOutOfOrder: h.opts.Migrations.AllowOutOfOrder}
	page.Histories, err = migrations.Histories(c.UserContext(), db)
	if err != nil {
		return err
	}
	// ?schema=&table= compares the folder with another history table (a
	// plugin's); runs still use the configured one, so the page offers none.
	cfg := h.opts.Migrations.Config
	if t := c.Query("table"); t != "" {
		cfg = migrations.Config{Table: t, Schema: c.Query("schema")}
		page.Other = true
	}
	_, r, err := h.folderReportFor(c.UserContext(), db, cfg)
	if errors.Is(err, input.ErrBad) {
		page.FolderErr = err.Error()
		return render(c, views.History(page))
	}
	if err != nil {
		return err
	}
	page.Report = r
	ws, err := h.reviewPending(c.UserContext(), db, r)
	if err != nil {
		return err
	}
	page.Summary = review.Summarize(ws)
	byFile := map[string][]review.Warning{}
	for _, w := range ws {
		byFile[w.File] = append(byFile[w.File], w)
	}
	for f, fw := range byFile {
		page.Findings[f] = review.Summarize(fw)
	}
	return render(c, views.History(page))
}

// recordsPage lists the rows of one history table as they are stored.
func (h *Handler) recordsPage(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	cfg := migrations.Config{Table: c.Query("table"), Schema: c.Query("schema")}
	if cfg.Table == "" {
		return badRequest(errors.New("name the history table: ?table=NAME (and &schema=NAME on PostgreSQL)"))
	}
	recs, err := migrations.Records(c.UserContext(), db, cfg)
	if err != nil {
		return err
	}
	return render(c, views.Records(views.RecordsPage{Chrome: h.chrome(c), Schema: cfg.Schema, Table: cfg.Table, Records: recs}))
}

// statusJSON answers the report `studio status --json` prints.
func (h *Handler) statusJSON(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	_, r, err := h.folderReport(c.UserContext(), db)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *Handler) previewPage(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	_, r, err := h.folderReport(c.UserContext(), db)
	if err != nil {
		return err
	}
	name := param(c, "name")
	for _, s := range r.Migrations {
		if s.Name != name || s.Migration() == nil {
			continue
		}
		ws, err := h.reviewPending(c.UserContext(), db, r)
		if err != nil {
			return err
		}
		// Runs are offered where there is something to run: not on an
		// applied migration's page.
		page := views.PreviewPage{Chrome: h.chrome(c), Status: s, Migration: s.Migration(), Warnings: map[int][]review.Warning{},
			Controls: views.ControlsFor(r, h.opts.Migrations.AllowOutOfOrder, review.Summarize(ws)),
			CanRun:   !h.opts.ReadOnly && len(r.Pending()) > 0 && s.State != migrations.Applied, Table: r.Table}
		var mine []review.Warning
		for _, w := range ws {
			if w.File == name {
				page.Warnings[w.Statement] = append(page.Warnings[w.Statement], w)
				mine = append(mine, w)
			}
		}
		page.Summary = review.Summarize(mine)
		return render(c, views.Preview(page))
	}
	return fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("no migration %q in %s", name, r.Folder))
}

// applyOptions are the run options the studio was started with; a form
// with allow-out-of-order=yes (the page's checkbox) also allows
// out-of-order migrations for this run.
func (h *Handler) applyOptions(c *fiber.Ctx, dry bool) migrations.ApplyOptions {
	m := h.opts.Migrations
	return migrations.ApplyOptions{Config: m.Config, SearchPath: m.SearchPath, DryRun: dry,
		AllowOutOfOrder: m.AllowOutOfOrder || c.FormValue("allow-out-of-order") == "yes",
		AllowModified:   m.AllowModified, AllowMissing: m.AllowMissing}
}

// dryRun applies every pending migration in a transaction and rolls back,
// answering each statement's result or the exact error when it is the
// user's to read (a statement the database refused, a refusal of drift:
// what a run would do). The database unreachable or our own fault goes to
// the error handler.
func (h *Handler) dryRun(c *fiber.Ctx) error {
	db, f, r, err := h.runTarget(c)
	if err != nil {
		return err
	}
	ws, err := h.reviewPending(c.UserContext(), db, r)
	if err != nil {
		return err
	}
	res, err := migrations.Apply(c.UserContext(), db, f, h.applyOptions(c, true))
	out := views.RunResult{Result: res, Changes: statementChanges(f, ws)}
	if err != nil {
		if _, ok := inline(err); !ok {
			return err
		}
		out.Err = database.Redact(err.Error())
	}
	return render(c, views.RunOutcome(out))
}

// statementChanges says, per migration and statement, what it changes:
// its first line of SQL, and the tables the review found it rebuilds.
func statementChanges(f *migrations.Folder, ws []review.Warning) map[string]map[int][]string {
	out := map[string]map[int][]string{}
	for _, m := range f.Migrations {
		out[m.Name] = map[int][]string{}
		for _, st := range m.Statements {
			if head := statementHead(st.SQL); head != "" {
				out[m.Name][st.Number] = []string{head}
			}
		}
	}
	for _, w := range ws {
		if w.Code == "rebuild" && out[w.File] != nil && w.Table != "" {
			out[w.File][w.Statement] = append(out[w.File][w.Statement], "rebuilds "+w.Table)
		}
	}
	return out
}

// statementHead is a statement's first line that is not a comment, cut
// to 100 characters.
func statementHead(sql string) string {
	for _, l := range strings.Split(sql, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "--") {
			continue
		}
		if r := []rune(l); len(r) > 100 {
			return string(r[:99]) + "…"
		}
		return l
	}
	return ""
}

// runTarget checks that a run may happen and reads the folder and its
// state.
func (h *Handler) runTarget(c *fiber.Ctx) (*database.DB, *migrations.Folder, *migrations.Report, error) {
	if h.opts.ReadOnly {
		return nil, nil, nil, fmt.Errorf("%w: migrations cannot run", errReadOnly)
	}
	db, _, err := h.db.get()
	if err != nil {
		return nil, nil, nil, err
	}
	f, r, err := h.folderReport(c.UserContext(), db)
	if err != nil {
		return nil, nil, nil, err
	}
	return db, f, r, nil
}

// runEvent is one line of the NDJSON progress stream.
type runEvent struct {
	Kind      string `json:"kind"`
	Migration string `json:"migration,omitempty"`
	Index     int    `json:"index,omitempty"`
	Total     int    `json:"total,omitempty"`
	Ms        int64  `json:"ms,omitempty"`
	Message   string `json:"message,omitempty"`
	Error     string `json:"error,omitempty"`
}

// migrate applies every pending migration and streams progress as NDJSON,
// one event per line, flushed as it happens. It demands confirm=yes so no
// stray POST runs migrations, and answers 409 with the reason when
// modified, missing or out-of-order migrations are not allowed (out of
// order: allow-out-of-order=yes, or the studio's --allow-out-of-order).
func (h *Handler) migrate(c *fiber.Ctx) error {
	if c.FormValue("confirm") != "yes" {
		return badRequest(errors.New("confirm the run: send confirm=yes"))
	}
	db, f, r, err := h.runTarget(c)
	if err != nil {
		return err
	}
	opts := h.applyOptions(c, false)
	// Refuse drift before the stream starts, so the answer is a 409 with
	// the reason; Apply checks again under its lock.
	if err := r.CheckDrift(opts); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/x-ndjson")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
		defer cancel()
		enc := json.NewEncoder(w)
		send := func(ev runEvent) { _ = enc.Encode(ev); _ = w.Flush() }
		opts.Progress = func(e migrations.Event) {
			if e.Kind == migrations.EventStatement {
				return
			}
			send(runEvent{Kind: string(e.Kind), Migration: e.Migration, Index: e.Index, Total: e.Total, Ms: e.Duration.Milliseconds(), Message: e.Message})
		}
		res, err := migrations.Apply(ctx, db, f, opts)
		h.schemaChanged()
		if err != nil {
			h.log.Info("migration run failed", "err", database.Redact(err.Error()))
			send(runEvent{Kind: "error", Error: database.Redact(err.Error())})
			return
		}
		send(runEvent{Kind: "finished", Total: len(res.Applied), Ms: res.Duration.Milliseconds(), Message: fmt.Sprintf("%d migration(s) applied", len(res.Applied))})
	})
	return nil
}
