package postgres

import (
	"fmt"
	"strconv"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// sqlType is a type as format_type prints it, taken apart:
// "timestamp(3) with time zone[]" is base "timestamp with time zone",
// args [3], one array dimension.
type sqlType struct {
	base string
	args []int64
	dims int
}

func parseType(s string) sqlType {
	var t sqlType
	for strings.HasSuffix(s, "[]") {
		s = strings.TrimSuffix(s, "[]")
		t.dims++
	}
	if i := strings.IndexByte(s, '('); i > 0 && !strings.HasPrefix(s, `"`) {
		if j := strings.IndexByte(s[i:], ')'); j > 0 {
			for _, a := range strings.Split(s[i+1:i+j], ",") {
				n, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
				if err != nil {
					return sqlType{base: s, dims: t.dims}
				}
				t.args = append(t.args, n)
			}
			s = strings.TrimSpace(s[:i] + s[i+j+1:])
		}
	}
	t.base = strings.Join(strings.Fields(s), " ")
	return t
}

func (t sqlType) family() string {
	switch t.base {
	case "text", "character varying", "character":
		return "string"
	case "smallint", "integer", "bigint":
		return "integer"
	case "numeric":
		return "numeric"
	case "real", "double precision":
		return "float"
	case "date", "timestamp without time zone", "timestamp with time zone":
		return "datetime"
	}
	return ""
}

// cast is how a type change goes: the USING expression (empty when the
// assignment cast does it; %[1]s is the column), whether converted values
// can change (lossy), the rows that would change or make it fail (a
// condition on %[1]s, empty when none can, or all when lossy), and why.
type cast struct {
	using string
	lossy bool
	where string
	why   string
}

// classifyCast decides how a column goes from one type to another. Types
// with an assignment cast between them (strings, numbers, dates) go
// without USING, so a value that does not fit fails instead of being cut:
// an explicit ::varchar(5) would silently truncate.
func classifyCast(from, to string, enum *introspect.Enum) cast {
	f, t := parseType(from), parseType(to)
	ff, tf := f.family(), t.family()
	switch {
	case f.dims != t.dims:
	case enum != nil:
		return toEnum(t, enum)
	case t.base == "text" || (tf == "string" && len(t.args) == 0):
		c := cast{why: "every value converts"}
		if ff != "string" {
			c.using = "%[1]s::" + to
		}
		return c
	case ff == "string" && tf == "string":
		return toString(f, t)
	case ff == "integer" || ff == "numeric" || ff == "float":
		if c, ok := numericCast(f, t, to); ok {
			return c
		}
	case ff == "datetime" && tf == "datetime":
		return datetimeCast(f, t, to)
	case f.base == "json" && t.base == "jsonb", f.base == "jsonb" && t.base == "json":
		return cast{using: "%[1]s::" + to, why: "every value converts (jsonb drops duplicate keys and key order)"}
	}
	return cast{using: "%[1]s::" + to, lossy: true,
		why: "values that do not convert make it fail, and converted values may change; every non-null value is at stake"}
}

func toString(f, t sqlType) cast {
	n := t.args[0]
	if len(f.args) > 0 && f.args[0] <= n && f.base != "text" {
		return cast{why: "every value fits"}
	}
	c := cast{why: fmt.Sprintf("rows with values longer than %d characters make it fail (nothing is cut)", n)}
	if t.dims == 0 {
		c.where = fmt.Sprintf("char_length(%%[1]s) > %d", n)
	}
	return c
}

func toEnum(t sqlType, e *introspect.Enum) cast {
	c := cast{using: "%[1]s::text" + strings.Repeat("[]", t.dims) + "::%[2]s",
		why: "rows holding a value that is not a label of the enum make it fail"}
	if t.dims == 0 {
		labels := make([]string, len(e.Values))
		for i, v := range e.Values {
			labels[i] = literal(v)
		}
		c.where = "%[1]s::text <> ALL (ARRAY[" + strings.Join(labels, ", ") + "]::text[])"
	}
	return c
}

// numericCast handles integer, numeric and floating-point types.
func numericCast(f, t sqlType, to string) (cast, bool) {
	ok := cast{why: "every value converts exactly"}
	fails := func(cond string) cast {
		return cast{where: cond, why: "rows out of the new type's range make it fail"}
	}
	lossy := func(cond string) cast {
		return cast{where: cond, lossy: true, why: "rows whose values change in the conversion (rounded) are counted"}
	}
	ff, tf := f.family(), t.family()
	switch {
	case ff == "integer" && tf == "integer":
		if intBits(t.base) >= intBits(f.base) {
			return ok, true
		}
		lo, hi, _ := intRange(t.base)
		return fails(fmt.Sprintf("%%[1]s NOT BETWEEN %d AND %d", lo, hi)), true
	case ff == "integer" && tf == "numeric":
		if len(t.args) == 0 || intDigits(t) >= intBits(f.base)*3/10+1 {
			return ok, true
		}
		return fails("abs(%[1]s) >= 1" + strings.Repeat("0", int(intDigits(t)))), true
	case ff == "integer" && tf == "float":
		mantissa := map[string]int64{"real": 24, "double precision": 53}[t.base]
		if intBits(f.base)-1 <= mantissa {
			return ok, true
		}
		return lossy(fmt.Sprintf("abs(%%[1]s) > %d", int64(1)<<mantissa)), true
	case (ff == "numeric" || ff == "float") && tf == "integer":
		return lossy("%[1]s <> round(%[1]s)"), true
	case ff == "numeric" && tf == "numeric":
		return numericToNumeric(f, t), true
	case ff == "float" && tf == "float":
		if t.base == "double precision" {
			return ok, true
		}
		return lossy("%[1]s::real::double precision <> %[1]s"), true
	case ff == "float" && tf == "numeric", ff == "numeric" && tf == "float":
		return lossy("%[1]s::" + to + " <> %[1]s"), true
	}
	return cast{}, false
}

func numericToNumeric(f, t sqlType) cast {
	if len(t.args) == 0 {
		return cast{why: "every value converts exactly"}
	}
	scale := func(p sqlType) int64 {
		if len(p.args) > 1 {
			return p.args[1]
		}
		return 0
	}
	ts := scale(t)
	if len(f.args) == 0 || ts < scale(f) {
		return cast{where: fmt.Sprintf("%%[1]s <> round(%%[1]s, %d)", ts), lossy: true,
			why: fmt.Sprintf("rows with more than %d decimal places are rounded (counted); rows too large make it fail", ts)}
	}
	if intDigits(t) >= intDigits(f) {
		return cast{why: "every value fits"}
	}
	return cast{where: "abs(%[1]s) >= 1" + strings.Repeat("0", int(intDigits(t))), why: "rows too large for the new precision make it fail"}
}

// intDigits is how many digits numeric(p, s) has before the point.
func intDigits(t sqlType) int64 {
	switch len(t.args) {
	case 0:
		return 1000
	case 1:
		return t.args[0]
	}
	return t.args[0] - t.args[1]
}

func intBits(base string) int64 {
	return map[string]int64{"smallint": 16, "integer": 32, "bigint": 64}[base]
}

func datetimeCast(f, t sqlType, to string) cast {
	narrower := t.base == "date" && f.base != "date" ||
		len(t.args) > 0 && (len(f.args) == 0 && t.args[0] < 6 || len(f.args) > 0 && t.args[0] < f.args[0])
	if narrower {
		return cast{where: "%[1]s::" + to + " <> %[1]s", lossy: true,
			why: "rows whose values lose their time or precision are counted"}
	}
	why := "every value converts"
	if f.base != t.base && f.base != "date" {
		why = "values are reinterpreted in the session's TimeZone"
	}
	return cast{why: why}
}

// typeChange is the step that changes a column's type or collation.
func (d *diff) typeChange(k key, lc, wc introspect.Column) step.Step {
	col := database.QuoteIdent(wc.Name)
	s := step.Step{Action: "alter", ObjectKind: "column", Object: k.String() + "." + wc.Name, Table: k.String()}
	sql := "ALTER TABLE " + k.sql() + " ALTER COLUMN " + col + " TYPE " + wc.Type
	if wc.Collation != "" {
		sql += " COLLATE " + database.QuoteIdent(wc.Collation)
	}
	if lc.Type == wc.Type {
		s.SQL, s.Reason = sql, "changes the collation (indexes on the column are rebuilt)"
		return s
	}
	c := d.domainCast(lc.Type, wc.Type)
	if c.using != "" {
		sql += " USING " + fmt.Sprintf(c.using, col, wc.Type)
	}
	s.SQL, s.Destructive = sql, c.lossy
	s.Reason = fmt.Sprintf("changes type %s to %s: %s", lc.Type, wc.Type, c.why)
	switch {
	case c.where != "":
		s.CountSQL = count(k, col+" IS NOT NULL AND "+fmt.Sprintf(c.where, col))
	case c.lossy:
		s.CountSQL = count(k, col+" IS NOT NULL")
	}
	return s
}

// domainCast classifies a type change through domains: a domain's values
// are its base type's, so a change between a domain and its base type
// keeps every value (a domain's NOT NULL and checks may refuse some), and
// other changes are classified by the base types (arrays by their
// elements').
func (d *diff) domainCast(from, to string) cast {
	fe, te := strings.TrimRight(from, "[]"), strings.TrimRight(to, "[]")
	fdims, tdims := from[len(fe):], to[len(te):]
	lb, wb := fe, te
	if dom := domainOf(d.live, fe); dom != nil {
		lb = dom.BaseType
	}
	dom := domainOf(d.want, te)
	if dom != nil {
		wb = dom.BaseType
	}
	if lb != wb || fdims != tdims {
		return classifyCast(lb+fdims, wb+tdims, d.enumOf("", wb))
	}
	c := cast{why: "every value stays as it is"}
	if dom != nil && (!dom.Nullable || len(dom.Checks) > 0) {
		c.why = "values that break the domain's NOT NULL or checks make it fail (nothing is changed)"
	}
	return c
}

// domainOf is the domain of side s a printed type names, or nil.
func domainOf(s *side, typ string) *introspect.Domain {
	for _, k := range sorted(s.domains) {
		for _, form := range printedForms(k) {
			if typ == form {
				return s.domains[k]
			}
		}
	}
	return nil
}

// enumOf is the desired enum a printed type (without array brackets)
// names, or nil.
func (d *diff) enumOf(schema, typ string) *introspect.Enum {
	typ = strings.TrimRight(typ, "[]")
	for _, k := range sorted(d.want.enums) {
		for _, form := range printedForms(k) {
			if typ == form {
				return d.want.enums[k]
			}
		}
	}
	return nil
}

// printedForms are the ways format_type can print a type's name:
// bare when its schema is on the search_path, else qualified.
func printedForms(k key) []string {
	return []string{printedIdent(k.name), database.QuoteIdent(k.name), printedIdent(k.schema) + "." + printedIdent(k.name),
		database.QuoteIdent(k.schema) + "." + database.QuoteIdent(k.name)}
}
