package removal

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// ExactMaxN is the largest number of non-zero differences for which
// WilcoxonSignedRank uses the exact null distribution (when there are no
// ties); above it, or with ties, it uses the normal approximation.
const ExactMaxN = 50

// WilcoxonOptions tune WilcoxonSignedRank.
type WilcoxonOptions struct {
	// ForceNormal uses the normal approximation even when the exact
	// distribution applies.
	ForceNormal bool
	// Correction applies a continuity correction of 0.5 to the normal
	// approximation (scipy's correction=True).
	Correction bool
}

// WilcoxonResult is the outcome of a two-sided Wilcoxon signed-rank test.
type WilcoxonResult struct {
	// N is the number of non-zero differences (zeros are dropped) and
	// Zeros the number dropped.
	N, Zeros int
	// WPlus and WMinus are the rank sums of the positive and negative
	// differences; Statistic is min(WPlus, WMinus), scipy's statistic.
	WPlus, WMinus, Statistic float64
	// Exact reports whether P comes from the exact null distribution; Z is
	// the standardised WPlus of the normal approximation (NaN when Exact).
	Exact bool
	Z     float64
	// P is the two-sided p-value.
	P float64
}

// ErrNoData is returned by the tests when there is nothing to test.
var ErrNoData = errors.New("no data")

func checkFinite(what string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: value %d is %v, want a finite number", what, i, x)
		}
	}
	return nil
}

// WilcoxonSignedRank tests whether the differences d are symmetric about
// zero (two-sided). Zero differences are dropped (Wilcoxon's method), the
// absolute values of the others are ranked with average ranks for ties.
// With at most ExactMaxN differences and no ties the p-value is exact
// (2·P(W+ ≤ min(W+, W−)) under the null, capped at 1); otherwise it uses the
// normal approximation with mean n(n+1)/4 and variance
// n(n+1)(2n+1)/24 − Σ(t³−t)/48 over tie groups of size t.
func WilcoxonSignedRank(d []float64, opt WilcoxonOptions) (WilcoxonResult, error) {
	if err := checkFinite("wilcoxon", d); err != nil {
		return WilcoxonResult{}, err
	}
	var r WilcoxonResult
	abs := make([]float64, 0, len(d))
	neg := make([]bool, 0, len(d))
	for _, x := range d {
		if x == 0 {
			r.Zeros++
			continue
		}
		abs = append(abs, math.Abs(x))
		neg = append(neg, x < 0)
	}
	n := len(abs)
	r.N = n
	if n == 0 {
		return r, fmt.Errorf("wilcoxon: %w: all %d differences are zero", ErrNoData, len(d))
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return abs[order[a]] < abs[order[b]] })
	ranks := make([]float64, n)
	var tieTerm float64
	ties := false
	for i := 0; i < n; {
		j := i + 1
		for j < n && abs[order[j]] == abs[order[i]] {
			j++
		}
		avg := float64(i+1+j) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			ranks[order[k]] = avg
		}
		if t := float64(j - i); t > 1 {
			ties = true
			tieTerm += t*t*t - t
		}
		i = j
	}
	for i, rk := range ranks {
		if neg[i] {
			r.WMinus += rk
		} else {
			r.WPlus += rk
		}
	}
	r.Statistic = math.Min(r.WPlus, r.WMinus)
	if n <= ExactMaxN && !ties && !opt.ForceNormal {
		r.Exact = true
		r.Z = math.NaN()
		r.P = math.Min(1, 2*exactCDF(n, int(math.Round(r.Statistic))))
		return r, nil
	}
	nf := float64(n)
	mean := nf * (nf + 1) / 4
	variance := nf*(nf+1)*(2*nf+1)/24 - tieTerm/48
	if variance <= 0 {
		return r, fmt.Errorf("wilcoxon: zero variance (all %d non-zero differences tie)", n)
	}
	num := r.WPlus - mean
	if opt.Correction && num != 0 {
		num -= math.Copysign(0.5, num)
	}
	r.Z = num / math.Sqrt(variance)
	r.P = math.Min(1, math.Erfc(math.Abs(r.Z)/math.Sqrt2))
	return r, nil
}

// exactCDF returns P(W+ ≤ w) for n untied non-zero differences under the
// null hypothesis: the number of subsets of {1..n} with sum ≤ w over 2^n.
func exactCDF(n, w int) float64 {
	maxSum := n * (n + 1) / 2
	if w >= maxSum {
		return 1
	}
	if w < 0 {
		return 0
	}
	// counts[s] = number of subsets of {1..k} with sum s (as float64: 2^50
	// is exact in a float64).
	counts := make([]float64, maxSum+1)
	counts[0] = 1
	for k := 1; k <= n; k++ {
		for s := k * (k + 1) / 2; s >= k; s-- {
			counts[s] += counts[s-k]
		}
	}
	var c float64
	for s := 0; s <= w; s++ {
		c += counts[s]
	}
	return c / math.Pow(2, float64(n))
}

// TResult is the outcome of a two-sided one-sample t test.
type TResult struct {
	N          int
	Mean, SD   float64 // sample mean and standard deviation (n−1)
	T, DF      float64
	P          float64 // two-sided p-value
	Difference float64 // Mean − Mu
}

// OneSampleT tests whether the mean of x equals mu: t = (mean − mu) /
// (sd/√n) with n−1 degrees of freedom; the p-value is two-sided, from
// Student's t distribution (gonum distuv.StudentsT). Applied to paired
// differences it is the paired t test. It needs at least 2 values and a
// non-zero standard deviation.
func OneSampleT(x []float64, mu float64) (TResult, error) {
	if err := checkFinite("t test", x); err != nil {
		return TResult{}, err
	}
	if math.IsNaN(mu) || math.IsInf(mu, 0) {
		return TResult{}, fmt.Errorf("t test: mu is %v, want a finite number", mu)
	}
	n := len(x)
	if n < 2 {
		return TResult{N: n}, fmt.Errorf("t test: %w: need at least 2 values, got %d", ErrNoData, n)
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	mean := sum / float64(n)
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(n-1))
	r := TResult{N: n, Mean: mean, SD: sd, DF: float64(n - 1), Difference: mean - mu}
	if sd == 0 {
		return r, fmt.Errorf("t test: all %d values equal %v: the t statistic is undefined", n, x[0])
	}
	r.T = (mean - mu) / (sd / math.Sqrt(float64(n)))
	r.P = math.Min(1, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: r.DF}.Survival(math.Abs(r.T)))
	return r, nil
}

// meanSD returns the mean and the sample standard deviation (n−1; 0 for
// a single value).
func meanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range xs {
		mean += v
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, v := range xs {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}
