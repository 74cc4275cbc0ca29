package erd

// placeLayered lays boxes out in layers, left to right: referenced tables
// left of the tables that reference them (longest-path layering with cycles
// broken), and an edge spanning several layers gets a slot of its own in
// each layer it crosses so it never runs under a box. Boxes and slots
// within a layer are ordered to reduce crossings and placed near their
// parents. It sets the boxes' positions and the edges' waypoints, and
// returns the bottom of the lowest box (0 when there are none).
func placeLayered(boxes []*box, edges []*edge) float64 {
	if len(boxes) == 0 {
		return 0
	}
	g := newGraph(boxes, edges)
	layer := g.layers()
	chains := g.splitLongArcs(&layer)
	order := g.order(layer)
	h := make([]float64, len(layer))
	for v := range h {
		h[v] = dummyH
		if v < len(boxes) {
			h[v] = boxes[v].h
		}
	}
	cols := columnsOf(boxes, order)
	pos := &positioner{g: g, order: order, h: h, y: make([]float64, len(layer)), nb: len(boxes)}
	pos.run()
	y, bottom := pos.y, 0.0
	for v, b := range boxes {
		b.x, b.y = cols[layer[v]].x, y[v]
		bottom = max(bottom, b.y+b.h)
	}
	setWaypoints(boxes, edges, chains, func(d int) (float64, float64, float64) {
		c := cols[layer[d]]
		return c.x, c.x + c.w, y[d] + dummyH/2
	})
	return bottom
}

// column is a layer's left edge and width.
type column struct{ x, w float64 }

func columnsOf(boxes []*box, order [][]int) []column {
	cols := make([]column, len(order))
	x := float64(margin)
	for i, l := range order {
		for _, v := range l {
			if v < len(boxes) {
				cols[i].w = max(cols[i].w, boxes[v].w)
			}
		}
		cols[i].x = x
		x += cols[i].w + layerGap
	}
	return cols
}

// setWaypoints gives each edge that spans several layers the points it
// passes through: for every slot, where it enters and leaves the layer, in
// the order the edge travels from child to parent. slot returns a slot's
// layer left and right edges and its middle y.
func setWaypoints(boxes []*box, edges []*edge, chains map[[2]int][]int, slot func(int) (l, r, y float64)) {
	index := make(map[*box]int, len(boxes))
	for i, b := range boxes {
		index[b] = i
	}
	for _, e := range edges {
		c, okC := index[e.child]
		p, okP := index[e.parent]
		if !okC || !okP {
			continue
		}
		if chain, ok := chains[[2]int{p, c}]; ok { // parent left: travel leftwards
			for i := len(chain) - 1; i >= 0; i-- {
				l, r, y := slot(chain[i])
				e.via = append(e.via, point{r, y}, point{l, y})
			}
		} else if chain, ok := chains[[2]int{c, p}]; ok { // reversed to break a cycle
			for _, d := range chain {
				l, r, y := slot(d)
				e.via = append(e.via, point{l, y}, point{r, y})
			}
		}
	}
}
