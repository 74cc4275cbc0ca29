package review

import (
	"strings"

	"studio/database"
)

func (p *parser) create(c *cursor) []action {
	start := c.peek(0).off
	c.i++
	c.accept("OR", "REPLACE")
	for c.accept("TEMP") || c.accept("TEMPORARY") || c.accept("UNLOGGED") ||
		c.accept("GLOBAL") || c.accept("LOCAL") {
	}
	switch {
	case c.accept("TABLE"):
		return p.createTable(c, start)
	case c.accept("VIRTUAL", "TABLE"):
		return p.createVirtual(c, start)
	case c.is("UNIQUE") || c.is("INDEX"):
		return p.createIndex(c, start)
	case c.accept("MATERIALIZED", "VIEW") || c.accept("RECURSIVE", "VIEW") || c.accept("VIEW"):
		c.accept("IF", "NOT", "EXISTS")
		if n, ok := c.name(); ok {
			a := p.act(opCreateView, start)
			a.target = n
			return []action{a}
		}
	case c.accept("CONSTRAINT", "TRIGGER") || c.accept("TRIGGER"):
		return p.createTrigger(c, start)
	case c.accept("TYPE"):
		return p.createType(c, start)
	case c.accept("DOMAIN"):
		if findTop(c.toks[c.i:], "CHECK", "CONSTRAINT") >= 0 {
			return []action{p.act(opDomainConstraint, start)}
		}
	}
	return nil
}

func (p *parser) createTable(c *cursor, start int) []action {
	ifNot := c.accept("IF", "NOT", "EXISTS")
	n, ok := c.name()
	if !ok {
		return nil
	}
	a := p.act(opCreateTable, start)
	a.target, a.ifExists = n, ifNot
	if body := c.group(); body != nil && !c.is("AS") {
		for _, el := range splitTop(body, ",") {
			if d, ok := parseColDef(el); ok {
				a.cols = append(a.cols, d)
			} else if tc, ok := p.tableConstraint(el); ok {
				a.tcons = append(a.tcons, tc)
			}
		}
	}
	if i := findTop(c.toks[c.i:], "AS"); i >= 0 {
		a.srcs, a.star, a.idents = selectSources(c.toks[c.i+i+1:])
	}
	return []action{a}
}

// tableConstraint reads [CONSTRAINT name] PRIMARY KEY (...) | UNIQUE
// (...) | FOREIGN KEY (...) REFERENCES t (...) | CHECK (...).
func (p *parser) tableConstraint(el []token) (tableCons, bool) {
	c := &cursor{toks: el}
	if c.accept("CONSTRAINT") {
		c.i++
	}
	var tc tableCons
	switch {
	case c.accept("PRIMARY", "KEY"):
		tc.kind = "PRIMARY KEY"
	case c.accept("UNIQUE"):
		tc.kind = "UNIQUE"
	case c.accept("FOREIGN", "KEY"):
		tc.kind = "FOREIGN KEY"
	case c.accept("CHECK"):
		tc.kind, tc.expr = "CHECK", p.text(c.group())
		return tc, true
	default:
		return tc, false
	}
	tc.cols = identList(c.group())
	if c.accept("REFERENCES") {
		tc.refTable, _ = c.name()
		tc.refCols = identList(c.group())
	}
	return tc, true
}

// createVirtual records a virtual table and, for FTS5, its content table.
func (p *parser) createVirtual(c *cursor, start int) []action {
	c.accept("IF", "NOT", "EXISTS")
	n, ok := c.name()
	if !ok {
		return nil
	}
	a := p.act(opCreateTable, start)
	a.target = n
	if c.accept("USING") {
		a.module = strings.ToLower(c.peek(0).text)
		c.i++
		a.content = ftsContent(c.group())
	}
	return []action{a}
}

// ftsContent returns the content= option of an FTS5 argument list.
func ftsContent(args []token) string {
	for _, arg := range splitTop(args, ",") {
		if len(arg) == 3 && isWord(arg[0], "content") && isPunct(arg[1], "=") {
			if arg[2].kind == tString {
				return stringValue(arg[2])
			}
			return identValue(arg[2])
		}
	}
	return ""
}

