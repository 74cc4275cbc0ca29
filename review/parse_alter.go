package review

func (p *parser) alter(c *cursor) []action {
	start := c.peek(0).off
	c.i++
	switch {
	case c.accept("TABLE"):
		return p.alterTable(c)
	case c.accept("TYPE"):
		n, ok := c.name()
		if !ok || !c.accept("RENAME", "VALUE") {
			return nil
		}
		a := p.act(opRenameEnumValue, start)
		a.target = n
		a.values = []string{stringValue(c.peek(0))}
		if c.i++; c.accept("TO") {
			a.to = stringValue(c.peek(0))
		}
		return []action{a}
	case c.accept("DOMAIN"):
		if _, ok := c.name(); ok && findTop(c.toks[c.i:], "ADD") >= 0 {
			return []action{p.act(opDomainConstraint, start)}
		}
		return nil
	case c.accept("SCHEMA"):
		n, ok := c.name()
		if !ok || !c.accept("RENAME", "TO") {
			return nil
		}
		a := p.act(opRenameSchema, start)
		a.target, a.to = n, identValue(c.peek(0))
		return []action{a}
	}
	return nil
}

// alterTable parses ALTER TABLE [IF EXISTS] [ONLY] name clause, clause...
// into one action per clause that matters.
func (p *parser) alterTable(c *cursor) []action {
	c.accept("IF", "EXISTS")
	c.accept("ONLY")
	n, ok := c.name()
	if !ok {
		return nil
	}
	c.acceptPunct("*")
	var acts []action
	for _, cl := range splitTop(c.toks[c.i:], ",") {
		if len(cl) == 0 {
			continue
		}
		if a, ok := p.alterClause(&cursor{toks: cl}); ok {
			a.target = n
			acts = append(acts, a)
		}
	}
	return acts
}

func (p *parser) alterClause(c *cursor) (action, bool) {
	off := c.peek(0).off
	switch {
	case c.accept("RENAME", "TO"):
		a := p.act(opRenameTable, off)
		a.to = identValue(c.peek(0))
		return a, isIdent(c.peek(0))
	case c.accept("RENAME", "CONSTRAINT"):
		return action{}, false
	case c.accept("RENAME"):
		c.accept("COLUMN")
		a := p.act(opRenameColumn, off)
		a.col = identValue(c.peek(0))
		if c.i++; !c.accept("TO") {
			return action{}, false
		}
		a.to = identValue(c.peek(0))
		return a, isIdent(c.peek(0))
	case c.accept("ADD"):
		return p.addClause(c, off)
	case c.accept("DROP"):
		return p.dropClause(c, off)
	case c.accept("ALTER"):
		return p.alterColumn(c, off)
	case c.accept("VALIDATE", "CONSTRAINT"):
		a := p.act(opValidateConstraint, off)
		a.conName = identValue(c.peek(0))
		return a, isIdent(c.peek(0))
	case c.accept("DETACH", "PARTITION"):
		a := p.act(opDetachPartition, off)
		if _, ok := c.name(); !ok {
			return action{}, false
		}
		a.concurrently = c.accept("CONCURRENTLY")
		return a, true
	}
	return action{}, false
}

// constraintStart reports whether the next word starts a table constraint.
func constraintStart(c *cursor) bool {
	for _, w := range []string{"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"} {
		if c.is(w) {
			return true
		}
	}
	return false
}

func (p *parser) addClause(c *cursor, off int) (action, bool) {
	if !constraintStart(c) {
		c.accept("COLUMN")
		c.accept("IF", "NOT", "EXISTS")
		d, ok := parseColDef(c.toks[c.i:])
		a := p.act(opAddColumn, off)
		a.def, a.col = &d, d.name
		return a, ok
	}
	a := p.act(opAddConstraint, off)
	if c.accept("CONSTRAINT") {
		a.conName = identValue(c.peek(0))
		c.i++
	}
	switch {
	case c.accept("PRIMARY", "KEY"):
		a.conKind = "PRIMARY KEY"
	case c.accept("FOREIGN", "KEY"):
		a.conKind = "FOREIGN KEY"
	case c.accept("UNIQUE"):
		a.conKind = "UNIQUE"
		if c.accept("NULLS") {
			c.accept("NOT")
			c.accept("DISTINCT")
		}
	case c.accept("CHECK"):
		a.conKind = "CHECK"
		a.expr = p.text(c.group())
	case c.accept("EXCLUDE"):
		a.conKind = "EXCLUDE"
	default:
		return action{}, false
	}
	a.usingIndex = c.accept("USING", "INDEX")
	if a.conKind != "CHECK" && a.conKind != "EXCLUDE" {
		a.conCols = identList(c.group())
	}
	if a.conKind == "FOREIGN KEY" && c.accept("REFERENCES") {
		a.refTable, _ = c.name()
		a.refCols = identList(c.group())
	}
	rest := c.toks[c.i:]
	for i := range rest {
		if isWord(rest[i], "NOT") && i+1 < len(rest) && isWord(rest[i+1], "VALID") {
			a.notValid = true
		}
	}
	return a, true
}

// identList reads a parenthesised list of column names; an element that
// is not a plain name (an expression) is "".
func identList(toks []token) []string {
	var out []string
	if len(toks) == 0 {
		return nil
	}
	for _, el := range splitTop(toks, ",") {
		name := ""
		if len(el) >= 1 && isIdent(el[0]) && (len(el) == 1 || !isPunct(el[1], "(")) {
			name = identValue(el[0])
		}
		out = append(out, name)
	}
	return out
}

func (p *parser) dropClause(c *cursor, off int) (action, bool) {
	if c.accept("CONSTRAINT") {
		a := p.act(opDropConstraint, off)
		a.ifExists = c.accept("IF", "EXISTS")
		a.conName = identValue(c.peek(0))
		return a, isIdent(c.peek(0))
	}
	for _, w := range []string{"CONSTRAINT", "PRIMARY", "FOREIGN", "INDEX", "KEY", "CHECK", "DEFAULT"} {
		if c.is(w) {
			return action{}, false // constraints and indexes hold no data
		}
	}
	c.accept("COLUMN")
	c.accept("IF", "EXISTS")
	if !isIdent(c.peek(0)) {
		return action{}, false
	}
	a := p.act(opDropColumn, off)
	a.col = identValue(c.peek(0))
	c.i++
	a.cascade = c.accept("CASCADE")
	return a, true
}

// alterColumn parses ALTER [COLUMN] c TYPE t [USING e] | SET DATA TYPE t |
// SET NOT NULL | DROP NOT NULL. Other column changes carry no risk we flag.
func (p *parser) alterColumn(c *cursor, off int) (action, bool) {
	c.accept("COLUMN")
	if !isIdent(c.peek(0)) {
		return action{}, false
	}
	col := identValue(c.peek(0))
	c.i++
	var a action
	switch {
	case c.accept("SET", "DATA", "TYPE"), c.accept("TYPE"):
		a = p.act(opAlterType, off)
		rest := c.toks[c.i:]
		end := findTop(rest, "USING", "COLLATE")
		if end < 0 {
			end = len(rest)
		}
		a.typ = typeText(rest[:end])
		if u := findTop(rest, "USING"); u >= 0 {
			a.using, a.expr = true, p.text(rest[u+1:])
		}
	case c.accept("SET", "NOT", "NULL"):
		a = p.act(opSetNotNull, off)
	case c.accept("DROP", "NOT", "NULL"):
		a = p.act(opDropNotNull, off)
	default:
		return action{}, false
	}
	a.col = col
	return a, true
}
