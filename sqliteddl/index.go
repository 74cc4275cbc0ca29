package sqliteddl

import "strings"

// Index is what a CREATE INDEX statement tells: the text of each indexed
// part, in order, and the partial-index predicate.
type Index struct {
	Parts []string
	// Where is the WHERE clause's condition; nil when there is none.
	Where *string
}

// ParseIndex reads the parts list after ON table and the WHERE clause of a
// CREATE INDEX statement. Each part's text drops a trailing ASC/DESC and
// COLLATE name. What it cannot find is left empty.
func ParseIndex(src string) Index {
	var d Index
	toks := Tokenize(src)
	open := -1
	for i := 0; i < len(toks); i++ {
		if toks[i].Is("ON") {
			for j := i + 1; j < len(toks); j++ {
				if toks[j].IsPunct("(") {
					open = j
					break
				}
			}
			break
		}
	}
	if open < 0 {
		return d
	}
	closing := Matching(toks, open)
	for _, part := range SplitTop(toks[open+1 : closing]) {
		d.Parts = append(d.Parts, indexPartText(src, part))
	}
	if closing+1 < len(toks) && toks[closing+1].Is("WHERE") {
		w := strings.TrimRight(strings.TrimSpace(src[toks[closing+1].End:]), ";")
		w = strings.TrimSpace(w)
		d.Where = &w
	}
	return d
}

func indexPartText(src string, part []Token) string {
	n := len(part)
	if n > 0 && (part[n-1].Is("ASC") || part[n-1].Is("DESC")) {
		n--
	}
	if n >= 2 && part[n-2].Is("COLLATE") {
		n -= 2
	}
	return Span(src, part[:n])
}

// ViewSelect returns the SELECT of a CREATE VIEW statement: the text after
// the first AS outside parentheses (a column list may precede it), or ""
// when there is none.
func ViewSelect(src string) string {
	toks := Tokenize(src)
	for i := 0; i < len(toks); i++ {
		if toks[i].IsPunct("(") {
			i = Matching(toks, i)
			continue
		}
		if toks[i].Is("AS") {
			return strings.TrimSpace(src[toks[i].End:])
		}
	}
	return ""
}
