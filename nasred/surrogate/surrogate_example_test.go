package surrogate_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

// Train a surrogate on genotypes whose (made-up) validation error falls
// with the number of separable convolutions in the normal cell, and rank
// two genotypes with it.
func ExampleTrain() {
	rng := rand.New(rand.NewPCG(1, 2))
	var gs []darts.Genotype
	var errs []float64
	for i := 0; i < 200; i++ {
		var g darts.Genotype
		convs := 0
		for k := 0; k < darts.CellEdges; k++ {
			op := darts.Op(rng.IntN(darts.NumOps))
			if op == darts.SepConv3x3 || op == darts.SepConv5x5 {
				convs++
			}
			g.Normal[k] = darts.Edge{Op: op, Input: k % 2}
			g.Reduce[k] = darts.Edge{Op: darts.MaxPool3x3, Input: k % 2}
		}
		gs = append(gs, g)
		errs = append(errs, 0.08-0.004*float64(convs))
	}
	p := gbt.DefaultParams()
	p.NumRounds = 300
	m, err := surrogate.Train(context.Background(), gs, errs, surrogate.TrainOptions{Params: &p})
	if err != nil {
		fmt.Println(err)
		return
	}
	var allConv, allPool darts.Genotype
	for k := 0; k < darts.CellEdges; k++ {
		allConv.Normal[k] = darts.Edge{Op: darts.SepConv3x3, Input: k % 2}
		allPool.Normal[k] = darts.Edge{Op: darts.AvgPool3x3, Input: k % 2}
		allConv.Reduce[k] = darts.Edge{Op: darts.MaxPool3x3, Input: k % 2}
		allPool.Reduce[k] = allConv.Reduce[k]
	}
	pred := make([]float64, 2)
	if err := m.PredictErrors(context.Background(), []darts.Genotype{allConv, allPool}, pred); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("separable convs predicted better:", pred[0] < pred[1])
	// Output: separable convs predicted better: true
}
