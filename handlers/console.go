package handlers

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/console"
	"studio/database"
	"studio/datadir"
	"studio/export"
	"studio/rows"
	"studio/views"
)

// consoleHistoryPath is the history file in the persistent_data folder;
// "" (no history) when the studio has no such folder.
func consoleHistoryPath(data datadir.Dir) string {
	if data.Root == "" {
		return ""
	}
	return filepath.Join(data.Root, console.HistoryFile)
}

// consolePage shows the editor (prefilled from ?sql=) and the recent statements.
func (h *Handler) consolePage(c *fiber.Ctx) error {
	db, _, err := h.db.get()
	if err != nil {
		return err
	}
	p := views.ConsolePage{Chrome: h.chrome(c), SQL: c.Query("sql"), DraftKey: draftKey(db)}
	p.History, p.HistoryErr = h.recent(db)
	return render(c, views.Console(p))
}

// draftKey names the console's draft in the browser's storage: a hash of
// the database's address without its password, so drafts stay apart per
// database and the storage never holds the address.
func draftKey(db *database.DB) string {
	sum := sha256.Sum256([]byte(db.Target.String()))
	return "studio.console." + hex.EncodeToString(sum[:8])
}

// consoleCatalog answers the names the editor completes, from the cached
// model: {"schema": {"table": ["column", ...]}}.
func (h *Handler) consoleCatalog(c *fiber.Ctx) error {
	_, m, err := h.model(c)
	if err != nil {
		return err
	}
	out := map[string]map[string][]string{}
	for _, s := range m.Schemas {
		tables := map[string][]string{}
		for _, t := range s.Tables {
			cols := make([]string, len(t.Columns))
			for i, col := range t.Columns {
				cols[i] = col.Name
			}
			tables[t.Name] = cols
		}
		out[s.Name] = tables
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

// consoleCount counts the rows a statement returns, on request (the
// result's "Count rows" button): read-only and rolled back, under the
// statement timeout.
func (h *Handler) consoleCount(c *fiber.Ctx) error {
	db, st, err := h.statement(c)
	if err != nil {
		return err
	}
	n, err := h.runner.Count(context.WithoutCancel(c.UserContext()), db, st)
	o, status, err := consoleOutcome(st, err)
	if err != nil {
		return err
	}
	problem := cmp.Or(o.Message, errText(o.Err))
	if c.Get("HX-Request") == "true" {
		c.Status(status)
		return render(c, views.ConsoleCount(n, problem))
	}
	// Without JavaScript: the console page saying it.
	o.Kind, o.Message = "count", views.RowCount(n)+" in all."
	if problem != "" {
		o.Kind, o.Message = "refused", "Could not count: "+problem
	}
	return h.showOutcome(c, db, o, status)
}

func errText(e *console.SQLError) string {
	if e == nil {
		return ""
	}
	return e.Message
}

// recent lists the history of the database's dialect; a broken history
// file is reported on the page, never fatal.
func (h *Handler) recent(db *database.DB) ([]console.Entry, string) {
	list, err := h.history.List(db.Dialect())
	if err != nil {
		h.log.Warn("console history unreadable", "err", err)
		return nil, "The history could not be read: " + err.Error()
	}
	return list, ""
}

// statement reads a run's form: sql, timeout (seconds), run_id, offset.
// The run is read-only when the studio or its database is.
func (h *Handler) statement(c *fiber.Ctx) (*database.DB, console.Statement, error) {
	db, _, err := h.db.get()
	if err != nil {
		return nil, console.Statement{}, err
	}
	st := console.Statement{SQL: c.FormValue("sql"), ReadOnly: h.opts.ReadOnly || db.ReadOnly, RunID: c.FormValue("run_id")}
	// The editor's selection, or the statement under its caret (sel_start,
	// sel_end: set by the console's script; absent, the whole text runs).
	if from, err := formInt(c, "sel_start", -1); err == nil && from >= 0 {
		to, _ := formInt(c, "sel_end", from)
		st.SQL = console.Pick(st.SQL, db.Dialect(), from, to)
	}
	if err := checkRunID(st.RunID); err != nil {
		return nil, st, err
	}
	secs, err := formInt(c, "timeout", int(console.DefaultTimeout.Seconds()))
	if err != nil || secs < 1 {
		return nil, st, badRequest(fmt.Errorf("the timeout is a number of seconds from 1 to %d", int(console.MaxTimeout.Seconds())))
	}
	st.Timeout = time.Duration(secs) * time.Second
	if st.Offset, err = formInt(c, "offset", 0); err != nil {
		return nil, st, badRequest(fmt.Errorf("offset %q is not a row number", c.FormValue("offset")))
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
		return badRequest(errors.New("run id too long"))
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return badRequest(fmt.Errorf("run id %q has characters other than letters, digits, - and _", id))
		}
	}
	return nil
}

// consoleRun runs one statement and shows a page of its result. The run gets its
// own deadline (the statement timeout, up to ten minutes) instead of the
// request's.
func (h *Handler) consoleRun(c *fiber.Ctx) error {
	db, st, err := h.statement(c)
	if err != nil {
		return err
	}
	if st.Offset == 0 {
		h.remember(st.SQL, db)
	}
	res, err := h.runner.Run(context.WithoutCancel(c.UserContext()), db, st)
	o, status, err := consoleOutcome(st, err)
	if err != nil {
		return err
	}
	if res != nil {
		o.Kind, o.Result = "rows", res
	}
	return h.showOutcome(c, db, o, status)
}

// consoleExplain shows the plan of one statement (EXPLAIN ANALYZE on request).
func (h *Handler) consoleExplain(c *fiber.Ctx) error {
	db, st, err := h.statement(c)
	if err != nil {
		return err
	}
	h.remember(st.SQL, db)
	plan, err := h.runner.Explain(context.WithoutCancel(c.UserContext()), db, st, c.FormValue("analyze") == "on")
	o, status, err := consoleOutcome(st, err)
	if err != nil {
		return err
	}
	if plan != nil {
		o.Kind, o.Plan = "plan", plan
	}
	return h.showOutcome(c, db, o, status)
}

// remember adds a statement to the history. A failure is logged (never
// the SQL itself) and the run goes on.
func (h *Handler) remember(sql string, db *database.DB) {
	if err := h.history.Add(console.Entry{SQL: sql, Dialect: db.Dialect(), At: time.Now().UTC()}); err != nil {
		h.log.Warn("console history not saved", "err", err)
	}
}

// consoleOutcome turns how a run ended into what the page shows, with
// its status: 200 for a result, a cancel or a timeout (each answers what
// the user asked); the database refusing the statement, a bad form or a
// read-only run that cannot be enforced with the status statusOf gives
// them. Any other error (the database unreachable, our fault) is returned
// for the error handler.
func consoleOutcome(st console.Statement, err error) (views.ConsoleOutcome, int, error) {
	o := views.ConsoleOutcome{SQL: st.SQL, Timeout: int(st.Timeout.Seconds())}
	if err == nil {
		return o, fiber.StatusOK, nil
	}
	var se *console.SQLError
	code, msg, _ := statusOf(err)
	switch {
	case errors.As(err, &se):
		o.Kind, o.Err = "error", se
	case errors.Is(err, console.ErrCancelled):
		o.Kind, o.Message, code = "cancelled", "Cancelled: the statement was stopped and its transaction rolled back.", fiber.StatusOK
	case errors.Is(err, console.ErrTimeout):
		o.Kind, o.Message, code = "timeout", "Stopped: "+err.Error()+"; its transaction was rolled back.", fiber.StatusOK
	case code < fiber.StatusInternalServerError:
		o.Kind, o.Message = "refused", msg
	default:
		return o, 0, err
	}
	return o, code, nil
}

// showOutcome answers htmx with the result fragment (and the history, out of
// band) and anything else with the whole page.
func (h *Handler) showOutcome(c *fiber.Ctx, db *database.DB, o views.ConsoleOutcome, status int) error {
	c.Status(status)
	list, errMsg := h.recent(db)
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		o.History = list
		if o.History == nil {
			o.History = []console.Entry{}
		}
		return render(c, views.ConsoleResult(o, h.opts.ReadOnly || db.ReadOnly))
	}
	p := views.ConsolePage{Chrome: h.chrome(c), SQL: o.SQL, Timeout: o.Timeout, History: list, HistoryErr: errMsg, Outcome: &o, DraftKey: draftKey(db)}
	return render(c, views.Console(p))
}

