// Package export owns writing a result as a file while it streams: CSV,
// JSON or NDJSON, row by row through one fixed buffer, never holding rows,
// so memory stays constant whatever the size of the result. It also keeps
// the progress of running exports (Registry). Table exports and the SQL
// console both write through it.
package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"studio/input"
	"studio/rows"
)

// Formats, as they appear in export URLs (export.csv, export.json, ...).
const (
	CSV    = "csv"
	JSON   = "json"
	NDJSON = "ndjson"
)

// bufferSize is the one buffer each writer holds.
const bufferSize = 64 << 10

// Writer writes one result in one format. Columns comes first, then Row for
// each row (the values slice may be reused by the caller between rows),
// then Close, which ends the document and flushes; it does not close the
// underlying io.Writer. Every method returns the first write error it
// meets, so a client that went away stops the caller at its next row.
type Writer interface {
	Columns(cols []rows.ResultColumn) error
	Row(vals []rows.Value) error
	// Flush pushes what is buffered to the underlying writer without
	// ending the document (for progress on a slow stream).
	Flush() error
	Close() error
	// Rows is the number of rows written so far.
	Rows() int64
}

// NewWriter returns a Writer for format ("csv", "json" or "ndjson") that
// writes to w through its own buffer. An unknown format wraps
// input.ErrBad.
func NewWriter(format string, w io.Writer) (Writer, error) {
	if _, err := ContentType(format); err != nil {
		return nil, err
	}
	b := base{w: bufio.NewWriterSize(w, bufferSize)}
	switch format {
	case CSV:
		return &csvWriter{base: b}, nil
	case JSON:
		return &jsonWriter{base: b, array: true}, nil
	}
	return &jsonWriter{base: b}, nil
}

// ContentType is the Content-Type of a format; an unknown format wraps
// input.ErrBad.
func ContentType(format string) (string, error) {
	switch format {
	case CSV:
		// header=present: RFC 4180's optional parameter.
		return "text/csv; charset=utf-8; header=present", nil
	case JSON:
		return "application/json; charset=utf-8", nil
	case NDJSON:
		return "application/x-ndjson; charset=utf-8", nil
	}
	return "", fmt.Errorf("%w: unknown export format %q: use csv, json or ndjson", input.ErrBad, format)
}

// Sink feeds a streamed result to w.
func Sink(w Writer) rows.Sink { return rows.Sink{Columns: w.Columns, Row: w.Row} }

// maxNameRunes bounds the name part of a file name.
const maxNameRunes = 100

// Filename is a safe download name for an export of table: letters and
// digits (any script), '-', '_' and '.' are kept, runs of anything else
// become one '_', leading dots are dropped (no hidden files), the name is
// cut to 100 characters, and "export" stands in for an empty name.
func Filename(table, format string) string {
	var b strings.Builder
	n := 0
	under := false
	for _, r := range table {
		if n == maxNameRunes {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || (r == '.' && b.Len() > 0):
			b.WriteRune(r)
			under = false
		case !under && b.Len() > 0:
			b.WriteByte('_')
			under = true
		default:
			continue
		}
		n++
	}
	name := strings.TrimRight(b.String(), "_.")
	if name == "" {
		name = "export"
	}
	return name + "." + format
}

// base is the buffer and row count every format shares.
type base struct {
	w       *bufio.Writer
	n       int64
	scratch []byte
}

func (b *base) Rows() int64 { return b.n }

func (b *base) Flush() error { return b.w.Flush() }
