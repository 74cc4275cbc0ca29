package review

import (
	"fmt"
	"strconv"
	"strings"
)

// pgType is a PostgreSQL column type reduced to what type-change checks
// compare: a family and its size.
type pgType struct {
	family string // text, int, numeric, float, timestamp, timestamptz, date, time, other
	size   int    // text length, int/float rank, numeric precision, time precision; -1 unbounded
	scale  int    // numeric scale
	name   string // the normalised spelling
	array  bool
	fixed  bool // char(n): blank-padded, never binary-compatible with text
}

// parsePGType reads a type as written in SQL or as the catalog formats
// it: `varchar(255)`, `character varying(255)`, `numeric(10,2)`,
// `timestamp(3) with time zone`, `int8`, `text[]`.
func parsePGType(s string) pgType {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	t := pgType{name: s, size: -1}
	for strings.HasSuffix(s, "[]") {
		t.array, s = true, strings.TrimSpace(strings.TrimSuffix(s, "[]"))
	}
	base, suffix, args := s, "", []int(nil)
	if open := strings.IndexByte(s, '('); open >= 0 {
		if end := strings.IndexByte(s[open:], ')'); end >= 0 {
			base, suffix = strings.TrimSpace(s[:open]), strings.TrimSpace(s[open+end+1:])
			for _, a := range strings.Split(s[open+1:open+end], ",") {
				if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil {
					args = append(args, n)
				}
			}
		}
	}
	base = strings.TrimPrefix(strings.TrimSpace(base+" "+suffix), "pg_catalog.")
	arg := func(i, def int) int {
		if i < len(args) {
			return args[i]
		}
		return def
	}
	switch base {
	case "text", "citext":
		t.family = "text"
	case "varchar", "character varying":
		t.family, t.size = "text", arg(0, -1)
	case "char", "character", "bpchar":
		t.family, t.size, t.fixed = "text", arg(0, 1), true
	case "smallint", "int2", "smallserial", "serial2":
		t.family, t.size = "int", 1
	case "integer", "int", "int4", "serial", "serial4":
		t.family, t.size = "int", 2
	case "bigint", "int8", "bigserial", "serial8":
		t.family, t.size = "int", 3
	case "numeric", "decimal":
		t.family, t.size, t.scale = "numeric", arg(0, -1), arg(1, 0)
	case "real", "float4":
		t.family, t.size = "float", 1
	case "double precision", "float8":
		t.family, t.size = "float", 2
	case "float":
		t.family, t.size = "float", 2
		if arg(0, 53) <= 24 {
			t.size = 1
		}
	case "timestamp", "timestamp without time zone":
		t.family, t.size = "timestamp", arg(0, 6)
	case "timestamptz", "timestamp with time zone":
		t.family, t.size = "timestamptz", arg(0, 6)
	case "date":
		t.family = "date"
	case "time", "time without time zone", "timetz", "time with time zone":
		t.family, t.size = "time", arg(0, 6)
	default:
		t.family = "other"
	}
	return t
}

// narrowing tells whether changing a column from o to n can lose or
// reject values, and how: silent changes (rounding, dropping the time of
// day) lose data without an error; the others make the ALTER fail on the
// values that do not fit.
func narrowing(o, n pgType) (reason string, silent, ok bool) {
	if o.array != n.array {
		return "", false, false
	}
	switch {
	case o.family == "text" && n.family == "text":
		if n.size >= 0 && (o.size < 0 || n.size < o.size) {
			return fmt.Sprintf("values longer than %d characters make it fail", n.size), false, true
		}
	case o.family == "int" && n.family == "int":
		if n.size < o.size {
			return fmt.Sprintf("values outside the %s range make it fail", n.name), false, true
		}
	case (o.family == "numeric" || o.family == "float") && n.family == "int":
		return "fractions are rounded away", true, true
	case o.family == "float" && n.family == "float":
		if n.size < o.size {
			return "values lose precision", true, true
		}
	case (o.family == "numeric" || o.family == "float") && n.family == "numeric":
		return numericNarrowing(o, n)
	case (o.family == "timestamp" || o.family == "timestamptz") && n.family == "date":
		return "the time of day is lost", true, true
	case (o.family == "timestamp" || o.family == "timestamptz") && n.family == "time":
		return "the date is lost", true, true
	case o.family == n.family && (o.family == "timestamp" || o.family == "timestamptz" || o.family == "time"):
		if n.size < o.size {
			return fmt.Sprintf("fractional seconds are rounded to %d digits", n.size), true, true
		}
	}
	return "", false, false
}

func numericNarrowing(o, n pgType) (string, bool, bool) {
	if n.size < 0 {
		return "", false, false
	}
	if o.family == "float" || o.size < 0 || n.scale < o.scale {
		return fmt.Sprintf("values are rounded to %d decimal places", n.scale), true, true
	}
	if n.size-n.scale < o.size-o.scale {
		return fmt.Sprintf("values with more than %d digits before the point make it fail", n.size-n.scale), false, true
	}
	return "", false, false
}

// Effects of a type change on the table.
const (
	changeRewrite = iota // the table and its indexes are rewritten
	changeScan           // every row is checked, nothing rewritten
	changeFree           // catalog-only change
)

// typeChange tells what ALTER COLUMN TYPE from o to n does to the table:
// widening varchar/text and numeric precision are catalog-only changes,
// shrinking a varchar checks every row, anything else rewrites.
func typeChange(o, n pgType, using bool) int {
	switch {
	case using:
		return changeRewrite
	case o.name == n.name || (o.family == n.family && o.family != "other" && o.size == n.size &&
		o.scale == n.scale && o.array == n.array && o.fixed == n.fixed):
		return changeFree
	case o.array != n.array:
		return changeRewrite
	case o.family == "text" && n.family == "text" && !o.fixed && !n.fixed:
		if n.size >= 0 && (o.size < 0 || n.size < o.size) {
			return changeScan
		}
		return changeFree
	case o.family == "numeric" && n.family == "numeric":
		if n.size < 0 || (o.size >= 0 && n.scale == o.scale && n.size >= o.size) {
			return changeFree
		}
	}
	return changeRewrite
}
