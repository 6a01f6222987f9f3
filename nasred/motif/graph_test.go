package motif

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/gspan"
	"github.com/nasred/nasred/nasred/space/nb201"
)

func TestNB201CellImportant(t *testing.T) {
	c := nb201.MustParse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|avg_pool_3x3~2|")
	// Edge order (0→1), (0→2), (1→2), (0→3), (1→3), (2→3).
	oi := []float64{0.02, 0.0005, -0.003, 0.001, -0.0009, 0.0011}
	g, err := NB201Cell(7, c, oi)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		t     float64
		d     Direction
		verts []string
		edges []gspan.Edge
	}{
		// Kept: 0→1 conv3, 0→3 skip, 2→3 avg; all four nodes touched.
		{0.001, Positive, []string{"input", "op", "op", "output"}, []gspan.Edge{ed(0, 1, "nor_conv_3x3"), ed(0, 3, "skip_connect"), ed(2, 3, "avg_pool_3x3")}},
		// Kept: 0→1 only; nodes 0 and 1.
		{0.005, Positive, []string{"input", "op"}, []gspan.Edge{ed(0, 1, "nor_conv_3x3")}},
		// Negative at 0.001: 1→2 skip (-0.003) only; nodes 1, 2 renumbered 0, 1.
		{0.001, Negative, []string{"op", "op"}, []gspan.Edge{ed(0, 1, "skip_connect")}},
		// Negative at 0.0005: 1→2 and 1→3.
		{0.0005, Negative, []string{"op", "op", "output"}, []gspan.Edge{ed(0, 1, "skip_connect"), ed(0, 2, "nor_conv_1x1")}},
		{1, Positive, nil, nil},
	}
	for _, tc := range tests {
		got := g.Important(tc.t, tc.d)
		if got.ID != 7 || !slices.Equal(got.Vertices, tc.verts) || !slices.Equal(got.Edges, tc.edges) {
			t.Errorf("Important(%v, %v) = %+v, want vertices %v edges %v", tc.t, tc.d, got, tc.verts, tc.edges)
		}
		if n := g.NumImportant(tc.t, tc.d); n != len(tc.edges) {
			t.Errorf("NumImportant(%v, %v) = %d, want %d", tc.t, tc.d, n, len(tc.edges))
		}
	}
	if g.Name != c.String() || g.Edges[1].Op != "none" {
		t.Errorf("cell graph %+v: name or none edge wrong", g)
	}
}

