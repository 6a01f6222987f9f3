package gbt

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/nasred/nasred/nasred/surrogate/forest"
)

// Params are the boosting hyperparameters.
type Params struct {
	NumRounds       int     `json:"num_rounds"`       // trees to grow
	LearningRate    float64 `json:"learning_rate"`    // shrinkage per tree, (0, 1]
	MaxDepth        int     `json:"max_depth"`        // 1..30
	MinChildWeight  float64 `json:"min_child_weight"` // minimum rows per child
	Lambda          float64 `json:"lambda"`           // L2 on leaf weights, >= 0
	Subsample       float64 `json:"subsample"`        // fraction of rows per tree, (0, 1]
	ColsampleByTree float64 `json:"colsample_bytree"` // fraction of features per tree, (0, 1]
	MaxBins         int     `json:"max_bins"`         // 2..255
	Seed            uint64  `json:"seed"`
}

// DefaultParams are the settings chosen by 5-fold cross-validation on the
// 725 labelled NB301 genotypes with the surrogate package's Graph
// encoding: 2000 stumps (depth 1) at learning rate 0.1. At these
// subsampling settings stumps beat every deeper setting tried (depth 2-6),
// so the labels are close to additive in those features; a stump forest
// also compiles into per-feature tables (forest.Additive) for fast
// prediction. It cannot represent interactions: InteractionParams, with
// depth-2 trees and stronger regularisation, can, and cross-validates
// slightly better.
func DefaultParams() Params {
	return Params{
		NumRounds:       2000,
		LearningRate:    0.1,
		MaxDepth:        1,
		MinChildWeight:  3,
		Lambda:          1,
		Subsample:       0.8,
		ColsampleByTree: 0.6,
		MaxBins:         64,
	}
}

// Validate reports the first impossible setting.
func (p Params) Validate() error {
	switch {
	case p.NumRounds < 1 || p.NumRounds > 1_000_000:
		return fmt.Errorf("gbt: num_rounds %d not in [1, 1e6]", p.NumRounds)
	case !(p.LearningRate > 0 && p.LearningRate <= 1):
		return fmt.Errorf("gbt: learning_rate %v not in (0, 1]", p.LearningRate)
	case p.MaxDepth < 1 || p.MaxDepth > 30:
		return fmt.Errorf("gbt: max_depth %d not in [1, 30]", p.MaxDepth)
	case !(p.MinChildWeight >= 0) || math.IsInf(p.MinChildWeight, 0):
		return fmt.Errorf("gbt: min_child_weight %v must be >= 0", p.MinChildWeight)
	case !(p.Lambda >= 0) || math.IsInf(p.Lambda, 0):
		return fmt.Errorf("gbt: lambda %v must be >= 0", p.Lambda)
	case !(p.Subsample > 0 && p.Subsample <= 1):
		return fmt.Errorf("gbt: subsample %v not in (0, 1]", p.Subsample)
	case !(p.ColsampleByTree > 0 && p.ColsampleByTree <= 1):
		return fmt.Errorf("gbt: colsample_bytree %v not in (0, 1]", p.ColsampleByTree)
	case p.MaxBins < 2 || p.MaxBins > 255:
		return fmt.Errorf("gbt: max_bins %d not in [2, 255]", p.MaxBins)
	}
	return nil
}

const missingBin = 255

// binned is the quantised training matrix, column-major.
type binned struct {
	n, f int
	bins []uint8     // bins[j*n+i]
	cuts [][]float32 // cuts[j][b]: rows with x < cuts[j][b] have bin <= b
}

func quantise(X []float32, n, f, maxBins int) *binned {
	q := &binned{n: n, f: f, bins: make([]uint8, n*f), cuts: make([][]float32, f)}
	col := make([]float32, 0, n)
	for j := 0; j < f; j++ {
		col = col[:0]
		for i := 0; i < n; i++ {
			if v := X[i*f+j]; !math.IsNaN(float64(v)) {
				col = append(col, v)
			}
		}
		slices.Sort(col)
		distinct := slices.Compact(col)
		// Bin b holds values in [lower_b, lower_{b+1}); cuts are the lower
		// bounds of bins 1.. .
		var lowers []float32
		if len(distinct) <= maxBins {
			lowers = append(lowers, distinct[min(1, len(distinct)):]...)
		} else {
			for b := 1; b < maxBins; b++ {
				v := distinct[b*len(distinct)/maxBins]
				if len(lowers) == 0 || v > lowers[len(lowers)-1] {
					lowers = append(lowers, v)
				}
			}
		}
		q.cuts[j] = lowers
		for i := 0; i < n; i++ {
			v := X[i*f+j]
			var b uint8
			if math.IsNaN(float64(v)) {
				b = missingBin
			} else {
				// number of lowers <= v
				k, found := slices.BinarySearch(lowers, v)
				if found {
					k++
				}
				b = uint8(k)
			}
			q.bins[j*n+i] = b
		}
	}
	return q
}

