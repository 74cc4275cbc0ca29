package main

import (
	"fmt"
	"slices"
	"strings"

	"studio/review"
)

// squawkRules are Squawk's rules (2.x, before its 2025 ban-* additions),
// with why studio has no equivalent for those it does not cover.
var squawkRules = []struct{ name, uncovered string }{
	{"adding-field-with-default", ""}, {"adding-foreign-key-constraint", ""}, {"adding-not-nullable-field", ""},
	{"adding-required-field", ""}, {"adding-serial-primary-key-field", ""}, {"ban-alter-domain-with-add-constraint", ""},
	{"ban-char-field", ""}, {"ban-concurrent-index-creation-in-transaction", ""}, {"ban-create-domain-with-constraint", ""},
	{"ban-drop-column", ""}, {"ban-drop-database", ""}, {"ban-drop-not-null", ""}, {"ban-drop-table", ""},
	{"ban-duplicate-column-assignments", ""}, {"ban-truncate-cascade", ""}, {"ban-uncommitted-transaction", ""},
	{"changing-column-type", ""}, {"constraint-missing-not-valid", ""}, {"disallowed-unique-constraint", ""},
	{"identifier-too-long", ""}, {"prefer-big-int", ""}, {"prefer-bigint-over-int", ""}, {"prefer-bigint-over-smallint", ""},
	{"prefer-identity", ""}, {"prefer-repack", ""}, {"prefer-robust-stmts", ""}, {"prefer-text-field", ""},
	{"prefer-timestamptz", ""}, {"renaming-column", ""}, {"renaming-table", ""}, {"require-concurrent-index-creation", ""},
	{"require-concurrent-index-deletion", ""}, {"require-concurrent-partition-detach", ""}, {"require-concurrent-reindex", ""},
	{"require-enum-value-ordering", "style only (where ADD VALUE places a value); not a migration risk"},
	{"require-lock-timeout", ""}, {"require-statement-timeout", ""}, {"require-table-schema", ""},
	{"require-timeout-settings", ""}, {"transaction-nesting", ""},
	{"syntax-error", "a statement the scratch replay refuses stops lint with the database's error (exit 1)"},
}

// atlasChecks are Atlas's migrate lint checks for PostgreSQL and SQLite.
var atlasChecks = []struct{ code, title, uncovered string }{
	{"BC101", "renaming a table", ""}, {"BC102", "renaming a column", ""}, {"CD101", "foreign key dropped", ""},
	{"DS101", "schema dropped", ""}, {"DS102", "table dropped", ""}, {"DS103", "non-virtual column dropped", ""},
	{"MF101", "unique index on an existing column", ""}, {"MF102", "non-unique index made unique", ""},
	{"MF103", "non-nullable column added to an existing table", ""}, {"MF104", "nullable column made non-nullable", ""},
	{"PG101", "CREATE INDEX without CONCURRENTLY", ""}, {"PG102", "DROP INDEX without CONCURRENTLY", ""},
	{"PG103", "CONCURRENTLY without a no-transaction directive", ""},
	{"PG104", "PRIMARY KEY under ACCESS EXCLUSIVE", ""}, {"PG105", "UNIQUE under ACCESS EXCLUSIVE", ""},
	{"PG110", "non-optimal column alignment", "style (column order for padding); not a migration risk"},
	{"PG301", "type change rewrites the table", ""}, {"PG302", "volatile DEFAULT rewrites the table", ""},
	{"PG303", "SET NOT NULL scans the table", ""}, {"PG304", "PRIMARY KEY on nullable columns scans", ""},
	{"PG305", "CHECK scans the table", ""}, {"LT101", "SQLite nullable to non-nullable without DEFAULT", ""},
	{"NM101-NM106", "naming conventions", "naming policies are project-specific regular expressions; not covered"},
	{"non-linear changes", "a migration merged out of order", ""},
}

// rulesDoc is docs/RULES.md, generated from the registry.
func rulesDoc() string {
	var b strings.Builder
	b.WriteString("# Lint rules\n\n")
	b.WriteString("Generated from the rule registry (`review/rules_list.go`) by `go test ./cmd/studio -run TestRulesDoc -update`;\n")
	b.WriteString("`studio lint --explain CODE` prints the same text. Every code is stable. Levels are set in `studio.json`\n")
	b.WriteString("(`{\"lint\": {\"rules\": {\"CODE\": \"off\"|\"info\"|\"warning\"|\"error\"}, \"failOn\": \"error\"}}`, or the `studio`\n")
	b.WriteString("key of package.json); a finding is suppressed by `-- studio-ignore: CODE[, CODE] reason` on the line(s) above\n")
	b.WriteString("its statement. Style rules are off until a level is set for them. In the studio, each finding on a migration's\n")
	b.WriteString("Preview page links to the rule's page (`/rules/CODE`, the same text at the project's level; `/rules` lists them).\n\n")
	b.WriteString("| code | severity | dialects | kind | Squawk | Atlas |\n|---|---|---|---|---|---|\n")
	for _, r := range review.Rules() {
		sev := r.Severity
		if r.Off {
			sev += " (off)"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s | %s |\n", r.Code, r.Code, sev, r.DialectList(),
			r.Kind, strings.Join(r.Squawk, ", "), strings.Join(r.Atlas, ", "))
	}
	b.WriteString("\n## Squawk's rules\n\n| Squawk rule | studio |\n|---|---|\n")
	for _, s := range squawkRules {
		fmt.Fprintf(&b, "| `%s` | %s |\n", s.name, coveredBy(func(r review.Rule) []string { return r.Squawk }, s.name, s.uncovered))
	}
	b.WriteString("\n## Atlas's checks\n\n| Atlas check | | studio |\n|---|---|---|\n")
	for _, a := range atlasChecks {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", a.code, a.title, coveredBy(func(r review.Rule) []string { return r.Atlas }, a.code, a.uncovered))
	}
	b.WriteString("\n## Rules\n")
	for _, r := range review.Rules() {
		fmt.Fprintf(&b, "\n### %s\n\n```\n%s```\n", r.Code, r.Explain())
	}
	return b.String()
}

// coveredBy lists the studio codes mapping to another tool's rule, or
// says why none does.
func coveredBy(of func(review.Rule) []string, name, uncovered string) string {
	var codes []string
	for _, r := range review.Rules() {
		if slices.Contains(of(r), name) {
			codes = append(codes, "[`"+r.Code+"`](#"+r.Code+")")
		}
	}
	if len(codes) == 0 {
		if uncovered == "" {
			uncovered = "not covered"
		}
		return "— " + uncovered
	}
	return strings.Join(codes, ", ")
}
