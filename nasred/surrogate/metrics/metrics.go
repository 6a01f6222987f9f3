package metrics

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

func check(x, y []float64) error {
	if len(x) != len(y) {
		return fmt.Errorf("metrics: lengths differ (%d and %d)", len(x), len(y))
	}
	if len(x) < 2 {
		return errors.New("metrics: need at least two values")
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			return fmt.Errorf("metrics: NaN at index %d", i)
		}
	}
	return nil
}

// KendallTau returns Kendall's τ-b of x and y:
// (concordant − discordant) / sqrt((n0 − n1)(n0 − n2)), where n0 = n(n−1)/2
// and n1, n2 count the pairs tied in x and in y.
func KendallTau(x, y []float64) (float64, error) {
	if err := check(x, y); err != nil {
		return 0, err
	}
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	// Sort by x, then y.
	sort.Slice(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if x[i] != x[j] {
			return x[i] < x[j]
		}
		return y[i] < y[j]
	})
	n0 := int64(n) * int64(n-1) / 2
	// Pairs tied in x (n1) and tied in both (n3).
	var n1, n3 int64
	for i := 0; i < n; {
		j := i
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		t := int64(j - i)
		n1 += t * (t - 1) / 2
		for k := i; k < j; {
			l := k
			for l < j && y[idx[l]] == y[idx[k]] {
				l++
			}
			u := int64(l - k)
			n3 += u * (u - 1) / 2
			k = l
		}
		i = j
	}
	// Count swaps (discordant pairs) while merge-sorting by y.
	ys := make([]float64, n)
	for i, k := range idx {
		ys[i] = y[k]
	}
	swaps := mergeCount(ys, make([]float64, n))
	// Pairs tied in y (n2), now that ys is sorted.
	var n2 int64
	for i := 0; i < n; {
		j := i
		for j < n && ys[j] == ys[i] {
			j++
		}
		t := int64(j - i)
		n2 += t * (t - 1) / 2
		i = j
	}
	// concordant − discordant = n0 − n1 − n2 + n3 − 2·swaps.
	num := float64(n0 - n1 - n2 + n3 - 2*swaps)
	den := math.Sqrt(float64(n0-n1)) * math.Sqrt(float64(n0-n2))
	if den == 0 {
		return math.NaN(), nil
	}
	return num / den, nil
}

// mergeCount sorts a ascending and returns the number of inversions
// (pairs i < j with a[i] > a[j]).
func mergeCount(a, buf []float64) int64 {
	n := len(a)
	if n < 2 {
		return 0
	}
	m := n / 2
	c := mergeCount(a[:m], buf[:m]) + mergeCount(a[m:], buf[m:])
	i, j, k := 0, m, 0
	for i < m && j < n {
		if a[j] < a[i] {
			buf[k] = a[j]
			c += int64(m - i)
			j++
		} else {
			buf[k] = a[i]
			i++
		}
		k++
	}
	k += copy(buf[k:], a[i:m])
	copy(buf[k:], a[j:n])
	copy(a, buf[:n])
	return c
}

// Ranks returns the 1-based ranks of x, ties getting the average of their
// ranks (scipy.stats.rankdata's "average" method).
func Ranks(x []float64) []float64 {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, n)
	for i := 0; i < n; {
		j := i
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}

// Pearson returns the Pearson correlation of x and y.
func Pearson(x, y []float64) (float64, error) {
	if err := check(x, y); err != nil {
		return 0, err
	}
	return pearson(x, y), nil
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Spearman returns Spearman's ρ: the Pearson correlation of the average
// ranks of x and y.
func Spearman(x, y []float64) (float64, error) {
	if err := check(x, y); err != nil {
		return 0, err
	}
	return pearson(Ranks(x), Ranks(y)), nil
}

// R2 returns the coefficient of determination of predictions pred for the
// true values truth: 1 − Σ(truth−pred)² / Σ(truth−mean(truth))². It is
// NaN when truth is constant.
func R2(truth, pred []float64) (float64, error) {
	if err := check(truth, pred); err != nil {
		return 0, err
	}
	var m float64
	for _, v := range truth {
		m += v
	}
	m /= float64(len(truth))
	var res, tot float64
	for i := range truth {
		res += (truth[i] - pred[i]) * (truth[i] - pred[i])
		tot += (truth[i] - m) * (truth[i] - m)
	}
	if tot == 0 {
		return math.NaN(), nil
	}
	return 1 - res/tot, nil
}
