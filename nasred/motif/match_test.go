package motif

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/gspan"
)

// bruteContains is the oracle: try every injective vertex map, and for
// each, try to assign every pattern edge its own target edge by
// backtracking over the target's edge list. It shares no code with Matcher.
func bruteContains(g, p gspan.Graph) bool {
	n, k := len(g.Vertices), len(p.Vertices)
	if k > n {
		return false
	}
	f := make([]int, k)
	used := make([]bool, n)
	var assignEdges func(i int, taken []bool) bool
	assignEdges = func(i int, taken []bool) bool {
		if i == len(p.Edges) {
			return true
		}
		pe := p.Edges[i]
		for j, ge := range g.Edges {
			if taken[j] || ge.From != f[pe.From] || ge.To != f[pe.To] || ge.Label != pe.Label {
				continue
			}
			taken[j] = true
			if assignEdges(i+1, taken) {
				return true
			}
			taken[j] = false
		}
		return false
	}
	var mapVertex func(i int) bool
	mapVertex = func(i int) bool {
		if i == k {
			return assignEdges(0, make([]bool, len(g.Edges)))
		}
		for w := range n {
			if used[w] || g.Vertices[w] != p.Vertices[i] {
				continue
			}
			used[w] = true
			f[i] = w
			if mapVertex(i + 1) {
				return true
			}
			used[w] = false
		}
		return false
	}
	return mapVertex(0)
}

// randomGraph draws a directed multigraph with self-loops allowed.
func randomGraph(rng *rand.Rand, n, m int, vlabels, elabels []string) gspan.Graph {
	g := gspan.Graph{}
	for range n {
		g.Vertices = append(g.Vertices, vlabels[rng.IntN(len(vlabels))])
	}
	if n == 0 {
		return g
	}
	for range m {
		g.Edges = append(g.Edges, gspan.Edge{From: rng.IntN(n), To: rng.IntN(n), Label: elabels[rng.IntN(len(elabels))]})
	}
	return g
}

// subPattern extracts a random sub-multigraph of g (so a match exists),
// with vertices renumbered in a random order.
func subPattern(rng *rand.Rand, g gspan.Graph) gspan.Graph {
	return randomSubset(rng, g, func() bool { return rng.IntN(3) > 0 })
}

// inducedSubPattern extracts the subgraph of g induced by a random vertex
// subset (so an induced match exists), renumbered in a random order.
func inducedSubPattern(rng *rand.Rand, g gspan.Graph) gspan.Graph {
	return randomSubset(rng, g, func() bool { return true })
}

// randomSubset keeps a random subset of g's vertices, renumbered in a
// random order, and each edge between kept vertices for which keepEdge
// reports true.
func randomSubset(rng *rand.Rand, g gspan.Graph, keepEdge func() bool) gspan.Graph {
	perm := rng.Perm(len(g.Vertices))
	keepV := rng.IntN(len(g.Vertices) + 1)
	newID := map[int]int{}
	p := gspan.Graph{Vertices: make([]string, keepV)}
	for i := range keepV {
		newID[perm[i]] = i
		p.Vertices[i] = g.Vertices[perm[i]]
	}
	for _, e := range g.Edges {
		a, okA := newID[e.From]
		b, okB := newID[e.To]
		if okA && okB && keepEdge() {
			p.Edges = append(p.Edges, gspan.Edge{From: a, To: b, Label: e.Label})
		}
	}
	return p
}

func TestContainsAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vl, el := []string{"a", "b"}, []string{"x", "y"}
	counts := [2]int{}
	for iter := range 4000 {
		n := rng.IntN(7)
		g := randomGraph(rng, n, rng.IntN(3*n+1), vl, el)
		var p gspan.Graph
		if iter%2 == 0 && n > 0 {
			p = subPattern(rng, g)
			if rng.IntN(2) == 0 && len(p.Edges) > 0 { // perturb: may or may not still match
				p.Edges[rng.IntN(len(p.Edges))].Label = el[rng.IntN(len(el))]
			}
		} else {
			k := rng.IntN(5)
			p = randomGraph(rng, k, rng.IntN(2*k+1), vl, el)
		}
		got, err := Contains(g, p)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteContains(g, p)
		if got != want {
			t.Fatalf("iteration %d: Contains = %v, brute force %v\ngraph   %s\npattern %s", iter, got, want,
				FormatPattern(g.Vertices, g.Edges), FormatPattern(p.Vertices, p.Edges))
		}
		if got {
			counts[1]++
		} else {
			counts[0]++
		}
	}
	if counts[0] < 500 || counts[1] < 500 {
		t.Errorf("test sets are unbalanced: %d misses, %d matches", counts[0], counts[1])
	}
}

