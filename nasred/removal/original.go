package removal

import (
	"fmt"
	"math"
	"slices"
)

// OriginalAlpha is the reference code's significance level: a step is
// marked (a star in its figure) when the one-sided p-value is below it.
const OriginalAlpha = 0.01

// OriginalStep summarises one removal order after K removed edges as the
// reference code's remove_important_ops notebook does: the median of the
// accuracy changes with their 30th and 70th percentiles, and a one-sample
// Wilcoxon signed-rank test of the changes against zero with
// alternative='less' (scipy's defaults otherwise), marked at p < 0.01.
type OriginalStep struct {
	K int
	// N is the number of finite changes; NaN changes (runs without a
	// result) are skipped, as numpy's nan-functions and the notebook's
	// filter skip them.
	N int
	// Median, P30 and P70 are numpy's nanmedian and nanpercentile (linear
	// interpolation) of the changes, in the changes' unit (percentage
	// points).
	Median, P30, P70 float64
	// Wilcoxon tests the changes against 0, alternative Less, with
	// ScipyWilcoxon's options; WilcoxonErr says why it could not be run
	// (no finite change, or all zero), else nil.
	Wilcoxon    WilcoxonResult
	WilcoxonErr error
	// Marked reports Wilcoxon.P < OriginalAlpha.
	Marked bool
}

// OriginalSummary summarises accuracy changes the reference code's way.
// changes[i][k-1] is the change of architecture i after k removed edges
// (best accuracy of the pruned network minus that of the original, in
// percentage points: negative when pruning hurts); rows must have the
// same length, and NaN marks a missing result. It returns one step per
// k.
func OriginalSummary(changes [][]float64) ([]OriginalStep, error) {
	if len(changes) == 0 {
		return nil, fmt.Errorf("removal: %w: no architectures", ErrNoData)
	}
	steps := len(changes[0])
	for i, row := range changes {
		if len(row) != steps {
			return nil, fmt.Errorf("removal: architecture %d has %d changes, architecture 0 has %d", i, len(row), steps)
		}
		for k, v := range row {
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("removal: architecture %d, %d edges removed: change is %v, want a finite number or NaN", i, k+1, v)
			}
		}
	}
	out := make([]OriginalStep, steps)
	for k := range out {
		var col []float64
		for _, row := range changes {
			if !math.IsNaN(row[k]) {
				col = append(col, row[k])
			}
		}
		out[k] = originalStep(k+1, col)
	}
	return out, nil
}

// OriginalSteps summarises order o of r the reference code's way
// (OriginalSummary of AccChange for k = 1..MaxRemoved).
func (r *Result) OriginalSteps(o Order) []OriginalStep {
	out := make([]OriginalStep, r.MaxRemoved)
	for k := 1; k <= r.MaxRemoved; k++ {
		out[k-1] = originalStep(k, r.AccChange(o, k))
	}
	return out
}

// originalStep summarises the finite changes xs after k removals.
func originalStep(k int, xs []float64) OriginalStep {
	s := OriginalStep{K: k, N: len(xs), Median: Median(xs), P30: Percentile(xs, 30), P70: Percentile(xs, 70)}
	if len(xs) == 0 {
		s.WilcoxonErr = fmt.Errorf("wilcoxon: %w: no finite changes", ErrNoData)
		return s
	}
	s.Wilcoxon, s.WilcoxonErr = WilcoxonSignedRank(xs, ScipyWilcoxon(Less))
	s.Marked = s.WilcoxonErr == nil && s.Wilcoxon.P < OriginalAlpha
	return s
}

// Percentile returns numpy's percentile of xs with its default linear
// interpolation: with the values sorted, position h = (n−1)·q/100 and the
// result interpolates between the values at ⌊h⌋ and ⌊h⌋+1 (numpy's
// _lerp, which interpolates from the nearer end). NaN values are skipped
// (nanpercentile); it returns NaN when none is left. q must be in
// [0, 100].
func Percentile(xs []float64, q float64) float64 {
	if math.IsNaN(q) || q < 0 || q > 100 {
		return math.NaN()
	}
	s := sortedFinite(xs)
	if len(s) == 0 {
		return math.NaN()
	}
	h := q / 100 * float64(len(s)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	t := h - float64(lo)
	a, b := s[lo], s[hi]
	diff := b - a
	if t >= 0.5 {
		return b - diff*(1-t)
	}
	return a + diff*t
}

// Median returns numpy's median of xs: the middle value, or the mean of
// the two middle values. NaN values are skipped (nanmedian); it returns
// NaN when none is left.
func Median(xs []float64) float64 {
	s := sortedFinite(xs)
	n := len(s)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// sortedFinite returns the non-NaN values of xs, sorted.
func sortedFinite(xs []float64) []float64 {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	slices.Sort(s)
	return s
}

// BestAccuracy returns the best test accuracy over the epochs of a run,
// the reference code's measure of a retrained network (np.max of its
// per-epoch test accuracies): NaN when accs is empty or holds a NaN, as
// np.max propagates NaN.
func BestAccuracy(accs []float64) float64 {
	if len(accs) == 0 {
		return math.NaN()
	}
	best := math.Inf(-1)
	for _, a := range accs {
		if math.IsNaN(a) {
			return math.NaN()
		}
		best = max(best, a)
	}
	return best
}
