package erd

import (
	"cmp"
	"slices"
)

// Spacing of the layout.
const (
	margin     = 24
	layerGap   = 110 // between layers: room for curves and labels
	nodeGap    = 24  // between boxes of a layer
	gridGap    = 48  // between grid boxes: room for self-reference loops
	sectionGap = 56  // between the layered part and the grid
	loopW      = 36  // how far a self-reference loop bulges right
	dummyH     = 6   // height of the slot a long edge takes in a layer
	dummyGap   = 8   // gap next to such a slot
)

// placeGrid puts boxes in rows below y (plain tables first, then views,
// then virtual tables, each by name), wrapping at width. It returns the top
// of the grid, 0 when there are no boxes.
func placeGrid(boxes []*box, y, width float64) float64 {
	if len(boxes) == 0 {
		return 0
	}
	slices.SortStableFunc(boxes, func(a, b *box) int {
		return cmp.Or(cmp.Compare(kindRank(a.kind), kindRank(b.kind)), cmp.Compare(a.key, b.key))
	})
	top := float64(margin)
	if y > 0 {
		top = y + sectionGap
	}
	x, rowTop, rowH := float64(margin), top, 0.0
	for _, b := range boxes {
		if x > margin && x+b.w > width {
			x, rowTop, rowH = margin, rowTop+rowH+nodeGap, 0
		}
		b.x, b.y = x, rowTop
		x += b.w + max(gridGap, b.loop+nodeGap)
		rowH = max(rowH, b.h)
	}
	return top
}

func kindRank(kind string) int {
	switch kind {
	case "", "table":
		return 0
	case "view", "materialized_view":
		return 1
	}
	return 2
}

// measure sets the canvas size to hold every box, loop and label.
func (d *diagram) measure() {
	w, h := 0.0, 0.0
	for _, b := range d.boxes {
		w, h = max(w, b.x+b.w), max(h, b.y+b.h)
	}
	for _, e := range d.edges {
		w = max(w, e.extent())
	}
	d.width, d.height = w+margin, h+margin
}
