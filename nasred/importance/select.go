package importance

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Selection names which architectures an analysis looks at (paper §3).
type Selection int

// The selections of paper §3.
const (
	// All selects every architecture.
	All Selection = iota
	// Top selects the best Fraction of architectures (lowest error).
	Top
	// Bottom selects the worst Fraction.
	Bottom
	// Middle selects a seeded random sample of MiddleFraction of all
	// architectures from those neither in the top nor the bottom Fraction.
	Middle
	// Uniform selects a seeded uniform sample of N architectures.
	Uniform
)

var selectionNames = []string{"all", "top", "bottom", "middle", "uniform"}

func (s Selection) String() string {
	if s >= 0 && int(s) < len(selectionNames) {
		return selectionNames[s]
	}
	return fmt.Sprintf("Selection(%d)", int(s))
}

// ParseSelection returns the selection named s (all, top, bottom, middle,
// uniform).
func ParseSelection(s string) (Selection, error) {
	for i, n := range selectionNames {
		if s == n {
			return Selection(i), nil
		}
	}
	return 0, fmt.Errorf("unknown selection %q (want one of %s)", s, strings.Join(selectionNames, ", "))
}

// SelectOptions parametrises Select. Zero fields take the paper's
// defaults.
type SelectOptions struct {
	// Fraction of architectures in the top and in the bottom set
	// (default 0.05).
	Fraction float64
	// MiddleFraction is the size of the middle sample as a fraction of all
	// architectures (default 0.10).
	MiddleFraction float64
	// N is the size of the uniform sample (default 1000, the paper's NB201
	// value; the paper uses 2000 on NB301).
	N int
	// Seed seeds the middle and uniform samples.
	Seed uint64
}

func (o SelectOptions) withDefaults() SelectOptions {
	if o.Fraction == 0 {
		o.Fraction = 0.05
	}
	if o.MiddleFraction == 0 {
		o.MiddleFraction = 0.10
	}
	if o.N == 0 {
		o.N = 1000
	}
	return o
}

// Rank returns the positions of errs ordered from best (lowest error) to
// worst; ties keep their original order.
func Rank(errs []float64) []int {
	order := make([]int, len(errs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(errs[a], errs[b]) })
	return order
}

// SetSize returns how many of n architectures a fraction selects:
// floor(fraction*n), at least 1 when n > 0.
func SetSize(n int, fraction float64) int {
	k := int(math.Floor(fraction*float64(n) + 1e-9))
	if k < 1 && n > 0 {
		k = 1
	}
	return min(k, n)
}

// Select returns the positions (ascending) of the architectures that sel
// picks, given every architecture's error. Errors must be finite.
func Select(errs []float64, sel Selection, opt SelectOptions) ([]int, error) {
	opt = opt.withDefaults()
	n := len(errs)
	for i, e := range errs {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return nil, fmt.Errorf("select: architecture %d has error %v", i, e)
		}
	}
	if opt.Fraction <= 0 || opt.Fraction > 0.5 {
		return nil, fmt.Errorf("select: fraction %v out of range (0, 0.5]", opt.Fraction)
	}
	if opt.MiddleFraction <= 0 || opt.MiddleFraction > 1 {
		return nil, fmt.Errorf("select: middle fraction %v out of range (0, 1]", opt.MiddleFraction)
	}
	if opt.N < 0 {
		return nil, fmt.Errorf("select: uniform sample size %d is negative", opt.N)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6e617372656421))
	var out []int
	switch sel {
	case All:
		out = make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	case Top:
		out = slices.Clone(Rank(errs)[:SetSize(n, opt.Fraction)])
	case Bottom:
		r := Rank(errs)
		out = slices.Clone(r[n-SetSize(n, opt.Fraction):])
	case Middle:
		r := Rank(errs)
		k := SetSize(n, opt.Fraction)
		pool := slices.Clone(r[k : n-k])
		out = sample(rng, pool, SetSize(n, opt.MiddleFraction))
	case Uniform:
		pool := make([]int, n)
		for i := range pool {
			pool[i] = i
		}
		out = sample(rng, pool, opt.N)
	default:
		return nil, fmt.Errorf("select: unknown selection %d", sel)
	}
	slices.Sort(out)
	return out, nil
}

// sample draws k elements of pool without replacement (a partial
// Fisher-Yates shuffle; pool is reordered).
func sample(rng *rand.Rand, pool []int, k int) []int {
	k = min(k, len(pool))
	for i := range k {
		j := i + rng.IntN(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	return pool[:k]
}
