package review

import (
	"fmt"
	"strconv"
	"strings"

	"studio/database"
)

// alterType warns about ALTER COLUMN TYPE: values that make it fail,
// values it silently changes, and the rewrite or scan it takes.
func (a *analyzer) alterType(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil || r.live == nil {
		return
	}
	live := a.colLive(r, act.col)
	if live == "" {
		return
	}
	old := r.types[a.cat.fold(live)]
	if old == "" {
		if c, ok := r.live.column(live, a.dialect); ok {
			old = c.Type
		}
	}
	r.types[a.cat.fold(live)] = act.typ
	what := fmt.Sprintf("ALTER COLUMN %s TYPE %s", database.QuoteIdent(act.col), act.typ)
	if old == "" {
		a.lock(i, r, "type-change-rewrite", fmt.Sprintf("%s may rewrite %s under an ACCESS EXCLUSIVE lock", what, a.relDisp(r)))
		return
	}
	o, n := parsePGType(old), parsePGType(act.typ)
	failing := a.castFails(i, r, live, o, n, what)
	if reason, silent, ok := narrowing(o, n); ok && silent && !failing {
		if cnt := a.nonNull(r.live, live); cnt != 0 {
			stake := rowsText(cnt, "non-null value") + " at stake"
			if cnt < 0 {
				stake = "its values are at stake"
			}
			a.warn(act, "type-change-loses-data", SeverityError, r.live, cnt, fmt.Sprintf("%s narrows %s.%s from %s: %s; %s",
				what, a.relDisp(r), database.QuoteIdent(act.col), old, reason, stake))
		}
	}
	change := typeChange(o, n, act.using)
	if change == changeRewrite && !act.using && zoneSwap(o, n) && a.sessionUTC(i) {
		change = changeFree // PostgreSQL 12+: no rewrite while the session's TimeZone is UTC
	}
	switch change {
	case changeRewrite:
		a.lock(i, r, "type-change-rewrite", fmt.Sprintf("%s rewrites %s and its indexes under an ACCESS EXCLUSIVE lock", what, a.relDisp(r)))
	case changeScan:
		a.lock(i, r, "type-change-rewrite", fmt.Sprintf("%s checks every row of %s under an ACCESS EXCLUSIVE lock", what, a.relDisp(r)))
	}
}

// zoneSwap reports timestamptz <-> timestamp of the same precision.
func zoneSwap(o, n pgType) bool {
	return o.size == n.size && o.array == n.array &&
		(o.family == "timestamptz" && n.family == "timestamp" || o.family == "timestamp" && n.family == "timestamptz")
}

// castFails warns when the type change cannot succeed: no automatic cast
// without USING (whatever the data), or live values that do not convert.
// It reports whether it warned with an error.
func (a *analyzer) castFails(i int, r *rel, col string, o, n pgType, what string) bool {
	act := &a.acts[i]
	qc := database.QuoteIdent(col)
	if !act.using && !a.assignable(o, n) {
		a.warn(act, "type-change-fails", SeverityError, r.live, -1, fmt.Sprintf(
			"%s fails: PostgreSQL has no automatic cast from %s to %s; add USING %s::%s (and check the values convert)",
			what, o.name, n.name, qc, n.name))
		return true
	}
	if r.emptied {
		return false
	}
	if a.opts.NoData || a.q == nil {
		if reason, silent, ok := narrowing(o, n); ok && !silent {
			a.warn(act, "type-change-fails", SeverityWarning, r.live, -1, fmt.Sprintf("%s narrows %s from %s: %s; its values are at stake",
				what, a.quotedCol(r, col), o.name, reason))
		}
		return false
	}
	if act.using && !plainCast(act.expr, col, a.dialect) {
		a.warn(act, "type-change-fails", SeverityInfo, r.live, -1, fmt.Sprintf(
			"%s converts with USING %s: studio cannot predict whether every value converts", what, act.expr))
		return false
	}
	cond, known := a.failCond(qc, o, n)
	if cond == "" {
		if !known && !a.isEnum(n.name) {
			a.warn(act, "type-change-fails", SeverityInfo, r.live, -1, fmt.Sprintf(
				"%s: studio cannot predict whether every value of %s converts from %s on this server (PostgreSQL 16+ can tell)",
				what, qc, o.name))
		}
		return false
	}
	res := a.valuesWhere(r.live, col, cond)
	if res.n <= 0 {
		return false
	}
	a.warn(act, "type-change-fails", SeverityError, r.live, res.n, fmt.Sprintf(
		"%s fails: %s of %s %s not convert to %s, e.g. %s", what, rowsText(res.n, "value"), a.quotedCol(r, col),
		plural(res.n, "does", "do"), n.name, quoteLiteral(res.sample))).Sample = res.sample
	return true
}

