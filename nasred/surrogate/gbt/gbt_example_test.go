package gbt_test

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

func ExampleTrain() {
	// y = 1 when x >= 2, else 0.
	X := []float32{0, 1, 2, 3, 0, 1, 2, 3}
	y := []float32{0, 0, 1, 1, 0, 0, 1, 1}
	p := gbt.DefaultParams()
	p.NumRounds = 100
	p.MinChildWeight = 1
	p.Subsample = 1
	p.ColsampleByTree = 1
	f, err := gbt.Train(context.Background(), X, y, p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range []float32{0.5, 2.5} {
		fmt.Printf("x=%.1f → %.2f\n", x, f.PredictRow([]float32{x}))
	}
	// Output:
	// x=0.5 → 0.00
	// x=2.5 → 1.00
}
