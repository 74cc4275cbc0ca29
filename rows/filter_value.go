package rows

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"studio/database"
)

// FilterError is a filter whose value does not fit its column: not a
// number, not a date, not one of an enum's values, a date typed into an
// integer column that holds no epoch times. It wraps ErrBadQuery (400);
// the grid shows Reason beside condition Index of the query's filters.
type FilterError struct {
	Index  int
	Column string
	Reason string
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("the filter on %q: %s", e.Column, e.Reason)
}

func (e *FilterError) Unwrap() error { return ErrBadQuery }

// checkValue says why v cannot be compared with column c by op, or "".
// Patterns (contains, LIKE) take any text; NULL tests take no value.
func checkValue(c *Column, op Op, v string) string {
	switch op {
	case OpNull, OpNotNull, OpContains, OpStarts, OpLike, OpILike:
		return ""
	case OpIn:
		for _, one := range SplitList(v) {
			if why := checkOne(c, op, one); why != "" {
				return why
			}
		}
		return ""
	case OpBetween:
		pair := SplitList(v)
		if len(pair) != 2 || pair[0] == "" || pair[1] == "" {
			return "between needs two values, from and to (in a URL: from,to)"
		}
		for _, one := range pair {
			if why := checkOne(c, op, one); why != "" {
				return why
			}
		}
		return ""
	}
	return checkOne(c, op, v)
}

// checkOne says why the single value v does not fit c, or "".
func checkOne(c *Column, op Op, v string) string {
	listed := op == OpEq || op == OpNe || op == OpIn
	switch {
	case c.Kind == KindBool:
		if v != "true" && v != "false" {
			return "it is a boolean: use true or false"
		}
	case c.Kind == KindEnum:
		if !slices.Contains(c.Enum, v) {
			return fmt.Sprintf("%q is not a value of %s (%s)", v, c.Type, strings.Join(c.Enum, ", "))
		}
	case c.Choices != nil && listed && !slices.Contains(c.Choices, v):
		return fmt.Sprintf("%q is not one of the values its CHECK allows (%s)", v, strings.Join(c.Choices, ", "))
	case c.Kind == KindInt:
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			return ""
		}
		if c.EpochCandidate() {
			if _, ok := parseTime(v); ok {
				return ""
			}
			return fmt.Sprintf("%q is neither a whole number nor a date (2025-02-01 or 2025-02-01T13:45)", v)
		}
		return fmt.Sprintf("%q is not a whole number", v)
	case c.Kind == KindFloat || c.Kind == KindNumeric && declaredNumeric(c.Type):
		if _, err := strconv.ParseFloat(v, 64); err != nil || strings.ContainsAny(v, "xXpP_") {
			return fmt.Sprintf("%q is not a number", v)
		}
	case c.Kind == KindTime:
		return checkTime(c, v)
	case strings.EqualFold(strings.TrimSpace(c.Type), "uuid") && !uuidText.MatchString(v):
		return fmt.Sprintf("%q is not a UUID (00000000-0000-0000-0000-000000000000)", v)
	}
	return ""
}

// declaredNumeric: SQLite gives NUMERIC affinity to every type it does
// not recognise (and stores text there as text), so only a type that
// says it is a number is checked as one.
func declaredNumeric(typ string) bool {
	t := strings.ToLower(typ)
	return strings.Contains(t, "num") || strings.Contains(t, "dec") || t == "money"
}

var uuidText = regexp.MustCompile(`^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$`)

