package importance_test

import (
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/importance"
)

// Rank by recorded labels where they exist: the top 25% of the labelled
// architectures, never one without a label.
func ExampleSelectLabelled() {
	nan := math.NaN()
	labels := []float64{0.061, nan, 0.055, 0.072, nan, 0.058, 0.080, 0.052}
	top, n, err := importance.SelectLabelled(labels, importance.Top, importance.SelectOptions{Fraction: 0.25})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(top, "of", n, "labelled")
	// Output: [7] of 6 labelled
}
