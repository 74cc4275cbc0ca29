// Package erd owns drawing a schema as an entity-relationship diagram: a
// server-side SVG with one box per table (keys first, types in a lighter
// colour), foreign keys as arrows from the referencing column to the
// referenced table, styled by their ON DELETE action. It is a pure function
// of the schema model: no I/O, same input, same bytes.
package erd

import "studio/introspect"

// DefaultMaxColumns is how many non-key columns a box lists when
// Options.MaxColumns is zero.
const DefaultMaxColumns = 8

// Options tune a diagram.
type Options struct {
	// Link returns the URL a table's box links to, or "" for no link. It is
	// asked for tables of the drawn schema and for tables of other schemas
	// that foreign keys reference; nil means no links. The URL is escaped
	// but not checked: the caller owns its routes.
	Link func(schema, table string) string
	// MaxColumns is how many columns besides keys (primary, foreign and
	// referenced columns, always listed) a box shows before "+N more"
	// (default DefaultMaxColumns; negative shows keys only).
	MaxColumns int
	// Focus names the table a neighbourhood diagram is about: its box is
	// marked, and only the foreign keys from or to it are drawn (the other
	// keys of its neighbours still mark their columns). Empty draws all.
	Focus string
}

// Render draws schema s as a standalone SVG document, which can also be
// inlined into HTML: it uses presentation attributes, not a <style> block,
// so it neither leaks CSS into the page nor needs a CSP exception, and
// every element carries an "erd-" class the page may restyle (the studio's
// style sheet does, for its dark theme). Width, height and viewBox are set
// so the browser can scroll and zoom. A PostgreSQL partitioned table is one
// box that counts its partitions.
func Render(s introspect.Schema, opts Options) []byte {
	return writeSVG(s.Name, layout(s, opts), opts)
}

// layout builds and places the boxes and routes the edges. Each group of
// tables joined by foreign keys is laid out in layers on its own; the
// groups are packed together into a canvas about as wide for its height
// as a screen, and the tables with no foreign keys in or out follow in a
// grid below, so no large part of the canvas stays empty.
func layout(s introspect.Schema, opts Options) *diagram {
	d := buildDiagram(s, opts)
	comps, isolated := d.components()
	groups := make([]*group, len(comps))
	for i, c := range comps {
		placeLayered(c, d.edges)
		groups[i] = newGroup(c)
	}
	d.gridTop = pack(groups, isolated, d.edges)
	d.route()
	d.measure()
	return d
}
