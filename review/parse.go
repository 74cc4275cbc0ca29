package review

import (
	"strings"

	"studio/database"
)

// parser turns the statements of one chunk into actions.
type parser struct {
	stmt    int              // index of the chunk in Analyze's input
	dialect database.Dialect // lex and parse with its rules
	inDO    bool             // parsing the body of a DO block
	src     string           // the chunk, which token offsets index
}

// text is the SQL the tokens cover, as written.
func (p *parser) text(toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	last := toks[len(toks)-1]
	return p.src[toks[0].off : last.off+len(last.text)]
}

// chunk parses every statement of one chunk of a migration file.
func (p *parser) chunk(sql string) []action {
	p.src = sql
	var acts []action
	for _, st := range splitStatements(sql, p.dialect) {
		got := p.statement(st)
		for i := range got {
			got[i].start = st[0].off
		}
		acts = append(acts, got...)
	}
	return acts
}

// statement parses one statement. Statements the analysis has nothing to
// say about (SELECT, GRANT, CREATE FUNCTION, ...) give no actions.
func (p *parser) statement(toks []token) []action {
	c := &cursor{toks: toks}
	switch {
	case c.is("WITH"):
		return p.with(c)
	case c.is("CREATE"):
		return p.create(c)
	case c.is("DROP"):
		return p.drop(c)
	case c.is("ALTER"):
		return p.alter(c)
	case c.is("TRUNCATE"):
		return p.truncate(c)
	case c.is("DELETE"):
		return p.delete(c)
	case c.is("UPDATE"):
		return p.update(c)
	case c.is("INSERT") || c.is("REPLACE"):
		return p.insert(c)
	case c.is("PRAGMA"):
		return p.pragma(c)
	case c.is("DO") && p.dialect != database.SQLite:
		return p.doBlock(c)
	case c.is("SET"):
		return p.set(c)
	case c.is("REINDEX") || c.is("VACUUM") || c.is("CLUSTER"):
		return p.maintenance(c)
	}
	if p.inDO {
		return nil // transaction control inside a DO body is not the migration's
	}
	return p.transaction(c)
}

func (p *parser) act(o op, off int) action {
	return action{op: o, stmt: p.stmt, off: off, inDO: p.inDO}
}

// with skips the common table expressions of a WITH query and parses the
// statement they prefix. Data-modifying CTEs are not analysed.
func (p *parser) with(c *cursor) []action {
	c.i++
	c.accept("RECURSIVE")
	for !c.done() {
		if _, ok := c.name(); !ok {
			return nil
		}
		c.skipGroup()
		if !c.accept("AS") {
			return nil
		}
		c.accept("NOT")
		c.accept("MATERIALIZED")
		c.skipGroup()
		if !c.acceptPunct(",") {
			break
		}
	}
	return p.statement(c.toks[c.i:])
}

// name reads a possibly schema-qualified name: x, "s"."x", `x`, [x].
func (c *cursor) name() (qname, bool) {
	t := c.peek(0)
	if t.kind != tWord && t.kind != tQuoted {
		return qname{}, false
	}
	n := qname{name: identValue(t), off: t.off}
	c.i++
	for isPunct(c.peek(0), ".") && isIdent(c.peek(1)) {
		n.schema, n.name = n.name, identValue(c.peek(1))
		c.i += 2
	}
	return n, true
}

// names reads a comma-separated list of names.
func (c *cursor) names() []qname {
	var out []qname
	for {
		n, ok := c.name()
		if !ok {
			return out
		}
		out = append(out, n)
		c.acceptPunct("*")
		if !c.acceptPunct(",") {
			return out
		}
	}
}

func isIdent(t token) bool { return t.kind == tWord || t.kind == tQuoted }

// pragma reads PRAGMA [schema.]foreign_keys = ON|OFF (or (ON), 1, 0).
func (p *parser) pragma(c *cursor) []action {
	a := p.act(opPragmaFK, c.peek(0).off)
	c.i++
	n, ok := c.name()
	if !ok || !strings.EqualFold(n.name, "foreign_keys") {
		return nil
	}
	c.acceptPunct("=")
	c.acceptPunct("(")
	v := strings.ToLower(stringValue(c.peek(0)))
	switch v {
	case "on", "1", "true", "yes":
		a.on = true
	case "off", "0", "false", "no":
	default:
		return nil
	}
	return []action{a}
}

// transaction reads BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK.
func (p *parser) transaction(c *cursor) []action {
	t := c.peek(0)
	switch {
	case c.is("BEGIN"), c.accept("START", "TRANSACTION"):
		return []action{p.act(opBegin, t.off)}
	case c.is("COMMIT") && !isWord(c.peek(1), "PREPARED"), c.is("END"):
		return []action{p.act(opCommit, t.off)}
	case c.is("ROLLBACK") && !isWord(c.peek(1), "TO") && !isWord(c.peek(1), "PREPARED"),
		c.is("ABORT"):
		return []action{p.act(opRollback, t.off)}
	}
	return nil
}

// set reads SET [LOCAL | SESSION] lock_timeout | statement_timeout |
// TimeZone | TIME ZONE ...; other settings do not matter to the review.
func (p *parser) set(c *cursor) []action {
	off := c.peek(0).off
	c.i++
	if !c.accept("LOCAL") {
		c.accept("SESSION")
	}
	switch {
	case c.accept("lock_timeout"):
		return []action{p.act(opLockTimeout, off)}
	case c.accept("statement_timeout"):
		return []action{p.act(opStatementTimeout, off)}
	case c.accept("TIME", "ZONE"), c.accept("timezone"):
		c.acceptPunct("=")
		c.accept("TO")
		a := p.act(opTimeZone, off)
		a.to = stringValue(c.peek(0))
		return []action{a}
	}
	return nil
}

// maintenance reads REINDEX [(...)] [CONCURRENTLY], VACUUM [(...)] FULL
// and CLUSTER, which lock whole tables.
func (p *parser) maintenance(c *cursor) []action {
	t := c.peek(0)
	c.i++
	opts := c.group()
	switch {
	case isWord(t, "REINDEX"):
		c.accept("INDEX")
		c.accept("TABLE")
		c.accept("SCHEMA")
		c.accept("DATABASE")
		c.accept("SYSTEM")
		a := p.act(opReindex, t.off)
		a.concurrently = c.accept("CONCURRENTLY")
		a.target, _ = c.name()
		return []action{a}
	case isWord(t, "CLUSTER"):
		a := p.act(opVacuumFull, t.off)
		a.to = "CLUSTER"
		a.target, _ = c.name()
		return []action{a}
	}
	full := c.is("FULL")
	for _, o := range opts {
		full = full || isWord(o, "FULL")
	}
	if !full {
		return nil
	}
	c.accept("FULL")
	c.accept("FREEZE")
	c.accept("VERBOSE")
	c.accept("ANALYZE")
	a := p.act(opVacuumFull, t.off)
	a.to = "VACUUM FULL"
	a.target, _ = c.name()
	return []action{a}
}
