package removal_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/removal"
)

func ExampleWilcoxonSignedRank() {
	// Darwin's Zea mays differences (scipy.stats.wilcoxon's example).
	d := []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}
	r, err := removal.WilcoxonSignedRank(d, removal.WilcoxonOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("W = %g, p = %.6f (exact: %v)\n", r.Statistic, r.P, r.Exact)
	// Output: W = 24, p = 0.041260 (exact: true)
}

func ExampleOneSampleT() {
	r, err := removal.OneSampleT([]float64{1, 2, 3, 4, 5}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("t = %.4f, df = %g, p = %.4f\n", r.T, r.DF, r.P)
	// Output: t = 4.2426, df = 4, p = 0.0132
}

func ExampleRemovalOrder() {
	oi := []float64{0.002, -0.0001, 0.0004, 0.01}
	fmt.Println(removal.RemovalOrder(oi, removal.LeastFirst), removal.RemovalOrder(oi, removal.MostFirst))
	// Output: [1 2 0 3] [3 0 2 1]
}
