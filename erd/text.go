package erd

import (
	"cmp"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"unicode"

	"studio/introspect"
)

// cells is how many monospace cells s takes: East Asian wide characters
// and emoji take two, combining marks and format characters none. It is
// an estimate good enough to size boxes, not a text shaper.
func cells(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case isWide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, // CJK, Kana, Yi
		r >= 0xAC00 && r <= 0xD7A3,                // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,                // CJK compatibility
		r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, // fullwidth forms
		r >= 0x1F300 && r <= 0x1F64F, r >= 0x1F900 && r <= 0x1F9FF, // emoji
		r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// truncate shortens s to at most n cells, ending in "…" when cut.
func truncate(s string, n int) string {
	if cells(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := cells(string(r))
		if w+rw > n-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }

// num formats a coordinate with at most one decimal, the same way on every
// platform.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// esc escapes s for XML text and attribute values (both quotes included).
// Characters XML cannot hold at all, such as most control characters,
// become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// tableHover is a table's tooltip: name, kind, partitions, size and
// comment.
func tableHover(f introspect.Folded) string {
	t := f.Table
	parts := []string{t.Name + " (" + strings.ReplaceAll(t.Kind, "_", " ") + ")"}
	parts = append(parts, plural(len(t.Columns), "column"))
	if n := len(f.Partitions); n > 0 {
		parts = append(parts, "partitioned by "+cmp.Or(t.PartitionKey, "key")+" into "+plural(n, "partition"))
	}
	if rows := f.RowEstimate(); rows >= 0 && t.Kind != introspect.KindView {
		parts = append(parts, "~"+plural(int(rows), "row"))
	}
	s := strings.Join(parts, ", ")
	if t.Comment != "" {
		s += "\n" + truncate(t.Comment, 300)
	}
	return s
}

// columnHover is a column's tooltip: name, type, nullability, default and
// generation.
func columnHover(c introspect.Column) string {
	s := strings.TrimSpace(c.Name + " " + c.Type)
	if !c.Nullable && c.Type != "" {
		s += " NOT NULL"
	}
	if c.Default != nil {
		s += " DEFAULT " + truncate(*c.Default, 80)
	}
	if c.Generated != "" {
		s += " GENERATED AS (" + truncate(c.Generated, 80) + ") " + c.GeneratedKind
	}
	if c.Comment != "" {
		s += "\n" + truncate(c.Comment, 300)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
