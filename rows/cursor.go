package rows

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
)

// A cursor names the row a page continues from: the sort column's value
// (when sorted) and the key's values, each tagged with its SQLite storage
// class so a comparison sees the same type the row holds. For relations
// paged by OFFSET it holds the offset. It travels base64url-encoded in the
// URL; it is data bound as parameters, never SQL, and decoding checks it.
type cursor struct {
	Values []Value
	Offset int64
}

const (
	tagNull   = "n"
	tagInt    = "i"
	tagFloat  = "f"
	tagText   = "t"
	tagBinary = "b"
	tagOffset = "o"
)

func encodeCursor(c cursor) string {
	parts := make([]string, 0, len(c.Values)+1)
	if len(c.Values) == 0 {
		parts = append(parts, tagOffset+strconv.FormatInt(c.Offset, 10))
	}
	for _, v := range c.Values {
		switch {
		case v.Null:
			parts = append(parts, tagNull)
		case v.Kind == KindBinary:
			parts = append(parts, tagBinary+hex.EncodeToString([]byte(v.Text)))
		case v.Kind == KindInt:
			parts = append(parts, tagInt+v.Text)
		case v.Kind == KindFloat:
			parts = append(parts, tagFloat+v.Text)
		default:
			parts = append(parts, tagText+v.Text)
		}
	}
	b, _ := json.Marshal(parts) // []string always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor that must hold n values (0: an offset).
func decodeCursor(s string, n int) (cursor, error) {
	bad := fmt.Errorf("%w: the page cursor is damaged; start again from the first page", ErrBadQuery)
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	var parts []string
	if json.Unmarshal(b, &parts) != nil || len(parts) == 0 {
		return cursor{}, bad
	}
	if n == 0 {
		off, err := strconv.ParseInt(parts[0][min(1, len(parts[0])):], 10, 64)
		if len(parts) != 1 || parts[0] == "" || parts[0][:1] != tagOffset || err != nil || off < 0 {
			return cursor{}, bad
		}
		return cursor{Offset: off}, nil
	}
	if len(parts) != n {
		return cursor{}, bad
	}
	c := cursor{Values: make([]Value, n)}
	for i, p := range parts {
		v, ok := decodeValue(p)
		if !ok {
			return cursor{}, bad
		}
		c.Values[i] = v
	}
	return c, nil
}

func decodeValue(p string) (Value, bool) {
	if p == "" {
		return Value{}, false
	}
	tag, rest := p[:1], p[1:]
	switch tag {
	case tagNull:
		return Value{Null: true}, rest == ""
	case tagInt:
		_, err := strconv.ParseInt(rest, 10, 64)
		return Value{Kind: KindInt, Text: rest}, err == nil
	case tagFloat:
		_, err := strconv.ParseFloat(rest, 64)
		return Value{Kind: KindFloat, Text: rest}, err == nil
	case tagBinary:
		b, err := hex.DecodeString(rest)
		return Value{Kind: KindBinary, Text: string(b)}, err == nil
	case tagText:
		return Value{Kind: KindText, Text: rest}, true
	}
	return Value{}, false
}

// KeyToken is a row's key as an opaque token for forms and row links.
func (t *Table) KeyToken(r Row) string { return encodeCursor(cursor{Values: r.Key}) }

// DecodeKey reads a KeyToken back; a damaged token wraps ErrBadQuery.
func (t *Table) DecodeKey(token string) ([]Value, error) {
	c, err := decodeCursor(token, len(t.Key))
	if err != nil {
		return nil, err
	}
	return c.Values, nil
}
