package importance_test

import (
	"context"
	"testing"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
)

// BenchmarkNB201AllCells computes the OI of all 15,625 cells on one data
// set (375,000 neighbour lookups).
func BenchmarkNB201AllCells(b *testing.B) {
	tab := loadTable(b)
	for b.Loop() {
		if _, err := importance.NB201(context.Background(), tab, nb201bench.CIFAR10, importance.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSelectTop(b *testing.B) {
	tab := loadTable(b)
	res, _ := importance.NB201(context.Background(), tab, nb201bench.CIFAR10, importance.Options{})
	errs := make([]float64, len(res))
	for i := range res {
		errs[i] = res[i].Err
	}
	for b.Loop() {
		importance.Select(errs, importance.Top, importance.SelectOptions{})
	}
}
