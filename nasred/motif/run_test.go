package motif

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/gspan"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// syntheticCells returns n random NB201 cells whose edges 0→3 and 2→3 are
// important with probability 0.7 and the others with probability 0.2, and
// carry skip_connect and a convolution, so that joins into the output are
// frequent.
func syntheticCells(t testing.TB, n int, seed uint64) []CellGraph {
	rng := rand.New(rand.NewPCG(seed, 1))
	cells := make([]CellGraph, n)
	for i := range cells {
		var c nb201.Cell
		oi := make([]float64, nb201.NumEdges)
		for k := range c {
			c[k] = nb201.Op(1 + rng.IntN(nb201.NumOps-1)) // no none
			switch k {
			case 3:
				c[k] = nb201.SkipConnect
			case 5:
				c[k] = nb201.NorConv3x3 - nb201.Op(rng.IntN(2))
			}
			p := 0.2
			if k == 3 || k == 5 {
				p = 0.7
			}
			switch r := rng.Float64(); {
			case r < p:
				oi[k] = 0.001 + 0.01*rng.Float64()
			case r < p+0.1:
				oi[k] = -0.001 - 0.01*rng.Float64()
			default:
				oi[k] = 0.0009 * (2*rng.Float64() - 1)
			}
		}
		var err error
		if cells[i], err = NB201Cell(i, c, oi); err != nil {
			t.Fatal(err)
		}
	}
	return cells
}

func TestRunAgainstOracles(t *testing.T) {
	cells := syntheticCells(t, 120, 1)
	opt := DefaultOptions()
	opt.Support = 0.1
	var stages []string
	opt.Progress = func(p Progress) {
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
	}
	r, err := Run(context.Background(), cells, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stages, []string{"threshold", "mine", "reference", "rank"}) {
		t.Errorf("progress stages %v", stages)
	}
	if !r.Complete || r.MinSupport != 12 || len(r.Motifs) == 0 {
		t.Fatalf("report: complete %v, min support %d, %d motifs", r.Complete, r.MinSupport, len(r.Motifs))
	}
	for i, m := range r.Motifs {
		p := gspan.Graph{Vertices: m.Pattern.Vertices, Edges: m.Pattern.Edges}
		sup, ref := 0, 0
		for j := range cells {
			if bruteContains(r.Important[j], p) {
				sup++
			}
			if bruteContains(r.Reference[j], p) {
				ref++
			}
		}
		if m.Support != sup || m.RefIncidence != ref {
			t.Errorf("motif %s: support %d, reference %d; brute force %d, %d", m, m.Support, m.RefIncidence, sup, ref)
		}
		if want := float64(sup) / (float64(ref) + 1); math.Abs(m.NormalisedSupport-want) > 1e-12 {
			t.Errorf("motif %s: normalised support %v, want %v", m, m.NormalisedSupport, want)
		}
		if m.Rank != i+1 || (i > 0 && r.Motifs[i-1].NormalisedSupport < m.NormalisedSupport) {
			t.Errorf("motif %d has rank %d or is out of order", i, m.Rank)
		}
		if n := len(m.Pattern.Vertices); n < 2 || n > 6 || sup < r.MinSupport {
			t.Errorf("motif %s: %d vertices, support %d, outside the options", m, n, sup)
		}
	}
	// Every single-edge pattern frequent by direct count must be reported.
	edgeCount := map[string]int{}
	for _, g := range r.Important {
		seen := map[string]bool{}
		for _, e := range g.Edges {
			k := FormatPattern([]string{g.Vertices[e.From], g.Vertices[e.To]}, []gspan.Edge{{From: 0, To: 1, Label: e.Label}})
			if !seen[k] {
				seen[k] = true
				edgeCount[k]++
			}
		}
	}
	found := map[string]int{}
	for _, m := range r.Motifs {
		if len(m.Pattern.Edges) == 1 {
			found[FormatPattern(m.Pattern.Vertices, []gspan.Edge{{From: 0, To: 1, Label: m.Pattern.Edges[0].Label}})] = m.Support
			if m.Pattern.Edges[0].From != 0 {
				// Normalise orientation for the lookup.
				e := m.Pattern.Edges[0]
				found[FormatPattern([]string{m.Pattern.Vertices[e.From], m.Pattern.Vertices[e.To]}, []gspan.Edge{{From: 0, To: 1, Label: e.Label}})] = m.Support
			}
		}
	}
	for k, n := range edgeCount {
		if n >= r.MinSupport && found[k] != n {
			t.Errorf("single edge %s in %d cells: reported support %d", k, n, found[k])
		}
	}
	if len(r.Missed()) == 0 {
		t.Error("no motif with a join among frequent motifs of cells built to have joins")
	}
	for _, m := range r.Missed() {
		if MaxInDegree(len(m.Pattern.Vertices), m.Pattern.Edges) < 2 {
			t.Errorf("Missed returned %s", m)
		}
	}
}

