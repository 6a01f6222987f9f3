package motif

import (
	"fmt"
	"slices"

	"github.com/nasred/nasred/nasred/gspan"
)

// Target is a graph prepared for repeated subgraph matching: labels,
// degrees, neighbour lists and, for every ordered pair of vertices, the
// sorted labels of the edges between them.
type Target struct {
	labels    []string
	in, out   []int   // degrees (edges, counting parallel ones)
	nbrs      [][]int // distinct neighbours, either direction
	pair      map[[2]int][]string
	allVertex []int
}

// NewTarget prepares the graph with the given vertex labels and directed
// edges for matching. Edge ends must be vertices.
func NewTarget(vertices []string, edges []gspan.Edge) (*Target, error) {
	n := len(vertices)
	t := &Target{
		labels: vertices,
		in:     make([]int, n),
		out:    make([]int, n),
		nbrs:   make([][]int, n),
		pair:   make(map[[2]int][]string, len(edges)),
	}
	for i, e := range edges {
		if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n {
			return nil, fmt.Errorf("target graph: edge %d (%d→%d) has an end outside vertices 0..%d", i, e.From, e.To, n-1)
		}
		t.out[e.From]++
		t.in[e.To]++
		k := [2]int{e.From, e.To}
		t.pair[k] = append(t.pair[k], e.Label)
		if !slices.Contains(t.nbrs[e.From], e.To) {
			t.nbrs[e.From] = append(t.nbrs[e.From], e.To)
		}
		if !slices.Contains(t.nbrs[e.To], e.From) {
			t.nbrs[e.To] = append(t.nbrs[e.To], e.From)
		}
	}
	for _, ls := range t.pair {
		slices.Sort(ls)
	}
	t.allVertex = make([]int, n)
	for i := range n {
		t.allVertex[i] = i
	}
	return t, nil
}

// Matcher finds a pattern in target graphs by labelled directed subgraph
// monomorphism: an injective map of pattern vertices to target vertices
// with equal labels such that every pattern edge u→v with label l maps to
// its own target edge f(u)→f(v) with label l (distinct pattern edges map to
// distinct target edges; the target may have more edges). It is a
// VF2-style backtracking search: pattern vertices are matched in a fixed
// order in which each vertex is adjacent to an earlier one where possible,
// candidates are drawn from the neighbours of that earlier vertex's image,
// and label, degree and edge constraints against every matched vertex
// prune each step. A Matcher is safe for concurrent use.
//
// NewInducedMatcher builds the node-induced variant: the edges between
// matched target vertices must be exactly the pattern's.
type Matcher struct {
	labels  []string
	order   []int // pattern vertices in matching order
	steps   []step
	induced bool
}

// step holds what is checked when the order[i]-th vertex is matched.
type step struct {
	v        int
	label    string
	in, out  int
	anchor   int // position in order of an earlier neighbour, -1 if none
	checks   []pairCheck
	selfLoop []string // labels of self-loops on v, sorted
}

// pairCheck requires that the target edges between the images of the
// current vertex and an earlier one contain the pattern's labels (equal
// them, for an induced matcher).
type pairCheck struct {
	pos      int      // position in order of the earlier vertex
	fwd, bwd []string // sorted labels of pattern edges v→earlier, earlier→v
}

// NewMatcher compiles a pattern with the given vertex labels and directed
// edges. The pattern need not be connected.
func NewMatcher(vertices []string, edges []gspan.Edge) (*Matcher, error) {
	return newMatcher(vertices, edges, false)
}

// NewInducedMatcher compiles a pattern for node-induced subgraph
// isomorphism: an injective, label-preserving map f such that for every
// ordered pair of pattern vertices (u, v), including u = v, the labels of
// the target edges f(u)→f(v) are exactly those of the pattern edges u→v.
// It is what networkx's DiGraphMatcher.subgraph_is_isomorphic tests (with
// node and edge label matching), which the reference code used for
// reference incidence.
func NewInducedMatcher(vertices []string, edges []gspan.Edge) (*Matcher, error) {
	return newMatcher(vertices, edges, true)
}

