package forest

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
)

// Additive is a forest of stumps (trees of depth ≤ 1) compiled into one
// step function per feature: prediction = base + Σ_j g_j(x_j), where g_j
// is constant between consecutive split thresholds of feature j (and has
// its own value for NaN). Evaluating it costs one small search per used
// feature, however many trees were trained. Sums are taken in float64, so
// results can differ from the float32 tree-by-tree sum in the last bits.
type Additive struct {
	numFeature int
	base       float64
	feats      []additiveFeature
}

type additiveFeature struct {
	j    int
	cuts []float32 // ascending; bucket k holds x in [cuts[k-1], cuts[k])
	vals []float64 // len(cuts)+1
	nan  float64
	// small[v-smallMin] is g_j(v) for the integers v in
	// [smallMin, smallMin+len(small)): genotype encodings are small
	// integers, so most lookups skip the search.
	small []float64
}

const (
	smallMin = -1
	smallLen = 18
)

// Additive compiles f when every tree is a leaf or a single split; ok is
// false otherwise.
func (f *Forest) Additive() (a *Additive, ok bool) {
	type stump struct {
		cut         float32
		left, right float64
		defaultLeft bool
	}
	byFeat := map[int][]stump{}
	base := float64(f.base)
	for _, r := range f.roots {
		n := f.nodes[r]
		if n.left == 0 {
			base += float64(n.value)
			continue
		}
		l, rt := f.nodes[n.left], f.nodes[n.left+1]
		if l.left != 0 || rt.left != 0 {
			return nil, false
		}
		j := int(n.feat &^ defaultLeftBit)
		byFeat[j] = append(byFeat[j], stump{n.value, float64(l.value), float64(rt.value), n.feat&defaultLeftBit != 0})
	}
	a = &Additive{numFeature: f.numFeature, base: base}
	feats := make([]int, 0, len(byFeat))
	for j := range byFeat {
		feats = append(feats, j)
	}
	sort.Ints(feats)
	for _, j := range feats {
		st := byFeat[j]
		var cuts []float32
		for _, s := range st {
			cuts = append(cuts, s.cut)
		}
		sort.Slice(cuts, func(a, b int) bool { return cuts[a] < cuts[b] })
		cuts = compact(cuts)
		af := additiveFeature{j: j, cuts: cuts, vals: make([]float64, len(cuts)+1)}
		for _, s := range st {
			// Buckets k whose values are < s.cut go left: k <= index of s.cut.
			k := sort.Search(len(cuts), func(i int) bool { return cuts[i] >= s.cut })
			for b := range af.vals {
				if b <= k {
					af.vals[b] += s.left
				} else {
					af.vals[b] += s.right
				}
			}
			if s.defaultLeft {
				af.nan += s.left
			} else {
				af.nan += s.right
			}
		}
		af.small = make([]float64, smallLen)
		for v := range af.small {
			af.small[v] = af.bucket(float32(v + smallMin))
		}
		a.feats = append(a.feats, af)
	}
	return a, true
}

func compact(s []float32) []float32 {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// NumFeature is the number of features a row must have.
func (a *Additive) NumFeature() int { return a.numFeature }

// PredictRow returns the prediction for one row.
func (a *Additive) PredictRow(x []float32) float64 {
	s := a.base
	for i := range a.feats {
		af := &a.feats[i]
		v := x[af.j]
		if iv := int(v) - smallMin; iv >= 0 && iv < smallLen && float32(iv+smallMin) == v {
			s += af.small[iv]
			continue
		}
		if math.IsNaN(float64(v)) {
			s += af.nan
			continue
		}
		s += af.bucket(v)
	}
	return s
}

// bucket returns g_j(v) for a non-NaN v.
func (af *additiveFeature) bucket(v float32) float64 {
	// Bucket = number of cuts <= v (few cuts: linear scan).
	k := 0
	for k < len(af.cuts) && af.cuts[k] <= v {
		k++
	}
	return af.vals[k]
}

// Predict writes the prediction of every row of X (row-major, NumFeature
// columns) to dst, in parallel.
func (a *Additive) Predict(ctx context.Context, X []float32, dst []float64) error {
	nf := a.numFeature
	if len(X) != len(dst)*nf {
		return fmt.Errorf("forest: feature matrix has %d values for %d rows of %d features", len(X), len(dst), nf)
	}
	n := len(dst)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/4096))
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if i%8192 == 0 && ctx.Err() != nil {
					return
				}
				dst[i] = a.PredictRow(X[i*nf : (i+1)*nf])
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
