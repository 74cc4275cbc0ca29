package erd

// positionPasses is how many down-and-up rounds place the layers' y.
const positionPasses = 4

// positioner sets the y of every node (box or long-edge slot) of a layered
// graph so that edges run as straight as the order within each layer and
// the gaps allow.
type positioner struct {
	g     *graph
	order [][]int
	h, y  []float64
	nb    int // nodes numbered from nb up are long-edge slots
}

// run stacks each layer, then alternately fits every layer to its left
// neighbours (sweeping right) and to its right neighbours (sweeping left),
// ending with a rightward sweep.
func (p *positioner) run() {
	for _, l := range p.order {
		p.fit(l, func(int) (float64, bool) { return 0, false })
	}
	for pass := range positionPasses*2 + 1 {
		if pass%2 == 0 {
			for _, l := range p.order[1:] {
				p.fit(l, p.desired(p.g.pred, false))
			}
		} else {
			for i := len(p.order) - 2; i >= 0; i-- {
				p.fit(p.order[i], p.desired(p.g.succ, true))
			}
		}
	}
}

// desired returns, for a node, the y that would make its edges to nbrs
// horizontal on average, and whether it has such neighbours;
// outgoing tells whether nbrs are successors.
func (p *positioner) desired(nbrs [][]int, outgoing bool) func(int) (float64, bool) {
	return func(v int) (float64, bool) {
		if len(nbrs[v]) == 0 {
			return 0, false
		}
		sum := 0.0
		for _, u := range nbrs[v] {
			from, to := u, v
			if outgoing {
				from, to = v, u
			}
			pf, pt := p.g.ports(from, to)
			if outgoing {
				sum += p.y[u] + pt - pf
			} else {
				sum += p.y[u] + pf - pt
			}
		}
		return sum / float64(len(nbrs[v])), true
	}
}

// fit places one layer's nodes, in order, as close as possible (least
// squares) to their desired y while keeping the gaps between them and
// staying below the top margin. Nodes with no desired y want to stay where
// they are. It is isotonic regression by pooling adjacent violators, on y
// minus each node's minimum offset from the first.
func (p *positioner) fit(layer []int, want func(int) (float64, bool)) {
	offset := make([]float64, len(layer))
	target := make([]float64, len(layer))
	for i, v := range layer {
		if i > 0 {
			offset[i] = offset[i-1] + p.h[layer[i-1]] + p.gap(layer[i-1], v)
		}
		d, ok := want(v)
		if !ok {
			d = p.y[v]
		}
		target[i] = d - offset[i]
	}
	z := isotonic(target)
	for i, v := range layer {
		p.y[v] = max(z[i], margin) + offset[i]
	}
}

func (p *positioner) gap(a, b int) float64 {
	if a >= p.nb || b >= p.nb {
		return dummyGap
	}
	return nodeGap
}

// isotonic returns the non-decreasing sequence closest to t in least
// squares (pool adjacent violators).
func isotonic(t []float64) []float64 {
	type block struct {
		sum   float64
		count int
	}
	var blocks []block
	for _, x := range t {
		blocks = append(blocks, block{x, 1})
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.count) <= b.sum/float64(b.count) {
				break
			}
			blocks = append(blocks[:len(blocks)-2], block{a.sum + b.sum, a.count + b.count})
		}
	}
	out := make([]float64, 0, len(t))
	for _, b := range blocks {
		for range b.count {
			out = append(out, b.sum/float64(b.count))
		}
	}
	return out
}
