package xgb_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/surrogate/xgb"
)

// NumpyMean reproduces np.mean over float32 values bit for bit: a
// pairwise sum, not a running one.
func ExampleNumpyMean() {
	v := []float32{93.1, 93.7, 92.9, 94.2, 93.3, 93.8, 93.0, 92.7, 94.0, 93.5}
	fmt.Println(xgb.NumpyMean(v))
	// Output: 93.42
}
