package importance

import (
	"fmt"
	"math"
	"slices"
)

// Important reports whether an edge with importance oi passes threshold:
// a positive threshold asks for oi >= threshold (edges that matter in good
// cells), a negative one for oi <= threshold (edges whose change helps, the
// view the paper takes of bad cells). Paper §3 uses ±0.001.
func Important(oi, threshold float64) bool {
	if threshold < 0 {
		return oi <= threshold
	}
	return oi >= threshold
}

// OpSummary describes one operation over a set of edges.
type OpSummary struct {
	Op string
	// Count is the number of edges carrying Op.
	Count int
	// Important is the number of those edges that pass the threshold.
	Important int
	// OI holds the importances of those edges, ascending.
	OI []float64
	// Quantiles of OI (linear interpolation, numpy's default); NaN when
	// Count is 0.
	Min, Q1, Median, Q3, Max, Mean float64
}

// EdgeOp gives the operation name on edge e of architecture i.
type EdgeOp func(i, e int) string

// SummaryOptions selects the edges Summarize looks at.
type SummaryOptions struct {
	// Threshold for OpSummary.Important (see Important).
	Threshold float64
	// Edges restricts the summary to these edge positions (nil = all);
	// for example the normal-cell edges 0..7 of a DARTS genotype.
	Edges []int
}

// Summarize groups the edges of the architectures at positions sel of
// results by operation. ops lists the operation names in the order the
// summaries are returned; an edge whose operation is not listed is an
// error.
func Summarize(ops []string, op EdgeOp, results []Result, sel []int, opt SummaryOptions) ([]OpSummary, error) {
	idx := make(map[string]int, len(ops))
	sums := make([]OpSummary, len(ops))
	for k, o := range ops {
		idx[o] = k
		sums[k].Op = o
	}
	for _, i := range sel {
		if i < 0 || i >= len(results) {
			return nil, fmt.Errorf("summarize: selected position %d out of range [0, %d)", i, len(results))
		}
		r := results[i]
		edges := opt.Edges
		if edges == nil {
			edges = make([]int, len(r.OI))
			for e := range edges {
				edges[e] = e
			}
		}
		for _, e := range edges {
			if e < 0 || e >= len(r.OI) {
				return nil, fmt.Errorf("summarize: edge %d out of range [0, %d)", e, len(r.OI))
			}
			name := op(i, e)
			k, ok := idx[name]
			if !ok {
				return nil, fmt.Errorf("summarize: architecture %d edge %d has operation %q, not among %v", i, e, name, ops)
			}
			s := &sums[k]
			s.Count++
			s.OI = append(s.OI, r.OI[e])
			if Important(r.OI[e], opt.Threshold) {
				s.Important++
			}
		}
	}
	for k := range sums {
		s := &sums[k]
		slices.Sort(s.OI)
		s.Min, s.Q1, s.Median = Quantile(s.OI, 0), Quantile(s.OI, 0.25), Quantile(s.OI, 0.5)
		s.Q3, s.Max = Quantile(s.OI, 0.75), Quantile(s.OI, 1)
		s.Mean = math.NaN()
		if len(s.OI) > 0 {
			var sum float64
			for _, v := range s.OI {
				sum += v
			}
			s.Mean = sum / float64(len(s.OI))
		}
	}
	return sums, nil
}

// Quantile returns the p-quantile of the ascending values xs with linear
// interpolation between order statistics (numpy's default method); NaN
// for an empty slice.
func Quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	h := p * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// BandShare returns the fraction of all edges summarised in sums whose OI
// lies inside the band |OI| < threshold, where changing the edge makes
// practically no difference (0 when sums hold no edge).
func BandShare(sums []OpSummary, threshold float64) float64 {
	in, all := 0, 0
	for _, x := range sums {
		for _, v := range x.OI {
			all++
			if v > -threshold && v < threshold {
				in++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(in) / float64(all)
}
