package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"studio/rows"
)

// jsonWriter writes one object per row keyed by column name, values typed
// by rows.Value.MarshalJSON (big integers and numerics as strings, JSON
// columns embedded, binary as "\x..." hex, NULL as null). As JSON
// (array set) the objects form one array, one object per line; as NDJSON
// each object is a line of its own. Duplicate column names, which queries
// can produce, get a suffix (_2, _3, ...) so no value is lost.
type jsonWriter struct {
	base
	array bool
	open  bool     // Columns has begun the document
	keys  [][]byte // `"name":` per column, with the comma before all but the first
}

func (w *jsonWriter) Columns(cols []rows.ResultColumn) error {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	w.keys = w.keys[:0]
	for i, name := range uniqueNames(names) {
		k, err := json.Marshal(name)
		if err != nil {
			return fmt.Errorf("encode column name: %w", err)
		}
		if i > 0 {
			k = append([]byte{','}, k...)
		}
		w.keys = append(w.keys, append(k, ':'))
	}
	w.open = true
	if w.array {
		_, err := w.w.WriteString("[")
		return err
	}
	return nil
}

// uniqueNames renames repeated names: the first keeps its name, later ones
// get the first free suffix _2, _3, ... that no column already has.
func uniqueNames(names []string) []string {
	taken := make(map[string]bool, len(names))
	for _, n := range names {
		taken[n] = true
	}
	seen := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		if !seen[n] {
			seen[n], out[i] = true, n
			continue
		}
		for k := 2; ; k++ {
			c := n + "_" + strconv.Itoa(k)
			if !taken[c] {
				taken[c], out[i] = true, c
				break
			}
		}
	}
	return out
}

func (w *jsonWriter) Row(vals []rows.Value) error {
	if len(vals) != len(w.keys) {
		return fmt.Errorf("json row of %d values under %d columns", len(vals), len(w.keys))
	}
	switch {
	case !w.array:
	case w.n == 0:
		w.w.WriteByte('\n')
	default:
		w.w.WriteString(",\n")
	}
	w.w.WriteByte('{')
	for i, v := range vals {
		w.w.Write(w.keys[i])
		if err := w.value(v); err != nil {
			return err
		}
	}
	end := "}"
	if !w.array {
		end = "}\n"
	}
	if _, err := w.w.WriteString(end); err != nil {
		return err
	}
	w.n++
	return nil
}

// value writes one value. JSON text is compacted when it spans lines (a
// json column keeps the text it was given), so an NDJSON row stays one
// line.
func (w *jsonWriter) value(v rows.Value) error {
	b, err := v.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode a %v value: %w", v.Kind, err)
	}
	if v.Kind == rows.KindJSON && bytes.ContainsAny(b, "\r\n") {
		var c bytes.Buffer
		if err := json.Compact(&c, b); err != nil {
			return fmt.Errorf("compact a JSON value: %w", err)
		}
		b = c.Bytes()
	}
	_, err = w.w.Write(b)
	return err
}

// Close ends the array (an empty result is []) and flushes.
func (w *jsonWriter) Close() error {
	if w.array {
		switch {
		case !w.open:
			w.w.WriteString("[]\n")
		case w.n == 0:
			w.w.WriteString("]\n")
		default:
			w.w.WriteString("\n]\n")
		}
	}
	return w.w.Flush()
}