// checkTime accepts the ISO 8601 forms date and date-time pickers send
// (2025-02-01, 2025-02-01T13:45, with seconds, a fraction, a zone), a
// time of day for time columns, PostgreSQL's infinities, and, on SQLite,
// whose date columns may hold numbers, a number.
func checkTime(c *Column, v string) string {
	t := strings.ToLower(strings.TrimSpace(c.Type))
	switch {
	case strings.HasPrefix(t, "time") && !strings.HasPrefix(t, "timestamp"):
		if timeOfDay.MatchString(v) {
			return ""
		}
		return fmt.Sprintf("%q is not a time of day (13:45 or 13:45:30)", v)
	case c.Kind == KindTime && (v == "infinity" || v == "-infinity"):
		return ""
	}
	if _, ok := parseTime(v); ok {
		return ""
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && !strings.ContainsAny(v, "xXpP_") {
		return ""
	}
	return fmt.Sprintf("%q is not a date (2025-02-01) or date-time (2025-02-01 13:45)", v)
}

var timeOfDay = regexp.MustCompile(`^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([zZ]|[+-]\d{2}(:?\d{2})?)?$`)

// timeLayouts are the forms parseTime reads, the zone apart.
var timeLayouts = []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"}

// parseTime reads an ISO 8601 date or date-time, "T" or a space between
// them, with an optional zone (Z, +02, +02:00, +0200); without one it is
// UTC.
func parseTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) > 10 && v[10] == ' ' {
		v = v[:10] + "T" + v[11:]
	}
	body, zone := v, time.UTC
	if strings.HasSuffix(body, "Z") || strings.HasSuffix(body, "z") {
		body = body[:len(body)-1]
	} else if i := strings.LastIndexAny(body, "+-"); i > 10 {
		z, ok := parseZone(body[i:])
		if !ok {
			return time.Time{}, false
		}
		body, zone = body[:i], z
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, body, zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseZone reads +02, +02:00 or +0200.
func parseZone(s string) (*time.Location, bool) {
	digits := strings.ReplaceAll(s[1:], ":", "")
	if len(digits) == 2 {
		digits += "00"
	}
	if len(digits) != 4 {
		return nil, false
	}
	h, err1 := strconv.Atoi(digits[:2])
	m, err2 := strconv.Atoi(digits[2:])
	if err1 != nil || err2 != nil || h > 15 || m > 59 {
		return nil, false
	}
	off := (h*60 + m) * 60
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone(s, off), true
}

// EpochCandidate reports whether c may hold epoch times: an integer
// column named like a time (see EpochUnits, which judges the values).
func (c *Column) EpochCandidate() bool { return c.Kind == KindInt && timeName(c.Name) }

// epochSample is how many values decide an epoch column's unit for a
// filter: the first page's worth, as the grid judges a page.
const epochSample = DefaultLimit

// bind turns the dates typed into filters into what the column holds:
// in integer epoch columns the integers, in the unit the column's values
// show (read from a sample of them); in date columns stored as text (the
// engine's timeText) the date-time as the column writes it. The query's
// own filters, and so its URL, keep the readable form. A date for an
// integer column whose values are not epoch times is a *FilterError.
// Filters without dates come back as they are.
func (t *Table) bind(ctx context.Context, db *database.DB, fs []Filter) ([]Filter, error) {
	var out []Filter
	for i, f := range fs {
		c := t.Column(f.Column)
		if c == nil || !hasDate(f) || !c.EpochCandidate() && c.Kind != KindTime {
			continue
		}
		v, err := t.bindDates(ctx, db, c, f)
		if err != nil {
			var fe *FilterError
			if errors.As(err, &fe) {
				fe.Index = i
			}
			return nil, err
		}
		if v == f.Value {
			continue
		}
		if out == nil {
			out = slices.Clone(fs)
		}
		out[i].Value = v
	}
	if out == nil {
		return fs, nil
	}
	return out, nil
}

// bindDates is filter f's value with its dates as column c holds them.
func (t *Table) bindDates(ctx context.Context, db *database.DB, c *Column, f Filter) (string, error) {
	if c.Kind == KindTime {
		return t.engine().timeText(ctx, db, t, c, f)
	}
	u, err := t.epochUnitOf(ctx, db, c)
	if err != nil {
		return "", err
	}
	if u == NotTime {
		return "", &FilterError{Column: c.Name, Reason: fmt.Sprintf(
			"%q is a date, but the column's values are not epoch seconds or milliseconds: type a whole number", f.Value)}
	}
	return epochValues(f, u), nil
}

// mapValues is f's value with fn applied to each of its values (an "in"
// list's, a "between" pair's, else the one).
func mapValues(f Filter, fn func(string) string) string {
	if f.Op != OpIn && f.Op != OpBetween {
		return fn(f.Value)
	}
	vals := SplitList(f.Value)
	for i, v := range vals {
		vals[i] = fn(v)
	}
	return JoinList(vals...)
}

// textDates is f's value with its date-times written as a column of text
// dates writes them: sep ('T' or ' ') between date and time, seconds
// always, so that comparing text compares times.
func textDates(f Filter, sep byte) string {
	return mapValues(f, func(v string) string {
		if len(v) < 16 || !dateOnlyText(v[:10]) || v[10] != 'T' && v[10] != ' ' {
			return v
		}
		v = v[:10] + string(sep) + v[11:]
		if len(v) == 16 || len(v) > 16 && strings.ContainsAny(v[16:17], "Zz+-") {
			v = v[:16] + ":00" + v[16:]
		}
		return v
	})
}

func dateOnlyText(v string) bool {
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

// hasDate reports whether a filter's value (or one of its list) is a
// date rather than an integer.
func hasDate(f Filter) bool {
	if f.Op == OpNull || f.Op == OpNotNull || f.Op == OpContains || f.Op == OpStarts || f.Op == OpLike || f.Op == OpILike {
		return false
	}
	for _, v := range SplitList(f.Value) {
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return true
		}
	}
	return false
}

// epochValues is the filter's value with its dates as epoch integers.
func epochValues(f Filter, u TimeUnit) string {
	return mapValues(f, func(v string) string {
		at, ok := parseTime(v)
		if !ok {
			return v
		}
		if u == EpochMillis {
			return strconv.FormatInt(at.UnixMilli(), 10)
		}
		return strconv.FormatInt(at.Unix(), 10)
	})
}

// epochUnitOf reads the first epochSample non-NULL values of c and
// judges their unit as EpochUnits judges a page.
func (t *Table) epochUnitOf(ctx context.Context, db *database.DB, c *Column) (TimeUnit, error) {
	b := newBuilder(t)
	col := quote(c.Name)
	b.WriteString(fmt.Sprintf("SELECT %s FROM %s WHERE %s IS NOT NULL LIMIT %d", col, t.Ident(), col, epochSample))
	one := &Table{Dialect: t.Dialect, Columns: []Column{*c}}
	var rs []Row
	err := b.eng.query(ctx, db, b.String(), nil, Sink{Row: func(vals []Value) error {
		rs = append(rs, Row{Values: vals})
		return nil
	}})
	if err != nil {
		return NotTime, fmt.Errorf("read %s's values to tell their time unit: %w", c.Name, err)
	}
	if len(rs) == 0 {
		return EpochSeconds, nil // no value to compare with: either unit finds none
	}
	if units := EpochUnits(one, rs); units != nil {
		return units[0], nil
	}
	return NotTime, nil
}
