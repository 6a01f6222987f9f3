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

// BenchmarkNB201TopCIFAR10 measures the analysis of the real top 5% of
// CIFAR-10 cells, OI included (skipped without the data).
func BenchmarkNB201TopCIFAR10(b *testing.B) {
	tab := loadNB201(b)
	for b.Loop() {
		if _, err := NB201(context.Background(), tab, DefaultNB201Options(), DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMotifGridPNG measures drawing the top-12 motif grid.
func BenchmarkMotifGridPNG(b *testing.B) {
	r := smallReport(b)
	for b.Loop() {
		if _, err := r.MotifGrid(12).PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
