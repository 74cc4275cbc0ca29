package sqllex

import (
	"fmt"
	"strings"
)

// Excerpt is the start of a statement for an error message: at most
// lines lines ("… (N more lines)" says how many are left out) and chars
// bytes, cut on a character boundary and ended with "…". A failing
// function body then costs a few lines, not a screen.
func Excerpt(sql string, lines, chars int) string {
	ls := strings.Split(strings.TrimSpace(sql), "\n")
	if len(ls) > lines {
		ls = append(ls[:lines], fmt.Sprintf("… (%d more lines)", len(ls)-lines))
	}
	s := strings.Join(ls, "\n")
	if len(s) <= chars {
		return s
	}
	cut := chars
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