func TestCellGraphBadInput(t *testing.T) {
	c := nb201.MustParse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|avg_pool_3x3~2|")
	tests := []struct {
		name string
		f    func() error
		want string
	}{
		{"NaN OI", func() error { _, err := NB201Cell(1, c, []float64{0, math.NaN(), 0, 0, 0, 0}); return err }, "OI NaN"},
		{"short OI", func() error { _, err := NB201Cell(1, c, []float64{0, 0}); return err }, "2 OI values"},
		{"bad op", func() error { _, err := NB201Cell(1, nb201.Cell{9}, make([]float64, 6)); return err }, "cell 1"},
		{"edge out of range", func() error {
			_, err := NewCellGraph(1, "x", []string{"a"}, []Edge{{From: 0, To: 1, Op: "o"}})
			return err
		}, "outside nodes"},
		{"label with space", func() error { _, err := NewCellGraph(1, "x", []string{"a b"}, nil); return err }, "single token"},
		{"op with semicolon", func() error {
			_, err := NewCellGraph(1, "x", []string{"a", "b"}, []Edge{{From: 0, To: 1, Op: "o;p"}})
			return err
		}, "single token"},
		{"self-loop", func() error {
			_, err := NewCellGraph(1, "x", []string{"a"}, []Edge{{From: 0, To: 0, Op: "o"}})
			return err
		}, "self-loop"},
		{"DARTS wiring", func() error {
			_, err := DARTSCell(1, "x", [8]int{0, 1, 0, 3, 0, 1, 0, 1}, [8]string{"a", "a", "a", "a", "a", "a", "a", "a"}, make([]float64, 8))
			return err
		}, "comes from node 3"},
	}
	for _, tc := range tests {
		err := tc.f()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestDARTSCell(t *testing.T) {
	ops := [8]string{"skip_connect", "skip_connect", "sep_conv_3x3", "sep_conv_3x3", "max_pool_3x3", "dil_conv_3x3", "sep_conv_5x5", "skip_connect"}
	g, err := DARTSCell(3, "normal", [8]int{0, 1, 0, 2, 1, 3, 2, 4}, ops, []float64{0.01, 0.01, 0, 0.002, 0, 0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	imp := g.Important(0.001, Positive)
	want := gspan.Graph{ID: 3, Vertices: []string{"input1", "input2", "op", "op"},
		Edges: []gspan.Edge{ed(0, 2, "skip_connect"), ed(1, 2, "skip_connect"), ed(2, 3, "sep_conv_3x3")}}
	if !slices.Equal(imp.Vertices, want.Vertices) || !slices.Equal(imp.Edges, want.Edges) {
		t.Errorf("Important = %+v, want %+v", imp, want)
	}
}

// TestRandomSubgraphUniform checks that every k-subset of edges is drawn
// about equally often, that the edges are the cell's, and that the draw is
// reproducible from the seed.
func TestRandomSubgraphUniform(t *testing.T) {
	var edges []Edge
	for k, e := range nb201.Edges() {
		edges = append(edges, Edge{From: e.From, To: e.To, Op: string(rune('a' + k))})
	}
	g, err := NewCellGraph(0, "abcdef", []string{"n0", "n1", "n2", "n3"}, edges)
	if err != nil {
		t.Fatal(err)
	}
	// All six edge labels are distinct, so the label set identifies the subset.
	const k, draws = 3, 20000
	counts := map[string]int{}
	rng := rand.New(rand.NewPCG(5, 6))
	for range draws {
		s := g.RandomSubgraph(k, rng)
		if len(s.Edges) != k {
			t.Fatalf("%d edges, want %d", len(s.Edges), k)
		}
		var ls []string
		for _, e := range s.Edges {
			ls = append(ls, e.Label)
			if s.Vertices[e.From] != g.Nodes[edgeByOp(g, e.Label).From] || s.Vertices[e.To] != g.Nodes[edgeByOp(g, e.Label).To] {
				t.Fatalf("edge %+v has wrong end labels in %+v", e, s)
			}
		}
		counts[strings.Join(ls, ",")]++
	}
	if len(counts) != 20 { // C(6,3)
		t.Fatalf("%d distinct subsets drawn, want 20", len(counts))
	}
	// Chi-square with 19 degrees of freedom; 43.8 is the 0.999 quantile.
	chi := 0.0
	for _, n := range counts {
		d := float64(n) - draws/20.0
		chi += d * d / (draws / 20.0)
	}
	if chi > 43.8 {
		t.Errorf("chi-square %.1f over 20 subsets: draw is not uniform (%v)", chi, counts)
	}
	a := g.RandomSubgraph(4, cellRNG(42, 3))
	b := g.RandomSubgraph(4, cellRNG(42, 3))
	if !slices.Equal(a.Edges, b.Edges) {
		t.Errorf("same seed gave %v and %v", a.Edges, b.Edges)
	}
}

func edgeByOp(g CellGraph, op string) Edge {
	for _, e := range g.Edges {
		if e.Op == op {
			return e
		}
	}
	return Edge{}
}

func TestParseDirection(t *testing.T) {
	for s, want := range map[string]Direction{"positive": Positive, "GE": Positive, "negative": Negative, "<=": Negative} {
		if d, err := ParseDirection(s); err != nil || d != want {
			t.Errorf("ParseDirection(%q) = %v, %v; want %v", s, d, err, want)
		}
	}
	if _, err := ParseDirection("up"); err == nil {
		t.Error("ParseDirection accepted \"up\"")
	}
}
