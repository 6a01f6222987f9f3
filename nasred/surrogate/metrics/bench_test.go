package metrics

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkKendallTau scores 60,000 predictions (the size of the official
// NB301 training data).
func BenchmarkKendallTau(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, y := make([]float64, 60000), make([]float64, 60000)
	for i := range x {
		x[i] = rng.Float64()
		y[i] = x[i] + 0.1*rng.NormFloat64()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := KendallTau(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
