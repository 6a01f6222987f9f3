package gspan

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"time"
)

// Graph is one labelled graph of a data set. Labels are arbitrary tokens.
type Graph struct {
	ID       int      // the id from "t # id" (or the position in the set)
	Vertices []string // vertex labels; vertex i has id i
	Edges    []Edge
}

// Edge is an edge of a Graph or Pattern. In directed mode it points
// From -> To; in undirected mode the order of the end points is irrelevant.
type Edge struct {
	From, To int
	Label    string
}

// Options configures Mine.
type Options struct {
	// Directed mines directed patterns: an occurrence must respect the
	// direction of every edge.
	Directed bool
	// MinSupport is the minimum number of graphs (not embeddings) that
	// must contain a pattern; at least 1. See SupportFromFraction.
	MinSupport int
	// MinVertices is the smallest number of vertices of a reported pattern.
	// Patterns always have at least one edge, so 0, 1 and 2 all mean "every
	// pattern"; smaller patterns are still grown, only not reported.
	MinVertices int
	// MaxVertices is the largest number of vertices of a pattern; 0 means
	// no maximum. Otherwise it must be at least 2.
	MaxVertices int
	// MaxPatterns stops the search once this many patterns were reported
	// (0: no budget). The result then holds exactly MaxPatterns patterns
	// and is marked incomplete (even if no further pattern existed).
	MaxPatterns int
	// Deadline stops the search when passed (zero: none); the result is
	// marked incomplete.
	Deadline time.Time
	// Workers is the number of goroutines mining in parallel (they share
	// the work of deep subtrees, so all stay busy); 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// OnPattern, when set, receives every reported pattern in output
	// order while the search runs, soon after all patterns before it are
	// known (patterns found ahead of their turn by another worker wait in
	// a buffer). It is called from one goroutine of Mine's, never
	// concurrently, so it does not slow the workers down. An error stops
	// the search; Mine returns it.
	OnPattern func(Pattern) error
	// DiscardPatterns leaves Result.Patterns empty; use it with OnPattern
	// to stream outputs larger than memory.
	DiscardPatterns bool
	// Progress, when set, is called about every ProgressEvery (default
	// 2 s) from a separate goroutine while Mine runs. Calls are never
	// concurrent.
	Progress      func(Progress)
	ProgressEvery time.Duration

	bufferLimit int  // tests: bytes buffered ahead of the output (0: default)
	noBitset    bool // tests: mark embeddings' vertices instead of keeping bitsets
}

// Progress is a snapshot of a running Mine.
type Progress struct {
	Patterns     int           // patterns reported so far
	BranchesDone int           // first-level branches done (parts handed to other workers may still run)
	Branches     int           // frequent first-level branches in all
	Elapsed      time.Duration // since Mine started
	Workers      int
}

// Pattern is a frequent connected subgraph.
type Pattern struct {
	// Vertices and Edges are the pattern graph; vertex ids are the
	// discovery indices of its minimum DFS code (0..k-1). In directed
	// mode each edge points From -> To.
	Vertices []string
	Edges    []Edge
	// Support is the number of graphs that contain the pattern.
	Support int
	// GraphIDs are the ids (Graph.ID) of those graphs, ascending.
	GraphIDs []int
	// Code is the minimum DFS code, one entry per edge in Edges order.
	Code []DFSEdge
}

// Result is the outcome of Mine.
type Result struct {
	// Patterns in output order: the order of a sequential gSpan run,
	// i.e. depth-first over minimum DFS codes, children in increasing
	// DFS-code order (so a pattern always precedes its extensions).
	Patterns []Pattern
	// Complete is false when a budget, the deadline, cancellation or an
	// OnPattern error stopped the search early.
	Complete bool
	// Reason says why the search stopped early: "max patterns",
	// "deadline", "cancelled" or "callback"; empty when complete.
	Reason string
}

// Reasons for an incomplete Result.
const (
	ReasonMaxPatterns = "max patterns"
	ReasonDeadline    = "deadline"
	ReasonCancelled   = "cancelled"
	ReasonCallback    = "callback"
)

