package review

import (
	"strings"

	"studio/database"
)

// doBlock analyses the body of DO $$ ... $$. PL/pgSQL control words
// (BEGIN, IF ... THEN, EXCEPTION WHEN ... THEN, LOOP) are skipped so the
// SQL statements inside are parsed like top-level ones; their actions are
// marked inDO because the block may run them conditionally. Dynamic SQL
// (EXECUTE 'DROP ...') is a string and is not analysed.
func (p *parser) doBlock(c *cursor) []action {
	c.i++
	for !c.done() && c.peek(0).kind != tDollar && c.peek(0).kind != tString {
		c.i++ // LANGUAGE plpgsql
	}
	body := c.peek(0)
	if body.kind != tDollar {
		return nil
	}
	open := strings.IndexByte(body.text[1:], '$') + 2
	text := strings.TrimSuffix(body.text[open:], body.text[:open])
	sub := parser{stmt: p.stmt, inDO: true, src: p.src}
	var acts []action
	for _, seg := range splitStatements(text, database.Postgres) {
		for i := range seg {
			seg[i].off += body.off + open
		}
		acts = append(acts, sub.statement(skipControl(seg))...)
	}
	return acts
}

// skipControl drops the PL/pgSQL control words that prefix a statement in
// a DO body. It returns nil for segments that are not statements.
func skipControl(seg []token) []token {
	for len(seg) > 0 {
		t := seg[0]
		switch {
		case isWord(t, "BEGIN"), isWord(t, "ELSE"), isWord(t, "LOOP"), isWord(t, "EXCEPTION"):
			seg = seg[1:]
		case isWord(t, "IF"), isWord(t, "ELSIF"), isWord(t, "WHEN"), isWord(t, "WHILE"), isWord(t, "FOR"):
			i := findTop(seg, "THEN", "LOOP")
			if i < 0 {
				return nil
			}
			seg = seg[i+1:]
		case isWord(t, "END"), isWord(t, "DECLARE"), t.kind != tWord:
			return nil
		default:
			return seg
		}
	}
	return nil
}
