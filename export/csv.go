package export

import (
	"fmt"
	"strings"

	"studio/rows"
)

// csvWriter writes RFC 4180 CSV: a header row of column names, CRLF line
// ends, fields quoted when they hold a comma, a double quote, CR or LF
// (quotes doubled; line breaks inside values kept as they are). NULL is an
// empty, unquoted field and the empty string is "" (quoted), as
// PostgreSQL's COPY ... CSV writes them, so the file reads back with the
// two apart. Binary values are \x followed by hex.
type csvWriter struct {
	base
	cols int
}

const hexDigits = "0123456789abcdef"

func (w *csvWriter) Columns(cols []rows.ResultColumn) error {
	w.cols = len(cols)
	for i, c := range cols {
		if i > 0 {
			w.w.WriteByte(',')
		}
		w.field(c.Name, true)
	}
	_, err := w.w.WriteString("\r\n")
	return err
}

func (w *csvWriter) Row(vals []rows.Value) error {
	if len(vals) != w.cols {
		return fmt.Errorf("csv row of %d values under %d columns", len(vals), w.cols)
	}
	for i, v := range vals {
		if i > 0 {
			w.w.WriteByte(',')
		}
		switch {
		case v.Null:
		case v.Kind == rows.KindBinary:
			w.binary(v.Text)
		default:
			w.field(v.Text, true)
		}
	}
	if _, err := w.w.WriteString("\r\n"); err != nil {
		return err
	}
	w.n++
	return nil
}

// field writes one text field, quoted when it must be; an empty field is
// quoted when quoteEmpty is set (so it is not read as NULL).
func (w *csvWriter) field(s string, quoteEmpty bool) {
	if !(s == "" && quoteEmpty) && !needsQuotes(s) {
		w.w.WriteString(s)
		return
	}
	w.w.WriteByte('"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		w.w.WriteString(s[:i+1])
		w.w.WriteByte('"')
		s = s[i+1:]
	}
	w.w.WriteString(s)
	w.w.WriteByte('"')
}

// needsQuotes reports a comma, double quote, CR or LF in s (a plain loop:
// strings.ContainsAny builds its character set on every call, and this
// runs for every field).
func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

func (w *csvWriter) binary(s string) {
	w.scratch = append(w.scratch[:0], '\\', 'x')
	for i := 0; i < len(s); i++ {
		w.scratch = append(w.scratch, hexDigits[s[i]>>4], hexDigits[s[i]&15])
	}
	w.w.Write(w.scratch)
}

func (w *csvWriter) Close() error { return w.w.Flush() }
