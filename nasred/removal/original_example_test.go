package removal_test

import (
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/removal"
)

// The reference code's summary of accuracy changes (percentage points)
// of 10 retrained architectures after 1 and 2 removed edges; one run of
// the second step failed (NaN) and is skipped.
func ExampleOriginalSummary() {
	changes := [][]float64{
		{-0.1, -0.9}, {0.05, -1.2}, {-0.2, -0.4}, {-0.05, -2.1}, {0.1, -0.7},
		{-0.15, math.NaN()}, {-0.3, -1.5}, {0.02, -0.8}, {-0.08, -1.1}, {-0.12, -0.6},
	}
	steps, err := removal.OriginalSummary(changes)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range steps {
		fmt.Printf("%d removed: n %d, median %.3f [%.3f, %.3f], p(less) %.4f, marked %v\n",
			s.K, s.N, s.Median, s.P30, s.P70, s.Wilcoxon.P, s.Marked)
	}
	// Output:
	// 1 removed: n 10, median -0.090 [-0.129, -0.029], p(less) 0.0322, marked false
	// 2 removed: n 9, median -0.900 [-1.160, -0.740], p(less) 0.0020, marked true
}
