package gspan

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The brute-force oracle below shares no code with the miner: it
// enumerates every connected edge subset of every graph and identifies
// isomorphic subgraphs by trying vertex permutations.

// bfCanon returns a canonical string of a small labelled graph: the
// smallest encoding over all vertex orders that sort the labels.
func bfCanon(vl []string, edges []Edge, directed bool) string {
	n := len(vl)
	order := make([]int, n) // order[k] = old vertex at new position k
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vl[order[a]] < vl[order[b]] })
	labels := make([]string, n)
	for k, v := range order {
		labels[k] = vl[v]
	}
	head := strings.Join(labels, ",")
	best := ""
	pos := make([]int, n)
	var rec func(k int)
	used := make([]bool, n)
	perm := make([]int, n) // perm[k] = old vertex at position k
	enc := func() string {
		for k, v := range perm {
			pos[v] = k
		}
		es := make([]string, len(edges))
		for i, e := range edges {
			a, b := pos[e.From], pos[e.To]
			if !directed && a > b {
				a, b = b, a
			}
			es[i] = fmt.Sprintf("%d>%d:%s", a, b, e.Label)
		}
		sort.Strings(es)
		return head + "|" + strings.Join(es, ";")
	}
	rec = func(k int) {
		if k == n {
			if s := enc(); best == "" || s < best {
				best = s
			}
			return
		}
		for v := range n {
			if used[v] || vl[v] != labels[k] {
				continue
			}
			used[v] = true
			perm[k] = v
			rec(k + 1)
			used[v] = false
		}
	}
	rec(0)
	return best
}

type bfPattern struct {
	vl     []string
	edges  []Edge
	graphs []int
}

// bruteForce mines by enumerating connected edge subsets.
func bruteForce(gs []Graph, directed bool, minSup, minV, maxV int) map[string]*bfPattern {
	out := map[string]*bfPattern{}
	for gi, g := range gs {
		m := len(g.Edges)
		seen := map[string]bool{}
		for mask := 1; mask < 1<<m; mask++ {
			// vertices touched, relabelled in order
			idx := map[int]int{}
			var vl []string
			var es []Edge
			for i := range m {
				if mask&(1<<i) == 0 {
					continue
				}
				e := g.Edges[i]
				for _, v := range []int{e.From, e.To} {
					if _, ok := idx[v]; !ok {
						idx[v] = len(vl)
						vl = append(vl, g.Vertices[v])
					}
				}
				es = append(es, Edge{idx[e.From], idx[e.To], e.Label})
			}
			if maxV > 0 && len(vl) > maxV {
				continue
			}
			if len(vl) < minV {
				continue
			}
			// connected?
			comp := make([]int, len(vl))
			for i := range comp {
				comp[i] = i
			}
			var find func(int) int
			find = func(x int) int {
				if comp[x] != x {
					comp[x] = find(comp[x])
				}
				return comp[x]
			}
			for _, e := range es {
				comp[find(e.From)] = find(e.To)
			}
			ok := true
			for i := range vl {
				if find(i) != find(0) {
					ok = false
				}
			}
			if !ok {
				continue
			}
			c := bfCanon(vl, es, directed)
			if seen[c] {
				continue
			}
			seen[c] = true
			p := out[c]
			if p == nil {
				p = &bfPattern{vl: vl, edges: es}
				out[c] = p
			}
			p.graphs = append(p.graphs, g.ID)
		}
		_ = gi
	}
	for c, p := range out {
		if len(p.graphs) < minSup {
			delete(out, c)
		}
		slices.Sort(p.graphs)
	}
	return out
}

type randSpec struct {
	graphs, maxV, maxE int
	vlabels, elabels   []string
	parallel           float64 // probability that an edge duplicates an existing vertex pair
	directed           bool
}

func randomGraphs(rng *rand.Rand, s randSpec) []Graph {
	gs := make([]Graph, s.graphs)
	for gi := range gs {
		n := 2 + rng.IntN(s.maxV-1)
		g := Graph{ID: 100 + 3*gi, Vertices: make([]string, n)}
		for i := range g.Vertices {
			g.Vertices[i] = s.vlabels[rng.IntN(len(s.vlabels))]
		}
		m := 1 + rng.IntN(s.maxE)
		pairs := map[[2]int]bool{}
		for tries := 0; len(g.Edges) < m && tries < 50; tries++ {
			u, v := rng.IntN(n), rng.IntN(n)
			if u == v {
				continue
			}
			k := [2]int{min(u, v), max(u, v)}
			if s.directed {
				k = [2]int{u, v}
			}
			if pairs[k] && rng.Float64() >= s.parallel {
				continue
			}
			pairs[k] = true
			g.Edges = append(g.Edges, Edge{u, v, s.elabels[rng.IntN(len(s.elabels))]})
		}
		gs[gi] = g
	}
	return gs
}

