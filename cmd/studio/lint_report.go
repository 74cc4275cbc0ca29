package main

import (
	"slices"
	"strings"

	"studio/database"
	"studio/plan"
	"studio/review"
)

// lintReport is `studio lint --format json`: findings, then each linted
// migration with its schema changes.
type lintReport struct {
	Findings   []lintFinding    `json:"findings"`
	Migrations []lintMigration  `json:"migrations"`
	Dialect    database.Dialect `json:"dialect"`
	// Counts are the findings not suppressed, by severity.
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	Infos    int    `json:"infos"`
	Failed   bool   `json:"failed"`
	FailOn   string `json:"failOn"`
}

// lintFinding is one finding. The fields up to Suppressed are the
// contract; the others are extras.
type lintFinding struct {
	Code       string `json:"code"`
	Severity   string `json:"severity"`
	Migration  string `json:"migration"`
	File       string `json:"file"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	Statement  int    `json:"statement"`
	Message    string `json:"message"`
	Suppressed bool   `json:"suppressed"`
	Reason     string `json:"reason,omitempty"`
	Kind       string `json:"kind"`
	Table      string `json:"table,omitempty"`
	Rows       int64  `json:"rows"`
	Sample     string `json:"sample,omitempty"`
}

// lintMigration is a linted migration and what it does to the schema.
type lintMigration struct {
	Name    string         `json:"name"`
	File    string         `json:"file"`
	Changes []schemaChange `json:"changes"`
}

// schemaChange is plan.Change as the report prints it.
type schemaChange = plan.Change

func (r *lintReport) add(f lintFinding) { r.Findings = append(r.Findings, f) }

// finish orders the findings, counts them and decides the exit.
func (r *lintReport) finish(failOn string) {
	r.FailOn = failOn
	order := map[string]int{}
	for i, m := range r.Migrations {
		order[m.Name] = i
	}
	slices.SortStableFunc(r.Findings, func(a, b lintFinding) int {
		if a.Migration != b.Migration {
			return order[a.Migration] - order[b.Migration]
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	for _, f := range r.Findings {
		if f.Suppressed {
			continue
		}
		switch f.Severity {
		case review.SeverityError:
			r.Errors++
		case review.SeverityWarning:
			r.Warnings++
		default:
			r.Infos++
		}
		if failOn != "never" && review.SeverityRank(f.Severity) >= review.SeverityRank(failOn) {
			r.Failed = true
		}
	}
}

// counts are one migration's unsuppressed findings by severity.
func (r *lintReport) counts(name string) (errs, warns, infos int) {
	for _, f := range r.Findings {
		if f.Migration != name || f.Suppressed {
			continue
		}
		switch f.Severity {
		case review.SeverityError:
			errs++
		case review.SeverityWarning:
			warns++
		default:
			infos++
		}
	}
	return errs, warns, infos
}

// changesOf adds to the model's changes what only the statements tell:
// a table rebuilt in place (SQLite) and renames.
func changesOf(cs []plan.Change, ws []review.Warning) []schemaChange {
	out := slices.Clone(cs)
	if out == nil {
		out = []schemaChange{}
	}
	for _, w := range ws {
		schema, table, _ := strings.Cut(w.Table, ".")
		if table == "" {
			schema, table = "", w.Table
		}
		switch w.Code {
		case "rebuild":
			out = append(out, schemaChange{Kind: "table-rebuilt", Schema: schema, Table: table, Detail: w.Message})
		case "rename-table", "rename-column", "rename-schema":
			out = append(out, schemaChange{Kind: "renamed", Schema: schema, Table: table, Detail: w.Message})
		}
	}
	return out
}
