package erd

import (
	"math"
	"strings"
)

// edgeStyle is how a foreign key is drawn, chosen by its ON DELETE action.
type edgeStyle struct {
	name   string // marker id suffix and class
	stroke string
	dash   string
	label  string
}

// edgeStyles lists every style, in the order their markers are defined:
// cascade, set null, plain (RESTRICT and NO ACTION).
func edgeStyles() []edgeStyle {
	return []edgeStyle{
		{"cascade", "#c53030", "6 3", "cascade"},
		{"setnull", "#b7791f", "2 3", "set null"},
		{"plain", "#718096", "", ""},
	}
}

func (e *edge) style() edgeStyle {
	styles := edgeStyles()
	switch strings.ToUpper(e.fk.OnDelete) {
	case "CASCADE":
		return styles[0]
	case "SET NULL":
		return styles[1]
	case "SET DEFAULT":
		s := styles[1]
		s.label = "set default"
		return s
	}
	return styles[2]
}

// label is where an edge's ON DELETE label goes.
type label struct {
	at     point
	anchor string // text-anchor
}

// route computes every edge's path: a horizontal S-curve from the side of
// the child facing the parent, at the foreign-key column's row, to the
// parent's facing side at the referenced column's row; a loop on the right
// for a self-reference, or for boxes that share a column.
func (d *diagram) route() {
	for _, e := range d.edges {
		c, p := e.child, e.parent
		y1, y2 := c.anchorY(e.childRow), p.anchorY(e.parentRow)
		switch {
		case c == p || (c.x < p.x+p.w && p.x < c.x+c.w):
			e.loop(y1, y2)
		case c.x >= p.x+p.w:
			e.curve(point{c.x, y1}, point{p.x + p.w, y2})
		default:
			e.curve(point{c.x + c.w, y1}, point{p.x, y2})
		}
	}
}

// anchorY is the middle of row r, or of the header when r is -1.
func (b *box) anchorY(r int) float64 {
	if r < 0 {
		return b.y + headerH/2
	}
	return b.y + headerH + float64(r)*rowH + rowH/2
}

// curve joins a and b through the edge's waypoints: S-curves between
// layers, straight lines across the layers it passes.
func (e *edge) curve(a, b point) {
	pts := append(append([]point{a}, e.via...), b)
	var p strings.Builder
	p.WriteString("M" + pt(a))
	for i := 1; i < len(pts); i++ {
		from, to := pts[i-1], pts[i]
		if i%2 == 0 { // across a layer
			p.WriteString(" L" + pt(to))
			continue
		}
		dx := math.Max(30, math.Abs(to.x-from.x)/2)
		if to.x < from.x {
			dx = -dx
		}
		p.WriteString(" C" + pt(point{from.x + dx, from.y}) + " " + pt(point{to.x - dx, to.y}) + " " + pt(to))
	}
	e.path = p.String()
	// The label sits on the line itself, by the child, where it is still
	// horizontal; its halo hides the line behind it. Labels of neighbouring
	// rows are then a row apart.
	e.label = label{point{a.x + 8, a.y + 3.5}, "start"}
	if pts[1].x < a.x {
		e.label.at.x, e.label.anchor = a.x-8, "end"
	}
	e.maxX = math.Max(a.x, b.x)
}

// loop leaves the child's right side and comes back into the parent's.
func (e *edge) loop(y1, y2 float64) {
	right := math.Max(e.child.x+e.child.w, e.parent.x+e.parent.w)
	a := point{e.child.x + e.child.w, y1}
	b := point{e.parent.x + e.parent.w, y2}
	bulge := right + loopW
	k := 0.0
	if math.Abs(y1-y2) < rowH {
		k = rowH / 2 // same row: open the loop up so it stays visible
	}
	e.path = "M" + pt(a) + " C" + pt(point{bulge, y1 - k}) + " " + pt(point{bulge, y2 + k}) + " " + pt(b)
	e.label = label{point{bulge + 2, (y1+y2)/2 + 4}, "start"}
	e.maxX = bulge
}

func pt(p point) string { return num(p.x) + "," + num(p.y) }

// extent is how far right the edge and its label reach.
func (e *edge) extent() float64 {
	l := e.style().label
	if l == "" || e.label.anchor == "end" {
		return e.maxX
	}
	return math.Max(e.maxX, e.label.at.x+float64(cells(l))*labelCharW)
}
