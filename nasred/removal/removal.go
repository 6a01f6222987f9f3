package removal

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/nasred/nasred/nasred/space/darts"
)

// Order is the order in which edges are removed.
type Order int

const (
	// LeastFirst removes edges from the least to the most important.
	LeastFirst Order = iota
	// MostFirst removes edges from the most to the least important.
	MostFirst
)

// String names the order as in the figures.
func (o Order) String() string {
	switch o {
	case LeastFirst:
		return "least important first"
	case MostFirst:
		return "most important first"
	}
	return fmt.Sprintf("Order(%d)", int(o))
}

// Orders lists both orders.
func Orders() []Order { return []Order{LeastFirst, MostFirst} }

// Options tune Run. Zero fields take the defaults.
type Options struct {
	// MaxRemoved is the number of edges removed at most (default 8, half
	// of the 16 edges).
	MaxRemoved int
	// Progress, if not nil, is called after each architecture.
	Progress func(done, total int)
}

// Trial is the removal experiment on one architecture.
type Trial struct {
	Genotype darts.Genotype
	// BaseErr is the predicted error of the unpruned genotype.
	BaseErr float64
	// Edges[o] lists the edges in removal order o (ties in OI broken by
	// edge index); Err[o][k-1] is the predicted error after removing the
	// first k of them (k = 1..MaxRemoved); Pruned[o][k-1] the genotype.
	Edges  [2][]int
	Err    [2][]float64
	Pruned [2][]darts.Genotype
}

// Result holds the trials of Run.
type Result struct {
	MaxRemoved int
	Trials     []Trial
}

