package removal

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
)

func BenchmarkWilcoxonExact40(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	d := make([]float64, 40)
	for i := range d {
		d[i] = r.NormFloat64()
	}
	for b.Loop() {
		if _, err := WilcoxonSignedRank(d, WilcoxonOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRun40(b *testing.B) {
	s, _ := darts.NewSampler("random")
	r := darts.NewRand(3)
	var gs []darts.Genotype
	var ois [][]float64
	for range 40 {
		gs = append(gs, s.Sample(r))
		oi := make([]float64, darts.NumEdges)
		for e := range oi {
			oi[e] = r.Float64()
		}
		ois = append(ois, oi)
	}
	var p additive
	for b.Loop() {
		if _, err := Run(context.Background(), p, gs, ois, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
