package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/console"
	"studio/database"
	"studio/datadir"
	"studio/input"
	"studio/introspect"
	"studio/migrations"
	"studio/plan"
	"studio/rows"
	"studio/views"
)

// The errors handlers make themselves. Each kind has one status, in
// statusOf; the domain packages' own errors are mapped there too.
var (
	// errStaleSchema: the database named a column or table the cached
	// schema does not match (409). stale makes it.
	errStaleSchema = errors.New("the table's structure changed since the page was shown; reload the page")
	// errReadOnly is wrapped by what a studio started with --read-only
	// refuses to do (403).
	errReadOnly = errors.New("the studio is read-only (--read-only)")
	// errPlanChanged: a push names a plan other than the one the database
	// and the schema file give now (409).
	errPlanChanged = errors.New("the plan changed since you reviewed it (the schema file or the database changed): reload and review again")
)

// userMistake marks another package's error as bad input (400) without
// changing its message: a migrations folder that cannot be read, a schema
// file the database refused, an address that does not connect.
type userMistake struct{ err error }

func (u userMistake) Error() string   { return u.err.Error() }
func (u userMistake) Unwrap() []error { return []error{input.ErrBad, u.err} }

// badRequest is err marked as bad input (400), its message unchanged.
func badRequest(err error) error { return userMistake{err} }

// badValue is the database refusing a value the user typed in a filter:
// not a valid number, date, uuid... (400, with the database's words).
type badValue struct{ msg string }

func (b badValue) Error() string { return "the database refused a filter value: " + b.msg }

// userData turns the database refusing a filter value into a badValue;
// any other err comes back as it is.
func userData(err error) error {
	if msg, ok := database.RefusedValue(err); ok {
		return badValue{msg}
	}
	return err
}

// stale drops the cached schema when err says it is out of date (the
// database does not know a column or table it gave), so the next request
// reads the new one, and returns errStaleSchema wrapping err. Any other
// err comes back as it is.
func (h *Handler) stale(err error) error {
	if !database.IsUndefined(err) {
		return err
	}
	h.schemaChanged()
	return fmt.Errorf("%w: %w", errStaleSchema, err)
}

// statusOf is the one map from an error to the HTTP status it deserves
// and the message a user should see. The user's mistakes get their
// message in full; our own faults (ours is true) a short message, the
// details going to the log.
func statusOf(err error) (code int, msg string, ours bool) {
	var fe *fiber.Error
	var bv badValue
	var ce *rows.ConstraintError
	switch {
	case errors.As(err, &fe):
		return fe.Code, fe.Message, false
	case errors.Is(err, errStaleSchema):
		return fiber.StatusConflict, errStaleSchema.Error(), false
	case errors.As(err, &bv):
		return fiber.StatusBadRequest, bv.Error(), false
	case badInput(err):
		return fiber.StatusBadRequest, err.Error(), false
	case errors.Is(err, introspect.ErrNotFound):
		return fiber.StatusNotFound, err.Error(), false
	case errors.Is(err, rows.ErrRowNotFound):
		return fiber.StatusNotFound, "that row no longer exists", false
	case errors.Is(err, errReadOnly), errors.Is(err, rows.ErrReadOnly), errors.Is(err, console.ErrUnenforceable):
		return fiber.StatusForbidden, err.Error(), false
	case conflict(err):
		return fiber.StatusConflict, err.Error(), false
	case errors.As(err, &ce):
		return fiber.StatusUnprocessableEntity, err.Error(), false
	case errors.Is(err, context.DeadlineExceeded):
		return fiber.StatusGatewayTimeout, "the database did not answer in time", false
	case errors.Is(err, ErrNotConfigured):
		return fiber.StatusServiceUnavailable, err.Error(), false
	case database.IsBusy(err):
		return fiber.StatusServiceUnavailable, "the database is locked by another connection; nothing was written: try again", false
	case database.IsUnavailable(err):
		return fiber.StatusServiceUnavailable, "the database cannot be reached: " + err.Error(), false
	case refusedStatement(err):
		return fiber.StatusUnprocessableEntity, err.Error(), false
	}
	return fiber.StatusInternalServerError, "internal error; see the studio's log", true
}

// badInput: a request the user can fix by asking differently.
func badInput(err error) bool {
	return errors.Is(err, input.ErrBad) || errors.Is(err, database.ErrBadAddress) || errors.Is(err, datadir.ErrOutside) ||
		errors.Is(err, migrations.ErrConfig) || errors.Is(err, migrations.ErrDialect)
}

// conflict: the request disagrees with the state it was made against,
// or would lose what the user did not accept to lose.
func conflict(err error) bool {
	return errors.Is(err, rows.ErrConflict) || errors.Is(err, ErrAlreadyConfigured) || errors.Is(err, errPlanChanged) ||
		errors.Is(err, migrations.ErrOutOfOrder) || errors.Is(err, migrations.ErrModified) || errors.Is(err, migrations.ErrMissing) ||
		errors.Is(err, plan.ErrDataLoss)
}

// refusedStatement: the database refused a statement of the user's
// migrations folder or schema file (a run or a push), or the result broke
// a foreign key. It comes after the database's own troubles in statusOf:
// a statement that timed out or met a lock says that instead.
func refusedStatement(err error) bool {
	var se *plan.StepError
	return errors.Is(err, migrations.ErrStatementFailed) || errors.Is(err, migrations.ErrForeignKeys) ||
		errors.Is(err, migrations.ErrUnsupported) || errors.As(err, &se) || errors.Is(err, plan.ErrForeignKeys)
}

// inline says whether err is the user's to read where the outcome of a
// run shows (a dry run, a push), with its status; anything else (the
// database unreachable, a timeout, our fault) goes to the error handler.
func inline(err error) (int, bool) {
	code, _, _ := statusOf(err)
	return code, code < fiber.StatusInternalServerError
}

// errorHandler is Fiber's one error handler: JSON for API clients, an HTML
// page (or fragment, for htmx) for people. It renders with a fresh context
// because the request's may already be cancelled.
func (h *Handler) errorHandler(c *fiber.Ctx, err error) error {
	code, msg, ours := statusOf(err)
	msg = database.Redact(msg)
	if ours {
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", database.Redact(err.Error()))
	}
	c.Status(code)
	if wantsJSON(c) {
		body := fiber.Map{"error": msg, "status": code}
		var fe *rows.FilterError
		if errors.As(err, &fe) {
			body["column"] = fe.Column // the filter whose value was refused
		}
		return c.JSON(body)
	}
	c.Type("html", "utf-8")
	// Boosted navigation swaps the whole body, so it gets the full page.
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		return views.ErrorFragment(code, msg).Render(context.Background(), c.Response().BodyWriter())
	}
	return views.ErrorPage(h.chrome(c), code, msg).Render(context.Background(), c.Response().BodyWriter())
}

// wantsJSON reports whether the client asked for JSON (API routes and
// Accept: application/json).
func wantsJSON(c *fiber.Ctx) bool {
	if c.Get("HX-Request") == "true" {
		return false // htmx swaps HTML, also from /api/ routes its forms post to
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		return true
	}
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}