// assignable reports whether PostgreSQL converts o to n without USING:
// the same type family, a string target (an assignment I/O cast), or an
// implicit or assignment cast in pg_cast. Unknown types count as
// assignable: only a "no" the catalog gives is reported.
func (a *analyzer) assignable(o, n pgType) bool {
	if o.array != n.array {
		return false
	}
	if (o.family == n.family && o.family != "other") || n.family == "text" {
		return true
	}
	v := a.catalogValue(`SELECT CASE WHEN pg_catalog.to_regtype($1) IS NULL OR pg_catalog.to_regtype($2) IS NULL THEN 'unknown'
  WHEN pg_catalog.to_regtype($1) = pg_catalog.to_regtype($2) THEN 'yes'
  WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_cast WHERE castsource = pg_catalog.to_regtype($1)
    AND casttarget = pg_catalog.to_regtype($2) AND castcontext IN ('a', 'i')) THEN 'yes' ELSE 'no' END`, o.name, n.name)
	return v != "no"
}

// plainCast reports whether a USING expression is the column cast to a
// type (col::t, CAST(col AS t)): the conversion a plain change makes.
func plainCast(expr, col string, d database.Dialect) bool {
	toks := significant(tokenize(expr, d))
	if len(toks) >= 3 && isIdent(toks[0]) && identValue(toks[0]) == col && isPunct(toks[1], "::") {
		return true
	}
	return len(toks) >= 5 && isWord(toks[0], "CAST") && isPunct(toks[1], "(") && isIdent(toks[2]) &&
		identValue(toks[2]) == col && isWord(toks[3], "AS")
}

// failCond is the SQL condition true for a value of column qc (type o)
// that does not convert to n, and whether the conversion is known: ""
// with known=true when every value converts or nothing can be said
// (same family widening), "" with known=false when it cannot be predicted.
func (a *analyzer) failCond(qc string, o, n pgType) (string, bool) {
	if o.array || n.array {
		return "", o.array == n.array
	}
	text := "btrim(" + qc + "::text)"
	switch {
	case n.family == "text":
		if n.size >= 0 && (o.family != "text" || o.size < 0 || n.size < o.size) {
			return fmt.Sprintf("char_length(%s::text) > %d", qc, n.size), true
		}
		return "", true
	case o.family == "text" && a.serverVersion() >= 160000:
		return "NOT pg_catalog.pg_input_is_valid(" + qc + "::text, " + quoteLiteral(n.name) + ")", true
	case n.family == "int":
		lo, hi := intRange(n.size)
		if o.family == "text" {
			return fmt.Sprintf("CASE WHEN %s ~ '^[-+]?[0-9]+$' THEN %s::numeric NOT BETWEEN %s AND %s ELSE true END",
				text, text, lo, hi), true
		}
		if o.family == "int" || o.family == "numeric" || o.family == "float" {
			if o.family == "int" && o.size <= n.size {
				return "", true
			}
			return fmt.Sprintf("round(%s::numeric) NOT BETWEEN %s AND %s", qc, lo, hi), true
		}
	case n.family == "numeric":
		limit := ""
		if n.size >= 0 {
			limit = fmt.Sprintf("abs(round(%%s::numeric, %d)) >= 1e%d", n.scale, n.size-n.scale)
		}
		if o.family == "text" {
			cond := "true"
			if limit != "" {
				cond = fmt.Sprintf(limit, text)
			}
			return fmt.Sprintf("CASE WHEN %s ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$' THEN %s ELSE true END",
				text, cond), true
		}
		if (o.family == "int" || o.family == "numeric" || o.family == "float") && limit != "" {
			return fmt.Sprintf(limit, qc), true
		}
		return "", true
	case o.family == "text":
		switch baseName(n.name) {
		case "boolean", "bool":
			return text + " !~* '^(t|tr|tru|true|y|ye|yes|on|1|f|fa|fal|fals|false|n|no|of|off|0)$'", true
		case "uuid":
			return text + " !~* '^[{]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[}]?$'", true
		case "date":
			return text + " !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'", true
		}
		return "", false
	}
	return "", true
}

