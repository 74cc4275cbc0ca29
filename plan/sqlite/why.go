package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"studio/introspect"
	"studio/sqliteddl"
)

// why says in words what differs between two versions of a table, for
// the reason of a rebuild.
func why(live, want *introspect.Table, ren map[string]string) string {
	var out []string
	for _, wcol := range want.Columns {
		lcol := source(live, ren, wcol.Name)
		if lcol == nil {
			out = append(out, "new column "+wcol.Name)
			continue
		}
		out = append(out, columnWhy(lcol, &wcol)...)
	}
	for _, lcol := range live.Columns {
		if renamed(ren, lcol.Name) == lcol.Name && !hasColumn(want, lcol.Name) {
			out = append(out, "column "+lcol.Name+" dropped")
		}
	}
	if !slices.EqualFunc(renameAll(live.PrimaryKey, ren), want.PrimaryKey, strings.EqualFold) {
		out = append(out, fmt.Sprintf("primary key (%s) -> (%s)", strings.Join(live.PrimaryKey, ", "), strings.Join(want.PrimaryKey, ", ")))
	}
	if fksText(live.ForeignKeys, ren) != fksText(want.ForeignKeys, nil) {
		out = append(out, "foreign keys change")
	}
	if checksText(live.Checks) != checksText(want.Checks) {
		out = append(out, "CHECK constraints change")
	}
	if len(live.Uniques) != len(want.Uniques) {
		out = append(out, "UNIQUE constraints change")
	}
	if live.WithoutRowID != want.WithoutRowID || live.AutoIncrement != want.AutoIncrement {
		out = append(out, "table options change")
	}
	if len(out) == 0 {
		out = append(out, "the table definition changes (column order, constraints or options)")
	}
	return strings.Join(out, "; ")
}

// columnWhy lists what changes in one column.
func columnWhy(l, w *introspect.Column) []string {
	var out []string
	if !strings.EqualFold(strings.TrimSpace(l.Type), strings.TrimSpace(w.Type)) {
		out = append(out, fmt.Sprintf("type of %s %s -> %s", w.Name, typeName(l.Type), typeName(w.Type)))
	}
	switch {
	case l.Nullable && !w.Nullable:
		out = append(out, w.Name+" becomes NOT NULL")
	case !l.Nullable && w.Nullable:
		out = append(out, w.Name+" becomes nullable")
	}
	if defaultText(l.Default) != defaultText(w.Default) {
		out = append(out, fmt.Sprintf("default of %s %s -> %s", w.Name, defaultText(l.Default), defaultText(w.Default)))
	}
	if l.Generated != w.Generated || l.GeneratedKind != w.GeneratedKind {
		out = append(out, "generated expression of "+w.Name+" changes")
	}
	if !strings.EqualFold(l.Collation, w.Collation) {
		out = append(out, "collation of "+w.Name+" changes")
	}
	return out
}

func defaultText(d *string) string {
	if d == nil {
		return "none"
	}
	return *d
}

func renameAll(names []string, ren map[string]string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = renamed(ren, n)
	}
	return out
}

// fksText is a comparable text of foreign keys.
func fksText(fks []introspect.ForeignKey, ren map[string]string) string {
	parts := make([]string, len(fks))
	for i, fk := range fks {
		parts[i] = strings.ToLower(fmt.Sprintf("%s>%s(%s) %s %s", strings.Join(renameAll(fk.Columns, ren), ","),
			fk.RefTable, strings.Join(fk.RefColumns, ","), fk.OnDelete, fk.OnUpdate))
	}
	slices.Sort(parts)
	return strings.Join(parts, ";")
}

func checksText(cs []introspect.Check) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = norm(sqliteddl.Tokenize(c.Expr), nil)
	}
	slices.Sort(parts)
	return strings.Join(parts, ";")
}
