package main

import (
	"fmt"
	"io"
	"strings"

	"studio/plan"
)

// writeDiff prints the diff in one of the formats.
func writeDiff(e *env, format string, r *diffReport) error {
	switch format {
	case "json":
		return writeJSON(e.stdout, r)
	case "markdown":
		writeDiffMarkdown(e.stdout, r)
	default:
		writeDiffSQL(e.stdout, r)
	}
	return nil
}

// writeDiffSQL prints the plan as a migration file's content: statements
// separated by drizzle-kit's breakpoint, SQLite rebuilds wrapped in
// PRAGMA foreign_keys=OFF/ON as generate writes them, and a comment above
// each step that cannot bring data back.
func writeDiffSQL(w io.Writer, r *diffReport) {
	what := "migration"
	if r.Rollback {
		what = "rollback"
	}
	fmt.Fprintf(w, "-- studio diff: %s from %s to %s (%s)\n", what, oneLine(r.From), oneLine(r.To), r.Dialect)
	if r.plan.Empty() {
		fmt.Fprintln(w, "-- no differences")
		return
	}
	if n := len(lossNotes(r)); n > 0 {
		fmt.Fprintf(w, "-- %d of %d statement(s) cannot bring data back: see the comments above them\n", n, len(r.Statements))
	}
	var chunks []string
	if r.plan.ForeignKeysOff {
		chunks = append(chunks, "PRAGMA foreign_keys=OFF;")
	}
	notes := lossNotes(r)
	for i, s := range r.Statements {
		chunk := s.SQL + ";"
		if note := notes[i]; note != "" {
			chunk = "-- " + note + "\n" + chunk
		}
		chunks = append(chunks, chunk)
	}
	if r.plan.ForeignKeysOff {
		chunks = append(chunks, "PRAGMA foreign_keys=ON;")
	}
	fmt.Fprintln(w, strings.Join(chunks, "\n--> statement-breakpoint\n"))
	for _, h := range r.Hints {
		fmt.Fprintf(w, "-- hint: %s\n", oneLine(h))
	}
}

// lossNotes says, by statement index, which steps cannot bring data back:
// destructive steps (their data is lost), and in a rollback the steps
// that re-create a table or column a later migration dropped (the change
// list's table-added and column-added), which comes back without the data
// it held.
func lossNotes(r *diffReport) map[int]string {
	out := map[int]string{}
	for i, s := range r.Statements {
		switch {
		case s.Destructive:
			out[i] = "DATA LOSS: " + oneLine(s.Reason)
		case !r.Rollback:
		case s.ObjectKind == "table" && s.Action != "drop" && restores(r.Changes, s, "table-added"):
			out[i] = fmt.Sprintf("NOT RESTORED: table %s comes back empty; the rows it held were dropped with it", s.Object)
		case (s.ObjectKind == "column" || s.Action == "rebuild") && restores(r.Changes, s, "column-added"):
			out[i] = fmt.Sprintf("NOT RESTORED: %s gets its column(s) back empty (or holding their default); the values were dropped with them", s.Object)
		}
	}
	return out
}

// restores reports whether step s re-creates something the change list
// records under kind: a table (matched by name) or a column of it.
func restores(cs []schemaChange, s plan.Step, kind string) bool {
	for _, c := range cs {
		if c.Kind != kind {
			continue
		}
		target := c.Table
		if s.ObjectKind == "column" {
			target += "." + c.Name
		}
		if s.Object == target || strings.HasSuffix(s.Object, "."+target) {
			return true
		}
	}
	return false
}

// writeDiffMarkdown prints the change list and the SQL, for a
// pull-request comment.
func writeDiffMarkdown(w io.Writer, r *diffReport) {
	what := "Diff"
	if r.Rollback {
		what = "Rollback"
	}
	fmt.Fprintf(w, "## studio diff: %s from `%s` to `%s`\n\n", what, mdCode(r.From), mdCode(r.To))
	if r.plan.Empty() {
		fmt.Fprintln(w, "No differences.")
		return
	}
	fmt.Fprintf(w, "%d %s, %d %s", len(r.Changes), noun(len(r.Changes), "change"), len(r.Statements), noun(len(r.Statements), "statement"))
	if n := len(lossNotes(r)); n > 0 {
		fmt.Fprintf(w, ", %d that cannot bring data back", n)
	}
	fmt.Fprint(w, ".\n\n")
	writeChangeList(w, r.Changes)
	fmt.Fprint(w, "\n<details><summary>SQL</summary>\n\n```sql\n")
	var b strings.Builder
	writeDiffSQL(&b, r)
	fmt.Fprint(w, strings.ReplaceAll(b.String(), "```", "` ` `"))
	fmt.Fprint(w, "```\n\n</details>\n")
}
