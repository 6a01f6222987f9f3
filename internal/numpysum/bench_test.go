package numpysum

import "testing"

var sink float32

func BenchmarkSum10(b *testing.B) {
	a := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for b.Loop() {
		sink = Sum(a)
	}
}

func BenchmarkSum4096(b *testing.B) {
	a := make([]float32, 4096)
	for i := range a {
		a[i] = float32(i)
	}
	b.SetBytes(4 * 4096)
	for b.Loop() {
		sink = Sum(a)
	}
}
