package gspan

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// g builds a graph from "u v label" edge triples.
func g(id int, vertices string, edges ...Edge) Graph {
	return Graph{ID: id, Vertices: strings.Fields(vertices), Edges: edges}
}

func e(u, v int, l string) Edge { return Edge{u, v, l} }

// patternSet maps brute-force canonical forms to supports.
func patternSet(ps []Pattern, directed bool) map[string]int {
	m := map[string]int{}
	for _, p := range ps {
		m[bfCanon(p.Vertices, p.Edges, directed)] = p.Support
	}
	return m
}

func has(t *testing.T, ps []Pattern, directed bool, vertices string, support int, edges ...Edge) {
	t.Helper()
	want := bfCanon(strings.Fields(vertices), edges, directed)
	for _, p := range ps {
		if bfCanon(p.Vertices, p.Edges, directed) == want {
			if p.Support != support {
				t.Errorf("pattern %s %v: support %d, want %d", vertices, edges, p.Support, support)
			}
			return
		}
	}
	t.Errorf("pattern %s %v (support %d) not found", vertices, edges, support)
}

func mine(t *testing.T, gs []Graph, opt Options) []Pattern {
	t.Helper()
	res, err := Mine(context.Background(), gs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete {
		t.Fatalf("incomplete: %s", res.Reason)
	}
	return res.Patterns
}

// hasInDegree2 reports whether some vertex of p has two incoming edges.
func hasInDegree2(p Pattern) bool {
	in := make([]int, len(p.Vertices))
	for _, e := range p.Edges {
		in[e.To]++
		if in[e.To] >= 2 {
			return true
		}
	}
	return false
}

func TestJoin(t *testing.T) {
	// a -> c <- b in both graphs; the second also has c -> d.
	gs := []Graph{
		g(0, "a b c", e(0, 2, "x"), e(1, 2, "x")),
		g(1, "c a b d", e(1, 0, "x"), e(2, 0, "x"), e(0, 3, "y")),
	}
	ps := mine(t, gs, Options{Directed: true, MinSupport: 2})
	if len(ps) != 3 {
		t.Errorf("got %d patterns, want 3 (a->c, b->c, a->c<-b)", len(ps))
	}
	has(t, ps, true, "a b c", 2, e(0, 2, "x"), e(1, 2, "x"))
	joins := 0
	for _, p := range ps {
		if hasInDegree2(p) {
			joins++
		}
	}
	if joins != 1 {
		t.Errorf("%d patterns with an in-degree-2 vertex, want 1", joins)
	}
	// Reversed edges are a different directed pattern (a fork), absent here.
	for _, p := range ps {
		if bfCanon(p.Vertices, p.Edges, true) == bfCanon([]string{"a", "b", "c"}, []Edge{e(2, 0, "x"), e(2, 1, "x")}, true) {
			t.Error("fork c->a, c->b reported though no graph has it")
		}
	}
	// Undirected, the join and the fork are the same pattern.
	ups := mine(t, gs, Options{MinSupport: 2})
	has(t, ups, false, "a b c", 2, e(2, 0, "x"), e(2, 1, "x"))
}

func TestResidualTriangle(t *testing.T) {
	gs := []Graph{g(7, "a b c", e(0, 1, "conv"), e(1, 2, "conv"), e(0, 2, "skip"))}
	ps := mine(t, gs, Options{Directed: true, MinSupport: 1})
	// 3 single edges, path a->b->c, fork a->b,a->c, join a->c<-b, triangle.
	if len(ps) != 7 {
		t.Errorf("got %d patterns, want 7", len(ps))
	}
	has(t, ps, true, "a b c", 1, e(0, 1, "conv"), e(1, 2, "conv"), e(0, 2, "skip"))
	has(t, ps, true, "a b c", 1, e(0, 2, "skip"), e(1, 2, "conv"))
	has(t, ps, true, "a b c", 1, e(0, 1, "conv"), e(0, 2, "skip"))
	for _, p := range ps {
		if !slices.Equal(p.GraphIDs, []int{7}) {
			t.Errorf("pattern %v: graph ids %v, want [7]", p.Edges, p.GraphIDs)
		}
	}
	// A cell-like graph: in1, in2 -> op -> op with a skip; the join at the
	// first op node must be found at MaxVertices 3.
	cell := g(0, "input1 input2 op op", e(0, 2, "conv3"), e(1, 2, "conv1"), e(2, 3, "conv3"), e(0, 3, "skip"))
	ps = mine(t, []Graph{cell, {ID: 1, Vertices: cell.Vertices, Edges: cell.Edges}}, Options{Directed: true, MinSupport: 2, MaxVertices: 3})
	has(t, ps, true, "input1 input2 op", 2, e(0, 2, "conv3"), e(1, 2, "conv1"))
	has(t, ps, true, "input1 op op", 2, e(0, 1, "conv3"), e(1, 2, "conv3"), e(0, 2, "skip"))
	for _, p := range ps {
		if len(p.Vertices) > 3 {
			t.Errorf("pattern with %d vertices above MaxVertices 3", len(p.Vertices))
		}
	}
}

func TestParallelLabels(t *testing.T) {
	// Undirected double bond with two labels, and a directed 2-cycle.
	ps := mine(t, []Graph{g(0, "a b", e(0, 1, "x"), e(1, 0, "y"))}, Options{MinSupport: 1})
	if len(ps) != 3 {
		t.Errorf("undirected parallel edges: %d patterns, want 3", len(ps))
	}
	has(t, ps, false, "a b", 1, e(0, 1, "x"), e(0, 1, "y"))
	ps = mine(t, []Graph{g(0, "a a", e(0, 1, "x"), e(1, 0, "x"))}, Options{Directed: true, MinSupport: 1})
	// a->a and the 2-cycle.
	if len(ps) != 2 {
		t.Errorf("directed 2-cycle: %d patterns, want 2", len(ps))
	}
	has(t, ps, true, "a a", 1, e(0, 1, "x"), e(1, 0, "x"))
	// Same labels on different vertex pairs: support counts graphs, not
	// embeddings.
	ps = mine(t, []Graph{
		g(0, "a b a b", e(0, 1, "x"), e(2, 3, "x"), e(1, 2, "x")),
		g(1, "a b", e(0, 1, "x")),
	}, Options{MinSupport: 2})
	if len(ps) != 1 || ps[0].Support != 2 || !slices.Equal(ps[0].GraphIDs, []int{0, 1}) {
		t.Errorf("got %+v, want one pattern a-b with support 2 in graphs [0 1]", ps)
	}
}

func TestSelfSimilar(t *testing.T) {
	// A ring of six identical atoms and bonds: paths of 1..5 edges and the
	// ring itself, each once.
	ring := Graph{ID: 0, Vertices: strings.Fields("C C C C C C")}
	for i := range 6 {
		ring.Edges = append(ring.Edges, e(i, (i+1)%6, "1"))
	}
	for _, directed := range []bool{false, true} {
		ps := mine(t, []Graph{ring}, Options{Directed: directed, MinSupport: 1})
		if len(ps) != 6 {
			t.Errorf("directed=%v: ring gives %d patterns, want 6", directed, len(ps))
		}
		has(t, ps, directed, "C C C C C C", 1, ring.Edges...)
	}
	// A complete graph K4 of identical labels: every connected subgraph
	// up to isomorphism (6 undirected patterns with edges 1..6: K2, P3,
	// P4, star, triangle, triangle+pendant, C4, diamond, K4 = 9).
	k4 := Graph{ID: 0, Vertices: strings.Fields("x x x x")}
	for i := range 4 {
		for j := i + 1; j < 4; j++ {
			k4.Edges = append(k4.Edges, e(i, j, "-"))
		}
	}
	ps := mine(t, []Graph{k4}, Options{MinSupport: 1})
	if len(ps) != 9 {
		t.Errorf("K4 gives %d patterns, want 9", len(ps))
	}
}

func TestSingleEdgeGraphs(t *testing.T) {
	gs := []Graph{
		g(3, "a b", e(0, 1, "x")),
		g(1, "b a", e(1, 0, "x")),
		g(2, "b a", e(0, 1, "x")),
	}
	ps := mine(t, gs, Options{MinSupport: 3})
	if len(ps) != 1 || ps[0].Support != 3 || !slices.Equal(ps[0].GraphIDs, []int{1, 2, 3}) {
		t.Errorf("undirected: got %+v, want a-b in graphs [1 2 3]", ps)
	}
	ps = mine(t, gs, Options{Directed: true, MinSupport: 1})
	got := patternSet(ps, true)
	want := map[string]int{
		bfCanon([]string{"a", "b"}, []Edge{e(0, 1, "x")}, true): 2,
		bfCanon([]string{"a", "b"}, []Edge{e(1, 0, "x")}, true): 1,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("directed: got %v, want %v", got, want)
	}
	// A graph without edges contributes nothing.
	ps = mine(t, []Graph{{ID: 0, Vertices: []string{"a"}}}, Options{MinSupport: 1})
	if len(ps) != 0 {
		t.Errorf("edgeless graph: %d patterns", len(ps))
	}
}

func TestMinVertices(t *testing.T) {
	gs := SyntheticMolecules(5, 20)
	all := mine(t, gs, Options{MinSupport: 6})
	big := mine(t, gs, Options{MinSupport: 6, MinVertices: 4})
	var want []Pattern
	for _, p := range all {
		if len(p.Vertices) >= 4 {
			want = append(want, p)
		}
	}
	if !reflect.DeepEqual(big, want) {
		t.Errorf("MinVertices 4: %d patterns, want the %d of %d with >= 4 vertices", len(big), len(want), len(all))
	}
}

func TestWorkersDeterministic(t *testing.T) {
	gs := SyntheticMolecules(9, 60)
	for _, directed := range []bool{false, true} {
		one := mine(t, gs, Options{Directed: directed, MinSupport: 6, Workers: 1})
		for _, w := range []int{2, 5, 16} {
			many := mine(t, gs, Options{Directed: directed, MinSupport: 6, Workers: w})
			if !reflect.DeepEqual(one, many) {
				t.Fatalf("directed=%v: Workers=%d differs from Workers=1 (%d vs %d patterns)", directed, w, len(many), len(one))
			}
		}
		// A tiny output buffer makes workers wait for each other.
		for _, limit := range []int{1, 3} {
			many := mine(t, gs, Options{Directed: directed, MinSupport: 6, Workers: 4, bufferLimit: limit})
			if !reflect.DeepEqual(one, many) {
				t.Fatalf("directed=%v: buffer limit %d changes the output", directed, limit)
			}
		}
		// Output order: each pattern's code is larger than the previous
		// one's within a branch, and a pattern precedes its extensions.
		for i := 1; i < len(one); i++ {
			if len(one[i].Code) == 1 && cmpCodes(one[i-1].Code[:1], one[i].Code) >= 0 {
				t.Fatalf("first-level branches out of order at %d", i)
			}
		}
	}
}

func cmpCodes(a, b []DFSEdge) int {
	for i := range min(len(a), len(b)) {
		x, y := a[i], b[i]
		if c := compareLabels(x.FromLabel, y.FromLabel); c != 0 {
			return c
		}
		if c := compareLabels(x.Label, y.Label); c != 0 {
			return c
		}
		if x.Reverse != y.Reverse {
			if !x.Reverse {
				return -1
			}
			return 1
		}
		if c := compareLabels(x.ToLabel, y.ToLabel); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func TestBudgets(t *testing.T) {
	gs := SyntheticMolecules(4, 40)
	full := mine(t, gs, Options{MinSupport: 4, Workers: 1})
	if len(full) < 50 {
		t.Fatalf("only %d patterns", len(full))
	}
	res, err := Mine(context.Background(), gs, Options{MinSupport: 4, Workers: 1, MaxPatterns: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.Complete || res.Reason != ReasonMaxPatterns || !reflect.DeepEqual(res.Patterns, full[:20]) {
		t.Errorf("MaxPatterns 20: complete=%v reason=%q, %d patterns; want the first 20 of a full run",
			res.Complete, res.Reason, len(res.Patterns))
	}
	res, err = Mine(context.Background(), gs, Options{MinSupport: 4, Workers: 2, MaxPatterns: 20})
	if err != nil || len(res.Patterns) != 20 || res.Complete {
		t.Errorf("MaxPatterns 20 with 2 workers: %d patterns, complete %v, err %v", len(res.Patterns), res.Complete, err)
	}
	res, err = Mine(context.Background(), gs, Options{MinSupport: 4, Deadline: time.Now().Add(-time.Second)})
	if err != nil || res.Complete || res.Reason != ReasonDeadline {
		t.Errorf("past deadline: complete=%v reason=%q err=%v", res.Complete, res.Reason, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = Mine(ctx, gs, Options{MinSupport: 4})
	if !errors.Is(err, context.Canceled) || res.Complete || res.Reason != ReasonCancelled {
		t.Errorf("cancelled: complete=%v reason=%q err=%v", res.Complete, res.Reason, err)
	}
	// Cancelling from the callback stops the search and returns ctx.Err().
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n := 0
	res, err = Mine(ctx, gs, Options{MinSupport: 4, Workers: 1, OnPattern: func(Pattern) error {
		n++
		cancel()
		return nil
	}})
	if !errors.Is(err, context.Canceled) || res.Complete || len(res.Patterns) >= len(full) {
		t.Errorf("cancel in callback: %d patterns of %d, err=%v", len(res.Patterns), len(full), err)
	}
}

func TestOnPattern(t *testing.T) {
	gs := SyntheticMolecules(4, 40)
	var got []Pattern
	res, err := Mine(context.Background(), gs, Options{MinSupport: 4, OnPattern: func(p Pattern) error {
		got = append(got, p)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, res.Patterns) {
		t.Errorf("OnPattern saw %d patterns, result has %d (or order differs)", len(got), len(res.Patterns))
	}
	// Streaming without keeping the patterns.
	var streamed bytes.Buffer
	pw := NewPatternWriter(&streamed)
	res2, err := Mine(context.Background(), gs, Options{MinSupport: 4, Workers: 3, DiscardPatterns: true, OnPattern: pw.Write})
	if err != nil || pw.Flush() != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := WritePatterns(&whole, res.Patterns); err != nil {
		t.Fatal(err)
	}
	if len(res2.Patterns) != 0 || !bytes.Equal(streamed.Bytes(), whole.Bytes()) {
		t.Errorf("DiscardPatterns kept %d patterns, or the streamed output differs", len(res2.Patterns))
	}
	boom := errors.New("boom")
	res, err = Mine(context.Background(), gs, Options{MinSupport: 4, OnPattern: func(Pattern) error { return boom }})
	if !errors.Is(err, boom) || res.Complete || res.Reason != ReasonCallback {
		t.Errorf("callback error: err=%v complete=%v reason=%q", err, res.Complete, res.Reason)
	}
	var calls atomicCounter
	_, err = Mine(context.Background(), SyntheticMolecules(1, 100), Options{MinSupport: 8, ProgressEvery: time.Millisecond,
		Progress: func(p Progress) {
			calls.add()
			if p.Branches == 0 || p.BranchesDone > p.Branches || p.Workers < 1 {
				t.Errorf("implausible progress %+v", p)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	n := calls.get()
	time.Sleep(20 * time.Millisecond)
	if calls.get() != n {
		t.Error("Progress called after Mine returned")
	}
	t.Logf("%d progress calls", n)
}

type atomicCounter struct {
	mu sync.Mutex
	n  int
}

func (c *atomicCounter) add() { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *atomicCounter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func TestMineErrors(t *testing.T) {
	ok := []Graph{g(0, "a b", e(0, 1, "x"))}
	cases := []struct {
		name string
		gs   []Graph
		opt  Options
		want string
	}{
		{"support", ok, Options{}, "MinSupport 0"},
		{"negative min vertices", ok, Options{MinSupport: 1, MinVertices: -1}, "MinVertices -1"},
		{"max vertices 1", ok, Options{MinSupport: 1, MaxVertices: 1}, "MaxVertices 1"},
		{"min above max", ok, Options{MinSupport: 1, MinVertices: 4, MaxVertices: 3}, "exceeds MaxVertices"},
		{"budget", ok, Options{MinSupport: 1, MaxPatterns: -1}, "MaxPatterns -1"},
		{"workers", ok, Options{MinSupport: 1, Workers: -2}, "Workers -2"},
		{"self-loop", []Graph{g(0, "a", e(0, 0, "x"))}, Options{MinSupport: 1}, "self-loop"},
		{"range", []Graph{g(0, "a b", e(0, 2, "x"))}, Options{MinSupport: 1}, "outside vertices"},
		{"duplicate id", []Graph{g(4, "a b", e(0, 1, "x")), g(4, "a b", e(0, 1, "x"))}, Options{MinSupport: 1}, "same ID 4"},
	}
	for _, c := range cases {
		_, err := Mine(context.Background(), c.gs, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestSupport(t *testing.T) {
	for _, c := range []struct {
		frac float64
		n    int
		want int
	}{
		{0.2, 422, 84}, {0.1, 422, 42}, {0.3, 422, 126}, {0.5, 422, 211}, {0.06, 422, 25},
		{0.29, 100, 29}, {0.07, 100, 7}, {0.001, 100, 1}, {1, 5, 5}, {0, 5, 1}, {2, 5, 5},
	} {
		if got := SupportFromFraction(c.frac, c.n); got != c.want {
			t.Errorf("SupportFromFraction(%v, %d) = %d, want %d", c.frac, c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		s    string
		n    int
		want int
		err  string
	}{
		{"5", 100, 5, ""}, {"0.05", 100, 5, ""}, {"1.0", 7, 7, ""}, {".5", 10, 5, ""}, {"1", 100, 1, ""},
		{"0", 100, 0, "fraction must be in (0, 1]"}, {"-3", 10, 0, "fraction"}, {"1.5", 10, 0, "fraction"},
		{"abc", 10, 0, "expected a count"}, {"NaN", 10, 0, "expected a count"}, {"2.5e0", 10, 0, "fraction"},
		{"1e3", 10, 0, "fraction"}, {"", 10, 0, "expected a count"}, {"3x", 10, 0, "expected"},
	} {
		got, err := ParseSupport(c.s, c.n)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseSupport(%q) = %d, %v; want error %q", c.s, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseSupport(%q, %d) = %d, %v; want %d", c.s, c.n, got, err, c.want)
		}
	}
}

func TestCompareLabels(t *testing.T) {
	in := []string{"b", "10", "a", "-3", "9", "007", "7", "x1", "+8"}
	slices.SortFunc(in, compareLabels)
	want := []string{"-3", "007", "7", "+8", "9", "10", "a", "b", "x1"}
	if !slices.Equal(in, want) {
		t.Errorf("sorted %v, want %v", in, want)
	}
}
