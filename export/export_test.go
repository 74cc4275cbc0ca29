package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/export"
	"studio/internal/sqlitetest"
	"studio/rows"
)

// awkward is one column of each kind with the values that break naive
// writers: NULL next to ”, quotes, commas, line breaks, unicode, HTML,
// binary, integers past 2^53, numerics past float64, JSON spanning lines.
var awkwardCols = []rows.ResultColumn{
	{Name: "id", Kind: rows.KindInt}, {Name: "label", Kind: rows.KindText},
	{Name: "data", Kind: rows.KindBinary}, {Name: "amount", Kind: rows.KindNumeric},
	{Name: "doc", Kind: rows.KindJSON}, {Name: "flag", Kind: rows.KindBool},
}

var awkwardRows = [][]rows.Value{
	{int64v("1"), null(rows.KindText), null(rows.KindBinary), null(rows.KindNumeric), null(rows.KindJSON), null(rows.KindBool)},
	{int64v("2"), text(""), {Kind: rows.KindBinary, Text: ""}, {Kind: rows.KindNumeric, Text: "0"}, {Kind: rows.KindJSON, Text: "{}"}, {Kind: rows.KindBool, Text: "false"}},
	{int64v("9007199254740993"), text(`say "hi", then <b>leave</b>`), {Kind: rows.KindBinary, Text: "\x00\xff\n"},
		{Kind: rows.KindNumeric, Text: "12345678901234567890.123456789"}, {Kind: rows.KindJSON, Text: "{\n  \"k\": [1, 2.50]\n}"}, {Kind: rows.KindBool, Text: "true"}},
	{int64v("-3"), text("line one\nline two\r\nZürich ✓ 日本 🙂"), null(rows.KindBinary), {Kind: rows.KindNumeric, Text: "-0.5"}, {Kind: rows.KindJSON, Text: `"s"`}, null(rows.KindBool)},
}

func int64v(s string) rows.Value  { return rows.Value{Kind: rows.KindInt, Text: s} }
func text(s string) rows.Value    { return rows.Value{Kind: rows.KindText, Text: s} }
func null(k rows.Kind) rows.Value { return rows.Value{Null: true, Kind: k} }
func write(t *testing.T, format string, cols []rows.ResultColumn, rs [][]rows.Value) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := export.NewWriter(format, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Columns(cols); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if err := w.Row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Rows() != int64(len(rs)) {
		t.Errorf("Rows() = %d, want %d", w.Rows(), len(rs))
	}
	return buf.String()
}

func TestFormats(t *testing.T) {
	tests := []struct {
		format string
		rows   [][]rows.Value
		want   string
	}{
		{"csv", awkwardRows, "id,label,data,amount,doc,flag\r\n" +
			"1,,,,,\r\n" +
			`2,"",\x,0,{},false` + "\r\n" +
			`9007199254740993,"say ""hi"", then <b>leave</b>",\x00ff0a,12345678901234567890.123456789,"{` + "\n" + `  ""k"": [1, 2.50]` + "\n" + `}",true` + "\r\n" +
			"-3,\"line one\nline two\r\nZürich ✓ 日本 🙂\",,-0.5,\"\"\"s\"\"\",\r\n"},
		{"csv", nil, "id,label,data,amount,doc,flag\r\n"},
		{"json", awkwardRows, "[\n" +
			`{"id":1,"label":null,"data":null,"amount":null,"doc":null,"flag":null},` + "\n" +
			`{"id":2,"label":"","data":"\\x","amount":"0","doc":{},"flag":false},` + "\n" +
			`{"id":"9007199254740993","label":"say \"hi\", then \u003cb\u003eleave\u003c/b\u003e","data":"\\x00ff0a","amount":"12345678901234567890.123456789","doc":{"k":[1,2.50]},"flag":true},` + "\n" +
			`{"id":-3,"label":"line one\nline two\r\nZürich ✓ 日本 🙂","data":null,"amount":"-0.5","doc":"s","flag":null}` + "\n]\n"},
		{"json", nil, "[]\n"},
		{"ndjson", awkwardRows,
			`{"id":1,"label":null,"data":null,"amount":null,"doc":null,"flag":null}` + "\n" +
				`{"id":2,"label":"","data":"\\x","amount":"0","doc":{},"flag":false}` + "\n" +
				`{"id":"9007199254740993","label":"say \"hi\", then \u003cb\u003eleave\u003c/b\u003e","data":"\\x00ff0a","amount":"12345678901234567890.123456789","doc":{"k":[1,2.50]},"flag":true}` + "\n" +
				`{"id":-3,"label":"line one\nline two\r\nZürich ✓ 日本 🙂","data":null,"amount":"-0.5","doc":"s","flag":null}` + "\n"},
		{"ndjson", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got := write(t, tt.format, awkwardCols, tt.rows)
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if tt.format == "json" && !json.Valid([]byte(got)) {
				t.Errorf("not valid JSON: %s", got)
			}
			if tt.format == "ndjson" {
				for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
					if line != "" && !json.Valid([]byte(line)) {
						t.Errorf("line is not one JSON value: %q", line)
					}
				}
			}
		})
	}
}