func newMatcher(vertices []string, edges []gspan.Edge, induced bool) (*Matcher, error) {
	n := len(vertices)
	in, out := make([]int, n), make([]int, n)
	pair := map[[2]int][]string{}
	adj := make([][]bool, n)
	for i := range adj {
		adj[i] = make([]bool, n)
	}
	for i, e := range edges {
		if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n {
			return nil, fmt.Errorf("pattern: edge %d (%d→%d) has an end outside vertices 0..%d", i, e.From, e.To, n-1)
		}
		out[e.From]++
		in[e.To]++
		k := [2]int{e.From, e.To}
		pair[k] = append(pair[k], e.Label)
		adj[e.From][e.To], adj[e.To][e.From] = true, true
	}
	for _, ls := range pair {
		slices.Sort(ls)
	}
	// Order: start from the vertex of largest degree, then repeatedly take
	// the unordered vertex with the most edges to ordered ones (ties: larger
	// degree, then smaller index).
	m := &Matcher{labels: vertices, induced: induced}
	placed := make([]bool, n)
	for len(m.order) < n {
		best, bestConn, bestDeg := -1, -1, -1
		for v := range n {
			if placed[v] {
				continue
			}
			conn := 0
			for _, u := range m.order {
				if adj[u][v] {
					conn++
				}
			}
			if deg := in[v] + out[v]; conn > bestConn || (conn == bestConn && deg > bestDeg) {
				best, bestConn, bestDeg = v, conn, deg
			}
		}
		placed[best] = true
		m.order = append(m.order, best)
	}
	for i, v := range m.order {
		s := step{v: v, label: vertices[v], in: in[v], out: out[v], anchor: -1, selfLoop: pair[[2]int{v, v}]}
		for j := range i {
			u := m.order[j]
			if !adj[u][v] {
				if induced { // no edge either way between the images
					s.checks = append(s.checks, pairCheck{pos: j})
				}
				continue
			}
			if s.anchor < 0 {
				s.anchor = j
			}
			s.checks = append(s.checks, pairCheck{pos: j, fwd: pair[[2]int{v, u}], bwd: pair[[2]int{u, v}]})
		}
		m.steps = append(m.steps, s)
	}
	return m, nil
}

// In reports whether the pattern occurs in t.
func (m *Matcher) In(t *Target) bool {
	if len(m.steps) == 0 {
		return true
	}
	if len(m.steps) > len(t.labels) {
		return false
	}
	img := make([]int, len(m.steps))    // image of order[i]
	used := make([]bool, len(t.labels)) // target vertices in use
	return m.extend(t, 0, img, used)
}

func (m *Matcher) extend(t *Target, i int, img []int, used []bool) bool {
	if i == len(m.steps) {
		return true
	}
	s := &m.steps[i]
	cands := t.allVertex
	if s.anchor >= 0 {
		cands = t.nbrs[img[s.anchor]]
	}
	contains := subMultiset // the pattern's edges between two images are among the target's
	if m.induced {
		contains = slices.Equal[[]string] // ... or exactly the target's
	}
	for _, w := range cands {
		if used[w] || t.labels[w] != s.label || t.in[w] < s.in || t.out[w] < s.out {
			continue
		}
		if (len(s.selfLoop) > 0 || m.induced) && !contains(s.selfLoop, t.pair[[2]int{w, w}]) {
			continue
		}
		ok := true
		for _, c := range s.checks {
			x := img[c.pos]
			if !contains(c.fwd, t.pair[[2]int{w, x}]) || !contains(c.bwd, t.pair[[2]int{x, w}]) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		img[i] = w
		used[w] = true
		if m.extend(t, i+1, img, used) {
			return true
		}
		used[w] = false
	}
	return false
}

// subMultiset reports whether sorted a is a sub-multiset of sorted b.
func subMultiset(a, b []string) bool {
	if len(a) > len(b) {
		return false
	}
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}

// Contains reports whether graph g contains pattern p as a labelled
// directed subgraph (monomorphism; see Matcher).
func Contains(g, p gspan.Graph) (bool, error) {
	t, err := NewTarget(g.Vertices, g.Edges)
	if err != nil {
		return false, fmt.Errorf("graph %d: %w", g.ID, err)
	}
	m, err := NewMatcher(p.Vertices, p.Edges)
	if err != nil {
		return false, err
	}
	return m.In(t), nil
}
