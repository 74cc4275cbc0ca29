package handlers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"mime"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/export"
	"studio/rows"
	"studio/views"
)

// Exports stream while the query runs, so they outlive their request: the
// request's context ends when the handler returns, before the first byte
// goes out. Each export runs under its own context instead, bounded by
// exportTimeout (an hour is about a billion rows at the measured rate) and
// cancelled as soon as a write to the client fails.
const (
	exportTimeout = time.Hour
	// exportFlushRows is how many rows go between flushes to the client,
	// so a sparse filtered export still trickles and progress moves.
	exportFlushRows = 1000
	// exportJobs bounds how many exports the progress registry tracks;
	// exportKeep is how long a finished one stays readable.
	exportJobs = 64
	exportKeep = 10 * time.Minute
	// progressWaits is how many polls a page may make for an export that
	// has not registered yet.
	progressWaits = 30
)

// exportRoutes registers the export of a table or view and its progress.
// The progress registry belongs to this app, not to the process.
func (h *Handler) exportRoutes(app *fiber.App) {
	reg := export.NewRegistry(exportJobs, exportKeep)
	app.Get("/schema/:schema/table/:table/export.:format", func(c *fiber.Ctx) error { return h.exportTable(c, reg) })
	app.Get("/exports/:id", func(c *fiber.Ctx) error { return h.exportProgress(c, reg) })
}

// exportTable streams the rows of a table or view that the grid's
// parameters select (filters, sort; hidden columns are left out) as CSV,
// JSON or NDJSON. An error before the first row is an ordinary error
// response; after it the stream just ends (logged, and reported to a
// progress poll): a CSV or NDJSON file then lacks its last rows and a JSON
// array stays unclosed, so a parser notices.
func (h *Handler) exportTable(c *fiber.Ctx, reg *export.Registry) error {
	format := c.Params("format")
	ctype, err := export.ContentType(format)
	if err != nil {
		return err
	}
	db, t, err := h.table(c)
	if err != nil {
		return err
	}
	q, err := query(c, t)
	if err != nil {
		return err
	}
	job, err := h.track(reg, c.Query("progress"))
	if err != nil {
		return err
	}
	run := newExportRun(h, db, t, q, format, job)
	if err := run.start(); err != nil {
		return h.exportFailed(err)
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": export.Filename(t.Name, format)}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(run.stream)
	return nil
}

// track registers an export asked to report progress. The job is an
// untracked one when no progress was asked, or when too many exports are
// running to track one more (the export itself still runs).
func (h *Handler) track(reg *export.Registry, id string) (*export.Job, error) {
	if id == "" {
		return new(export.Job), nil // untracked: nobody can poll it
	}
	job, err := reg.Start(id)
	if errors.Is(err, export.ErrRegistryFull) {
		h.log.Warn("export runs without progress", "err", err)
		return new(export.Job), nil
	}
	return job, err
}

// exportFailed maps an error met before the first byte: data exceptions
// are the user's filter values; a vanished column means our cached schema
// is stale, so it is dropped for the next try.
func (h *Handler) exportFailed(err error) error {
	if staleSchema(err) {
		if _, cache, cerr := h.db.catalog(); cerr == nil {
			cache.Invalidate()
		}
	}
	return userData(err)
}

// exportProgress answers a progress poll: JSON {rows, done, error}, or for
// htmx the line that replaces itself until the export is done.
func (h *Handler) exportProgress(c *fiber.Ctx, reg *export.Registry) error {
	id := c.Params("id")
	if err := export.CheckID(id); err != nil {
		return err
	}
	st, found := reg.Status(id)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if c.Get("HX-Request") == "true" {
		v := views.ExportProgressView{ID: id, Found: found, Rows: st.Rows, Done: st.Done, Error: st.Error,
			Wait: min(max(c.QueryInt("wait", 0), 0), progressWaits)}
		return render(c, views.ExportProgress(v))
	}
	if !found {
		return fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("no export under progress id %s (finished ones are kept %v)", id, exportKeep))
	}
	return c.JSON(st)
}

// exportRun is one export on its way. The query runs in its own goroutine
// under the export's context; start waits until the result's columns are
// known (or the query failed); the response's stream writer then hands
// the goroutine the connection's buffered writer and waits for the end.
type exportRun struct {
	h      *Handler
	db     *database.DB
	t      *rows.Table
	q      rows.Query
	format string
	job    *export.Job

	ctx     context.Context
	cancel  context.CancelFunc
	started chan error         // nil once the columns are known, else why not
	out     chan *bufio.Writer // the response body, from the stream writer
	done    chan struct{}      // closed when the export has ended
}