func TestUnknownFormatIsBadQuery(t *testing.T) {
	for _, f := range []string{"", "xml", "CSV", "csv "} {
		if _, err := export.NewWriter(f, &bytes.Buffer{}); !errors.Is(err, rows.ErrBadQuery) {
			t.Errorf("NewWriter(%q) = %v, want ErrBadQuery", f, err)
		}
		if _, err := export.ContentType(f); !errors.Is(err, rows.ErrBadQuery) {
			t.Errorf("ContentType(%q) = %v, want ErrBadQuery", f, err)
		}
	}
}

func TestContentTypes(t *testing.T) {
	for f, want := range map[string]string{"csv": "text/csv", "json": "application/json", "ndjson": "application/x-ndjson"} {
		got, err := export.ContentType(f)
		if err != nil || !strings.HasPrefix(got, want+";") || !strings.Contains(got, "charset=utf-8") {
			t.Errorf("ContentType(%q) = %q, %v", f, got, err)
		}
	}
}

func TestFilename(t *testing.T) {
	tests := []struct{ table, format, want string }{
		{"users", "csv", "users.csv"},
		{`we"ird tåble ü`, "json", "we_ird_tåble_ü.json"},
		{"../../etc/passwd", "csv", "etc_passwd.csv"},
		{".hidden", "ndjson", "hidden.ndjson"},
		{"a\r\nContent-Type: text/html", "csv", "a_Content-Type_text_html.csv"},
		{`"; filename="evil.exe`, "csv", "filename_evil.exe.csv"},
		{"", "csv", "export.csv"},
		{"///", "csv", "export.csv"},
		{strings.Repeat("x", 300), "csv", strings.Repeat("x", 100) + ".csv"},
	}
	for _, tt := range tests {
		if got := export.Filename(tt.table, tt.format); got != tt.want {
			t.Errorf("Filename(%q) = %q, want %q", tt.table, got, tt.want)
		}
	}
}

// TestDuplicateColumnNames runs a real query whose result repeats a name:
// no value may be lost to a key collision, and a suffix must not take a
// name another column already has.
func TestDuplicateColumnNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	db := sqlitetest.Open(t, path, database.Options{Create: true})
	for _, format := range []string{"json", "ndjson"} {
		var buf bytes.Buffer
		w, err := export.NewWriter(format, &buf)
		if err != nil {
			t.Fatal(err)
		}
		err = rows.StreamSQLite(context.Background(), db, "SELECT 1 AS a, 2 AS a, 'x' AS a_2, 4 AS a", nil, export.Sink(w))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		want := `{"a":1,"a_3":2,"a_2":"x","a_4":4}`
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s: got %s, want an object %s", format, buf.String(), want)
		}
	}
	csv := write(t, "csv", []rows.ResultColumn{{Name: "a"}, {Name: "a"}}, nil)
	if csv != "a,a\r\n" {
		t.Errorf("CSV keeps the names as they are: got %q", csv)
	}
}

// failAfter accepts n bytes, then fails every write, as a connection to a
// client that went away does.
type failAfter struct{ n int }

var errGone = errors.New("client went away")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errGone
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteErrorStopsRows: the first failed write reaches the caller at
// the next Row, never later than one buffer's worth of rows.
func TestWriteErrorStopsRows(t *testing.T) {
	for _, format := range []string{"csv", "json", "ndjson"} {
		w, err := export.NewWriter(format, &failAfter{n: 100})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Columns(awkwardCols); err != nil {
			t.Fatal(err)
		}
		var rowErr error
		for i := 0; i < 100_000 && rowErr == nil; i++ {
			rowErr = w.Row(awkwardRows[2])
		}
		if !errors.Is(rowErr, errGone) {
			t.Fatalf("%s: Row error = %v, want the write error", format, rowErr)
		}
		if w.Rows() > 2000 {
			t.Errorf("%s: %d rows accepted after the writer failed", format, w.Rows())
		}
	}
}

func TestRowWidthMismatch(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		w, _ := export.NewWriter(format, &bytes.Buffer{})
		_ = w.Columns(awkwardCols)
		if err := w.Row(awkwardRows[0][:2]); err == nil {
			t.Errorf("%s: a short row was accepted", format)
		}
	}
}
