package handlers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/export"
	"studio/rows"
)

// Downloads stream while their query runs, so they outlive their request:
// the request's context ends when the handler returns, before the first
// byte goes out. Each download runs under its own context instead, bounded
// by downloadTimeout (an hour is about a billion rows at the measured
// rate) and cancelled as soon as a write to the client fails.
const (
	downloadTimeout = time.Hour
	// downloadFlushRows is how many rows go between flushes to the client,
	// so a sparse or slow result still trickles and progress moves.
	downloadFlushRows = 1000
)

// download sends the result of work as a file in format (CSV, JSON or
// NDJSON) while work runs: a table's rows, a console statement's result.
// work writes through the rows.Sink it is given and runs in its own
// goroutine under the download's context. The response begins at the
// first row, or at the end of an empty result: an error before it (the
// database refusing the statement or a filter value, which PostgreSQL
// reports only after describing the columns) comes back as an ordinary
// error for the caller to answer. After it the stream just ends (logged,
// and reported to a progress poll): a CSV or NDJSON file then lacks its
// last rows and a JSON array stays unclosed, so a parser notices.
//
// Progress is reported under the request's progress id, when it names
// one. source names the download in the log.
func (h *Handler) download(c *fiber.Ctx, format, filename, source string, work func(ctx context.Context, sink rows.Sink) error) error {
	ctype, err := export.ContentType(format)
	if err != nil {
		return err
	}
	job, err := h.track(c.FormValue("progress"))
	if err != nil {
		return err
	}
	d := newDownload(format, job, h.log.With("source", source, "format", format), work)
	if err := d.start(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(d.stream)
	return nil
}

// track registers a download asked to report progress. The job is an
// untracked one when no progress was asked, or when too many downloads
// are running to track one more (the download itself still runs).
func (h *Handler) track(id string) (*export.Job, error) {
	if id == "" {
		return new(export.Job), nil // untracked: nobody can poll it
	}
	job, err := h.exports.Start(id)
	if errors.Is(err, export.ErrRegistryFull) {
		h.log.Warn("export runs without progress", "err", err)
		return new(export.Job), nil
	}
	return job, err
}

// downloadRun is one download on its way. start waits until the
// first byte can be written (or work failed); the response's stream
// writer then hands the goroutine the connection's buffered writer and
// waits for the end.
type downloadRun struct {
	format string
	job    *export.Job
	log    *slog.Logger
	work   func(ctx context.Context, sink rows.Sink) error

	ctx     context.Context
	cancel  context.CancelFunc
	started chan error         // nil once the download can begin, else why not
	out     chan *bufio.Writer // the response body, from the stream writer
	done    chan struct{}      // closed when the download has ended

	cols        []rows.ResultColumn
	begun       bool
	bw          *bufio.Writer
	w           export.Writer
	writeFailed bool
}

func newDownload(format string, job *export.Job, log *slog.Logger, work func(context.Context, rows.Sink) error) *downloadRun {
	ctx, cancel := context.WithTimeout(context.Background(), downloadTimeout)
	return &downloadRun{format: format, job: job, log: log, work: work, ctx: ctx, cancel: cancel,
		started: make(chan error, 1), out: make(chan *bufio.Writer), done: make(chan struct{})}
}

// start runs the download and returns once its first byte can be
// written, or with the error that came before it.
func (d *downloadRun) start() error {
	go d.run()
	return <-d.started
}

// stream is the response's body writer.
func (d *downloadRun) stream(bw *bufio.Writer) {
	select {
	case d.out <- bw:
		<-d.done
	case <-d.done:
	}
}

func (d *downloadRun) run() {
	defer close(d.done)
	defer d.cancel()
	err := d.work(d.ctx, rows.Sink{Columns: d.columns, Row: d.row})
	if err == nil && !d.begun {
		err = d.begin() // an empty result: the header alone
	}
	if !d.begun {
		d.job.Finish(0, database.Redact(err.Error()))
		d.started <- err
		return
	}
	if d.w == nil {
		d.finish(0, err)
		return
	}
	if err == nil {
		err = d.w.Close()
		if err == nil {
			err = d.bw.Flush()
		}
	} else if !d.writeFailed {
		_ = d.w.Flush() // the rows written so far; the stream then just ends
	}
	d.finish(d.w.Rows(), err)
}

// finish records how the download ended, in the log and for progress
// polls.
func (d *downloadRun) finish(n int64, err error) {
	if err == nil {
		d.job.Finish(n, "")
		return
	}
	msg := database.Redact(err.Error())
	switch {
	case d.writeFailed:
		msg = "the download was interrupted"
	case errors.Is(err, context.DeadlineExceeded):
		msg = fmt.Sprintf("the export ran longer than %v and was stopped", downloadTimeout)
	}
	d.log.Warn("export stopped early", "rows", n, "reason", msg, "err", database.Redact(err.Error()))
	d.job.Finish(n, msg)
}

func (d *downloadRun) columns(cols []rows.ResultColumn) error {
	d.cols = slices.Clone(cols)
	return nil
}

// begin lets the handler answer 200, waits for the response's writer and
// writes the header.
func (d *downloadRun) begin() error {
	d.begun = true
	d.started <- nil
	select {
	case d.bw = <-d.out:
	case <-d.ctx.Done():
		return d.ctx.Err()
	}
	w, err := export.NewWriter(d.format, d.bw)
	if err != nil {
		return err
	}
	d.w = w
	return d.fail(w.Columns(d.cols))
}

func (d *downloadRun) row(vals []rows.Value) error {
	if !d.begun {
		if err := d.begin(); err != nil {
			return err
		}
	}
	err := d.w.Row(vals)
	if err == nil && d.w.Rows()%downloadFlushRows == 0 {
		if err = d.w.Flush(); err == nil {
			err = d.bw.Flush()
		}
		d.job.SetRows(d.w.Rows())
	}
	return d.fail(err)
}

// fail stops work at the first write error (the client went away):
// cancelling first makes the driver drop the connection instead of
// reading the rest of the result when the rows are closed.
func (d *downloadRun) fail(err error) error {
	if err != nil {
		d.writeFailed = true
		d.cancel()
	}
	return err
}
