package metrics_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/surrogate/metrics"
)

func Example() {
	truth := []float64{0.052, 0.061, 0.058, 0.070, 0.066}
	pred := []float64{0.055, 0.060, 0.059, 0.068, 0.069}
	tau, _ := metrics.KendallTau(truth, pred)
	rho, _ := metrics.Spearman(truth, pred)
	r2, _ := metrics.R2(truth, pred)
	fmt.Printf("tau=%.2f rho=%.2f r2=%.2f\n", tau, rho, r2)
	// Output: tau=0.80 rho=0.90 r2=0.88
}
