package rows

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// param turns a form value into the parameter for column c. cur is the
// value the cell holds now (NULL when inserting).
//
// PostgreSQL gets text (pgx sends Go strings in text format) and parses it
// with the column type's own input function, so what it printed reads back
// exactly: numerics, timestamps with zones, intervals, arrays, \x bytea.
//
// SQLite stores what it is given, adjusted by the column's affinity, so it
// gets the storage class the column expects: integers and reals when the
// text parses, 1/0 for booleans, bytes for \x hex in blob columns (or cells
// that held a blob), text otherwise. Columns declared without a type keep
// the storage class the cell had.
func (e *Editor) param(c *Column, in Input, cur Value) (any, error) {
	if in.Null {
		return nil, nil
	}
	return e.Table.engine().param(c, in.Text, cur)
}

func sqliteParam(col string, kind Kind, s string) (any, error) {
	switch kind {
	case KindBinary:
		if !strings.HasPrefix(s, `\x`) {
			return s, nil
		}
		b, err := hex.DecodeString(s[2:])
		if err != nil {
			return nil, &ConstraintError{Kind: ViolationInvalid, Column: col,
				Message: `binary values are written as \x followed by pairs of hex digits`}
		}
		return b, nil
	case KindBool:
		switch strings.ToLower(s) {
		case "true", "1":
			return int64(1), nil
		case "false", "0":
			return int64(0), nil
		}
	case KindInt, KindNumeric:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
	case KindFloat:
		// NaN would be stored as NULL and infinities overflow: leave them
		// as text for SQLite to refuse or keep.
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f, nil
		}
	}
	return s, nil
}
