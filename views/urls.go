// Package views owns the studio's markup: templ components that render the
// typed values handlers give them, with no I/O. Full pages for normal
// requests, named fragments (with id and data-testid) for htmx.
package views

import (
	"fmt"
	"net/url"
	"strings"
)

// TableURL is the structure page of a table.
func TableURL(schema, table string) string {
	return "/schema/" + url.PathEscape(schema) + "/table/" + url.PathEscape(table)
}

// ERDURL is the ER diagram page of a schema.
func ERDURL(schema string) string { return "/schema/" + url.PathEscape(schema) + "/erd" }

// ERDSVGURL is the raw SVG of a schema's ER diagram.
func ERDSVGURL(schema string) string { return "/schema/" + url.PathEscape(schema) + "/erd.svg" }

// Rows formats a row estimate: in full below 10,000 (4,904), then ~12.3k,
// ~3.4M; "?" when unknown.
func Rows(n int64) string {
	switch {
	case n < 0:
		return "?"
	case n < 10_000: // in full, as the grid's count prints it
		return Thousands(n)
	case n < 1_000_000:
		return fmt.Sprintf("~%.1fk", float64(n)/1e3)
	case n < 1_000_000_000:
		return fmt.Sprintf("~%.1fM", float64(n)/1e6)
	}
	return fmt.Sprintf("~%.1fG", float64(n)/1e9)
}

// Bytes formats a size in bytes; "?" when unknown.
func Bytes(n int64) string {
	switch {
	case n < 0:
		return "?"
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}

// List joins names for display.
func List(names []string) string { return strings.Join(names, ", ") }

// KindLabel is how a table kind reads on a page.
func KindLabel(kind string) string {
	switch kind {
	case "materialized_view":
		return "materialized view"
	case "virtual":
		return "virtual table"
	}
	return kind
}

// SchemaURL is the page of one schema.
func SchemaURL(schema string) string { return "/schema/" + url.PathEscape(schema) }

// DomainAnchor is the id of a domain's row on its schema's page; the name
// is escaped, since an id holds no spaces.
func DomainAnchor(name string) string { return "domain-" + url.PathEscape(name) }

// DomainURL is a domain's row on its schema's page.
func DomainURL(schema, name string) string { return SchemaURL(schema) + "#" + DomainAnchor(name) }
