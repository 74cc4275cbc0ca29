package handlers

import (
	"bufio"
	"context"
	"mime"
	"slices"

	"github.com/gofiber/fiber/v2"

	"studio/console"
	"studio/database"
	"studio/export"
	"studio/rows"
)

// consoleExportFlushRows is how many rows go between flushes to the
// client, so a slow query's export still trickles.
const consoleExportFlushRows = 1000

// export streams the statement's whole result as CSV, JSON or NDJSON.
// It is a read: Runner.Stream runs it in a READ ONLY transaction that is
// always rolled back, in write mode too. The database refusing the
// statement before the first row is an ordinary response (the console
// page with the error); after that the download just ends, and the log
// says why.
func (ch *consoleHandlers) export(c *fiber.Ctx) error {
	db, st, err := ch.statement(c)
	if err != nil {
		return err
	}
	format := c.FormValue("format")
	ctype, err := export.ContentType(format)
	if err != nil {
		return err
	}
	x := newConsoleExport(ch, db, st, format)
	if err := x.start(); err != nil {
		o, status, err := consoleOutcome(st, err)
		if err != nil {
			return err
		}
		return ch.show(c, db, o, status)
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": export.Filename("query", format)}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(x.stream)
	return nil
}

// consoleExport is one export on its way: the statement runs in its own
// goroutine under a context of its own (the request's ends when the
// handler returns, before the first byte goes out); start waits for the
// first row, the end of an empty result or an error; the response's
// stream writer then hands over the connection's buffered writer.
type consoleExport struct {
	ch      *consoleHandlers
	db      *database.DB
	st      console.Statement
	format  string
	ctx     context.Context
	cancel  context.CancelFunc
	started chan error         // nil once the download can begin, else why not
	out     chan *bufio.Writer // the response body, from the stream writer
	done    chan struct{}      // closed when the export has ended

	cols  []rows.ResultColumn
	begun bool
	bw    *bufio.Writer
	w     export.Writer
}

func newConsoleExport(ch *consoleHandlers, db *database.DB, st console.Statement, format string) *consoleExport {
	ctx, cancel := context.WithCancel(context.Background())
	return &consoleExport{ch: ch, db: db, st: st, format: format, ctx: ctx, cancel: cancel,
		started: make(chan error, 1), out: make(chan *bufio.Writer), done: make(chan struct{})}
}

func (x *consoleExport) start() error {
	go x.run()
	return <-x.started
}

// stream is the response's body writer.
func (x *consoleExport) stream(bw *bufio.Writer) {
	select {
	case x.out <- bw:
		<-x.done
	case <-x.done:
	}
}

func (x *consoleExport) run() {
	defer close(x.done)
	defer x.cancel()
	err := x.ch.runner.Stream(x.ctx, x.db, x.st, rows.Sink{Columns: x.columns, Row: x.row})
	if err == nil && !x.begun {
		err = x.begin() // an empty result: the header alone
	}
	if !x.begun {
		x.started <- err
		return
	}
	if err == nil {
		if err = x.w.Close(); err == nil {
			err = x.bw.Flush()
		}
	}
	if err != nil {
		x.ch.h.log.Warn("console export stopped early", "format", x.format, "err", database.Redact(err.Error()))
	}
}

func (x *consoleExport) columns(cols []rows.ResultColumn) error {
	x.cols = slices.Clone(cols)
	return nil
}

// begin lets the handler answer 200, waits for the response's writer and
// writes the header.
func (x *consoleExport) begin() error {
	x.begun = true
	x.started <- nil
	select {
	case x.bw = <-x.out:
	case <-x.ctx.Done():
		return x.ctx.Err()
	}
	w, err := export.NewWriter(x.format, x.bw)
	if err != nil {
		return err
	}
	x.w = w
	return x.fail(w.Columns(x.cols))
}

func (x *consoleExport) row(vals []rows.Value) error {
	if !x.begun {
		if err := x.begin(); err != nil {
			return err
		}
	}
	err := x.w.Row(vals)
	if err == nil && x.w.Rows()%consoleExportFlushRows == 0 {
		if err = x.w.Flush(); err == nil {
			err = x.bw.Flush()
		}
	}
	return x.fail(err)
}

// fail stops the statement at the first write error (the client went
// away): cancelling first makes the driver drop the connection instead of
// reading the rest of the result.
func (x *consoleExport) fail(err error) error {
	if err != nil {
		x.cancel()
	}
	return err
}