// SupportFromFraction converts a fraction of nGraphs into an absolute
// minimum support: floor(frac*nGraphs), at least 1. This is the rounding
// of gBolt and of Yan's gSpan wrapper (the product truncated to an
// integer), so published counts reproduce: on the 422 graphs of
// Compound_422, 0.2 gives 84. A tolerance of 1e-9 absorbs floating-point
// error (0.29*100 gives 29, not 28). frac should be in (0, 1]; values
// outside are clamped to the range [1, nGraphs] (NaN gives 1). ParseSupport
// validates user input.
func SupportFromFraction(frac float64, nGraphs int) int {
	if math.IsNaN(frac) || frac <= 0 || nGraphs <= 0 {
		return 1
	}
	if frac >= 1 {
		return nGraphs
	}
	s := int(math.Floor(frac*float64(nGraphs) + 1e-9))
	return max(s, 1)
}

// ParseSupport interprets a minimum-support argument for nGraphs graphs:
// a value containing '.' or below 1 is a fraction of the graphs (in
// (0, 1], converted with SupportFromFraction), anything else a count of
// graphs (at least 1).
func ParseSupport(s string, nGraphs int) (int, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("support %q: expected a count of graphs (integer) or a fraction such as 0.05", s)
	}
	isFrac := f < 1
	for _, r := range s {
		if r == '.' || r == 'e' || r == 'E' {
			isFrac = true
		}
	}
	if isFrac {
		if f <= 0 || f > 1 {
			return 0, fmt.Errorf("support %q: a fraction must be in (0, 1]", s)
		}
		return SupportFromFraction(f, nGraphs), nil
	}
	if f != math.Trunc(f) || f > math.MaxInt32 {
		return 0, fmt.Errorf("support %q: expected an integer count of graphs", s)
	}
	return int(f), nil
}

func (o *Options) check() error {
	switch {
	case o.MinSupport < 1:
		return fmt.Errorf("gspan: MinSupport %d: must be at least 1 graph", o.MinSupport)
	case o.MinVertices < 0:
		return fmt.Errorf("gspan: MinVertices %d: must not be negative", o.MinVertices)
	case o.MaxVertices < 0 || o.MaxVertices == 1:
		return fmt.Errorf("gspan: MaxVertices %d: must be 0 (no maximum) or at least 2", o.MaxVertices)
	case o.MaxVertices > 0 && o.MinVertices > o.MaxVertices:
		return fmt.Errorf("gspan: MinVertices %d exceeds MaxVertices %d", o.MinVertices, o.MaxVertices)
	case o.MaxPatterns < 0:
		return fmt.Errorf("gspan: MaxPatterns %d: must not be negative", o.MaxPatterns)
	case o.Workers < 0:
		return fmt.Errorf("gspan: Workers %d: must not be negative", o.Workers)
	case o.ProgressEvery < 0:
		return fmt.Errorf("gspan: ProgressEvery %v: must not be negative", o.ProgressEvery)
	}
	return nil
}

// Mine finds every connected pattern (at least one edge) that occurs in at
// least opt.MinSupport of graphs, with the gSpan algorithm: patterns are
// grown edge by edge along the rightmost path of their DFS code, and a
// pattern is kept only when its code is the minimum DFS code, so each
// pattern is found once. In directed mode the direction of an edge is part
// of its DFS-code entry and patterns grow along in- and out-edges.
//
// Graphs may have parallel edges but no self-loops, and their IDs must be
// distinct. The search runs on opt.Workers goroutines, which hand each
// other pending subtrees at any depth; the output order does not depend on
// the number of workers.
//
// When MaxPatterns or Deadline stops the search, Mine returns the patterns
// found so far marked incomplete and a nil error. When ctx is cancelled it
// returns the partial result (Reason "cancelled") together with ctx.Err().
// With several workers, which patterns a stopped search has found may vary
// from run to run; their order does not.
func Mine(ctx context.Context, graphs []Graph, opt Options) (Result, error) {
	if err := opt.check(); err != nil {
		return Result{}, err
	}
	if opt.Workers == 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.ProgressEvery == 0 {
		opt.ProgressEvery = 2 * time.Second
	}
	m, err := newMiner(graphs, opt)
	if err != nil {
		return Result{}, err
	}
	res, err := m.run(ctx)
	if err == nil && res.Reason == ReasonCancelled {
		err = ctx.Err()
		if err == nil {
			err = context.Canceled
		}
	}
	return res, err
}
