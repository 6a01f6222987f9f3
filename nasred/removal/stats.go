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

// Alternative is the alternative hypothesis of a test of the
// differences d against zero.
type Alternative int

const (
	// TwoSided: d is not symmetric about zero (the default).
	TwoSided Alternative = iota
	// Less: d tends to be below zero (scipy's alternative='less'; the
	// reference code's removal test).
	Less
	// Greater: d tends to be above zero.
	Greater
)

// String returns scipy's name of the alternative.
func (a Alternative) String() string {
	switch a {
	case TwoSided:
		return "two-sided"
	case Less:
		return "less"
	case Greater:
		return "greater"
	}
	return fmt.Sprintf("Alternative(%d)", int(a))
}

// ExactRule says when WilcoxonSignedRank uses the exact null
// distribution rather than the normal approximation.
type ExactRule int

const (
	// ExactNoTies (the default) is exact when there are at most MaxExact
	// non-zero differences and no ties among their absolute values.
	ExactNoTies ExactRule = iota
	// ExactSciPy is scipy.stats.wilcoxon's mode='auto' of SciPy 1.7 to
	// 1.12 (the reference code pins 1.7.1): exact when there are at most
	// MaxExact differences and none is zero, ties or not. With ties the
	// exact distribution is that of untied ranks, evaluated at W+
	// truncated to an integer, as scipy does. Zeros switch to the normal
	// approximation, which drops them.
	ExactSciPy
)

// WilcoxonOptions tune WilcoxonSignedRank. The zero value is nasred's
// default test: two-sided, exact for up to ExactMaxN untied differences.
type WilcoxonOptions struct {
	// ForceNormal uses the normal approximation even when the exact
	// distribution applies.
	ForceNormal bool
	// Correction applies a continuity correction of 0.5 to the normal
	// approximation (scipy's correction=True).
	Correction bool
	// Alternative is the alternative hypothesis (default TwoSided).
	Alternative Alternative
	// Exact is the rule that picks the exact distribution (default
	// ExactNoTies).
	Exact ExactRule
	// MaxExact is the largest sample for the exact distribution; 0 means
	// ExactMaxN (50, scipy's threshold since PR 13438; SciPy 1.6 used 25).
	MaxExact int
}

// ScipyWilcoxon returns the options that reproduce
// scipy.stats.wilcoxon(d, alternative=alt) with its defaults
// (zero_method='wilcox', correction=False, mode='auto').
func ScipyWilcoxon(alt Alternative) WilcoxonOptions {
	return WilcoxonOptions{Alternative: alt, Exact: ExactSciPy}
}

// WilcoxonResult is the outcome of a Wilcoxon signed-rank test.
type WilcoxonResult struct {
	// N is the number of non-zero differences (zeros are dropped) and
	// Zeros the number dropped.
	N, Zeros int
	// WPlus and WMinus are the rank sums of the positive and negative
	// differences; Statistic is scipy's statistic: min(WPlus, WMinus) for
	// a two-sided test, WPlus for a one-sided one.
	WPlus, WMinus, Statistic float64
	// Exact reports whether P comes from the exact null distribution; Z is
	// the standardised statistic of the normal approximation (NaN when
	// Exact): for a two-sided test the standardised WPlus, for a one-sided
	// one scipy's z of WPlus.
	Exact bool
	Z     float64
	// P is the p-value under the options' alternative (two-sided by
	// default).
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
// zero, against opt.Alternative (two-sided by default). Zero differences
// are dropped (Wilcoxon's method), the absolute values of the others are
// ranked with average ranks for ties. When opt.Exact's rule allows (by
// default: at most ExactMaxN differences, no ties) the p-value is exact:
// 2·P(W+ ≤ min(W+, W−)) under the null, capped at 1, for a two-sided test,
// P(W+ ≤ w+) for Less and P(W+ ≥ w+) for Greater. Otherwise it uses the
// normal approximation with mean n(n+1)/4 and variance
// n(n+1)(2n+1)/24 − Σ(t³−t)/48 over tie groups of size t.
func WilcoxonSignedRank(d []float64, opt WilcoxonOptions) (WilcoxonResult, error) {
	if err := checkFinite("wilcoxon", d); err != nil {
		return WilcoxonResult{}, err
	}
	if opt.Alternative < TwoSided || opt.Alternative > Greater {
		return WilcoxonResult{}, fmt.Errorf("wilcoxon: unknown alternative %d", int(opt.Alternative))
	}
	if opt.Exact != ExactNoTies && opt.Exact != ExactSciPy {
		return WilcoxonResult{}, fmt.Errorf("wilcoxon: unknown exact rule %d", int(opt.Exact))
	}
	if opt.MaxExact < 0 {
		return WilcoxonResult{}, fmt.Errorf("wilcoxon: MaxExact %d, want >= 0", opt.MaxExact)
	}
	maxExact := opt.MaxExact
	if maxExact == 0 {
		maxExact = ExactMaxN
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
	if opt.Alternative != TwoSided {
		r.Statistic = r.WPlus
	}
	exact := n <= maxExact && !ties
	if opt.Exact == ExactSciPy {
		exact = n+r.Zeros <= maxExact && r.Zeros == 0
	}
	if exact && !opt.ForceNormal {
		r.Exact = true
		r.Z = math.NaN()
		switch {
		case opt.Alternative == TwoSided && opt.Exact == ExactNoTies:
			r.P = math.Min(1, 2*exactCDF(n, int(math.Round(r.Statistic))))
		default:
			// scipy truncates W+ (a multiple of 0.5 with ties).
			r.P = exactP(n, int(math.Trunc(r.WPlus)), opt.Alternative)
		}
		return r, nil
	}
	nf := float64(n)
	mean := nf * (nf + 1) / 4
	variance := nf*(nf+1)*(2*nf+1)/24 - tieTerm/48
	if variance <= 0 {
		return r, fmt.Errorf("wilcoxon: zero variance (all %d non-zero differences tie)", n)
	}
	sd := math.Sqrt(variance)
	num := r.WPlus - mean
	switch opt.Alternative {
	case TwoSided:
		if opt.Correction && num != 0 {
			num -= math.Copysign(0.5, num)
		}
		r.Z = num / sd
		r.P = math.Min(1, math.Erfc(math.Abs(r.Z)/math.Sqrt2))
	case Less:
		if opt.Correction {
			num += 0.5
		}
		r.Z = num / sd
		r.P = 0.5 * math.Erfc(-r.Z/math.Sqrt2) // Φ(z)
	case Greater:
		if opt.Correction {
			num -= 0.5
		}
		r.Z = num / sd
		r.P = 0.5 * math.Erfc(r.Z/math.Sqrt2) // 1 − Φ(z)
	}
	return r, nil
}

// exactP returns the exact p-value of W+ = w for n untied differences
// under alternative alt, as scipy computes it: P(W+ ≤ w) for Less,
// P(W+ ≥ w) for Greater, and for TwoSided 1 at the centre of the
// distribution (w = ⌊n(n+1)/4⌋), else 2·min(P(W+ ≤ w), P(W+ ≥ w)) capped
// at 1.
func exactP(n, w int, alt Alternative) float64 {
	maxSum := n * (n + 1) / 2
	le := exactCDF(n, w)
	ge := exactCDF(n, maxSum-w) // P(W+ ≥ w) = P(W+ ≤ maxSum−w) by symmetry
	switch alt {
	case Less:
		return le
	case Greater:
		return ge
	}
	if w == maxSum/2 {
		return 1
	}
	return math.Min(1, 2*math.Min(le, ge))
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
