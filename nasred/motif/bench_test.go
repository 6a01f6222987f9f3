package motif

import (
	"context"
	"testing"

	"github.com/nasred/nasred/nasred/gspan"
)

// BenchmarkMatcherIn measures one containment test of the paper's residual
// motif in a random reference graph: the inner loop of reference
// incidence.
func BenchmarkMatcherIn(b *testing.B) {
	cells := syntheticCells(b, 200, 11)
	var targets []*Target
	for i, c := range cells {
		g := c.RandomSubgraph(4, cellRNG(0, i))
		t, err := NewTarget(g.Vertices, g.Edges)
		if err != nil {
			b.Fatal(err)
		}
		targets = append(targets, t)
	}
	m, err := NewMatcher([]string{"input", "op", "output"}, []gspan.Edge{ed(0, 1, "nor_conv_3x3"), ed(1, 2, "nor_conv_3x3"), ed(0, 2, "skip_connect")})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.In(targets[i%len(targets)])
	}
}

// BenchmarkRunSynthetic measures a whole analysis (threshold, mining,
// reference incidence, ranking) of 781 synthetic NB201 cells, the size of
// the paper's top 5%.
func BenchmarkRunSynthetic(b *testing.B) {
	cells := syntheticCells(b, 781, 12)
	opt := DefaultOptions()
	for b.Loop() {
		if _, err := Run(context.Background(), cells, opt); err != nil {
			b.Fatal(err)
		}
	}
}
