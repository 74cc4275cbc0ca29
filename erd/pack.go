package erd

import (
	"cmp"
	"math"
	"slices"
)

// Packing of the groups of tables joined by foreign keys.
const (
	groupGap = 64  // between groups, and between a group and the grid
	aspect   = 1.6 // width over height the packing aims at: a wide screen
)

// group is a set of boxes laid out together and its bounding box,
// self-reference loops included.
type group struct {
	boxes          []*box
	x0, y0, x1, y1 float64
}

func newGroup(boxes []*box) *group {
	g := &group{boxes: boxes, x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
	for _, b := range boxes {
		g.x0, g.y0 = min(g.x0, b.x), min(g.y0, b.y)
		g.x1, g.y1 = max(g.x1, b.x+b.w+b.loop), max(g.y1, b.y+b.h)
	}
	return g
}

func (g *group) w() float64 { return g.x1 - g.x0 }
func (g *group) h() float64 { return g.y1 - g.y0 }

// moveTo shifts the group's boxes, and the waypoints of the edges leaving
// them, so its top left corner is at (x, y).
func (g *group) moveTo(x, y float64, edges []*edge) {
	dx, dy := x-g.x0, y-g.y0
	in := make(map[*box]bool, len(g.boxes))
	for _, b := range g.boxes {
		b.x, b.y = b.x+dx, b.y+dy
		in[b] = true
	}
	for _, e := range edges {
		if in[e.child] {
			for i := range e.via {
				e.via[i].x, e.via[i].y = e.via[i].x+dx, e.via[i].y+dy
			}
		}
	}
	g.x0, g.y0, g.x1, g.y1 = x, y, g.x1+dx, g.y1+dy
}

// components splits the boxes into groups joined by foreign keys (a key to
// itself does not join), each in box order, and the boxes joined to none.
func (d *diagram) components() (groups [][]*box, isolated []*box) {
	index := make(map[*box]int, len(d.boxes))
	for i, b := range d.boxes {
		index[b] = i
	}
	root := make([]int, len(d.boxes))
	for i := range root {
		root[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if root[i] != i {
			root[i] = find(root[i])
		}
		return root[i]
	}
	linked := make([]bool, len(d.boxes))
	for _, e := range d.edges {
		c, p := index[e.child], index[e.parent]
		if c != p {
			linked[c], linked[p] = true, true
			root[find(c)] = find(p)
		}
	}
	at := map[int]int{} // root to its group, in order of first box
	for i, b := range d.boxes {
		if !linked[i] {
			isolated = append(isolated, b)
			continue
		}
		r := find(i)
		if _, ok := at[r]; !ok {
			at[r] = len(groups)
			groups = append(groups, nil)
		}
		groups[at[r]] = append(groups[at[r]], b)
	}
	return groups, isolated
}

// pack places the groups and, below them, the grid of boxes joined to
// none, trying several widths and keeping the one whose canvas is
// smallest for its shape (a shape far from aspect counts as larger). It
// returns the top of the grid (0 when there is none).
func pack(groups []*group, isolated []*box, edges []*edge) float64 {
	var best []point
	bestScore, bestW := math.Inf(1), 0.0
	for _, w := range candidateWidths(groups, isolated) {
		at, right, bottom := skyline(groups, w)
		placeGrid(isolated, bottom, margin+w)
		for _, b := range isolated {
			right, bottom = max(right, b.x+b.w+b.loop), max(bottom, b.y+b.h)
		}
		cw, ch := right+margin, bottom+margin
		r := cw / ch
		score := cw * ch * math.Sqrt(max(r/aspect, aspect/r))
		if score < bestScore {
			best, bestScore, bestW = at, score, w
		}
	}
	for i, g := range groups {
		g.moveTo(best[i].x, best[i].y, edges)
	}
	bottom := 0.0
	for _, g := range groups {
		bottom = max(bottom, g.y1)
	}
	return placeGrid(isolated, bottom, margin+bestW)
}

// candidateWidths are the packing widths pack tries: around the width of
// a canvas of the diagram's area and aspect, and the widths that put the
// tallest group and one other side by side; never narrower than the
// widest group or grid box.
func candidateWidths(groups []*group, isolated []*box) []float64 {
	area, widest := 0.0, 0.0
	for _, g := range groups {
		area += (g.w() + groupGap) * (g.h() + groupGap)
		widest = max(widest, g.w())
	}
	for _, b := range isolated {
		area += (b.w + max(gridGap, b.loop+nodeGap)) * (b.h + nodeGap)
		widest = max(widest, b.w+b.loop)
	}
	ideal := math.Sqrt(area * aspect)
	var out []float64
	for f := 0.5; f <= 2.01; f += 0.1 {
		out = append(out, ideal*f)
	}
	if len(groups) > 0 {
		tallest := slices.MaxFunc(groups, func(a, b *group) int { return cmp.Compare(a.h(), b.h()) })
		for _, g := range groups {
			if g != tallest {
				out = append(out, tallest.w()+groupGap+g.w())
			}
		}
	}
	for i := range out {
		out[i] = max(out[i], widest)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// skyline packs the groups, tallest first, each at the highest place (then
// the leftmost) where it fits within width, on the skyline the groups
// already placed make. It returns each group's top left corner, in the
// order of groups, and the right and bottom edges of the packing (0 when
// there are no groups).
func skyline(groups []*group, width float64) (at []point, right, bottom float64) {
	type seg struct{ x, w, y float64 }
	sky := []seg{{margin, width + groupGap, margin}}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(groups[b].h(), groups[a].h()) })
	at = make([]point, len(groups))
	for _, gi := range order {
		g := groups[gi]
		w, h := g.w()+groupGap, g.h()+groupGap
		bi, by := -1, math.Inf(1)
		for i, s := range sky {
			if s.x+w > margin+width+groupGap+0.01 {
				break
			}
			y := s.y
			for j := i + 1; j < len(sky) && sky[j].x < s.x+w-0.01; j++ {
				y = max(y, sky[j].y)
			}
			if y < by {
				bi, by = i, y
			}
		}
		if bi < 0 { // wider than width: below everything
			bi, by = 0, 0.0
			for _, s := range sky {
				by = max(by, s.y)
			}
		}
		x := sky[bi].x
		at[gi] = point{x, by}
		right, bottom = max(right, x+g.w()), max(bottom, by+g.h())
		// Raise the skyline over [x, x+w) to by+h.
		var next []seg
		for _, s := range sky {
			if s.x < x {
				next = append(next, seg{s.x, min(s.w, x-s.x), s.y})
			}
		}
		next = append(next, seg{x, w, by + h})
		for _, s := range sky {
			if end := s.x + s.w; end > x+w {
				start := max(s.x, x+w)
				next = append(next, seg{start, end - start, s.y})
			}
		}
		sky = next
	}
	return at, right, bottom
}
