package handlers

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/console"
	"studio/database"
	"studio/rows"
	"studio/views"
)

// consoleRoutes registers the SQL console. Its runner (the statements
// running now, so Cancel can find them) and its history belong to this
// app, not to the process.
func (h *Handler) consoleRoutes(app *fiber.App) {
	ch := &consoleHandlers{h: h, runner: console.NewRunner(), history: console.NewHistory(consoleHistoryPath(h))}
	app.Get("/console", ch.page)
	app.Post("/console/run", ch.run)
	app.Post("/console/explain", ch.explain)
	app.Post("/console/cancel", ch.cancel)
	app.Post("/console/export", ch.export)
}

// consoleHistoryPath is the history file in the persistent_data folder;
// "" (no history) when the studio has no such folder.
func consoleHistoryPath(h *Handler) string {
	if h.opts.Data.Root == "" {
		return ""
	}
	return filepath.Join(h.opts.Data.Root, console.HistoryFile)
}

// consoleHandlers are the console's routes.
type consoleHandlers struct {
	h       *Handler
	runner  *console.Runner
	history *console.History
}

// page shows the editor (prefilled from ?sql=) and the recent statements.
func (ch *consoleHandlers) page(c *fiber.Ctx) error {
	db, _, err := ch.h.db.get()
	if err != nil {
		return err
	}
	p := views.ConsolePage{Chrome: ch.h.chrome(c), SQL: c.Query("sql")}
	p.History, p.HistoryErr = ch.recent(db)
	return render(c, views.Console(p))
}

// recent lists the history of the database's dialect; a broken history
// file is reported on the page, never fatal.
func (ch *consoleHandlers) recent(db *database.DB) ([]console.Entry, string) {
	list, err := ch.history.List(db.Dialect())
	if err != nil {
		ch.h.log.Warn("console history unreadable", "err", err)
		return nil, "The history could not be read: " + err.Error()
	}
	return list, ""
}

// statement reads a run's form: sql, timeout (seconds), run_id, offset.
// The run is read-only when the studio or its database is.
func (ch *consoleHandlers) statement(c *fiber.Ctx) (*database.DB, console.Statement, error) {
	db, _, err := ch.h.db.get()
	if err != nil {
		return nil, console.Statement{}, err
	}
	st := console.Statement{SQL: c.FormValue("sql"), ReadOnly: ch.h.opts.ReadOnly || db.ReadOnly, RunID: c.FormValue("run_id")}
	if err := checkRunID(st.RunID); err != nil {
		return nil, st, err
	}
	secs, err := formInt(c, "timeout", int(console.DefaultTimeout.Seconds()))
	if err != nil || secs < 1 {
		return nil, st, fmt.Errorf("%w: the timeout is a number of seconds from 1 to %d", rows.ErrBadQuery, int(console.MaxTimeout.Seconds()))
	}
	st.Timeout = time.Duration(secs) * time.Second
	if st.Offset, err = formInt(c, "offset", 0); err != nil {
		return nil, st, fmt.Errorf("%w: offset %q is not a row number", rows.ErrBadQuery, c.FormValue("offset"))
	}
	return db, st, nil
}

// formInt reads an integer form field, def when it is empty.
func formInt(c *fiber.Ctx, name string, def int) (int, error) {
	v := c.FormValue(name)
	if v == "" {
		return def, nil
	}
	return strconv.Atoi(v)
}

// checkRunID accepts the ids the page makes: up to 64 letters, digits,
// '-' and '_' ("" is a run that cannot be cancelled).
func checkRunID(id string) error {
	if len(id) > 64 {
		return fmt.Errorf("%w: run id too long", rows.ErrBadQuery)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("%w: run id %q has characters other than letters, digits, - and _", rows.ErrBadQuery, id)
		}
	}
	return nil
}