// checkAgainstOracle compares Mine with bruteForce pattern for pattern.
func checkAgainstOracle(t *testing.T, name string, gs []Graph, opt Options) {
	t.Helper()
	res, err := Mine(context.Background(), gs, opt)
	if err != nil {
		t.Fatalf("%s: Mine: %v", name, err)
	}
	if !res.Complete {
		t.Fatalf("%s: incomplete: %s", name, res.Reason)
	}
	want := bruteForce(gs, opt.Directed, opt.MinSupport, opt.MinVertices, opt.MaxVertices)
	got := map[string]Pattern{}
	keys := map[string]bool{}
	for i, p := range res.Patterns {
		c := bfCanon(p.Vertices, p.Edges, opt.Directed)
		if _, dup := got[c]; dup {
			t.Errorf("%s: pattern %d reported twice: %v %v", name, i, p.Vertices, p.Edges)
		}
		got[c] = p
		k := CanonicalKey(p.Vertices, p.Edges, opt.Directed)
		if keys[k] {
			t.Errorf("%s: CanonicalKey collision for pattern %d: %s", name, i, k)
		}
		keys[k] = true
		if k != testCodeString(p.Code, opt.Directed) {
			t.Errorf("%s: pattern %d: Code %s is not the minimum code %s", name, i, testCodeString(p.Code, opt.Directed), k)
		}
		checkCodeMatchesEdges(t, name, p, opt.Directed)
	}
	for c, w := range want {
		p, ok := got[c]
		if !ok {
			t.Errorf("%s: missing pattern %v %v (support %d, graphs %v)", name, w.vl, w.edges, len(w.graphs), w.graphs)
			continue
		}
		if p.Support != len(w.graphs) || !slices.Equal(p.GraphIDs, w.graphs) {
			t.Errorf("%s: pattern %v %v: support %d graphs %v, want %d %v", name, p.Vertices, p.Edges, p.Support, p.GraphIDs, len(w.graphs), w.graphs)
		}
	}
	for c, p := range got {
		if _, ok := want[c]; !ok {
			t.Errorf("%s: extra pattern %v %v (support %d)", name, p.Vertices, p.Edges, p.Support)
		}
	}
}

// testCodeString writes an exported DFS code in the format of CanonicalKey.
func testCodeString(code []DFSEdge, directed bool) string {
	var b strings.Builder
	for _, e := range code {
		dir := ""
		if directed {
			dir = ">"
			if e.Reverse {
				dir = "<"
			}
		}
		fmt.Fprintf(&b, "(%d,%d,%q,%s%q,%q)", e.From, e.To, e.FromLabel, dir, e.Label, e.ToLabel)
	}
	return b.String()
}

func checkCodeMatchesEdges(t *testing.T, name string, p Pattern, directed bool) {
	t.Helper()
	if len(p.Code) != len(p.Edges) {
		t.Fatalf("%s: %d code entries for %d edges", name, len(p.Code), len(p.Edges))
	}
	for i, c := range p.Code {
		e := p.Edges[i]
		want := Edge{c.From, c.To, c.Label}
		if c.Reverse {
			want = Edge{c.To, c.From, c.Label}
		}
		if e != want || p.Vertices[c.From] != c.FromLabel || p.Vertices[c.To] != c.ToLabel {
			t.Errorf("%s: edge %d = %v does not match code entry %+v", name, i, e, c)
		}
		if !directed && c.Reverse {
			t.Errorf("%s: undirected code entry %+v has Reverse set", name, c)
		}
	}
}