func TestRunReproducible(t *testing.T) {
	cells := syntheticCells(t, 60, 2)
	opt := DefaultOptions()
	opt.Support = 0.1
	csvOf := func(o Options) string {
		r, err := Run(context.Background(), cells, o)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a := csvOf(opt)
	opt.Workers = 1
	if b := csvOf(opt); a != b {
		t.Error("report depends on the number of workers")
	}
	opt.Seed = 99
	if b := csvOf(opt); a == b {
		t.Error("report does not depend on the seed")
	}
}

func TestRunInfiniteRatio(t *testing.T) {
	// Two identical cells with one important edge that the reference can
	// still contain; with 0 smoothing a motif absent from the reference
	// gets +Inf and ranks first.
	cells := syntheticCells(t, 40, 3)
	opt := DefaultOptions()
	opt.Support = 0.1
	opt.Smoothing = 0
	r, err := Run(context.Background(), cells, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range r.Motifs {
		if m.RefIncidence == 0 && !math.IsInf(m.NormalisedSupport, 1) {
			t.Errorf("motif %s: incidence 0, normalised %v", m, m.NormalisedSupport)
		}
		if i > 0 && math.IsInf(m.NormalisedSupport, 1) && !math.IsInf(r.Motifs[i-1].NormalisedSupport, 1) {
			t.Errorf("infinite ratio ranked after a finite one")
		}
	}
}

func TestRunBadOptions(t *testing.T) {
	cells := syntheticCells(t, 5, 4)
	tests := []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"NaN threshold", func(o *Options) { o.Threshold = math.NaN() }, "threshold"},
		{"negative threshold", func(o *Options) { o.Threshold = -1 }, "threshold"},
		{"zero support", func(o *Options) { o.Support = 0 }, "support"},
		{"fractional count", func(o *Options) { o.Support = 2.5 }, "whole number"},
		{"max below min", func(o *Options) { o.MinVertices, o.MaxVertices = 4, 3 }, "below min"},
		{"direction", func(o *Options) { o.Direction = 7 }, "direction"},
		{"smoothing", func(o *Options) { o.Smoothing = -1 }, "smoothing"},
	}
	for _, tc := range tests {
		opt := DefaultOptions()
		tc.edit(&opt)
		_, err := Run(context.Background(), cells, opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := Run(context.Background(), nil, DefaultOptions()); err == nil {
		t.Error("Run accepted no cells")
	}
	dup := []CellGraph{cells[0], cells[0]}
	if _, err := Run(context.Background(), dup, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "same ID") {
		t.Errorf("duplicate IDs: error %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, syntheticCells(t, 50, 5), DefaultOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: error %v, want context.Canceled", err)
	}
}

// TestRunDARTS runs the analysis on synthetic DARTS normal cells in which
// node 2 usually takes skip connections from both inputs (the paper's
// "skip from both inputs" motif): the miner must report that join.
func TestRunDARTS(t *testing.T) {
	ops := []string{"max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"}
	rng := rand.New(rand.NewPCG(9, 9))
	var cells []CellGraph
	for i := range 100 {
		var in [8]int
		var op [8]string
		oi := make([]float64, 8)
		for k := range 8 {
			to := k/2 + 2
			in[k] = rng.IntN(to)
			if k%2 == 1 && in[k] == in[k-1] {
				in[k] = (in[k] + 1) % to
			}
			op[k] = ops[rng.IntN(len(ops))]
			if rng.IntN(4) == 0 {
				oi[k] = 0.002
			}
		}
		if rng.IntN(3) > 0 {
			in[0], in[1], op[0], op[1], oi[0], oi[1] = 0, 1, "skip_connect", "skip_connect", 0.005, 0.005
		}
		g, err := DARTSCell(i, "normal", in, op, oi)
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, g)
	}
	r, err := Run(context.Background(), cells, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := FormatPattern([]string{"input1", "input2", "op"}, []gspan.Edge{ed(0, 2, "skip_connect"), ed(1, 2, "skip_connect")})
	for _, m := range r.Motifs {
		if len(m.Pattern.Edges) != 2 || m.MaxInDegree != 2 {
			continue
		}
		ok, _ := Contains(gspan.Graph{Vertices: []string{"input1", "input2", "op"}, Edges: []gspan.Edge{ed(0, 2, "skip_connect"), ed(1, 2, "skip_connect")}},
			gspan.Graph{Vertices: m.Pattern.Vertices, Edges: m.Pattern.Edges})
		if ok {
			t.Logf("found %s (rank %d, support %d, reference %d)", m, m.Rank, m.Support, m.RefIncidence)
			if m.Support < 50 {
				t.Errorf("support %d, want >= 50 (about 2/3 of 100 cells)", m.Support)
			}
			return
		}
	}
	t.Errorf("motif %s not reported", want)
}
