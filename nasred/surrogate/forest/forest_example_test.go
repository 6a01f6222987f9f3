package forest_test

import (
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/surrogate/forest"
)

func Example() {
	// One tree: x0 < 0.5 ? 1 : 2, a missing x0 goes left.
	f, err := forest.New(1, 0.5, []forest.Tree{{
		Left:        []int32{1, -1, -1},
		Right:       []int32{2, -1, -1},
		Feature:     []uint32{0, 0, 0},
		Value:       []float32{0.5, 1, 2},
		DefaultLeft: []bool{true, false, false},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range []float32{0.25, 0.5, float32(math.NaN())} {
		fmt.Println(x, f.PredictRow([]float32{x}))
	}
	// Output:
	// 0.25 1.5
	// 0.5 2.5
	// NaN 1.5
}
