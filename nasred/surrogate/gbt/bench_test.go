package gbt

import (
	"context"
	"testing"
)

// BenchmarkTrain: 725 rows × 66 features (the size of nasred's default
// NB301 surrogate training set), 200 stumps.
func BenchmarkTrain(b *testing.B) {
	X4, y := data(725, 5)
	X := make([]float32, 725*66)
	for i := 0; i < 725; i++ {
		for j := 0; j < 66; j++ {
			X[i*66+j] = X4[i*4+j%4]
		}
	}
	p := DefaultParams()
	p.NumRounds = 200
	for i := 0; i < b.N; i++ {
		if _, err := Train(context.Background(), X, y, p, nil); err != nil {
			b.Fatal(err)
		}
	}
}