// isEnum reports whether a type name (as written: mood, public.mood,
// "public"."mood") is an enum of the live model or of the batch; enum
// values are checked by the enum rules.
func (a *analyzer) isEnum(typ string) bool {
	toks := significant(tokenize(typ, a.dialect))
	c := cursor{toks: toks}
	n, ok := c.name()
	if !ok {
		return false
	}
	schema := n.schema
	if schema == "" {
		schema = a.cat.defaultSchema()
	}
	k := a.cat.key(schema, n.name)
	return a.cat.enums[k] != nil || a.droppedEnums[k] || a.createdEnums[k]
}

// serverVersion is server_version_num (150004), 0 when unknown.
func (a *analyzer) serverVersion() int {
	v, _ := strconv.Atoi(a.catalogValue("SELECT pg_catalog.current_setting('server_version_num')"))
	return v
}

func intRange(size int) (string, string) {
	switch size {
	case 1:
		return "-32768", "32767"
	case 2:
		return "-2147483648", "2147483647"
	}
	return "-9223372036854775808", "9223372036854775807"
}

func baseName(typ string) string {
	if i := strings.IndexByte(typ, '('); i >= 0 {
		typ = typ[:i]
	}
	return strings.TrimPrefix(strings.TrimSpace(typ), "pg_catalog.")
}

// quoteLiteral writes s as an SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// notNullProven reports whether a validated CHECK (col IS NOT NULL) on r
// lets PostgreSQL 12+ skip SET NOT NULL's scan: one the live table has
// (not NOT VALID), or one the batch added valid or validated before i.
func (a *analyzer) notNullProven(i int, r *rel, col string) bool {
	if r.live.t != nil {
		for _, ck := range r.live.t.Checks {
			if !strings.Contains(strings.ToUpper(ck.Expr), "NOT VALID") && isNotNullCheck(ck.Expr, col, a.dialect) {
				return true
			}
		}
	}
	for j := 0; j < i; j++ {
		b := &a.acts[j]
		if b.op != opAddConstraint || b.conKind != "CHECK" || a.lookup(b.target) != r || !isNotNullCheck(b.expr, col, a.dialect) {
			continue
		}
		if !b.notValid || a.validatedBetween(j, i, r, b.conName) {
			return true
		}
	}
	return false
}

func (a *analyzer) validatedBetween(from, to int, r *rel, name string) bool {
	for k := from + 1; k < to; k++ {
		v := &a.acts[k]
		if v.op == opValidateConstraint && a.cat.fold(v.conName) == a.cat.fold(name) && a.lookup(v.target) == r {
			return true
		}
	}
	return false
}

// isNotNullCheck reports whether a CHECK expression (with or without
// the CHECK keyword and parentheses) is `col IS NOT NULL`.
func isNotNullCheck(expr, col string, d database.Dialect) bool {
	var words []token
	for _, t := range significant(tokenize(expr, d)) {
		if !isPunct(t, "(") && !isPunct(t, ")") && !isWord(t, "CHECK") {
			words = append(words, t)
		}
	}
	return len(words) == 4 && isIdent(words[0]) && identValue(words[0]) == col &&
		isWord(words[1], "IS") && isWord(words[2], "NOT") && isWord(words[3], "NULL")
}