func TestContainsCases(t *testing.T) {
	e := func(u, v int, l string) gspan.Edge { return gspan.Edge{From: u, To: v, Label: l} }
	// An NB201 residual cell: input→op→output plus input→output.
	residual := gspan.Graph{Vertices: []string{"input", "op", "output"},
		Edges: []gspan.Edge{e(0, 1, "conv"), e(1, 2, "conv"), e(0, 2, "skip")}}
	tests := []struct {
		name string
		g, p gspan.Graph
		want bool
	}{
		{"empty pattern", residual, gspan.Graph{}, true},
		{"single vertex", residual, gspan.Graph{Vertices: []string{"op"}}, true},
		{"absent label", residual, gspan.Graph{Vertices: []string{"input1"}}, false},
		{"edge", residual, gspan.Graph{Vertices: []string{"input", "output"}, Edges: []gspan.Edge{e(0, 1, "skip")}}, true},
		{"reversed edge", residual, gspan.Graph{Vertices: []string{"input", "output"}, Edges: []gspan.Edge{e(1, 0, "skip")}}, false},
		{"wrong edge label", residual, gspan.Graph{Vertices: []string{"input", "output"}, Edges: []gspan.Edge{e(0, 1, "conv")}}, false},
		{"join", residual, gspan.Graph{Vertices: []string{"op", "output", "input"}, Edges: []gspan.Edge{e(0, 1, "conv"), e(2, 1, "skip")}}, true},
		{"itself", residual, residual, true},
		{"parallel edges need two target edges", gspan.Graph{Vertices: []string{"a", "a"}, Edges: []gspan.Edge{e(0, 1, "x")}},
			gspan.Graph{Vertices: []string{"a", "a"}, Edges: []gspan.Edge{e(0, 1, "x"), e(0, 1, "x")}}, false},
		{"two vertices cannot share an image", gspan.Graph{Vertices: []string{"a", "b"}, Edges: []gspan.Edge{e(0, 1, "x")}},
			gspan.Graph{Vertices: []string{"a", "b", "b"}, Edges: []gspan.Edge{e(0, 1, "x"), e(0, 2, "x")}}, false},
		{"monomorphism, not induced", residual, gspan.Graph{Vertices: []string{"input", "op", "output"}, Edges: []gspan.Edge{e(0, 1, "conv"), e(1, 2, "conv")}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Contains(tc.g, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || bruteContains(tc.g, tc.p) != tc.want {
				t.Errorf("Contains = %v, brute force %v, want %v", got, bruteContains(tc.g, tc.p), tc.want)
			}
		})
	}
}

func TestMatcherBadInput(t *testing.T) {
	if _, err := NewMatcher([]string{"a"}, []gspan.Edge{{From: 0, To: 1, Label: "x"}}); err == nil {
		t.Error("NewMatcher accepted an edge to a missing vertex")
	}
	if _, err := NewTarget([]string{"a"}, []gspan.Edge{{From: -1, To: 0, Label: "x"}}); err == nil {
		t.Error("NewTarget accepted an edge from vertex -1")
	}
}

// ed is a short gspan.Edge literal for tests.
func ed(u, v int, l string) gspan.Edge { return gspan.Edge{From: u, To: v, Label: l} }

// bruteInduced is the oracle of NewInducedMatcher: try every injective
// label-preserving vertex map and compare, for every ordered pair of
// pattern vertices (self-pairs included), the sorted edge labels of the
// pattern and of the target. It shares no code with Matcher.
func bruteInduced(g, p gspan.Graph) bool {
	n, k := len(g.Vertices), len(p.Vertices)
	if k > n {
		return false
	}
	labelsBetween := func(es []gspan.Edge, a, b int) string {
		var ls []string
		for _, e := range es {
			if e.From == a && e.To == b {
				ls = append(ls, e.Label)
			}
		}
		slices.Sort(ls)
		return strings.Join(ls, ",")
	}
	f := make([]int, k)
	used := make([]bool, n)
	var mapVertex func(i int) bool
	mapVertex = func(i int) bool {
		if i == k {
			for u := range k {
				for v := range k {
					if labelsBetween(p.Edges, u, v) != labelsBetween(g.Edges, f[u], f[v]) {
						return false
					}
				}
			}
			return true
		}
		for w := range n {
			if used[w] || g.Vertices[w] != p.Vertices[i] {
				continue
			}
			used[w], f[i] = true, w
			if mapVertex(i + 1) {
				return true
			}
			used[w] = false
		}
		return false
	}
	return mapVertex(0)
}

func TestInducedMatcherAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vl, el := []string{"a", "b"}, []string{"x", "y"}
	counts := [2]int{}
	for iter := range 3000 {
		n := rng.IntN(6)
		g := randomGraph(rng, n, rng.IntN(2*n+1), vl, el)
		var p gspan.Graph
		switch {
		case iter%3 == 0 && n > 0:
			p = inducedSubPattern(rng, g)
		case iter%3 == 1 && n > 0:
			p = subPattern(rng, g) // a monomorphic pattern; induced or not
		default:
			k := rng.IntN(4)
			p = randomGraph(rng, k, rng.IntN(2*k+1), vl, el)
		}
		tg, err := NewTarget(g.Vertices, g.Edges)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewInducedMatcher(p.Vertices, p.Edges)
		if err != nil {
			t.Fatal(err)
		}
		got, want := m.In(tg), bruteInduced(g, p)
		if got != want {
			t.Fatalf("iteration %d: induced match %v, brute force %v\ngraph   %s\npattern %s", iter, got, want,
				FormatPattern(g.Vertices, g.Edges), FormatPattern(p.Vertices, p.Edges))
		}
		if got && !bruteContains(g, p) {
			t.Fatalf("iteration %d: induced match without a monomorphism", iter)
		}
		counts[map[bool]int{false: 0, true: 1}[got]]++
	}
	if counts[0] < 300 || counts[1] < 300 {
		t.Errorf("test sets are unbalanced: %d misses, %d matches", counts[0], counts[1])
	}
}

