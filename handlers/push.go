package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/blueprint"
	"studio/database"
	"studio/input"
	"studio/plan"
	"studio/views"
)

// PushOptions configure the Push page, which exists only in dev mode.
type PushOptions struct {
	// Dev enables push (--dev or STUDIO_ENV=development).
	Dev bool
	// Schema is the desired schema: a .sql file or a folder of them.
	Schema string
	// DevURL is a PostgreSQL database for the scratch copy (optional).
	DevURL string
	// AllowRemoteHost lets push reach this non-local host.
	AllowRemoteHost string
	// Scope is what push manages: what the drizzle config's filters
	// show, never its migrations table (nil: everything).
	Scope plan.Scope
}

// pushGuard refuses push outside dev mode (403) and on a database that is
// not on this machine unless its host was allowed by name.
func (h *Handler) pushGuard(t database.Target) error {
	if !h.opts.Push.Dev {
		return fiber.NewError(fiber.StatusForbidden, "push is for development databases: start the studio with --dev (or STUDIO_ENV=development)")
	}
	if err := plan.Guard(t, h.opts.Push.AllowRemoteHost); err != nil {
		return fiber.NewError(fiber.StatusForbidden, err.Error())
	}
	return nil
}

// pushPlan is the same plan `studio push` makes: the desired schema
// loaded in a scratch database, the live one read without Drizzle's
// history table, diffed, what is at stake counted.
func (h *Handler) pushPlan(ctx context.Context, db *database.DB) (*plan.Plan, error) {
	p, err := plan.ForPush(ctx, db, h.opts.Push.Schema, h.opts.Push.DevURL, nil, h.opts.Push.Scope)
	var se *blueprint.SyntaxError
	if errors.As(err, &se) || errors.Is(err, blueprint.ErrNoSchema) {
		return nil, badRequest(err)
	}
	if err != nil {
		return nil, fmt.Errorf("plan push: %w", err)
	}
	return p, nil
}

// fingerprint identifies a plan's statements, so Apply runs exactly the
// plan the user reviewed.
func fingerprint(p *plan.Plan) string {
	h := sha256.New()
	for _, s := range p.Steps {
		h.Write([]byte(s.SQL))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// destructiveTables are the tables a user must type to accept a plan.
func destructiveTables(p *plan.Plan) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range p.Destructive() {
		name := s.Table
		if name == "" {
			name = s.Object
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

func (h *Handler) pushPage(c *fiber.Ctx) error {
	if !h.opts.Push.Dev {
		return notFound(c)
	}
	// Planning creates a scratch database on PostgreSQL: no other site may
	// make a browser do that by embedding this URL.
	if site := c.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return fiber.NewError(fiber.StatusForbidden, "open the Push page from the studio itself")
	}
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	page := views.PushPage{Chrome: h.chrome(c), Schema: h.opts.Push.Schema}
	if err := h.pushGuard(db.Target); err != nil {
		return err
	}
	p, err := h.pushPlan(c.UserContext(), db)
	if errors.Is(err, input.ErrBad) {
		page.Err = err.Error()
		return render(c, views.Push(page))
	}
	if err != nil {
		return err
	}
	page.Plan, page.Fingerprint, page.Confirm = p, fingerprint(p), destructiveTables(p)
	if err := h.rehearse(c.UserContext(), db, p, &page); err != nil {
		return err
	}
	return render(c, views.Push(page))
}

// rehearse runs a PostgreSQL plan in a transaction that is rolled back,
// so the page says before Apply whether it runs, and at which step it
// fails if not. A step the database refuses is shown on the page; other
// failures are errors.
func (h *Handler) rehearse(ctx context.Context, db *database.DB, p *plan.Plan, page *views.PushPage) error {
	if p.Empty() || db.Dialect() != database.Postgres {
		return nil
	}
	err := plan.Rehearse(ctx, db, p)
	var se *plan.StepError
	switch {
	case err == nil:
		page.Rehearsed = true
	case errors.As(err, &se):
		page.RehearsalErr, page.FailingStep = database.Redact(se.Error()), se.Index+1
	default:
		return fmt.Errorf("rehearse push: %w", err)
	}
	return nil
}

// push applies the plan the user reviewed: same fingerprint, and every
// table with a destructive step typed in by name.
func (h *Handler) push(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	if err := h.pushGuard(db.Target); err != nil {
		return err
	}
	if h.opts.ReadOnly {
		return fmt.Errorf("%w: push cannot run", errReadOnly)
	}
	p, err := h.pushPlan(c.UserContext(), db)
	if err != nil {
		return err
	}
	if c.FormValue("fingerprint") != fingerprint(p) {
		return errPlanChanged
	}
	var typed []string
	for _, v := range c.Request().PostArgs().PeekMulti("confirm") {
		typed = append(typed, strings.TrimSpace(string(v)))
	}
	for _, t := range destructiveTables(p) {
		if !contains(typed, t) {
			return badRequest(fmt.Errorf("the plan loses data in %s: type its name to accept", t))
		}
	}
	err = plan.Apply(c.UserContext(), db, p, plan.ApplyOptions{AcceptDataLoss: len(p.Destructive()) > 0})
	h.schemaChanged()
	if err == nil {
		return render(c, views.PushOutcome(views.PushResult{Applied: len(p.Steps)}))
	}
	// A step the database refused is the user's to read; nothing was
	// applied either way.
	code, ok := inline(err)
	if !ok {
		return err
	}
	return renderStatus(c, code, views.PushOutcome(views.PushResult{Err: database.Redact(err.Error())}))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