// run runs one statement and shows a page of its result. The run gets its
// own deadline (the statement timeout, up to ten minutes) instead of the
// request's.
func (ch *consoleHandlers) run(c *fiber.Ctx) error {
	db, st, err := ch.statement(c)
	if err != nil {
		return err
	}
	if st.Offset == 0 {
		ch.remember(st.SQL, db)
	}
	res, err := ch.runner.Run(context.WithoutCancel(c.UserContext()), db, st)
	o, status, err := consoleOutcome(st, err)
	if err != nil {
		return err
	}
	if res != nil {
		o.Kind, o.Result = "rows", res
	}
	return ch.show(c, db, o, status)
}

// explain shows the plan of one statement (EXPLAIN ANALYZE on request).
func (ch *consoleHandlers) explain(c *fiber.Ctx) error {
	db, st, err := ch.statement(c)
	if err != nil {
		return err
	}
	ch.remember(st.SQL, db)
	plan, err := ch.runner.Explain(context.WithoutCancel(c.UserContext()), db, st, c.FormValue("analyze") == "on")
	o, status, err := consoleOutcome(st, err)
	if err != nil {
		return err
	}
	if plan != nil {
		o.Kind, o.Plan = "plan", plan
	}
	return ch.show(c, db, o, status)
}

// remember adds a statement to the history. A failure is logged (never
// the SQL itself) and the run goes on.
func (ch *consoleHandlers) remember(sql string, db *database.DB) {
	if err := ch.history.Add(console.Entry{SQL: sql, Dialect: db.Dialect(), At: time.Now().UTC()}); err != nil {
		ch.h.log.Warn("console history not saved", "err", err)
	}
}

// consoleOutcome turns how a run ended into what the page shows, with
// its status: 200 for a result, a cancel or a timeout (each answers what
// the user asked), 400 when the database refused the statement or the
// request was wrong, 403 when read-only cannot be enforced. Any other
// error (the database unreachable, our fault) is returned for the error
// handler.
func consoleOutcome(st console.Statement, err error) (views.ConsoleOutcome, int, error) {
	o := views.ConsoleOutcome{SQL: st.SQL, Timeout: int(st.Timeout.Seconds())}
	var se *console.SQLError
	switch {
	case err == nil:
		return o, fiber.StatusOK, nil
	case errors.As(err, &se):
		o.Kind, o.Err = "error", se
		return o, fiber.StatusBadRequest, nil
	case errors.Is(err, console.ErrCancelled):
		o.Kind, o.Message = "cancelled", "Cancelled: the statement was stopped and its transaction rolled back."
		return o, fiber.StatusOK, nil
	case errors.Is(err, console.ErrTimeout):
		o.Kind, o.Message = "timeout", "Stopped: "+err.Error()+"; its transaction was rolled back."
		return o, fiber.StatusOK, nil
	case errors.Is(err, console.ErrUnenforceable):
		o.Kind, o.Message = "refused", err.Error()
		return o, fiber.StatusForbidden, nil
	case errors.Is(err, rows.ErrBadQuery):
		o.Kind, o.Message = "refused", err.Error()
		return o, fiber.StatusBadRequest, nil
	}
	return o, 0, err
}

// show answers htmx with the result fragment (and the history, out of
// band) and anything else with the whole page.
func (ch *consoleHandlers) show(c *fiber.Ctx, db *database.DB, o views.ConsoleOutcome, status int) error {
	c.Status(status)
	list, errMsg := ch.recent(db)
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		o.History = list
		if o.History == nil {
			o.History = []console.Entry{}
		}
		return render(c, views.ConsoleResult(o, ch.h.opts.ReadOnly || db.ReadOnly))
	}
	p := views.ConsolePage{Chrome: ch.h.chrome(c), SQL: o.SQL, Timeout: o.Timeout, History: list, HistoryErr: errMsg, Outcome: &o}
	return render(c, views.Console(p))
}

// cancel stops the statement running under run_id: 204 when it was
// running, 404 when nothing runs under that id (it may just have ended).
func (ch *consoleHandlers) cancel(c *fiber.Ctx) error {
	id := c.FormValue("run_id")
	if err := checkRunID(id); err != nil || id == "" {
		return fmt.Errorf("%w: name the run to cancel (run_id)", rows.ErrBadQuery)
	}
	if !ch.runner.Cancel(id) {
		return fiber.NewError(fiber.StatusNotFound, "no statement is running under run id "+id)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
