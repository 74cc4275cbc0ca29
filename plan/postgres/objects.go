package postgres

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// Objects are what a PostgreSQL schema's tables can depend on but
// the introspect model does not hold: extensions, and user functions and
// procedures (trigger functions, functions that defaults, checks, indexes
// and views call).
type Objects struct {
	Extensions []Extension `json:"extensions"`
	Functions  []Function  `json:"functions"`
}

// Extension is an installed extension.
type Extension struct {
	Name   string `json:"name"`
	Schema string `json:"schema"`
}

// Function is a user function, procedure or aggregate.
type Function struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
	// Types are the argument types that identify it ("integer, text").
	Types string `json:"types"`
	// Args are the identity arguments with their names, as DROP takes them.
	Args string `json:"args"`
	// Procedure is true for a procedure, Aggregate for an aggregate.
	Procedure bool   `json:"procedure,omitempty"`
	Aggregate bool   `json:"aggregate,omitempty"`
	Result    string `json:"result,omitempty"`
	Language  string `json:"language"`
	// SQL is the CREATE OR REPLACE statement (pg_get_functiondef; for an
	// aggregate, spelt out from pg_aggregate).
	SQL string `json:"sql"`
}

func (f Function) key() string { return f.Schema + "." + f.Name + "(" + f.Types + ")" }

func (f Function) kind() string {
	switch {
	case f.Procedure:
		return "PROCEDURE"
	case f.Aggregate:
		return "AGGREGATE"
	}
	return "FUNCTION"
}

// objectKind is the Step.ObjectKind of the function's steps.
func (f Function) objectKind() string {
	if f.Aggregate {
		return "aggregate"
	}
	return "function"
}

//go:embed functions.sql
var functionsQuery string

//go:embed extensions.sql
var extensionsQuery string

// ReadObjects reads a PostgreSQL database's extensions and user
// functions (extension members left out), for Options.LiveObjects and
// Options.DesiredObjects. Read both sides with the same search_path: the
// statements print names relative to it.
func ReadObjects(ctx context.Context, q introspect.Queryer) (*Objects, error) {
	o := &Objects{Extensions: []Extension{}, Functions: []Function{}}
	err := each(ctx, q, extensionsQuery, func(r *sql.Rows) error {
		var e Extension
		err := r.Scan(&e.Name, &e.Schema)
		o.Extensions = append(o.Extensions, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading postgres extensions: %w", err)
	}
	err = each(ctx, q, functionsQuery, func(r *sql.Rows) error {
		var f Function
		var kind string
		err := r.Scan(&f.Schema, &f.Name, &f.Types, &f.Args, &kind, &f.Result, &f.Language, &f.SQL)
		f.Procedure, f.Aggregate = kind == "p", kind == "a"
		f.SQL = strings.TrimRight(f.SQL, "; \n")
		o.Functions = append(o.Functions, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading postgres functions: %w", err)
	}
	return o, nil
}

func each(ctx context.Context, q introspect.Queryer, query string, row func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// diffObjects plans extensions and functions, when both sides were read.
// Only functions in the schemas being compared are dropped, and only
// extensions living there.
func (d *diff) diffObjects() {
	lo, wo := d.opts.LiveObjects, d.opts.DesiredObjects
	if lo == nil || wo == nil {
		return
	}
	inScope := func(schema string) bool { return d.live.schemas[schema] || d.want.schemas[schema] }
	liveExt := map[string]bool{}
	for _, e := range lo.Extensions {
		liveExt[e.Name] = true
	}
	wantExt := map[string]bool{}
	for _, e := range wo.Extensions {
		wantExt[e.Name] = true
		if !liveExt[e.Name] {
			d.add(phCreateExtensions, step.Step{SQL: "CREATE EXTENSION IF NOT EXISTS " + database.QuoteIdent(e.Name) + " WITH SCHEMA " + database.QuoteIdent(e.Schema),
				Action: "create", ObjectKind: "extension", Object: e.Name})
		}
	}
	for _, e := range lo.Extensions {
		if !wantExt[e.Name] && inScope(e.Schema) {
			d.add(phDropExtensions, step.Step{SQL: "DROP EXTENSION " + database.QuoteIdent(e.Name), Action: "drop", ObjectKind: "extension", Object: e.Name})
		}
	}
	d.diffFunctions(lo.Functions, wo.Functions, inScope)
}

// diffFunctions plans functions, procedures and aggregates: new and
// changed ones are collected in d.routines, placed by placeRoutines once
// the tables and views are planned; ones that go are dropped at the end,
// or before the relations their signatures name (placeRoutines). Bodies
// are not checked while the plan runs (pg_dump does the same): they may
// call each other, or name tables created later.
func (d *diff) diffFunctions(live, want []Function, inScope func(string) bool) {
	byKey := map[string]Function{}
	for _, f := range live {
		byKey[f.key()] = f
	}
	wanted := map[string]bool{}
	for _, f := range want {
		wanted[f.key()] = true
		l, ok := byKey[f.key()]
		if ok && l.SQL == f.SQL {
			continue
		}
		r := routine{f: f, action: "create"}
		switch {
		case ok && (l.Result != f.Result || l.Args != f.Args || l.Procedure != f.Procedure || l.Aggregate != f.Aggregate):
			r.drop = &l // CREATE OR REPLACE cannot change these
		case ok:
			r.action = "alter"
		}
		d.routines = append(d.routines, r)
	}
	if len(want) > 0 && len(d.routines) > 0 {
		d.add(phSettings, step.Step{SQL: "SET LOCAL check_function_bodies = off", Action: "pragma", ObjectKind: "setting", Object: "check_function_bodies"})
	}
	for _, f := range live {
		if !wanted[f.key()] && inScope(f.Schema) {
			d.goneRoutines = append(d.goneRoutines, f)
		}
	}
}

func dropFunction(f Function) step.Step {
	args := f.Args
	if f.Aggregate && args == "" {
		args = "*" // an aggregate without arguments, like count(*)
	}
	return step.Step{SQL: "DROP " + f.kind() + " " + database.QuoteIdent(f.Schema) + "." + database.QuoteIdent(f.Name) + "(" + args + ")",
		Action: "drop", ObjectKind: f.objectKind(), Object: f.key()}
}
