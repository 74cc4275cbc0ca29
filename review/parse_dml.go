package review

import "strings"

func (p *parser) truncate(c *cursor) []action {
	start := c.peek(0).off
	c.i++
	c.accept("TABLE")
	c.accept("ONLY")
	names := c.names()
	cascade := findTop(c.toks[c.i:], "CASCADE") >= 0
	acts := make([]action, 0, len(names))
	for _, n := range names {
		a := p.act(opTruncate, n.off)
		if len(names) == 1 {
			a.off = start
		}
		a.target, a.cascade = n, cascade
		acts = append(acts, a)
	}
	return acts
}

func (p *parser) delete(c *cursor) []action {
	a := p.act(opDelete, c.peek(0).off)
	c.i++
	if !c.accept("FROM") {
		return nil
	}
	c.accept("ONLY")
	var ok bool
	if a.target, ok = c.name(); !ok {
		return nil
	}
	a.where = findTop(c.toks[c.i:], "WHERE") >= 0
	return []action{a}
}

func (p *parser) update(c *cursor) []action {
	a := p.act(opUpdate, c.peek(0).off)
	c.i++
	if c.accept("OR") {
		c.i++ // OR ROLLBACK | ABORT | REPLACE | FAIL | IGNORE
	}
	c.accept("ONLY")
	var ok bool
	if a.target, ok = c.name(); !ok {
		return nil
	}
	rest := c.toks[c.i:]
	set := findTop(rest, "SET")
	if set < 0 {
		return nil
	}
	rest = rest[set+1:]
	a.where = findTop(rest, "WHERE") >= 0
	if end := findTop(rest, "FROM", "WHERE", "RETURNING"); end >= 0 {
		rest = rest[:end]
	}
	for _, as := range splitTop(rest, ",") {
		a.setCols = append(a.setCols, assigned(as)...)
	}
	return []action{a}
}

// assigned returns the columns one SET assignment writes: `c = ...`,
// `t.c = ...` or `(a, b) = ...`.
func assigned(as []token) []string {
	eq := -1
	for i, t := range as {
		if isPunct(t, "=") {
			eq = i
			break
		}
	}
	if eq <= 0 {
		return nil
	}
	lhs := as[:eq]
	if isPunct(lhs[0], "(") {
		var cols []string
		for _, t := range lhs {
			if isIdent(t) {
				cols = append(cols, identValue(t))
			}
		}
		return cols
	}
	if t := lhs[len(lhs)-1]; isIdent(t) {
		return []string{identValue(t)}
	}
	return nil
}

func (p *parser) insert(c *cursor) []action {
	a := p.act(opInsert, c.peek(0).off)
	c.i++
	if c.accept("OR") {
		c.i++
	}
	if !c.accept("INTO") {
		return nil
	}
	var ok bool
	if a.target, ok = c.name(); !ok {
		return nil
	}
	rest := c.toks[c.i:]
	if i := findTop(rest, "SELECT"); i >= 0 {
		a.srcs, a.star, a.idents = selectSources(rest[i:])
	}
	if i := findTop(rest, "VALUES"); i >= 0 {
		for _, t := range rest[i:] {
			if t.kind == tString && strings.EqualFold(stringValue(t), "rebuild") {
				a.ftsRebuild = true
			}
		}
	}
	return []action{a}
}

// selectSources reads a SELECT: the tables named after its top-level FROM
// and JOINs, whether its select list has a top-level *, and the
// identifiers its select list names.
func selectSources(toks []token) (srcs []qname, star bool, idents map[string]bool) {
	from := findTop(toks, "FROM")
	if from < 0 {
		return nil, false, nil
	}
	idents = map[string]bool{}
	for _, el := range splitTop(toks[:from], ",") {
		if n := len(el); n > 0 && isPunct(el[n-1], "*") && (n == 1 || isPunct(el[n-2], ".") || isWord(el[n-2], "SELECT")) {
			star = true // *, t.*, SELECT *
		}
		for _, t := range el {
			if isIdent(t) {
				idents[identValue(t)] = true
			}
		}
	}
	rest := toks[from:]
	if end := findTop(rest, "WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT",
		"INTERSECT", "RETURNING", "HAVING", "WINDOW"); end >= 0 {
		rest = rest[:end]
	}
	depth := 0
	for i, t := range rest {
		switch {
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			depth--
		case depth == 0 && (isWord(t, "FROM") || isWord(t, "JOIN") || isPunct(t, ",")):
			c := cursor{toks: rest, i: i + 1}
			if n, ok := c.name(); ok {
				srcs = append(srcs, n)
			}
		}
	}
	return srcs, star, idents
}
