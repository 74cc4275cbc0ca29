package review

import "strings"

// columnWords are the words that end a column's type in a column
// definition.
func columnWords() []string {
	return []string{"CONSTRAINT", "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE",
		"CHECK", "REFERENCES", "GENERATED", "COLLATE", "AS", "ON", "AUTOINCREMENT"}
}

// parseColDef reads `name type constraints...`; table constraints and
// LIKE clauses are not columns.
func parseColDef(toks []token) (colDef, bool) {
	if len(toks) == 0 || !isIdent(toks[0]) {
		return colDef{}, false
	}
	c := &cursor{toks: toks}
	if constraintStart(c) || c.is("LIKE") {
		return colDef{}, false
	}
	d := colDef{name: identValue(toks[0])}
	rest := toks[1:]
	end := findTop(rest, columnWords()...)
	if end < 0 {
		end = len(rest)
	}
	d.typ = typeText(rest[:end])
	if end > 0 {
		d.typOff = rest[0].off
	}
	d.volatile = serialType(d.typ)
	cons := rest[end:]
	for i := 0; i < len(cons); i++ {
		t := cons[i]
		switch {
		case isWord(t, "NOT") && i+1 < len(cons) && isWord(cons[i+1], "NULL"):
			d.notNull = true
		case isWord(t, "PRIMARY"):
			d.primaryKey = true
		case isWord(t, "UNIQUE"):
			d.unique = true
		case isWord(t, "REFERENCES"):
			c := cursor{toks: cons, i: i + 1}
			d.refTable, _ = c.name()
			d.refCols = identList(c.group())
		case isWord(t, "GENERATED") || (isWord(t, "AS") && i+1 < len(cons) && isPunct(cons[i+1], "(")):
			d.generated = true
		case isWord(t, "DEFAULT"):
			d.hasDefault = true
			d.volatile = d.volatile || volatileCall(cons[i+1:])
		}
	}
	return d, true
}

// typeText renders type tokens as one normalised string: words lower
// case, one space between words, none around punctuation:
// `character varying(255)`, `numeric(10,2)`, `latitude.log_source`.
func typeText(toks []token) string {
	var b strings.Builder
	prevWord := false // the previous token ends a word or a group
	for _, t := range toks {
		word := isIdent(t) || t.kind == tNumber
		if word && prevWord {
			b.WriteByte(' ')
		}
		if isIdent(t) {
			b.WriteString(identValue(t))
		} else {
			b.WriteString(t.text)
		}
		prevWord = word || isPunct(t, ")")
	}
	return b.String()
}

func serialType(typ string) bool {
	switch typ {
	case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2":
		return true
	}
	return false
}

// volatileCall reports whether a DEFAULT expression (up to the next
// column constraint) calls a volatile function. now() and
// CURRENT_TIMESTAMP are stable: PostgreSQL 11+ evaluates them once and
// stores the value without rewriting the table, so they do not count.
func volatileCall(toks []token) bool {
	end := findTop(toks, columnWords()...)
	if end < 0 {
		end = len(toks)
	}
	for i, t := range toks[:end] {
		if t.kind != tWord || i+1 >= end || !isPunct(toks[i+1], "(") {
			continue
		}
		switch strings.ToLower(t.text) {
		case "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
			"uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday",
			"nextval", "txid_current", "setseed":
			return true
		}
	}
	return false
}
