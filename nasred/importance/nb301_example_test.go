package importance_test

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/darts"
)

// skipCounter is a toy predictor: each skip connection lowers the error by
// 0.002 from 0.06.
type skipCounter struct{}

func (skipCounter) PredictErrors(_ context.Context, gs []darts.Genotype, dst []float64) error {
	for i, g := range gs {
		dst[i] = 0.06
		for e := range darts.NumEdges {
			if g.Edge(e).Op == darts.SkipConnect {
				dst[i] -= 0.002
			}
		}
	}
	return nil
}

func ExampleNB301() {
	// DARTS V2: normal edges 5 and 6 are skip connections.
	g := darts.MustParse("[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (1, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]")
	res, err := importance.NB301(context.Background(), skipCounter{}, []darts.Genotype{g}, importance.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Edge 5 (skip from input 0 into node 4): 6 op swaps each cost 0.002,
	// 2 rewirings (to nodes 2 and 3) keep the skip: OI = 6·0.002/8.
	fmt.Printf("err %.3f, OI edge 0 %.5f, edge 5 %.5f\n", res[0].Err, res[0].OI[0], res[0].OI[5])
	// Output: err 0.050, OI edge 0 -0.00033, edge 5 0.00150
}
