package erd

import (
	"cmp"
	"slices"
)

// graph is the foreign-key graph of the connected boxes made acyclic: an
// arc u→v means u is drawn left of v (u is referenced by v, or the key was
// reversed to break a cycle).
type graph struct {
	succ, pred [][]int
	// port holds, per arc, how far below the top of each end node it
	// attaches (the referenced and the referencing column's rows).
	port map[[2]int][2]float64
}

// ports returns where arc u→v attaches on u and on v, looking the arc up
// in either direction since breaking cycles turns some round.
func (g *graph) ports(u, v int) (float64, float64) {
	if p, ok := g.port[[2]int{u, v}]; ok {
		return p[0], p[1]
	}
	p := g.port[[2]int{v, u}]
	return p[1], p[0]
}

// rowOffset is how far below a box's top row r's middle is (-1: header).
func rowOffset(r int) float64 {
	if r < 0 {
		return headerH / 2
	}
	return headerH + float64(r)*rowH + rowH/2
}

// sweeps is how many barycenter passes order tries.
const sweeps = 12

func newGraph(boxes []*box, edges []*edge) *graph {
	index := make(map[*box]int, len(boxes))
	for i, b := range boxes {
		index[b] = i
	}
	adj := make([][]int, len(boxes))
	indeg := make([]int, len(boxes))
	g := &graph{succ: make([][]int, len(boxes)), pred: make([][]int, len(boxes)), port: map[[2]int][2]float64{}}
	for _, e := range edges {
		p, okP := index[e.parent]
		c, okC := index[e.child]
		if okP && okC && p != c && !slices.Contains(adj[p], c) {
			adj[p] = append(adj[p], c)
			indeg[c]++
			g.port[[2]int{p, c}] = [2]float64{rowOffset(e.parentRow), rowOffset(e.childRow)}
		}
	}
	for _, a := range adj {
		slices.Sort(a)
	}
	g.breakCycles(adj, indeg)
	return g
}

// breakCycles copies adj into g by depth-first search, reversing the arcs
// that close a cycle. Sources are searched first so that, when there is a
// choice, the arc turned round is one into a table nothing else starts from.
func (g *graph) breakCycles(adj [][]int, indeg []int) {
	state := make([]int8, len(adj)) // 0 new, 1 on the stack, 2 done
	var visit func(u int)
	visit = func(u int) {
		state[u] = 1
		for _, v := range adj[u] {
			switch state[v] {
			case 0:
				g.arc(u, v)
				visit(v)
			case 1:
				g.arc(v, u)
			default:
				g.arc(u, v)
			}
		}
		state[u] = 2
	}
	starts := make([]int, len(adj))
	for i := range starts {
		starts[i] = i
	}
	slices.SortStableFunc(starts, func(a, b int) int { return cmp.Compare(min(indeg[a], 1), min(indeg[b], 1)) })
	for _, u := range starts {
		if state[u] == 0 {
			visit(u)
		}
	}
}

func (g *graph) arc(u, v int) {
	if u != v && !slices.Contains(g.succ[u], v) {
		g.succ[u] = append(g.succ[u], v)
		g.pred[v] = append(g.pred[v], u)
	}
}

// layers assigns each node the length of the longest path reaching it,
// then moves sources right next to their nearest successor so a table
// referenced only from deep in the graph does not sit far left of it.
func (g *graph) layers() []int {
	n := len(g.succ)
	indeg := make([]int, n)
	for v := range n {
		indeg[v] = len(g.pred[v])
	}
	var topo []int
	for v := range n {
		if indeg[v] == 0 {
			topo = append(topo, v)
		}
	}
	for i := 0; i < len(topo); i++ {
		for _, v := range g.succ[topo[i]] {
			if indeg[v]--; indeg[v] == 0 {
				topo = append(topo, v)
			}
		}
	}
	layer := make([]int, n)
	for _, u := range topo {
		for _, v := range g.succ[u] {
			layer[v] = max(layer[v], layer[u]+1)
		}
	}
	for _, u := range slices.Backward(topo) {
		if len(g.pred[u]) == 0 && len(g.succ[u]) > 0 {
			nearest := layer[g.succ[u][0]]
			for _, v := range g.succ[u] {
				nearest = min(nearest, layer[v])
			}
			layer[u] = nearest - 1
		}
	}
	return layer
}

// splitLongArcs replaces every arc spanning more than one layer by a chain
// of new nodes, one per layer crossed, appended to layer. It returns the
// chains by their original arc.
func (g *graph) splitLongArcs(layer *[]int) map[[2]int][]int {
	chains := map[[2]int][]int{}
	n := len(g.succ)
	for u := range n {
		for i, v := range g.succ[u] {
			if (*layer)[v]-(*layer)[u] < 2 {
				continue
			}
			var chain []int
			prev := u
			pu, pv := g.ports(u, v)
			for l := (*layer)[u] + 1; l < (*layer)[v]; l++ {
				d := len(g.succ)
				g.succ = append(g.succ, nil)
				g.pred = append(g.pred, []int{prev})
				*layer = append(*layer, l)
				if prev == u {
					g.succ[u][i] = d
				} else {
					g.succ[prev] = []int{d}
				}
				g.port[[2]int{prev, d}] = [2]float64{dummyH / 2, dummyH / 2}
				chain, prev = append(chain, d), d
			}
			g.port[[2]int{u, chain[0]}] = [2]float64{pu, dummyH / 2}
			g.port[[2]int{prev, v}] = [2]float64{dummyH / 2, pv}
			g.succ[prev] = []int{v}
			g.pred[v][slices.Index(g.pred[v], u)] = prev
			chains[[2]int{u, v}] = chain
		}
	}
	return chains
}
