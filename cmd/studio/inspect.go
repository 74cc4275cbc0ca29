package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"studio/database"
	"studio/introspect"
)

// runInspect prints a database's schema: JSON for scripts and CI, a
// readable summary otherwise. It opens the database read-only and shows
// what the drizzle config's filters show (--all: everything).
func runInspect(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("inspect", e)
	var pf projectFlags
	pf.register(fs, "database to inspect")
	pf.registerAll(fs)
	asJSON := fs.Bool("json", false, "print the model as JSON")
	var schemas stringList
	fs.Var(&schemas, "schema", "only this schema (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pc, err := resolveProject(e, pf, resolveOptions{})
	if err != nil {
		return err
	}
	if err := pc.need("inspect"); err != nil {
		return err
	}
	db, err := pc.open(ctx, database.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := introspect.For(db.Dialect())
	if err != nil {
		return err
	}
	m, err := d.Inspect(ctx, db, schemas...)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("inspect %s: %w", db.Target, err)}
	}
	m, hidden := pc.Filter.Model(m)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	printModel(e.stdout, m)
	if hidden > 0 {
		fmt.Fprintf(e.stdout, "%d %s hidden by the schemaFilter and tablesFilter of %s (--all shows them)\n", hidden, plural(hidden, "relation", "relations"), pc.configName())
	}
	return nil
}

// printModel writes the readable summary: each schema, its relations with
// their kind, column count and primary key in aligned columns (widths
// computed over every relation, in characters; counts right-aligned),
// each relation's foreign keys under it, the enums and the domains. Names are shown
// with control characters escaped, so one name is one line.
func printModel(w io.Writer, m *introspect.Model) {
	nameW, kindW, countW := 0, 0, 0
	for _, s := range m.Schemas {
		for _, t := range s.Tables {
			nameW = max(nameW, utf8.RuneCountInString(printable(t.Name, true)))
			kindW = max(kindW, utf8.RuneCountInString(t.Kind))
			countW = max(countW, len(strconv.Itoa(len(t.Columns))))
		}
	}
	for _, s := range m.Schemas {
		fmt.Fprintf(w, "schema %s (%d relations)\n", printable(s.Name, true), len(s.Tables))
		for _, t := range s.Tables {
			line := fmt.Sprintf("  %s  %s  %*d %s", pad(printable(t.Name, true), nameW), pad(t.Kind, kindW), countW, len(t.Columns), plural(len(t.Columns), "column", "columns"))
			if len(t.PrimaryKey) > 0 {
				line += "  pk(" + displayList(t.PrimaryKey) + ")"
			}
			fmt.Fprintln(w, strings.TrimRight(line, " "))
			for _, fk := range t.ForeignKeys {
				fmt.Fprintf(w, "    fk (%s) -> %s.%s(%s) on delete %s\n", displayList(fk.Columns), printable(fk.RefSchema, true),
					printable(fk.RefTable, true), displayList(fk.RefColumns), fk.OnDelete)
			}
		}
		for _, en := range s.Enums {
			fmt.Fprintf(w, "  enum %s (%s)\n", printable(en.Name, true), displayList(en.Values))
		}
		for _, d := range s.Domains {
			fmt.Fprintf(w, "  domain %s %s, %s\n", printable(d.Name, true), d.BaseType, plural(len(d.Checks), "1 check", strconv.Itoa(len(d.Checks))+" checks"))
		}
	}
	if cycles := m.FKCycles(); len(cycles) > 0 {
		fmt.Fprintf(w, "%d foreign-key cycle(s): inserts and deletes in these tables are order-dependent\n", len(cycles))
	}
}

// pad fills s with spaces to width characters.
func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

// displayList joins names for display, each with control characters escaped.
func displayList(list []string) string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = printable(n, true)
	}
	return strings.Join(out, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
