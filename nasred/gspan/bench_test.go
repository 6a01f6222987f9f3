package gspan

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// BenchmarkMineSynthetic mines 300 synthetic molecules (SyntheticMolecules)
// at several supports, undirected and directed.
func BenchmarkMineSynthetic(b *testing.B) {
	gs := SyntheticMolecules(1, 300)
	for _, directed := range []bool{false, true} {
		for _, frac := range []float64{0.2, 0.1, 0.05} {
			name := fmt.Sprintf("directed=%v/support=%v", directed, frac)
			b.Run(name, func(b *testing.B) {
				opt := Options{Directed: directed, MinSupport: SupportFromFraction(frac, len(gs))}
				var n int
				for b.Loop() {
					res, err := Mine(context.Background(), gs, opt)
					if err != nil {
						b.Fatal(err)
					}
					n = len(res.Patterns)
				}
				b.ReportMetric(float64(n), "patterns")
			})
		}
	}
}

// BenchmarkMineCompound422 mines the Compound_422 chemical set with one
// worker and with GOMAXPROCS workers (skipped when the benchmark data is
// absent). scripts/bench-gspan.sh compares the whole command with gBolt.
func BenchmarkMineCompound422(b *testing.B) {
	gs := readDataset(b, "Compound_422")
	for _, c := range []struct {
		frac    float64
		workers int
	}{{0.2, 0}, {0.1, 1}, {0.1, 0}} {
		b.Run(fmt.Sprintf("support=%v/workers=%d", c.frac, c.workers), func(b *testing.B) {
			opt := Options{MinSupport: SupportFromFraction(c.frac, len(gs)), Workers: c.workers}
			var n int
			for b.Loop() {
				res, err := Mine(context.Background(), gs, opt)
				if err != nil {
					b.Fatal(err)
				}
				n = len(res.Patterns)
			}
			b.ReportMetric(float64(n), "patterns")
		})
	}
}

// BenchmarkPatternWriter writes mined patterns in gBolt's format.
func BenchmarkPatternWriter(b *testing.B) {
	res, err := Mine(context.Background(), SyntheticMolecules(1, 100), Options{MinSupport: 10})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WritePatterns(&buf, res.Patterns); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkCanonicalKey(b *testing.B) {
	gs := SyntheticMolecules(2, 1)
	g := gs[0]
	for b.Loop() {
		CanonicalKey(g.Vertices, g.Edges, false)
	}
}

func BenchmarkReadGraphs(b *testing.B) {
	gs := SyntheticMolecules(3, 200)
	var buf bytes.Buffer
	if err := WriteGraphs(&buf, gs); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := ReadGraphs(bytes.NewReader(buf.Bytes()), "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