func newExportRun(h *Handler, db *database.DB, t *rows.Table, q rows.Query, format string, job *export.Job) *exportRun {
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	return &exportRun{h: h, db: db, t: t, q: q, format: format, job: job, ctx: ctx, cancel: cancel,
		started: make(chan error, 1), out: make(chan *bufio.Writer), done: make(chan struct{})}
}

// start runs the export and returns once its first byte can be written,
// or with the error that came before it.
func (r *exportRun) start() error {
	go r.run()
	return <-r.started
}

// stream is the response's body writer.
func (r *exportRun) stream(bw *bufio.Writer) {
	select {
	case r.out <- bw:
		<-r.done
	case <-r.done:
	}
}

func (r *exportRun) run() {
	defer close(r.done)
	defer r.cancel()
	s := exportSink{run: r, shown: shownColumns(r.t, r.q)}
	err := r.t.Each(r.ctx, r.db, r.q, rows.Sink{Columns: s.columns, Row: s.row})
	if err == nil && !s.begun {
		err = s.begin() // an empty result: the header alone
	}
	if !s.begun {
		r.job.Finish(0, database.Redact(err.Error()))
		r.started <- err
		return
	}
	if s.w == nil {
		r.finish(0, err, false)
		return
	}
	if err == nil {
		err = s.w.Close()
		if err == nil {
			err = s.bw.Flush()
		}
	} else if !s.writeFailed {
		_ = s.w.Flush() // the rows written so far; the stream then just ends
	}
	r.finish(s.w.Rows(), err, s.writeFailed)
}

// finish records how the export ended, in the log and for progress polls.
func (r *exportRun) finish(n int64, err error, writeFailed bool) {
	if err == nil {
		r.job.Finish(n, "")
		return
	}
	msg := database.Redact(err.Error())
	switch {
	case writeFailed:
		msg = "the download was interrupted"
	case errors.Is(err, context.DeadlineExceeded):
		msg = fmt.Sprintf("the export ran longer than %v and was stopped", exportTimeout)
	}
	r.h.log.Warn("export stopped early", "table", r.t.Ident(), "format", r.format, "rows", n, "reason", msg, "err", database.Redact(err.Error()))
	r.job.Finish(n, msg)
}

// exportSink writes the streamed rows, leaving hidden columns out. The
// response begins at the first row (or at the end of an empty result):
// PostgreSQL reports a filter value it cannot cast only after describing
// the columns, and that must still be an ordinary error response.
type exportSink struct {
	run         *exportRun
	shown       []int
	cols        []rows.ResultColumn
	vals        []rows.Value
	begun       bool
	bw          *bufio.Writer
	w           export.Writer
	writeFailed bool
}

func (s *exportSink) columns(cols []rows.ResultColumn) error {
	if len(cols) < len(s.run.t.Columns) {
		return nil // PostgreSQL failed before describing the result; the error follows
	}
	s.cols = make([]rows.ResultColumn, len(s.shown))
	for i, j := range s.shown {
		s.cols[i] = cols[j]
	}
	s.vals = make([]rows.Value, len(s.shown))
	return nil
}

// begin lets the handler answer 200, waits for the response's writer and
// writes the header.
func (s *exportSink) begin() error {
	s.begun = true
	s.run.started <- nil
	select {
	case s.bw = <-s.run.out:
	case <-s.run.ctx.Done():
		return s.run.ctx.Err()
	}
	w, err := export.NewWriter(s.run.format, s.bw)
	if err != nil {
		return err
	}
	s.w = w
	return s.fail(s.w.Columns(s.cols))
}

func (s *exportSink) row(vals []rows.Value) error {
	if !s.begun {
		if err := s.begin(); err != nil {
			return err
		}
	}
	for i, j := range s.shown {
		s.vals[i] = vals[j]
	}
	err := s.w.Row(s.vals)
	if err == nil && s.w.Rows()%exportFlushRows == 0 {
		if err = s.w.Flush(); err == nil {
			err = s.bw.Flush()
		}
		s.run.job.SetRows(s.w.Rows())
	}
	return s.fail(err)
}

// fail stops the query at the first write error: cancelling first makes
// the driver drop the connection instead of reading the rest of the
// result when the rows are closed.
func (s *exportSink) fail(err error) error {
	if err != nil {
		s.writeFailed = true
		s.run.cancel()
	}
	return err
}

// shownColumns are the indexes of the columns q does not hide, in order.
func shownColumns(t *rows.Table, q rows.Query) []int {
	var out []int
	for i, c := range t.Columns {
		if q.Shown(c.Name) {
			out = append(out, i)
		}
	}
	return out
}
