package motif

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// fourEdgeCell returns a cell whose four edges carry the distinct labels
// a, b, c, d, so that the label set of a subgraph names its edge subset.
func fourEdgeCell(t testing.TB) CellGraph {
	t.Helper()
	g, err := NewCellGraph(0, "abcd", []string{"input1", "input2", "op", "op"}, []Edge{
		{From: 0, To: 2, Op: "a"}, {From: 1, To: 2, Op: "b"}, {From: 0, To: 3, Op: "c"}, {From: 2, To: 3, Op: "d"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestReferenceOriginalDistribution checks the reference code's rule
// against its distribution, computed by hand: for k = 3 important edges
// out of 4, the reference has m = randint(3) edges, so the empty graph has
// probability 1/3, each of the 4 single edges 1/3 · 1/4 = 1/12 and each
// of the 6 pairs 1/3 · 1/6 = 1/18; no reference has 3 edges.
func TestReferenceOriginalDistribution(t *testing.T) {
	g := fourEdgeCell(t)
	const draws = 36000
	counts := map[string]int{}
	rng := rand.New(rand.NewPCG(7, 8))
	for range draws {
		s := g.ReferenceSubgraph(3, ReferenceOriginal, rng)
		var ls []string
		for _, e := range s.Edges {
			ls = append(ls, e.Label)
		}
		slices.Sort(ls)
		counts[strings.Join(ls, "")]++
	}
	want := map[string]float64{"": 1.0 / 3}
	for _, one := range []string{"a", "b", "c", "d"} {
		want[one] = 1.0 / 12
	}
	for _, two := range []string{"ab", "ac", "ad", "bc", "bd", "cd"} {
		want[two] = 1.0 / 18
	}
	for k := range counts {
		if _, ok := want[k]; !ok {
			t.Fatalf("drew edge set %q (%d times), which the rule cannot draw", k, counts[k])
		}
	}
	chi := 0.0
	for k, p := range want {
		e := p * draws
		d := float64(counts[k]) - e
		chi += d * d / e
	}
	if p := (distuv.ChiSquared{K: float64(len(want) - 1)}).Survival(chi); p < 1e-5 {
		t.Errorf("chi-square %.1f (p = %.2g): counts %v do not follow the reference code's rule", chi, p, counts)
	}
}

func TestReferenceOriginalSmallK(t *testing.T) {
	g := fourEdgeCell(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100 {
		for _, k := range []int{0, 1} {
			if s := g.ReferenceSubgraph(k, ReferenceOriginal, rng); len(s.Edges) != 0 || len(s.Vertices) != 0 {
				t.Fatalf("k = %d: reference %+v, want the empty graph (randint(%d) = 0)", k, s, k)
			}
		}
		if s := g.ReferenceSubgraph(4, ReferenceOriginal, rng); len(s.Edges) > 3 {
			t.Fatalf("k = 4: %d edges, want at most 3", len(s.Edges))
		}
	}
}

// TestReferenceExactIsRandomSubgraph pins the default: ReferenceExact
// makes the same draws as RandomSubgraph, so default results are
// unchanged.
func TestReferenceExactIsRandomSubgraph(t *testing.T) {
	g := fourEdgeCell(t)
	for i := range 50 {
		a := g.ReferenceSubgraph(i%5, ReferenceExact, cellRNG(9, i))
		b := g.RandomSubgraph(i%5, cellRNG(9, i))
		if !slices.Equal(a.Vertices, b.Vertices) || !slices.Equal(a.Edges, b.Edges) {
			t.Fatalf("draw %d: %+v and %+v differ", i, a, b)
		}
	}
}

func TestParseReferenceRule(t *testing.T) {
	for s, want := range map[string]ReferenceRule{"exact": ReferenceExact, "": ReferenceExact, "Original": ReferenceOriginal} {
		if r, err := ParseReferenceRule(s); err != nil || r != want {
			t.Errorf("ParseReferenceRule(%q) = %v, %v; want %v", s, r, err, want)
		}
	}
	if _, err := ParseReferenceRule("randint"); err == nil || !strings.Contains(err.Error(), "want exact or original") {
		t.Errorf("ParseReferenceRule(randint): error %v", err)
	}
	if ReferenceOriginal.String() != "original" || ReferenceRule(4).String() != "ReferenceRule(4)" {
		t.Error("ReferenceRule.String")
	}
	opt := DefaultOptions()
	opt.Reference = 3
	if err := opt.Validate(); err == nil || !strings.Contains(err.Error(), "unknown reference rule 3") {
		t.Errorf("Validate with reference rule 3: %v", err)
	}
}

// handCells returns four cells whose motif statistics are computed by
// hand in TestRatiosByHand. Nodes are input1 (0), op (1), op (2).
//
//	cell 0: input1 -skip-> op -conv-> op, both edges important
//	cell 1: input1 -skip-> op, important
//	cell 2: input1 -conv-> op, important
//	cell 3: input1 -skip-> op -conv-> op, no edge important
func handCells(t *testing.T) []CellGraph {
	t.Helper()
	nodes := []string{"input1", "op", "op"}
	var cells []CellGraph
	for i, es := range [][]Edge{
		{{From: 0, To: 1, Op: "skip", OI: 1}, {From: 1, To: 2, Op: "conv", OI: 1}},
		{{From: 0, To: 1, Op: "skip", OI: 1}},
		{{From: 0, To: 1, Op: "conv", OI: 1}},
		{{From: 0, To: 1, Op: "skip", OI: 0}, {From: 1, To: 2, Op: "conv", OI: 0}},
	} {
		c, err := NewCellGraph(i, "", nodes, es)
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, c)
	}
	return cells
}

// motifKey names a motif of handCells by its edges: "skip", "conv" (op →
// op), "in-conv" (input1 → op) or "skip+conv".
func motifKey(m Motif) string {
	var ls []string
	for _, e := range m.Pattern.Edges {
		l := e.Label
		if l == "conv" && m.Pattern.Vertices[e.From] == "input1" {
			l = "in-conv"
		}
		ls = append(ls, l)
	}
	slices.Sort(ls)
	return strings.Join(ls, "+")
}

// TestRatiosByHand checks support, incidence, both ratios, the fractions
// and the two-vertex listing on handCells.
//
// Supports: skip in cells 0, 1 (2); conv (op → op) in cell 0 (1); in-conv
// in cell 2 (1); conv+skip in cell 0 (1). With exact references every
// cell's reference is its whole important subgraph (cells 0-2 have only
// important edges, cell 3 has none), so incidence = support, the paper's
// ratio is 1 and the smoothed one support/(support+1): 2/3 for skip and
// 1/2 for the others, which rank by size and then pattern text (in-conv's
// "v 0 input1" before conv's "v 0 op"). Fractions are of the 4 cells.
//
// With the reference code's rule, cells 1 and 2 (k = 1) and 3 (k = 0)
// get empty references and cell 0 (k = 2) at most one edge: in-conv and
// conv+skip are never seen (paper ratio +Inf, smoothed 1/(0+1) = 1), skip
// at most once (ratio 2 or +Inf).
func TestRatiosByHand(t *testing.T) {
	cells := handCells(t)
	opt := DefaultOptions()
	opt.Support = 1
	opt.Workers = 1
	r, err := Run(context.Background(), cells, opt)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		support, inc int
		smoothed     float64
	}
	wants := map[string]want{
		"skip": {2, 2, 2.0 / 3}, "conv": {1, 1, 0.5}, "in-conv": {1, 1, 0.5}, "conv+skip": {1, 1, 0.5},
	}
	var order []string
	for _, m := range r.Motifs {
		k := motifKey(m)
		order = append(order, k)
		w, ok := wants[k]
		if !ok {
			t.Fatalf("unexpected motif %s", m)
		}
		if m.Support != w.support || m.RefIncidence != w.inc || m.NormalisedSupport != w.smoothed || m.PaperRatio != 1 {
			t.Errorf("%s: support %d, incidence %d, smoothed %v, paper %v; want %d, %d, %v, 1",
				k, m.Support, m.RefIncidence, m.NormalisedSupport, m.PaperRatio, w.support, w.inc, w.smoothed)
		}
		if m.SupportFraction != float64(w.support)/4 || m.RefIncidenceFraction != float64(w.inc)/4 {
			t.Errorf("%s: fractions %v, %v; want %v, %v", k, m.SupportFraction, m.RefIncidenceFraction, float64(w.support)/4, float64(w.inc)/4)
		}
	}
	if want := []string{"skip", "in-conv", "conv", "conv+skip"}; !slices.Equal(order, want) {
		t.Errorf("rank order %v, want %v", order, want)
	}
	var single []string
	for _, m := range r.SingleEdge("conv") {
		single = append(single, motifKey(m))
	}
	if !slices.Equal(single, []string{"in-conv", "conv"}) {
		t.Errorf("SingleEdge(conv) = %v, want [in-conv conv]", single)
	}
	if s := r.SingleEdge("skip"); len(s) != 1 || motifKey(s[0]) != "skip" || !s[0].IsSingleEdge("") {
		t.Errorf("SingleEdge(skip) = %v", s)
	}
	if n := len(r.SingleEdge("")); n != 3 {
		t.Errorf("SingleEdge(\"\") lists %d motifs, want 3", n)
	}

	opt.Reference = ReferenceOriginal
	for seed := range uint64(20) {
		opt.Seed = seed
		r, err := Run(context.Background(), cells, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range r.Motifs {
			switch k := motifKey(m); k {
			case "in-conv", "conv+skip":
				if m.RefIncidence != 0 || !math.IsInf(m.PaperRatio, 1) || m.NormalisedSupport != 1 {
					t.Errorf("seed %d: %s: incidence %d, paper %v, smoothed %v; want 0, +Inf, 1", seed, k, m.RefIncidence, m.PaperRatio, m.NormalisedSupport)
				}
			case "skip":
				if m.RefIncidence > 1 || (m.RefIncidence == 1 && m.PaperRatio != 2) || (m.RefIncidence == 0 && !math.IsInf(m.PaperRatio, 1)) {
					t.Errorf("seed %d: skip: incidence %d, paper ratio %v", seed, m.RefIncidence, m.PaperRatio)
				}
			}
		}
		for i, ref := range r.Reference {
			if limit := []int{1, 0, 0, 0}[i]; len(ref.Edges) > limit {
				t.Errorf("seed %d: cell %d reference has %d edges, want at most %d", seed, i, len(ref.Edges), limit)
			}
		}
	}
}

// TestInducedReferenceByHand: one cell input1 -a→ op -b→ op plus input1
// -c→ (second op), all important, so the exact reference is the whole
// cell. The chain "a then b" is in it as a monomorphism (incidence 1) but
// not induced (the c edge joins two matched nodes: incidence 0); the
// single edge a is in it both ways.
func TestInducedReferenceByHand(t *testing.T) {
	c, err := NewCellGraph(0, "", []string{"input1", "op", "op"}, []Edge{
		{From: 0, To: 1, Op: "a", OI: 1}, {From: 1, To: 2, Op: "b", OI: 1}, {From: 0, To: 2, Op: "c", OI: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, induced := range []bool{false, true} {
		opt := DefaultOptions()
		opt.Support, opt.Workers, opt.InducedReference = 1, 1, induced
		r, err := Run(context.Background(), []CellGraph{c}, opt)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, m := range r.Motifs {
			var want int
			switch m.String() {
			case "v 0 input1 ; v 1 op ; v 2 op ; e 0 1 a ; e 1 2 b":
				want = 1
				if induced {
					want = 0
				}
			case "v 0 input1 ; v 1 op ; e 0 1 a":
				want = 1
			default:
				continue
			}
			seen++
			if m.Support != 1 || m.RefIncidence != want {
				t.Errorf("induced %v: %s: support %d, incidence %d; want 1, %d", induced, m, m.Support, m.RefIncidence, want)
			}
		}
		if seen != 2 {
			t.Errorf("induced %v: found %d of the 2 motifs checked in %v", induced, seen, r.Motifs)
		}
	}
}

func TestOriginalMinSupport(t *testing.T) {
	// By hand: 0.05·2589 = 129.45 → 129; 0.05·30 = 1.5 → 2 (half to even);
	// 0.05·50 = 2.5 → 2; 0.05·561 = 28.05 → 28.
	for _, tc := range []struct{ n, want int }{{2589, 129}, {30, 2}, {50, 2}, {561, 28}} {
		if got := OriginalMinSupport(0.05, tc.n); got != tc.want {
			t.Errorf("OriginalMinSupport(0.05, %d) = %d, want %d", tc.n, got, tc.want)
		}
	}
	// nasred's floor differs where the fraction's part is >= 0.5.
	if got := (Options{Support: 0.05}).MinSupport(30); got != 1 {
		t.Errorf("nasred's min support of 30 cells: %d, want floor(1.5) = 1", got)
	}
}

// FuzzParseReferenceRule: whatever parses names a known rule whose name
// parses back to it.
func FuzzParseReferenceRule(f *testing.F) {
	for _, s := range []string{"exact", "original", "", "Exact ", "randint"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReferenceRule(s)
		if err != nil {
			return
		}
		if r != ReferenceExact && r != ReferenceOriginal {
			t.Fatalf("ParseReferenceRule(%q) = %d", s, int(r))
		}
		if back, err := ParseReferenceRule(r.String()); err != nil || back != r {
			t.Fatalf("%q: %v does not round-trip: %v, %v", s, r, back, err)
		}
	})
}
