package motif

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/nasred/nasred/nasred/gspan"
)

// Options are the settings of a motif analysis. DefaultOptions gives the
// paper's; the zero value is not ready to use (Support 0 is rejected).
type Options struct {
	// Threshold t: an edge is important when its OI passes t in Direction
	// (paper: 0.001, that is 0.1 percentage points of error).
	Threshold float64
	// Direction: Positive keeps OI >= t (good cells), Negative OI <= -t
	// (bad cells).
	Direction Direction
	// Support is the minimum support: a fraction of the cells when below 1
	// (paper: 0.05), converted as gSpan implementations do,
	// floor(fraction × cells) and at least 1 (gspan.SupportFromFraction;
	// 781 cells at 0.05 give 39), else an absolute count of cells, which
	// must be a whole number. Cells without important edges count in the
	// denominator.
	Support float64
	// MinVertices and MaxVertices bound the size of motifs (paper: 2 and
	// 6; MaxVertices 0 = no bound).
	MinVertices, MaxVertices int
	// Seed seeds the random reference subgraphs; the reference graph of the
	// cell at position i depends only on Seed and i.
	Seed uint64
	// Reference is the size rule of the reference subgraphs:
	// ReferenceExact (the default, paper §4) or ReferenceOriginal (the
	// reference code's headline NB301 run).
	Reference ReferenceRule
	// InducedReference counts reference incidence by node-induced
	// subgraph isomorphism (NewInducedMatcher), as the reference code did
	// (networkx's DiGraphMatcher.subgraph_is_isomorphic), instead of the
	// monomorphism by which gSpan counts support (the default). A motif is
	// then not seen in a reference that has an extra edge between two of
	// the matched nodes.
	InducedReference bool
	// Smoothing is added to the reference incidence before dividing:
	// normalised support = support / (incidence + Smoothing). The default 1
	// (add-one smoothing) keeps the ratio finite and stops a motif seen in
	// a handful of cells but never in the reference from outranking one
	// seen in hundreds. With 0 the ratio is the paper's plain
	// support / incidence, and motifs of incidence 0 get +Inf and rank
	// first (among themselves by support).
	Smoothing float64
	// TopK is the number of motifs drawn in the figures (default 12).
	TopK int
	// MaxPatterns and Deadline are budgets passed to the miner (0 / zero
	// time = none); when one is hit the report is marked incomplete.
	MaxPatterns int
	Deadline    time.Time
	// Workers is the number of goroutines used by the miner and the
	// reference matching (0 = GOMAXPROCS).
	Workers int
	// Progress, if set, is called as the analysis advances. Calls are
	// serialised.
	Progress func(Progress)
}

// Progress reports how far a Run has come: Stage is "threshold", "mine",
// "reference" or "rank"; Done of Total units of that stage are finished
// (cells; first-level gSpan branches, about every 2 s of a long mining run;
// patterns matched against the reference; motifs).
type Progress struct {
	Stage       string
	Done, Total int
}

// DefaultOptions returns the paper's settings: threshold 0.001 in the
// positive direction, support 5%, motifs of 2 to 6 vertices, seed 0,
// add-one smoothing, 12 motifs in the figures.
func DefaultOptions() Options {
	return Options{Threshold: 0.001, Direction: Positive, Support: 0.05, MinVertices: 2, MaxVertices: 6, Smoothing: 1, TopK: 12}
}

// Validate reports impossible options.
func (o Options) Validate() error {
	switch {
	case math.IsNaN(o.Threshold) || math.IsInf(o.Threshold, 0) || o.Threshold < 0:
		return fmt.Errorf("motif options: threshold %v, want a finite number >= 0", o.Threshold)
	case o.Direction != Positive && o.Direction != Negative:
		return fmt.Errorf("motif options: unknown direction %d", o.Direction)
	case math.IsNaN(o.Support) || math.IsInf(o.Support, 0) || o.Support <= 0:
		return fmt.Errorf("motif options: support %v, want a fraction in (0, 1) or a count >= 1", o.Support)
	case o.Support >= 1 && o.Support != math.Trunc(o.Support):
		return fmt.Errorf("motif options: support %v is >= 1 but not a whole number of cells", o.Support)
	case o.MinVertices < 0 || o.MaxVertices < 0:
		return fmt.Errorf("motif options: vertex bounds %d..%d, want >= 0", o.MinVertices, o.MaxVertices)
	case o.MaxVertices > 0 && o.MaxVertices < o.MinVertices:
		return fmt.Errorf("motif options: max vertices %d below min vertices %d", o.MaxVertices, o.MinVertices)
	case math.IsNaN(o.Smoothing) || math.IsInf(o.Smoothing, 0) || o.Smoothing < 0:
		return fmt.Errorf("motif options: smoothing %v, want a finite number >= 0", o.Smoothing)
	case o.Reference != ReferenceExact && o.Reference != ReferenceOriginal:
		return fmt.Errorf("motif options: unknown reference rule %d", int(o.Reference))
	case o.TopK < 0 || o.MaxPatterns < 0 || o.Workers < 0:
		return fmt.Errorf("motif options: top-k %d, max patterns %d, workers %d: want >= 0", o.TopK, o.MaxPatterns, o.Workers)
	}
	return nil
}

