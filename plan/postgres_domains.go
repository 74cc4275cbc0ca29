package plan

import (
	"strings"

	"studio/database"
	"studio/introspect"
)

// diffDomains plans domains. A new domain is created before the tables
// whose columns use it (after the functions its default or checks call),
// one that goes is dropped once its columns have changed type or gone.
// Defaults, NOT NULL and checks are altered in place; PostgreSQL checks
// the columns' values against a new NOT NULL or check, so rows that break
// it make the plan fail (nothing is changed to let it through). A new
// base type or collation cannot be altered: the domain is dropped and
// created, which PostgreSQL refuses while columns use it.
func (d *pgDiff) diffDomains() {
	for _, k := range pgSorted(d.want.domains) {
		w, l := d.want.domains[k], d.live.domains[k]
		ph := phDomains
		if d.callsMadeRoutine(pgDomainText(w)) {
			ph = phDomainsAfterFunctions
		}
		switch {
		case l == nil:
			d.add(ph, Step{SQL: pgCreateDomain(k, w), Action: "create", ObjectKind: "domain", Object: k.String()})
		case l.BaseType != w.BaseType || l.Collation != w.Collation:
			if cols := d.domainColumns(k); len(cols) > 0 {
				d.hints = append(d.hints, "domain "+k.String()+" changes its base type or collation, which PostgreSQL cannot alter while columns use it ("+
					strings.Join(cols, ", ")+"): change those columns to another type first")
			}
			d.add(ph, Step{SQL: "DROP DOMAIN " + k.sql(), Action: "drop", ObjectKind: "domain", Object: k.String(),
				Reason: "dropped and created again: its base type or collation changes"})
			d.add(ph, Step{SQL: pgCreateDomain(k, w), Action: "create", ObjectKind: "domain", Object: k.String()})
		default:
			d.alterDomain(ph, k, l, w)
		}
	}
	for _, k := range pgSorted(d.live.domains) {
		if d.want.domains[k] == nil {
			d.add(phDropDomains, Step{SQL: "DROP DOMAIN " + k.sql(), Action: "drop", ObjectKind: "domain", Object: k.String()})
		}
	}
}

// pgCreateDomain is the CREATE DOMAIN statement of w.
func pgCreateDomain(k pgKey, w *introspect.Domain) string {
	var b strings.Builder
	b.WriteString("CREATE DOMAIN " + k.sql() + " AS " + w.BaseType)
	if w.Collation != "" {
		b.WriteString(" COLLATE " + database.QuoteIdent(w.Collation))
	}
	if w.Default != nil {
		b.WriteString(" DEFAULT " + *w.Default)
	}
	if !w.Nullable {
		b.WriteString(" NOT NULL")
	}
	for _, c := range w.Checks {
		b.WriteString("\n  CONSTRAINT " + database.QuoteIdent(c.Name) + " CHECK (" + c.Expr + ")")
	}
	return b.String()
}

// pgDomainText is what a domain's default and checks say, for finding the
// functions they call.
func pgDomainText(w *introspect.Domain) string {
	var parts []string
	if w.Default != nil {
		parts = append(parts, *w.Default)
	}
	for _, c := range w.Checks {
		parts = append(parts, c.Expr)
	}
	return strings.Join(parts, "\n")
}

func (d *pgDiff) alterDomain(ph pgPhase, k pgKey, l, w *introspect.Domain) {
	alter := func(sql, reason string) {
		d.add(ph, Step{SQL: "ALTER DOMAIN " + k.sql() + " " + sql, Action: "alter", ObjectKind: "domain", Object: k.String(), Reason: reason})
	}
	switch {
	case w.Default == nil && l.Default != nil:
		alter("DROP DEFAULT", "")
	case w.Default != nil && (l.Default == nil || *l.Default != *w.Default):
		alter("SET DEFAULT "+*w.Default, "")
	}
	switch {
	case l.Nullable && !w.Nullable:
		alter("SET NOT NULL", "columns of this domain holding NULL make it fail (nothing is filled in)")
	case !l.Nullable && w.Nullable:
		alter("DROP NOT NULL", "")
	}
	want := map[string]string{}
	for _, c := range w.Checks {
		want[c.Name] = c.Expr
	}
	had := map[string]string{}
	for _, c := range l.Checks {
		had[c.Name] = c.Expr
		if expr, ok := want[c.Name]; !ok || expr != c.Expr {
			alter("DROP CONSTRAINT "+database.QuoteIdent(c.Name), "")
		}
	}
	for _, c := range w.Checks {
		if expr, ok := had[c.Name]; !ok || expr != c.Expr {
			alter("ADD CONSTRAINT "+database.QuoteIdent(c.Name)+" CHECK ("+c.Expr+")",
				"values of this domain's columns that fail the check make it fail (nothing is changed)")
		}
	}
}

// domainColumns lists the live columns typed with domain k, as
// schema.table.column.
func (d *pgDiff) domainColumns(k pgKey) []string {
	var out []string
	for _, tk := range pgSorted(d.live.rels) {
		t := d.live.rels[tk]
		if t.Kind != introspect.KindTable {
			continue
		}
		for _, c := range t.Columns {
			if pgTypeNames(c.Type, tk.schema, k) {
				out = append(out, tk.String()+"."+c.Name)
			}
		}
	}
	return out
}

// pgTypeNames reports whether a column type as the server prints it
// (bare when visible on the search_path, else schema-qualified; maybe an
// array) names type k.
func pgTypeNames(typ, schema string, k pgKey) bool {
	typ = strings.TrimSuffix(typ, "[]")
	return typ == pgPrintedIdent(k.name) && (schema == k.schema || k.schema == "public") ||
		typ == pgPrintedIdent(k.schema)+"."+pgPrintedIdent(k.name)
}
