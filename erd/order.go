package erd

import (
	"cmp"
	"slices"
)

// order lists the nodes of each layer top to bottom. It starts from node
// order (boxes are sorted by name), then sweeps right and left moving each
// node to the mean position of its neighbours in the layers already
// swept (the barycenter heuristic), and keeps the order with the fewest
// crossings between adjacent layers.
func (g *graph) order(layer []int) [][]int {
	n := 0
	for _, l := range layer {
		n = max(n, l+1)
	}
	layers := make([][]int, n)
	for v, l := range layer {
		layers[l] = append(layers[l], v)
	}
	pos := make([]float64, len(layer))
	setPos := func() {
		for _, l := range layers {
			for i, v := range l {
				pos[v] = float64(i)
			}
		}
	}
	setPos()
	best, bestCross := clone2(layers), g.crossings(layers, layer, pos)
	for s := range sweeps {
		down := s%2 == 0
		for k := range n {
			i := k
			if !down {
				i = n - 1 - k
			}
			nbrs := g.pred
			if !down {
				nbrs = g.succ
			}
			sortByBarycenter(layers[i], nbrs, pos)
			for j, v := range layers[i] {
				pos[v] = float64(j)
			}
		}
		if c := g.crossings(layers, layer, pos); c < bestCross {
			best, bestCross = clone2(layers), c
		}
	}
	return best
}

// sortByBarycenter reorders nodes by the mean position of their neighbours;
// a node without neighbours keeps its place.
func sortByBarycenter(nodes []int, nbrs [][]int, pos []float64) {
	bary := make(map[int]float64, len(nodes))
	for _, v := range nodes {
		if len(nbrs[v]) == 0 {
			bary[v] = pos[v]
			continue
		}
		sum := 0.0
		for _, u := range nbrs[v] {
			sum += pos[u]
		}
		bary[v] = sum / float64(len(nbrs[v]))
	}
	slices.SortStableFunc(nodes, func(a, b int) int { return cmp.Compare(bary[a], bary[b]) })
}

// crossings counts pairs of arcs between adjacent layers that cross.
func (g *graph) crossings(layers [][]int, layer []int, pos []float64) int {
	total := 0
	for i := range len(layers) - 1 {
		var arcs [][2]float64
		for _, u := range layers[i] {
			for _, v := range g.succ[u] {
				if layer[v] == i+1 {
					arcs = append(arcs, [2]float64{pos[u], pos[v]})
				}
			}
		}
		for a := range arcs {
			for b := a + 1; b < len(arcs); b++ {
				if (arcs[a][0]-arcs[b][0])*(arcs[a][1]-arcs[b][1]) < 0 {
					total++
				}
			}
		}
	}
	return total
}

func clone2(xs [][]int) [][]int {
	out := make([][]int, len(xs))
	for i, x := range xs {
		out[i] = slices.Clone(x)
	}
	return out
}