// Train fits a forest to targets y from the row-major matrix X (len(y)
// rows). progress, if not nil, is called after every tree.
func Train(ctx context.Context, X []float32, y []float32, p Params, progress func(done, total int)) (*forest.Forest, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n := len(y)
	if n < 2 {
		return nil, fmt.Errorf("gbt: need at least 2 training rows, got %d", n)
	}
	if len(X)%n != 0 || len(X) == 0 {
		return nil, fmt.Errorf("gbt: feature matrix of %d values does not hold %d rows", len(X), n)
	}
	f := len(X) / n
	var sum float64
	for i, v := range y {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("gbt: target %d is %v", i, v)
		}
		sum += float64(v)
	}
	for i, v := range X {
		if math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("gbt: feature %d of row %d is infinite", i%f, i/f)
		}
	}
	q := quantise(X, n, f, p.MaxBins)
	base := float32(sum / float64(n))
	pred := make([]float32, n)
	for i := range pred {
		pred[i] = base
	}
	rng := rand.New(rand.NewPCG(p.Seed, 0x9e3779b97f4a7c15))
	g := &grower{p: p, q: q, grad: make([]float64, n), hist: make([]histBin, 256)}
	trees := make([]forest.Tree, 0, p.NumRounds)
	rows := make([]int32, 0, n)
	feats := make([]int, f)
	for r := 0; r < p.NumRounds; r++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i := range g.grad {
			g.grad[i] = float64(pred[i]) - float64(y[i])
		}
		rows = rows[:0]
		for i := 0; i < n; i++ {
			if p.Subsample >= 1 || rng.Float64() < p.Subsample {
				rows = append(rows, int32(i))
			}
		}
		if len(rows) == 0 {
			rows = append(rows, int32(rng.IntN(n)))
		}
		for j := range feats {
			feats[j] = j
		}
		rng.Shuffle(f, func(a, b int) { feats[a], feats[b] = feats[b], feats[a] })
		k := max(1, int(math.Round(p.ColsampleByTree*float64(f))))
		g.feats = slices.Sorted(slices.Values(feats[:k]))
		t := g.grow(rows)
		trees = append(trees, t)
		one, err := forest.New(f, 0, []forest.Tree{t})
		if err != nil {
			return nil, fmt.Errorf("gbt: internal error: %w", err)
		}
		for i := 0; i < n; i++ {
			pred[i] += one.PredictRow(X[i*f : (i+1)*f])
		}
		if progress != nil {
			progress(r+1, p.NumRounds)
		}
	}
	return forest.New(f, base, trees)
}

type histBin struct {
	g float64
	h float64
}

type grower struct {
	p     Params
	q     *binned
	grad  []float64
	feats []int
	hist  []histBin
	tree  forest.Tree
}

type split struct {
	gain        float64
	feat        int
	bin         int // rows with bin <= bin go left
	defaultLeft bool
}

func (g *grower) newNode() int32 {
	t := &g.tree
	t.Left = append(t.Left, -1)
	t.Right = append(t.Right, -1)
	t.Feature = append(t.Feature, 0)
	t.Value = append(t.Value, 0)
	t.DefaultLeft = append(t.DefaultLeft, false)
	return int32(len(t.Left) - 1)
}

func (g *grower) grow(rows []int32) forest.Tree {
	g.tree = forest.Tree{}
	root := g.newNode()
	g.build(root, rows, 0)
	t := g.tree
	g.tree = forest.Tree{}
	return t
}

func (g *grower) leafValue(G, H float64) float32 {
	return float32(-G / (H + g.p.Lambda) * g.p.LearningRate)
}

func (g *grower) build(id int32, rows []int32, depth int) {
	var G, H float64
	for _, i := range rows {
		G += g.grad[i]
	}
	H = float64(len(rows))
	if depth >= g.p.MaxDepth || H < 2*g.p.MinChildWeight || H < 2 {
		g.tree.Value[id] = g.leafValue(G, H)
		return
	}
	s, ok := g.bestSplit(rows, G, H)
	if !ok {
		g.tree.Value[id] = g.leafValue(G, H)
		return
	}
	col := g.q.bins[s.feat*g.q.n : (s.feat+1)*g.q.n]
	// Partition rows in place (stable order is not needed for sums, but
	// keep it deterministic).
	left := make([]int32, 0, len(rows))
	right := make([]int32, 0, len(rows))
	for _, i := range rows {
		b := col[i]
		if (b == missingBin && s.defaultLeft) || (b != missingBin && int(b) <= s.bin) {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	l, r := g.newNode(), g.newNode()
	g.tree.Left[id], g.tree.Right[id] = l, r
	g.tree.Feature[id] = uint32(s.feat)
	g.tree.Value[id] = g.q.cuts[s.feat][s.bin]
	g.tree.DefaultLeft[id] = s.defaultLeft
	g.build(l, left, depth+1)
	g.build(r, right, depth+1)
}

func (g *grower) bestSplit(rows []int32, G, H float64) (split, bool) {
	lambda, mcw := g.p.Lambda, g.p.MinChildWeight
	parent := G * G / (H + lambda)
	best := split{gain: 1e-12}
	found := false
	n := g.q.n
	for _, j := range g.feats {
		nb := len(g.q.cuts[j]) + 1
		if nb < 2 {
			continue
		}
		hist := g.hist[:256]
		clear(hist)
		col := g.q.bins[j*n : (j+1)*n]
		for _, i := range rows {
			b := col[i]
			hist[b].g += g.grad[i]
			hist[b].h++
		}
		miss := hist[missingBin]
		var gl, hl float64
		for b := 0; b < nb-1; b++ {
			gl += hist[b].g
			hl += hist[b].h
			for _, dl := range [2]bool{false, true} {
				GL, HL := gl, hl
				if dl {
					if miss.h == 0 {
						continue
					}
					GL += miss.g
					HL += miss.h
				}
				GR, HR := G-GL, H-HL
				if HL < mcw || HR < mcw || HL < 1 || HR < 1 {
					continue
				}
				gain := GL*GL/(HL+lambda) + GR*GR/(HR+lambda) - parent
				if gain > best.gain {
					best = split{gain: gain, feat: j, bin: b, defaultLeft: dl}
					found = true
				}
			}
		}
	}
	return best, found
}