// MinSupport returns the absolute minimum support for n cells.
func (o Options) MinSupport(n int) int {
	if o.Support >= 1 {
		return int(o.Support)
	}
	return gspan.SupportFromFraction(o.Support, n)
}

// Motif is one mined pattern with its statistics.
type Motif struct {
	// Rank is 1 for the motif with the largest normalised support.
	Rank int
	// Pattern is the motif as mined: vertices, edges, support and the IDs
	// of the cells containing it.
	Pattern gspan.Pattern
	// Support is the number of cells whose important subgraph contains the
	// motif.
	Support int
	// RefIncidence is the number of cells whose random reference subgraph
	// contains it.
	RefIncidence int
	// NormalisedSupport is Support / (RefIncidence + Options.Smoothing);
	// motifs are ranked by it.
	NormalisedSupport float64
	// PaperRatio is the paper's and the reference code's ratio Support /
	// RefIncidence, whatever the smoothing: +Inf when RefIncidence is 0.
	PaperRatio float64
	// SupportFraction and RefIncidenceFraction are Support and
	// RefIncidence as fractions of the cells mined (the reference code's
	// notebook divides both by its 2,589 cells).
	SupportFraction, RefIncidenceFraction float64
	// MaxInDegree is the largest in-degree of a motif vertex; motifs with
	// MaxInDegree >= 2 are invisible to an out-edge-only miner.
	MaxInDegree int
}

// String returns the motif's one-line pattern form (FormatPattern).
func (m Motif) String() string { return FormatPattern(m.Pattern.Vertices, m.Pattern.Edges) }

// Report is the result of Run.
type Report struct {
	Options Options
	// Cells are the input cells, in order.
	Cells []CellGraph
	// Important[i] and Reference[i] are the important and the random
	// reference subgraph of Cells[i].
	Important, Reference []gspan.Graph
	// MinSupport is the absolute minimum support used.
	MinSupport int
	// Motifs are all frequent motifs, ranked.
	Motifs []Motif
	// Complete is false when the miner stopped at a budget; Reason says
	// which.
	Complete bool
	Reason   string
}

