package rows

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Value is one cell exactly as the database gave it. Text is the text
// PostgreSQL prints (its text output format, so numerics, timestamps with
// their zone, intervals and arrays are never re-formatted) or SQLite's
// value in its storage class; for KindBinary it holds the raw bytes.
type Value struct {
	Null bool
	Kind Kind
	Text string
}

// maxSafeInt is the largest integer a JSON reader using float64 keeps
// exact; bigger ones are sent as strings.
const maxSafeInt = 1<<53 - 1

// MarshalJSON writes the value typed: integers and floats as numbers
// (strings when a float64 reader would lose digits), numerics as strings,
// booleans, JSON embedded as JSON, binary as \x hex, NULL as null.
func (v Value) MarshalJSON() ([]byte, error) { return v.AppendJSON(nil), nil }

// AppendJSON appends the value as MarshalJSON writes it, without the
// reflection of encoding/json: grids and exports write thousands.
func (v Value) AppendJSON(b []byte) []byte {
	if v.Null {
		return append(b, "null"...)
	}
	switch v.Kind {
	case KindInt:
		if n, err := strconv.ParseInt(v.Text, 10, 64); err == nil && n <= maxSafeInt && n >= -maxSafeInt {
			return append(b, v.Text...)
		}
	case KindFloat:
		if f, err := strconv.ParseFloat(v.Text, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return strconv.AppendFloat(b, f, 'g', -1, 64)
		}
	case KindBool:
		return strconv.AppendBool(b, v.Text == "true")
	case KindJSON:
		if json.Valid([]byte(v.Text)) {
			return append(b, v.Text...)
		}
	case KindBinary:
		b = append(b, `"\\x`...)
		b = hex.AppendEncode(b, []byte(v.Text))
		return append(b, '"')
	}
	return AppendJSONString(b, v.Text)
}

// AppendJSONString appends s as a JSON string, escaped as encoding/json
// does (HTML characters, U+2028 and U+2029 too; invalid UTF-8 as U+FFFD).
func AppendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// String is the value as text for display and CSV: binary as \x hex, NULL
// as the empty string (callers that must tell NULL apart check Null).
func (v Value) String() string {
	switch {
	case v.Null:
		return ""
	case v.Kind == KindBinary:
		return `\x` + hex.EncodeToString([]byte(v.Text))
	}
	return v.Text
}

// pgKind classifies a PostgreSQL result column by its type OID.
func pgKind(oid uint32) Kind {
	switch oid {
	case 20, 21, 23, 26, 28:
		return KindInt
	case 700, 701:
		return KindFloat
	case 1700, 790:
		return KindNumeric
	case 16:
		return KindBool
	case 114, 3802:
		return KindJSON
	case 17:
		return KindBinary
	case 1082, 1083, 1114, 1184, 1266:
		return KindTime
	case 25, 1043, 1042, 19:
		return KindText
	}
	return KindOther
}

// pgValue turns PostgreSQL's text output into a Value. bytea arrives as
// \x hex and is decoded; booleans as t/f and are spelled out.
func pgValue(raw []byte, kind Kind) Value {
	if raw == nil {
		return Value{Null: true, Kind: kind}
	}
	switch kind {
	case KindBool:
		if len(raw) == 1 {
			return Value{Kind: kind, Text: strconv.FormatBool(raw[0] == 't')}
		}
	case KindBinary:
		if b, err := hex.DecodeString(strings.TrimPrefix(string(raw), `\x`)); err == nil {
			return Value{Kind: kind, Text: string(b)}
		}
	}
	return Value{Kind: kind, Text: string(raw)}
}

// sqliteValue turns what the SQLite driver scanned into a Value. SQLite
// values carry their own storage class whatever the column declares;
// declared is the column's kind, used to tell JSON text apart.
func sqliteValue(v any, declared Kind) Value {
	switch x := v.(type) {
	case nil:
		return Value{Null: true, Kind: declared}
	case int64:
		return Value{Kind: KindInt, Text: strconv.FormatInt(x, 10)}
	case float64:
		return Value{Kind: KindFloat, Text: strconv.FormatFloat(x, 'g', -1, 64)}
	case []byte:
		return Value{Kind: KindBinary, Text: string(x)}
	case string:
		if declared == KindJSON {
			return Value{Kind: KindJSON, Text: x}
		}
		return Value{Kind: KindText, Text: x}
	case time.Time:
		// Only reached for ad-hoc queries (the grid selects date columns
		// as +col so the driver cannot parse them).
		return Value{Kind: KindTime, Text: x.Format(time.RFC3339Nano)}
	case bool:
		return Value{Kind: KindBool, Text: strconv.FormatBool(x)}
	}
	return Value{Kind: KindOther, Text: "?"}
}