// Choose returns k positions out of 0..n-1 drawn without replacement
// with the given seed (the paper's seeded choice of 40 top architectures),
// ascending. k > n returns all n.
func Choose(n, k int, seed uint64) []int {
	pool := make([]int, n)
	for i := range pool {
		pool[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0x72656d6f76616c))
	k = max(0, min(k, n))
	for i := range k {
		j := i + rng.IntN(n-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	out := pool[:k]
	slices.Sort(out)
	return out
}

// RemovalOrder returns the edges 0..len(oi)-1 sorted by OI ascending
// (LeastFirst) or descending (MostFirst); equal OIs keep edge order.
func RemovalOrder(oi []float64, o Order) []int {
	e := make([]int, len(oi))
	for i := range e {
		e[i] = i
	}
	slices.SortStableFunc(e, func(a, b int) int {
		if o == MostFirst {
			return cmp.Compare(oi[b], oi[a])
		}
		return cmp.Compare(oi[a], oi[b])
	})
	return e
}

// Prune returns g with the given edges replaced by `none` (inputs kept).
func Prune(g darts.Genotype, edges []int) darts.Genotype {
	for _, e := range edges {
		g = g.WithEdge(e, darts.Edge{Op: darts.None, Input: g.Edge(e).Input})
	}
	return g
}

// Run prunes each genotype gs[i] by the OI of its 16 edges ois[i], in both
// orders, one edge at a time up to opt.MaxRemoved, and predicts the error
// of the original and of every pruned genotype with p (one batch).
func Run(ctx context.Context, p darts.Predictor, gs []darts.Genotype, ois [][]float64, opt Options) (*Result, error) {
	if opt.MaxRemoved == 0 {
		opt.MaxRemoved = darts.NumEdges / 2
	}
	if opt.MaxRemoved < 1 || opt.MaxRemoved > darts.NumEdges {
		return nil, fmt.Errorf("removal: MaxRemoved %d out of range 1..%d", opt.MaxRemoved, darts.NumEdges)
	}
	if len(gs) != len(ois) {
		return nil, fmt.Errorf("removal: %d genotypes but %d OI rows", len(gs), len(ois))
	}
	if len(gs) == 0 {
		return nil, fmt.Errorf("removal: %w: no architectures", ErrNoData)
	}
	res := &Result{MaxRemoved: opt.MaxRemoved, Trials: make([]Trial, len(gs))}
	per := 1 + 2*opt.MaxRemoved
	batch := make([]darts.Genotype, 0, len(gs)*per)
	for i, g := range gs {
		if err := g.Validate(true); err != nil {
			return nil, fmt.Errorf("removal: architecture %d: %w", i, err)
		}
		if len(ois[i]) != darts.NumEdges {
			return nil, fmt.Errorf("removal: architecture %d has %d OI values, want %d", i, len(ois[i]), darts.NumEdges)
		}
		if err := checkFinite(fmt.Sprintf("removal: OI of architecture %d", i), ois[i]); err != nil {
			return nil, err
		}
		t := &res.Trials[i]
		t.Genotype = g
		batch = append(batch, g)
		for _, o := range Orders() {
			t.Edges[o] = RemovalOrder(ois[i], o)
			for k := 1; k <= opt.MaxRemoved; k++ {
				pg := Prune(g, t.Edges[o][:k])
				t.Pruned[o] = append(t.Pruned[o], pg)
				batch = append(batch, pg)
			}
		}
	}
	errs := make([]float64, len(batch))
	if err := p.PredictErrors(ctx, batch, errs); err != nil {
		return nil, fmt.Errorf("removal: %w", err)
	}
	if err := checkFinite("removal: predicted error", errs); err != nil {
		return nil, err
	}
	for i := range res.Trials {
		t := &res.Trials[i]
		row := errs[i*per : (i+1)*per]
		t.BaseErr = row[0]
		for _, o := range Orders() {
			lo := 1 + int(o)*opt.MaxRemoved
			t.Err[o] = slices.Clone(row[lo : lo+opt.MaxRemoved])
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(res.Trials))
		}
	}
	return res, nil
}

// AccChange returns, per trial, the accuracy change in percentage points
// after removing k edges (1..MaxRemoved) in order o: 100·(BaseErr − err),
// negative when pruning hurts. k = 0 gives zeros.
func (r *Result) AccChange(o Order, k int) []float64 {
	out := make([]float64, len(r.Trials))
	if k == 0 {
		return out
	}
	for i, t := range r.Trials {
		out[i] = 100 * (t.BaseErr - t.Err[o][k-1])
	}
	return out
}

// Step compares the two orders after K removals over all trials.
type Step struct {
	K int
	// MeanLeast, SDLeast, MeanMost, SDMost summarise the accuracy change
	// (percentage points) of each order.
	MeanLeast, SDLeast, MeanMost, SDMost float64
	// Wilcoxon and T test the paired differences least − most (a
	// Wilcoxon signed-rank test and a paired, i.e. one-sample, t test).
	// WilcoxonErr / TErr say why a test could not be run (for example all
	// differences zero), else nil.
	Wilcoxon    WilcoxonResult
	WilcoxonErr error
	T           TResult
	TErr        error
}

// Steps returns the comparison for every K = 1..MaxRemoved.
func (r *Result) Steps() []Step {
	steps := make([]Step, r.MaxRemoved)
	for k := 1; k <= r.MaxRemoved; k++ {
		least, most := r.AccChange(LeastFirst, k), r.AccChange(MostFirst, k)
		s := Step{K: k}
		s.MeanLeast, s.SDLeast = meanSD(least)
		s.MeanMost, s.SDMost = meanSD(most)
		d := make([]float64, len(least))
		for i := range d {
			d[i] = least[i] - most[i]
		}
		s.Wilcoxon, s.WilcoxonErr = WilcoxonSignedRank(d, WilcoxonOptions{})
		s.T, s.TErr = OneSampleT(d, 0)
		steps[k-1] = s
	}
	return steps
}

// Table returns the steps as a table for display (headers, rows).
func (r *Result) Table() (headers []string, rows [][]string) {
	headers = []string{"edges removed", "least first: mean ± sd (pp)", "most first: mean ± sd (pp)", "Wilcoxon W", "Wilcoxon p", "t", "t-test p"}
	f := func(x float64) string { return fmt.Sprintf("%.3f", x) }
	for _, s := range r.Steps() {
		w, wp, t, tp := "–", "–", "–", "–"
		if s.WilcoxonErr == nil {
			w, wp = fmt.Sprintf("%g", s.Wilcoxon.Statistic), fmt.Sprintf("%.3g", s.Wilcoxon.P)
		}
		if s.TErr == nil {
			t, tp = f(s.T.T), fmt.Sprintf("%.3g", s.T.P)
		}
		rows = append(rows, []string{fmt.Sprint(s.K),
			f(s.MeanLeast) + " ± " + f(s.SDLeast), f(s.MeanMost) + " ± " + f(s.SDMost), w, wp, t, tp})
	}
	return headers, rows
}

// Curve returns, for k = 0..MaxRemoved edges removed in order o, the
// mean and the sample standard deviation (0 where undefined) of the
// accuracy change over the trials, in percentage points: the numbers of
// the removal figure (analysis.RemovalFigure).
func (r *Result) Curve(o Order) (mean, sd []float64) {
	for k := 0; k <= r.MaxRemoved; k++ {
		m, s := meanSD(r.AccChange(o, k))
		if math.IsNaN(s) {
			s = 0
		}
		mean = append(mean, m)
		sd = append(sd, s)
	}
	return mean, sd
}
