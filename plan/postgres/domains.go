package postgres

import (
	"slices"
	"strings"

	"studio/database"
	"studio/introspect"
	"studio/plan/step"
)

// diffDomains plans domains. A new domain is created before the tables
// whose columns use it (after the functions its default or checks call),
// one that goes is dropped once its columns have changed type or gone.
// Defaults, NOT NULL and checks are altered in place; PostgreSQL checks
// the columns' values against a new NOT NULL or check, so rows that break
// it make the plan fail (nothing is changed to let it through). A new
// base type or collation cannot be altered: the domain is rebuilt
// (rebuildDomain).
func (d *diff) diffDomains() {
	var gone []key // before rebuildDomain files renamed live domains
	for _, k := range sorted(d.live.domains) {
		if d.want.domains[k] == nil {
			gone = append(gone, k)
		}
	}
	for _, k := range sorted(d.want.domains) {
		w, l := d.want.domains[k], d.live.domains[k]
		ph := phDomains
		if d.callsMadeRoutine(domainText(w)) {
			ph = phDomainsAfterFunctions
		}
		switch {
		case l == nil:
			d.add(ph, step.Step{SQL: createDomainSQL(k, w), Action: "create", ObjectKind: "domain", Object: k.String()})
		case l.BaseType != w.BaseType || l.Collation != w.Collation:
			d.rebuildDomain(ph, k, l, w)
		default:
			d.alterDomain(ph, k, l, w)
		}
	}
	for _, k := range gone {
		d.add(phDropDomains, step.Step{SQL: "DROP DOMAIN " + k.sql(), Action: "drop", ObjectKind: "domain", Object: k.String()})
	}
}

// createDomainSQL is the CREATE DOMAIN statement of w.
func createDomainSQL(k key, w *introspect.Domain) string {
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

// domainText is what a domain's default and checks say, for finding the
// functions they call.
func domainText(w *introspect.Domain) string {
	var parts []string
	if w.Default != nil {
		parts = append(parts, *w.Default)
	}
	for _, c := range w.Checks {
		parts = append(parts, c.Expr)
	}
	return strings.Join(parts, "\n")
}

func (d *diff) alterDomain(ph phase, k key, l, w *introspect.Domain) {
	alter := func(sql, reason string) {
		d.add(ph, step.Step{SQL: "ALTER DOMAIN " + k.sql() + " " + sql, Action: "alter", ObjectKind: "domain", Object: k.String(), Reason: reason})
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

// rebuildDomain replaces a domain whose base type or collation changes,
// which ALTER DOMAIN cannot do: the live one is renamed, the new one
// created, the columns that keep the type moved to it (their values cast
// to the new base type, classified like any type change, and the views
// and triggers that read them recreated around it), the old one dropped
// at the end.
func (d *diff) rebuildDomain(ph phase, k key, l, w *introspect.Domain) {
	old := key{k.schema, truncate(k.name, "__old")}
	d.add(ph, step.Step{SQL: "ALTER DOMAIN " + k.sql() + " RENAME TO " + database.QuoteIdent(old.name), Action: "rename", ObjectKind: "domain",
		Object: k.String(), Reason: "rebuilds the domain: PostgreSQL cannot change a domain's base type or collation in place"})
	d.add(ph, step.Step{SQL: createDomainSQL(k, w), Action: "create", ObjectKind: "domain", Object: k.String()})
	d.live.domains[old] = l // the moved columns' old type, for classifying their casts
	for _, tk := range sorted(d.live.rels) {
		t := d.live.table(tk)
		if t == nil || d.want.table(tk) == nil || t.PartitionOf != nil || d.replaced[tk] {
			continue
		}
		for _, c := range t.Columns {
			base := strings.TrimRight(c.Type, "[]")
			wc := d.want.column(tk, c.Name)
			if wc == nil || wc.Type != c.Type || !slices.Contains(printedForms(k), base) {
				continue
			}
			moved := c
			moved.Type = renamedType(c.Type, base, old)
			s := d.typeChange(tk, moved, *wc)
			s.Reason = "moves the column to the rebuilt domain: " + strings.TrimPrefix(s.Reason, "changes type ")
			d.add(ph, s)
			d.alterColumns(tk, map[string]bool{c.Name: true})
		}
	}
	d.add(phDropDomains, step.Step{SQL: "DROP DOMAIN " + old.sql(), Action: "drop", ObjectKind: "domain", Object: old.String(),
		Reason: "drops the domain the rebuilt one replaced"})
}

// renamedType is a printed column type (base, maybe with array
// brackets) with its base renamed to old, printed the way base was
// (bare or qualified).
func renamedType(typ, base string, old key) string {
	name := printedIdent(old.name)
	if strings.Contains(base, ".") {
		name = printedIdent(old.schema) + "." + name
	}
	return name + typ[len(base):]
}
