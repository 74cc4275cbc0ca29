package rows

import (
	"strconv"
	"strings"
	"time"
)

// TimeUnit says what an integer column's values count since the Unix
// epoch, as judged for one page: nothing, seconds or milliseconds.
type TimeUnit uint8

// Time units of epoch columns.
const (
	NotTime TimeUnit = iota
	EpochSeconds
	EpochMillis
)

// The values a page must stay within to be read as epoch times: seconds
// from 2001-09-09 to 2096-10-02, or the same span in milliseconds.
// Anything outside (counts, ids, durations) is left alone.
const (
	minEpochSeconds = 1_000_000_000
	maxEpochSeconds = 4_000_000_000
	minEpochMillis  = minEpochSeconds * 1000
	maxEpochMillis  = maxEpochSeconds * 1000
)

// EpochUnits says, for each column of t (by index), whether its values on
// rs are epoch times. Drizzle's integer({ mode: "timestamp" }) and
// ({ mode: "timestamp_ms" }) store dates that way, the common SQLite
// pattern. A column qualifies when its declared type is an integer, its
// name reads as a time (timeName) and every non-NULL value on the page is
// an integer in one unit's range; the values decide seconds or
// milliseconds, per page. Text dates never qualify: they read fine as
// they are.
func EpochUnits(t *Table, rs []Row) []TimeUnit {
	var out []TimeUnit
	for i, c := range t.Columns {
		if c.Kind != KindInt || !timeName(c.Name) {
			continue
		}
		if u := epochUnit(rs, i); u != NotTime {
			if out == nil {
				out = make([]TimeUnit, len(t.Columns))
			}
			out[i] = u
		}
	}
	return out
}

// epochUnit is the unit every non-NULL value of column i fits, if any.
func epochUnit(rs []Row, i int) TimeUnit {
	unit := NotTime
	for _, r := range rs {
		v := r.Values[i]
		if v.Null {
			continue
		}
		n, err := strconv.ParseInt(v.Text, 10, 64)
		if err != nil || v.Kind != KindInt {
			return NotTime
		}
		var u TimeUnit
		switch {
		case n >= minEpochSeconds && n <= maxEpochSeconds:
			u = EpochSeconds
		case n >= minEpochMillis && n <= maxEpochMillis:
			u = EpochMillis
		default:
			return NotTime
		}
		if unit != NotTime && u != unit {
			return NotTime
		}
		unit = u
	}
	return unit
}

// timeName reports whether a column's name says it holds a time:
// created_at, CREATED_AT, updatedAt, birth_date, timestamp, expiresTime.
// "At" must be camel case (lastSeenAt), so format or stat do not match.
func timeName(name string) bool {
	low := strings.ToLower(name)
	if strings.HasSuffix(low, "_at") || strings.Contains(low, "date") || strings.Contains(low, "time") {
		return true
	}
	if n := len(name); n > 2 && strings.HasSuffix(name, "At") {
		c := name[n-3]
		return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
	}
	return false
}

// EpochUTC is an epoch value as a UTC date-time, ISO 8601 with a space:
// "2025-01-27 09:17:23Z", milliseconds as "2025-01-27 09:17:23.621Z".
// ok is false for a value that is not an integer.
func EpochUTC(text string, u TimeUnit) (s string, ok bool) {
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || u == NotTime {
		return "", false
	}
	if u == EpochMillis {
		return time.UnixMilli(n).UTC().Format("2006-01-02 15:04:05.000Z"), true
	}
	return time.Unix(n, 0).UTC().Format("2006-01-02 15:04:05Z"), true
}