func TestMineMatchesBruteForce(t *testing.T) {
	specs := []struct {
		name string
		spec randSpec
	}{
		{"undirected", randSpec{graphs: 6, maxV: 6, maxE: 7, vlabels: []string{"a", "b"}, elabels: []string{"x", "y"}}},
		{"undirected-1label", randSpec{graphs: 5, maxV: 6, maxE: 7, vlabels: []string{"a"}, elabels: []string{"x"}}},
		{"undirected-parallel", randSpec{graphs: 6, maxV: 5, maxE: 7, vlabels: []string{"a", "b", "c"}, elabels: []string{"1", "2"}, parallel: 0.5}},
		{"directed", randSpec{graphs: 6, maxV: 6, maxE: 7, vlabels: []string{"a", "b"}, elabels: []string{"x", "y"}, directed: true}},
		{"directed-1label", randSpec{graphs: 5, maxV: 6, maxE: 7, vlabels: []string{"op"}, elabels: []string{"conv"}, directed: true}},
		{"undirected-big", randSpec{graphs: 5, maxV: 7, maxE: 9, vlabels: []string{"a", "b", "c"}, elabels: []string{"x"}}},
		{"directed-big", randSpec{graphs: 5, maxV: 7, maxE: 9, vlabels: []string{"a", "b"}, elabels: []string{"x", "y"}, directed: true}},
		{"directed-parallel", randSpec{graphs: 6, maxV: 5, maxE: 7, vlabels: []string{"in", "op"}, elabels: []string{"c", "s"}, parallel: 0.5, directed: true}},
	}
	seeds := 40
	if testing.Short() {
		seeds = 8
	}
	for _, sp := range specs {
		for seed := range seeds {
			rng := rand.New(rand.NewPCG(uint64(seed), 7))
			gs := randomGraphs(rng, sp.spec)
			minSup := 1 + rng.IntN(3)
			maxV := []int{0, 0, 2, 3, 4}[rng.IntN(5)]
			minV := []int{0, 0, 3}[rng.IntN(3)]
			if maxV > 0 && minV > maxV {
				minV = 0
			}
			opt := Options{Directed: sp.spec.directed, MinSupport: minSup, MaxVertices: maxV, MinVertices: minV, Workers: 1 + seed%2,
				noBitset: seed%3 == 0}
			checkAgainstOracle(t, fmt.Sprintf("%s/seed%d/sup%d/minV%d/maxV%d", sp.name, seed, minSup, minV, maxV), gs, opt)
		}
	}
}

func TestCanonicalKeyMatchesBruteForce(t *testing.T) {
	for _, directed := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(3, 4))
		spec := randSpec{graphs: 60, maxV: 5, maxE: 6, vlabels: []string{"a", "b"}, elabels: []string{"x", "y"}, parallel: 0.3, directed: directed}
		gs := randomGraphs(rng, spec)
		// Add relabelled copies so that isomorphic pairs occur.
		for _, g := range gs[:30] {
			perm := rng.Perm(len(g.Vertices))
			h := Graph{Vertices: make([]string, len(g.Vertices))}
			for v, l := range g.Vertices {
				h.Vertices[perm[v]] = l
			}
			for _, e := range g.Edges {
				h.Edges = append(h.Edges, Edge{perm[e.From], perm[e.To], e.Label})
			}
			gs = append(gs, h)
		}
		keys := make([]string, len(gs))
		bfs := make([]string, len(gs))
		for i, g := range gs {
			keys[i] = CanonicalKey(g.Vertices, g.Edges, directed)
			bfs[i] = bfCanon(g.Vertices, g.Edges, directed)
		}
		for i := range gs {
			for j := range gs {
				if (keys[i] == keys[j]) != (bfs[i] == bfs[j]) {
					t.Fatalf("directed=%v: graphs %d and %d: keys equal %v, brute force isomorphic %v\n%v\n%v",
						directed, i, j, keys[i] == keys[j], bfs[i] == bfs[j], gs[i], gs[j])
				}
			}
		}
	}
}

// TestCanonicalKeyPermutationInvariant renumbers large mined patterns
// (about a dozen vertices) at random and reorders their edges: the key must not
// change, and for the miner's own numbering it must equal the pattern's
// Code (the code the miner found minimal).
func TestCanonicalKeyPermutationInvariant(t *testing.T) {
	for _, directed := range []bool{false, true} {
		res, err := Mine(context.Background(), SyntheticMolecules(21, 30), Options{Directed: directed, MinSupport: 3, MaxPatterns: 3000, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		ps := res.Patterns
		maxV := 0
		for _, p := range ps {
			maxV = max(maxV, len(p.Vertices))
		}
		t.Logf("directed=%v: %d patterns, up to %d vertices", directed, len(ps), maxV)
		rng := rand.New(rand.NewPCG(8, 9))
		for i := 0; i < len(ps); i += 7 {
			p := ps[i]
			key := CanonicalKey(p.Vertices, p.Edges, directed)
			if key != testCodeString(p.Code, directed) {
				t.Fatalf("pattern %d: key %s differs from its code", i, key)
			}
			perm := rng.Perm(len(p.Vertices))
			vs := make([]string, len(p.Vertices))
			for v, l := range p.Vertices {
				vs[perm[v]] = l
			}
			var es []Edge
			for _, e := range p.Edges {
				f, to := perm[e.From], perm[e.To]
				if !directed && rng.IntN(2) == 0 {
					f, to = to, f
				}
				es = append(es, Edge{f, to, e.Label})
			}
			rng.Shuffle(len(es), func(a, b int) { es[a], es[b] = es[b], es[a] })
			if k := CanonicalKey(vs, es, directed); k != key {
				t.Fatalf("directed=%v pattern %d: key changed under renumbering:\n%s\n%s", directed, i, key, k)
			}
		}
	}
}