// validateConstraint predicts VALIDATE CONSTRAINT's check of the old
// rows, and warns when the NOT VALID it validates ran in the same
// transaction (the ADD's lock is still held: nothing was gained).
func (a *analyzer) validateConstraint(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	if j, ok := a.batchCons[a.cat.key(a.keyOf(r), act.conName)]; ok {
		add := &a.acts[j]
		if add.notValid && a.conSeq[j] == a.txnSeq && a.inTxn && a.dialect != database.SQLite {
			a.warn(act, "validate-same-transaction", SeverityWarning, r.live, -1, fmt.Sprintf(
				"VALIDATE CONSTRAINT %s runs in the same transaction as the ADD ... NOT VALID at line %d, which still holds "+
					"its ACCESS EXCLUSIVE lock: validate it in a later migration", database.QuoteIdent(act.conName), a.line(j)))
		}
		if r.live != nil {
			a.constraintData(i, r, add.conKind, add.conCols, add.refTable, add.refCols, add.expr, false)
		}
		a.tookLock(i, r, true)
		return
	}
	if r.live == nil || r.live.t == nil {
		return
	}
	for _, ck := range r.live.t.Checks {
		if a.cat.fold(ck.Name) == a.cat.fold(act.conName) {
			a.checkRows(i, r, checkExpr(ck.Expr, a.dialect))
		}
	}
	for _, fk := range r.live.t.ForeignKeys {
		if a.cat.fold(fk.Name) == a.cat.fold(act.conName) {
			a.fkOrphans(i, r, fk.Columns, qname{schema: fk.RefSchema, name: fk.RefTable}, fk.RefColumns)
		}
	}
	a.tookLock(i, r, true)
}

// checkExpr strips CHECK and NOT VALID from a catalog definition:
// `CHECK ((price > 0)) NOT VALID` -> `(price > 0)`.
func checkExpr(def string, d database.Dialect) string {
	toks := significant(tokenize(def, d))
	if len(toks) > 0 && isWord(toks[0], "CHECK") {
		toks = toks[1:]
	}
	if n := len(toks); n >= 2 && isWord(toks[n-2], "NOT") && isWord(toks[n-1], "VALID") {
		toks = toks[:n-2]
	}
	if len(toks) == 0 {
		return ""
	}
	last := toks[len(toks)-1]
	start := toks[0].off
	return def[start : last.off+len(last.text)]
}

// dropConstraint warns when the constraint dropped is a foreign key.
func (a *analyzer) dropConstraint(i int) {
	act := &a.acts[i]
	r := a.lookup(act.target)
	if r == nil {
		return
	}
	isFK := false
	if j, ok := a.batchCons[a.cat.key(a.keyOf(r), act.conName)]; ok {
		isFK = a.acts[j].conKind == "FOREIGN KEY"
		delete(a.batchCons, a.cat.key(a.keyOf(r), act.conName))
		if r.live == nil || isFK {
			return // added and dropped in the same batch
		}
	}
	if r.live == nil || r.live.t == nil {
		return
	}
	for _, fk := range r.live.t.ForeignKeys {
		if a.cat.fold(fk.Name) == a.cat.fold(act.conName) {
			a.droppedFK(i, r, fk.Name, fk.RefTable)
		}
	}
}

func (a *analyzer) droppedFK(i int, r *rel, name, ref string) {
	what := "the foreign key"
	if name != "" {
		what += " " + database.QuoteIdent(name)
	}
	a.warn(&a.acts[i], "drop-foreign-key", SeverityWarning, r.live, -1, fmt.Sprintf(
		"%s of %s to %s is dropped: the database stops keeping its rows consistent and ON DELETE actions stop",
		what, a.relDisp(r), database.QuoteIdent(ref)))
}
