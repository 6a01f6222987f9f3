package plot

import (
	"fmt"
	"math"
	"slices"
)

// BoxStats is the five-number summary drawn by a box of OIBoxes, with the
// conventions of matplotlib and seaborn (so figures match the paper's):
// quartiles by linear interpolation between order statistics (NumPy's
// default percentile method, Hyndman & Fan type 7), whiskers reaching the
// most extreme values within 1.5 × IQR of the box, and every value beyond
// them an outlier.
type BoxStats struct {
	N                     int
	Min, Q1, Median, Q3   float64
	Max                   float64
	LowWhisker, HiWhisker float64
	// Outliers holds the values beyond the whiskers, in increasing order.
	Outliers []float64
}

// NewBoxStats summarises values. It returns an error for NaN or infinite
// values; an empty slice gives N = 0 and NaN statistics.
func NewBoxStats(values []float64) (BoxStats, error) {
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return BoxStats{}, fmt.Errorf("plot: box statistics: value %d is %v, want a finite number", i, v)
		}
	}
	if len(values) == 0 {
		nan := math.NaN()
		return BoxStats{Min: nan, Q1: nan, Median: nan, Q3: nan, Max: nan, LowWhisker: nan, HiWhisker: nan}, nil
	}
	s := slices.Clone(values)
	slices.Sort(s)
	return boxStatsSorted(s), nil
}

// boxStatsSorted summarises sorted, finite, non-empty values.
func boxStatsSorted(s []float64) BoxStats {
	b := BoxStats{
		N:      len(s),
		Min:    s[0],
		Max:    s[len(s)-1],
		Q1:     quantile7(s, 0.25),
		Median: quantile7(s, 0.5),
		Q3:     quantile7(s, 0.75),
	}
	iqr := b.Q3 - b.Q1
	lo, hi := b.Q1-1.5*iqr, b.Q3+1.5*iqr
	// Whiskers: most extreme data within the fences (never inside the box).
	i := 0
	for i < len(s) && s[i] < lo {
		i++
	}
	j := len(s) - 1
	for j >= 0 && s[j] > hi {
		j--
	}
	b.LowWhisker = math.Min(s[i], b.Q1)
	b.HiWhisker = math.Max(s[j], b.Q3)
	if i > 0 || j < len(s)-1 {
		b.Outliers = make([]float64, 0, i+len(s)-1-j)
		b.Outliers = append(b.Outliers, s[:i]...)
		b.Outliers = append(b.Outliers, s[j+1:]...)
	}
	return b
}

// quantile7 is the p-quantile of sorted s by linear interpolation between
// order statistics (NumPy's default, Hyndman & Fan type 7).
func quantile7(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}