func (p *parser) createIndex(c *cursor, start int) []action {
	a := p.act(opCreateIndex, start)
	a.unique = c.accept("UNIQUE")
	c.accept("INDEX")
	a.concurrently = c.accept("CONCURRENTLY")
	a.ifExists = c.accept("IF", "NOT", "EXISTS")
	if !c.is("ON") {
		a.target, _ = c.name()
	}
	if !c.accept("ON") {
		return nil
	}
	c.accept("ONLY")
	var ok bool
	if a.onTable, ok = c.name(); !ok {
		return nil
	}
	if c.accept("USING") {
		c.i++
	}
	for _, el := range splitTop(c.group(), ",") {
		col, expr := p.indexElement(el)
		a.conCols, a.exprs = append(a.conCols, col), append(a.exprs, expr)
	}
	if w := findTop(c.toks[c.i:], "WHERE"); w >= 0 {
		a.pred = p.text(c.toks[c.i+w+1:])
	}
	return []action{a}
}

// indexElement reads one element of an index's column list: a column
// (its name, and its quoted name as SQL) or an expression ("" and its
// SQL). Sort order, NULLS, opclass and COLLATE are left out.
func (p *parser) indexElement(el []token) (string, string) {
	if len(el) == 0 {
		return "", ""
	}
	if isIdent(el[0]) && (len(el) == 1 || !isPunct(el[1], "(") && !isPunct(el[1], ".")) {
		name := identValue(el[0])
		return name, database.QuoteIdent(name)
	}
	end := len(el)
	if k := findTop(el, "COLLATE", "ASC", "DESC", "NULLS"); k > 0 {
		end = k
	}
	return "", p.text(el[:end])
}

// createTrigger records a trigger's name and table: the first top-level
// ON after the name introduces the table.
func (p *parser) createTrigger(c *cursor, start int) []action {
	c.accept("IF", "NOT", "EXISTS")
	n, ok := c.name()
	if !ok {
		return nil
	}
	rest := c.toks[c.i:]
	i := findTop(rest, "ON")
	if i < 0 {
		return nil
	}
	c.i += i + 1
	a := p.act(opCreateTrigger, start)
	a.target = n
	if a.onTable, ok = c.name(); !ok {
		return nil
	}
	return []action{a}
}

// createType records CREATE TYPE name AS ENUM (...) with its values.
func (p *parser) createType(c *cursor, start int) []action {
	n, ok := c.name()
	if !ok || !c.accept("AS", "ENUM") {
		return nil
	}
	a := p.act(opCreateEnum, start)
	a.target = n
	for _, t := range c.group() {
		if t.kind == tString {
			a.values = append(a.values, stringValue(t))
		}
	}
	return []action{a}
}

func (p *parser) drop(c *cursor) []action {
	start := c.peek(0).off
	c.i++
	var o op
	materialized := false
	switch {
	case c.accept("DATABASE"):
		return []action{p.act(opDropDatabase, start)}
	case c.accept("TABLE"):
		o = opDropTable
	case c.accept("MATERIALIZED", "VIEW"):
		o, materialized = opDropView, true
	case c.accept("VIEW"):
		o = opDropView
	case c.accept("INDEX"):
		o = opDropIndex
	case c.accept("SCHEMA"):
		o = opDropSchema
	case c.accept("TYPE"):
		o = opDropType
	case c.accept("TRIGGER"):
		o = opDropTrigger
	default:
		return nil
	}
	conc := c.accept("CONCURRENTLY")
	ifExists := c.accept("IF", "EXISTS")
	names := c.names()
	cascade := c.accept("CASCADE")
	acts := make([]action, 0, len(names))
	for _, n := range names {
		a := p.act(o, n.off)
		if len(names) == 1 {
			a.off = start
		}
		a.target, a.cascade, a.concurrently, a.materialized, a.ifExists = n, cascade, conc, materialized, ifExists
		acts = append(acts, a)
	}
	return acts
}
