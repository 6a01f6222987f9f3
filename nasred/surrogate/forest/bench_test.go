package forest

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkPredict: 500 trees of depth 8 over 56 features (about the size
// of one NB301 XGBoost member trained with a few hundred rounds); reports
// rows/s.
func BenchmarkPredict(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	f := randomForest(rng, 56, 500, 8, false)
	const n = 4096
	X := randomRows(rng, n, 56)
	dst := make([]float32, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Predict(context.Background(), X, dst)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAdditive: 2000 stumps over 66 features (nasred's default
// surrogate), compiled.
func BenchmarkAdditive(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	a, _ := randomForest(rng, 66, 2000, 1, true).Additive()
	const n = 65536
	X := randomRows(rng, n, 66)
	dst := make([]float64, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Predict(context.Background(), X, dst)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
