package main

import (
	"fmt"
	"io"
	"strings"

	"studio/review"
)

// writeLint prints the report in one of the formats.
func writeLint(w io.Writer, format string, r *lintReport) error {
	switch format {
	case "json":
		return writeJSON(w, r)
	case "github":
		writeGitHub(w, r)
	case "markdown":
		writeMarkdown(w, r)
	case "sarif":
		return writeJSON(w, sarifLog(r))
	default:
		writeText(w, r)
	}
	return nil
}

// summary is "2 errors, 1 warning, 0 infos in 3 migrations".
func (r *lintReport) summary() string {
	return fmt.Sprintf("%d %s, %d %s, %d %s in %d %s", r.Errors, noun(r.Errors, "error"), r.Warnings,
		noun(r.Warnings, "warning"), r.Infos, noun(r.Infos, "info"), len(r.Migrations), noun(len(r.Migrations), "migration"))
}

func noun(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// writeText prints file:line:col: severity code: message, as compilers
// do; suppressed findings are left out.
func writeText(w io.Writer, r *lintReport) {
	for _, f := range r.Findings {
		if f.Suppressed {
			continue
		}
		fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", f.File, f.Line, f.Column, f.Severity, f.Code, oneLine(f.Message))
	}
	fmt.Fprintln(w, r.summary())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// writeGitHub prints GitHub Actions workflow commands, one per finding,
// so each annotates its line of the pull request's diff.
func writeGitHub(w io.Writer, r *lintReport) {
	for _, f := range r.Findings {
		if f.Suppressed {
			continue
		}
		cmd := "notice"
		switch f.Severity {
		case review.SeverityError:
			cmd = "error"
		case review.SeverityWarning:
			cmd = "warning"
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", cmd, ghProperty(f.File), f.Line, f.Column,
			ghProperty(f.Code), ghData(f.Message+" (studio lint --explain "+f.Code+")"))
	}
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeMarkdown prints a pull-request comment: a summary table, then per
// migration its findings and its schema changes.
func writeMarkdown(w io.Writer, r *lintReport) {
	fmt.Fprintf(w, "## studio lint\n\n%s.\n\n", r.summary())
	fmt.Fprintln(w, "| migration | errors | warnings | infos |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, m := range r.Migrations {
		e, wa, i := r.counts(m.Name)
		fmt.Fprintf(w, "| `%s` | %d | %d | %d |\n", mdCode(m.Name), e, wa, i)
	}
	for _, m := range r.Migrations {
		fmt.Fprintf(w, "\n### `%s`\n\n", mdCode(m.Name))
		any := false
		for _, f := range r.Findings {
			if f.Migration != m.Name || f.Suppressed {
				continue
			}
			if !any {
				fmt.Fprintln(w, "| severity | code | line | message |")
				fmt.Fprintln(w, "|---|---|---:|---|")
				any = true
			}
			fmt.Fprintf(w, "| %s | `%s` | %d | %s |\n", f.Severity, f.Code, f.Line, mdCell(f.Message))
		}
		if !any {
			fmt.Fprintln(w, "No findings.")
		}
		fmt.Fprintln(w, "\n#### Schema changes")
		fmt.Fprintln(w)
		if len(m.Changes) == 0 {
			fmt.Fprintln(w, "None recorded.")
		}
		writeChangeList(w, m.Changes)
	}
}

// writeChangeList prints schema changes as a markdown list, one a line:
// "- column-added `posts.status`: text".
func writeChangeList(w io.Writer, cs []schemaChange) {
	for _, c := range cs {
		what := c.Table
		if c.Name != "" {
			what += "." + c.Name
		}
		line := fmt.Sprintf("- %s `%s`", c.Kind, mdCode(what))
		if c.Detail != "" {
			line += ": " + mdCell(c.Detail)
		}
		fmt.Fprintln(w, line)
	}
}

// mdCell keeps text inside one table cell: no pipes or newlines, and no
// markup a comment would render (HTML, mentions).
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "@", "@\u200b").Replace(s)
}

func mdCode(s string) string { return strings.ReplaceAll(s, "`", "'") }