func TestInducedCases(t *testing.T) {
	residual := gspan.Graph{Vertices: []string{"input", "op", "output"}, Edges: []gspan.Edge{ed(0, 1, "conv"), ed(1, 2, "conv"), ed(0, 2, "skip")}}
	chain := gspan.Graph{Vertices: []string{"input", "op", "output"}, Edges: []gspan.Edge{ed(0, 1, "conv"), ed(1, 2, "conv")}}
	for _, tc := range []struct {
		name string
		g, p gspan.Graph
		want bool
	}{
		// The chain is in the residual cell, but not induced: the skip
		// input→output is an extra edge between matched nodes.
		{"monomorphism, not induced", residual, chain, false},
		{"itself", residual, residual, true},
		{"edge", residual, gspan.Graph{Vertices: []string{"input", "op"}, Edges: []gspan.Edge{ed(0, 1, "conv")}}, true},
		{"two unconnected vertices", residual, gspan.Graph{Vertices: []string{"input", "output"}}, false},
	} {
		tg, _ := NewTarget(tc.g.Vertices, tc.g.Edges)
		m, _ := NewInducedMatcher(tc.p.Vertices, tc.p.Edges)
		if got := m.In(tg); got != tc.want || bruteInduced(tc.g, tc.p) != tc.want {
			t.Errorf("%s: induced %v, brute force %v, want %v", tc.name, got, bruteInduced(tc.g, tc.p), tc.want)
		}
	}
}
