package erd

import (
	"bytes"
	"strings"
)

// Colours, as presentation attributes so the SVG looks right on its own
// (downloaded) while a page's CSS overrides them through the erd-*
// classes: every coloured element has one (the studio's dark theme).
const (
	fontFamily  = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"
	colText     = "#1a202c"
	colMuted    = "#718096"
	colBorder   = "#8b96a8"
	colPK       = "#b7791f"
	colFK       = "#2b6cb0"
	colGhost    = "#edf2f7"
	cornerR     = 4
	textBaseOff = 13 // baseline below a row's top
)

// headerFill is the header colour of a box by kind.
func headerFill(b *box) string {
	switch {
	case b.ghost:
		return colGhost
	case b.kind == "view":
		return "#e6f4ea"
	case b.kind == "materialized_view":
		return "#e0f2f1"
	case b.kind == "virtual":
		return "#f3e8fd"
	}
	return "#e3ebf8"
}

// svg accumulates the document.
type svg struct{ bytes.Buffer }

// el writes <name a1="v1" ...> (or /> when empty is true); attribute values
// are escaped.
func (w *svg) el(name string, empty bool, attrs ...string) {
	w.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.WriteString(" " + attrs[i] + `="` + esc(attrs[i+1]) + `"`)
	}
	if empty {
		w.WriteString("/>\n")
	} else {
		w.WriteString(">")
	}
}

// text writes an element holding escaped text.
func (w *svg) text(name, content string, attrs ...string) {
	w.el(name, false, attrs...)
	w.WriteString(esc(content) + "</" + name + ">\n")
}

func writeSVG(schema string, d *diagram, opts Options) []byte {
	var w svg
	width, height := d.width, d.height
	if len(d.boxes) == 0 {
		width, height = 360, 64
	}
	w.el("svg", false, "xmlns", "http://www.w3.org/2000/svg", "class", "erd",
		"width", num(width), "height", num(height), "viewBox", "0 0 "+num(width)+" "+num(height),
		"font-family", fontFamily, "font-size", itoa(fontSize), "fill", colText,
		"aria-label", "Entity-relationship diagram of schema "+schema)
	w.WriteString("\n")
	w.text("title", "Schema "+schema+": "+plural(len(d.boxes), "table")+", "+plural(len(d.edges), "foreign key"))
	if len(d.boxes) == 0 {
		w.text("text", "No tables in schema "+schema+".", "class", "erd-caption", "x", itoa(margin), "y", "36", "fill", colMuted)
		w.WriteString("</svg>\n")
		return w.Bytes()
	}
	w.defs()
	if d.gridTop > margin {
		w.text("text", "Tables without foreign keys", "class", "erd-caption",
			"x", itoa(margin), "y", num(d.gridTop-14), "fill", colMuted)
	}
	w.WriteString(`<g class="erd-fks">` + "\n")
	for _, e := range d.edges {
		w.edge(e)
	}
	w.WriteString("</g>\n" + `<g class="erd-tables">` + "\n")
	for _, b := range d.boxes {
		w.box(b, linkOf(b, opts))
	}
	w.WriteString("</g>\n</svg>\n")
	return w.Bytes()
}

// defs writes an arrowhead and a start dot per edge style.
func (w *svg) defs() {
	w.WriteString("<defs>\n")
	for _, s := range edgeStyles() {
		w.el("marker", false, "id", "erd-arrow-"+s.name, "viewBox", "0 0 10 10", "refX", "10", "refY", "5",
			"markerWidth", "7", "markerHeight", "7", "orient", "auto")
		w.el("path", true, "class", "erd-mark erd-mark-"+s.name, "d", "M0,0 L10,5 L0,10 z", "fill", s.stroke)
		w.WriteString("</marker>\n")
		w.el("marker", false, "id", "erd-dot-"+s.name, "viewBox", "0 0 10 10", "refX", "5", "refY", "5",
			"markerWidth", "5", "markerHeight", "5")
		w.el("circle", true, "class", "erd-mark erd-mark-"+s.name, "cx", "5", "cy", "5", "r", "4", "fill", s.stroke)
		w.WriteString("</marker>\n")
	}
	w.WriteString("</defs>\n")
}

func linkOf(b *box, opts Options) string {
	if opts.Link == nil || (b.ghost && b.badge == "missing") {
		return ""
	}
	return opts.Link(b.schema, b.name)
}

func (w *svg) edge(e *edge) {
	s := e.style()
	w.el("g", false, "class", "erd-fk erd-fk-"+s.name)
	w.text("title", fkHover(e))
	w.el("path", true, "class", "erd-fk-line", "d", e.path, "fill", "none", "stroke", s.stroke, "stroke-width", "1.5",
		"stroke-dasharray", s.dash, "marker-start", "url(#erd-dot-"+s.name+")", "marker-end", "url(#erd-arrow-"+s.name+")")
	if s.label != "" {
		w.text("text", s.label, "class", "erd-fk-label", "x", num(e.label.at.x), "y", num(e.label.at.y),
			"text-anchor", e.label.anchor, "font-size", itoa(labelFont), "fill", s.stroke,
			"stroke", "#ffffff", "stroke-width", "3", "paint-order", "stroke")
	}
	w.WriteString("</g>\n")
}

// fkHover describes a foreign key: child(cols) → parent(cols), actions.
func fkHover(e *edge) string {
	parent := e.parent.name
	if e.parent.schema != e.child.schema {
		parent = e.parent.schema + "." + parent
	}
	s := e.child.name + "(" + strings.Join(e.fk.Columns, ", ") + ") → " + parent + "(" + strings.Join(e.fk.RefColumns, ", ") + ")"
	if e.fk.OnDelete != "" {
		s += "\nON DELETE " + e.fk.OnDelete
	}
	if e.fk.OnUpdate != "" {
		s += "\nON UPDATE " + e.fk.OnUpdate
	}
	if e.fk.Name != "" {
		s += "\n" + e.fk.Name
	}
	return s
}