// consoleCancel stops the statement running under run_id: 204 when it was
// running, 404 when nothing runs under that id (it may just have ended).
func (h *Handler) consoleCancel(c *fiber.Ctx) error {
	id := c.FormValue("run_id")
	if err := checkRunID(id); err != nil || id == "" {
		return badRequest(errors.New("name the run to cancel (run_id)"))
	}
	if !h.runner.Cancel(id) {
		return fiber.NewError(fiber.StatusNotFound, "no statement is running under run id "+id)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// consoleExport streams the statement's whole result as CSV, JSON or
// NDJSON (see download). It is a read: Runner.Stream runs it in a READ
// ONLY transaction that is always rolled back, in write mode too. The
// database refusing the statement before the first row is an ordinary
// console response: the page with the error.
func (h *Handler) consoleExport(c *fiber.Ctx) error {
	db, st, err := h.statement(c)
	if err != nil {
		return err
	}
	format := c.FormValue("format")
	if _, err := export.ContentType(format); err != nil {
		return err
	}
	work := func(ctx context.Context, sink rows.Sink) error { return h.runner.Stream(ctx, db, st, sink) }
	err = h.download(c, format, export.Filename("query", format), "console", work)
	if err == nil {
		return nil
	}
	o, status, err := consoleOutcome(st, err)
	if err != nil {
		return err
	}
	return h.showOutcome(c, db, o, status)
}