// Run performs the motif analysis on cells: threshold, mine, draw the
// reference graphs, count reference incidence and rank. Cell IDs should be
// distinct (they name cells in pattern.GraphIDs). It returns ctx's error if
// ctx is cancelled.
func Run(ctx context.Context, cells []CellGraph, opt Options) (*Report, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("motif: no cells to analyse")
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var mu sync.Mutex
	progress := func(p Progress) {
		if opt.Progress != nil {
			mu.Lock()
			opt.Progress(p)
			mu.Unlock()
		}
	}
	r := &Report{
		Options:    opt,
		Cells:      cells,
		Important:  make([]gspan.Graph, len(cells)),
		Reference:  make([]gspan.Graph, len(cells)),
		MinSupport: opt.MinSupport(len(cells)),
	}
	seen := make(map[int]int, len(cells))
	for i, c := range cells {
		if j, dup := seen[c.ID]; dup {
			return nil, fmt.Errorf("motif: cells %d and %d have the same ID %d", j, i, c.ID)
		}
		seen[c.ID] = i
		r.Important[i] = c.Important(opt.Threshold, opt.Direction)
		r.Reference[i] = c.ReferenceSubgraph(len(r.Important[i].Edges), opt.Reference, cellRNG(opt.Seed, i))
	}
	progress(Progress{Stage: "threshold", Done: len(cells), Total: len(cells)})

	res, err := gspan.Mine(ctx, r.Important, gspan.Options{
		Directed:    true,
		MinSupport:  r.MinSupport,
		MinVertices: opt.MinVertices,
		MaxVertices: opt.MaxVertices,
		MaxPatterns: opt.MaxPatterns,
		Deadline:    opt.Deadline,
		Workers:     workers,
		Progress: func(p gspan.Progress) {
			progress(Progress{Stage: "mine", Done: p.BranchesDone, Total: p.Branches})
		},
	})
	if err != nil {
		return nil, fmt.Errorf("motif: mine %d cells: %w", len(cells), err)
	}
	r.Complete, r.Reason = res.Complete, res.Reason
	progress(Progress{Stage: "mine", Done: 1, Total: 1})

	targets := make([]*Target, len(cells))
	for i, g := range r.Reference {
		if targets[i], err = NewTarget(g.Vertices, g.Edges); err != nil {
			return nil, fmt.Errorf("motif: reference graph of cell %d: %w", cells[i].ID, err)
		}
	}
	r.Motifs = make([]Motif, len(res.Patterns))
	if err := parallelFor(ctx, len(res.Patterns), workers, func(k int) error {
		p := res.Patterns[k]
		newMatcher := NewMatcher
		if opt.InducedReference {
			newMatcher = NewInducedMatcher
		}
		m, err := newMatcher(p.Vertices, p.Edges)
		if err != nil {
			return fmt.Errorf("motif: pattern %d: %w", k, err)
		}
		inc := 0
		for _, t := range targets {
			if m.In(t) {
				inc++
			}
		}
		r.Motifs[k] = Motif{
			Pattern:              p,
			Support:              p.Support,
			RefIncidence:         inc,
			NormalisedSupport:    normalise(p.Support, inc, opt.Smoothing),
			PaperRatio:           normalise(p.Support, inc, 0),
			SupportFraction:      float64(p.Support) / float64(len(cells)),
			RefIncidenceFraction: float64(inc) / float64(len(cells)),
			MaxInDegree:          MaxInDegree(len(p.Vertices), p.Edges),
		}
		return nil
	}, func(done int) { progress(Progress{Stage: "reference", Done: done, Total: len(res.Patterns)}) }); err != nil {
		return nil, err
	}
	rankMotifs(r.Motifs)
	progress(Progress{Stage: "rank", Done: len(r.Motifs), Total: len(r.Motifs)})
	return r, nil
}

// normalise returns support / (incidence + smoothing), +Inf when the
// denominator is 0.
func normalise(support, incidence int, smoothing float64) float64 {
	d := float64(incidence) + smoothing
	if d == 0 {
		return math.Inf(1)
	}
	return float64(support) / d
}

// rankMotifs sorts by normalised support (descending), then support
// (descending), then fewer vertices, then the one-line pattern form, and
// numbers the ranks from 1. The order is total, so ranks are
// deterministic.
func rankMotifs(ms []Motif) {
	keys := make([]string, len(ms))
	for i := range ms {
		keys[i] = ms[i].String()
	}
	idx := make([]int, len(ms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		x, y := ms[a], ms[b]
		if c := cmp.Compare(y.NormalisedSupport, x.NormalisedSupport); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Support, x.Support); c != 0 {
			return c
		}
		if c := cmp.Compare(len(x.Pattern.Vertices), len(y.Pattern.Vertices)); c != 0 {
			return c
		}
		return cmp.Compare(keys[a], keys[b])
	})
	sorted := make([]Motif, len(ms))
	for r, i := range idx {
		sorted[r] = ms[i]
		sorted[r].Rank = r + 1
	}
	copy(ms, sorted)
}

// parallelFor runs f(0..n-1) on the given number of goroutines, stopping at
// the first error or when ctx is cancelled; done is called (serialised)
// with the number of finished items from time to time.
func parallelFor(ctx context.Context, n, workers int, f func(i int) error, done func(int)) error {
	var (
		mu       sync.Mutex
		next     int
		finished int
		firstErr error
		wg       sync.WaitGroup
	)
	step := max(1, n/100)
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if firstErr == nil && ctx.Err() != nil {
					firstErr = ctx.Err()
				}
				if firstErr != nil || next >= n {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				err := f(i)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				finished++
				if done != nil && (finished%step == 0 || finished == n) {
					done(finished)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// Missed returns the motifs that an out-edge-only miner cannot report
// (MaxInDegree >= 2), in rank order.
func (r *Report) Missed() []Motif {
	var out []Motif
	for _, m := range r.Motifs {
		if m.MaxInDegree >= 2 {
			out = append(out, m)
		}
	}
	return out
}

// Top returns the first k ranked motifs (all when k <= 0 or k exceeds
// their number).
func (r *Report) Top(k int) []Motif {
	if k <= 0 || k > len(r.Motifs) {
		return r.Motifs
	}
	return r.Motifs[:k]
}
