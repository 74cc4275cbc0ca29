package review

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
)

// Rule is one check the review makes, with a stable code. The code never
// changes once released: CI configs, suppression comments and the JSON
// output name it.
type Rule struct {
	// Code is kebab-case: "drop-table", "require-lock-timeout".
	Code string
	// Kind groups rules the way the Preview page colours them: data-loss,
	// fails, rebuild, not-null, lock, rename, incompatible, transaction,
	// dependency, folder, style.
	Kind string
	// Severity is the default: error, warning or info. Some rules lower
	// it for a finding when the data says so (DROP TABLE of an empty
	// table is info); a severity set in the configuration replaces both.
	Severity string
	// Title is a short phrase; Explanation says why it matters and Safe
	// the safe way to do the same thing.
	Title, Explanation, Safe string
	// Dialects are database.SQLite, database.Postgres or both.
	Dialects []database.Dialect
	// Squawk and Atlas name the equivalent rules of those tools.
	Squawk, Atlas []string
	// Off marks rules that run only when the configuration turns them on
	// (style rules: Drizzle writes serial, varchar and timestamp routinely).
	Off bool
}

// Severities, from the most to the least serious.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// SeverityRank orders severities: error 3, warning 2, info 1, anything
// else 0.
func SeverityRank(s string) int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

var (
	both     = []database.Dialect{database.SQLite, database.Postgres}
	pgOnly   = []database.Dialect{database.Postgres}
	liteOnly = []database.Dialect{database.SQLite}
)

// DialectList is Dialects as lint prints them: "sqlite, postgres".
func (r Rule) DialectList() string {
	names := make([]string, len(r.Dialects))
	for i, d := range r.Dialects {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}

// Rules returns every rule, sorted by code.
func Rules() []Rule {
	out := slices.Clone(ruleList)
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// RuleFor returns the rule with the code, and whether there is one.
func RuleFor(code string) (Rule, bool) {
	r, ok := ruleIndex[code]
	return r, ok
}

var ruleIndex = func() map[string]Rule {
	m := make(map[string]Rule, len(ruleList))
	for _, r := range ruleList {
		if _, dup := m[r.Code]; dup {
			panic("review: duplicate rule code " + r.Code)
		}
		m[r.Code] = r
	}
	return m
}()

// Explain is the text `studio lint --explain CODE` prints and
// docs/RULES.md lists: title, severity, dialects, explanation, the safe
// alternative and the equivalent rules of Squawk and Atlas.
func (r Rule) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", r.Code, r.Title)
	state := ""
	if r.Off {
		state = ", off by default"
	}
	fmt.Fprintf(&b, "Severity: %s%s. Dialects: %s. Kind: %s.\n\n", r.Severity, state, r.DialectList(), r.Kind)
	fmt.Fprintf(&b, "%s\n\nSafe alternative: %s\n", r.Explanation, r.Safe)
	fmt.Fprintf(&b, "\nSquawk: %s. Atlas: %s.\n", orNone(r.Squawk), orNone(r.Atlas))
	return b.String()
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ", ")
}
