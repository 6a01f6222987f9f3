package gspan

import (
	"context"
	"fmt"
	"time"
)

// BenchOptions configures RunBench.
type BenchOptions struct {
	// Graphs is the data set; when nil, SyntheticMolecules(Seed, NGraphs)
	// is used.
	Graphs  []Graph
	NGraphs int    // synthetic graphs when Graphs is nil (default 300)
	Seed    uint64 // seed of the synthetic graphs
	// Supports are the fractions of graphs to mine at (default 0.1, 0.05).
	Supports    []float64
	Directed    bool
	MaxVertices int
	Workers     int
	// Deadline per support (zero: none).
	Timeout time.Duration
}

// BenchResult is one timed Mine run.
type BenchResult struct {
	Support    float64 // fraction of graphs
	MinSupport int     // the absolute support it gave
	Graphs     int
	Directed   bool
	Patterns   int
	Seconds    float64
	Complete   bool // false when Timeout stopped the run
}

func (r BenchResult) String() string {
	s := fmt.Sprintf("support %g (%d of %d graphs, directed=%v): %d patterns in %.3f s",
		r.Support, r.MinSupport, r.Graphs, r.Directed, r.Patterns, r.Seconds)
	if !r.Complete {
		s += " (stopped by the timeout)"
	}
	return s
}

// RunBench mines a data set at each support and times it.
func RunBench(ctx context.Context, opt BenchOptions) ([]BenchResult, error) {
	gs := opt.Graphs
	if gs == nil {
		n := opt.NGraphs
		if n == 0 {
			n = 300
		}
		if n < 0 {
			return nil, fmt.Errorf("gspan bench: %d graphs: must be positive", n)
		}
		gs = SyntheticMolecules(opt.Seed, n)
	}
	if len(gs) == 0 {
		return nil, fmt.Errorf("gspan bench: no graphs")
	}
	sups := opt.Supports
	if len(sups) == 0 {
		sups = []float64{0.1, 0.05}
	}
	var out []BenchResult
	for _, f := range sups {
		if !(f > 0 && f <= 1) {
			return out, fmt.Errorf("gspan bench: support %v: must be a fraction in (0, 1]", f)
		}
		mo := Options{
			Directed:    opt.Directed,
			MinSupport:  SupportFromFraction(f, len(gs)),
			MaxVertices: opt.MaxVertices,
			Workers:     opt.Workers,
		}
		if opt.Timeout > 0 {
			mo.Deadline = time.Now().Add(opt.Timeout)
		}
		start := time.Now()
		res, err := Mine(ctx, gs, mo)
		if err != nil {
			return out, err
		}
		out = append(out, BenchResult{
			Support: f, MinSupport: mo.MinSupport, Graphs: len(gs), Directed: opt.Directed,
			Patterns: len(res.Patterns), Seconds: time.Since(start).Seconds(), Complete: res.Complete,
		})
	}
	return out, nil
}
