package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"studio/database"
	"studio/introspect"
)

// runInspect prints a database's schema: JSON for scripts and CI, a
// readable summary otherwise. It opens the database read-only.
func runInspect(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("inspect", e)
	addr := fs.String("db", e.getenv("DATABASE_URL"), "database to inspect (env DATABASE_URL)")
	asJSON := fs.Bool("json", false, "print the model as JSON")
	var schemas stringList
	fs.Var(&schemas, "schema", "only this schema (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *addr == "" {
		return usageError("inspect needs --db URL (or DATABASE_URL)")
	}
	db, err := openAddress(ctx, *addr, database.Options{ReadOnly: true})
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
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	printModel(e.stdout, m)
	return nil
}

// printModel writes the readable summary: each schema, its relations and
// their keys, enums and domains.
func printModel(w io.Writer, m *introspect.Model) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range m.Schemas {
		fmt.Fprintf(tw, "schema %s (%d relations)\n", s.Name, len(s.Tables))
		for _, t := range s.Tables {
			fmt.Fprintf(tw, "  %s\t%s\t%d columns\tpk(%s)\n", t.Name, t.Kind, len(t.Columns), strings.Join(t.PrimaryKey, ", "))
			for _, fk := range t.ForeignKeys {
				fmt.Fprintf(tw, "    fk (%s) -> %s.%s(%s)\ton delete %s\n", strings.Join(fk.Columns, ", "), fk.RefSchema, fk.RefTable, strings.Join(fk.RefColumns, ", "), fk.OnDelete)
			}
		}
		for _, en := range s.Enums {
			fmt.Fprintf(tw, "  enum %s\t(%s)\n", en.Name, strings.Join(en.Values, ", "))
		}
		for _, d := range s.Domains {
			fmt.Fprintf(tw, "  domain %s\t%s\t%d check(s)\n", d.Name, d.BaseType, len(d.Checks))
		}
	}
	tw.Flush()
	if cycles := m.FKCycles(); len(cycles) > 0 {
		fmt.Fprintf(w, "%d foreign-key cycle(s): inserts and deletes in these tables are order-dependent\n", len(cycles))
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
