package motif

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/nasred/nasred/nasred/gspan"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// Edge is a directed edge From→To of a cell graph, labelled with its
// operation, with the operation importance of that edge.
type Edge struct {
	From, To int
	Op       string
	OI       float64
}

// CellGraph is one cell as a labelled directed graph: a label per node and
// every edge of the cell (not only the important ones) with its OI. The
// important subgraph and the random reference subgraph are both derived
// from it.
type CellGraph struct {
	// ID identifies the cell in the report (for NB201 the benchmark index).
	ID int
	// Name is a human-readable form of the cell (for NB201 its string).
	Name string
	// Nodes holds the label of node i at position i.
	Nodes []string
	// Edges holds every edge of the cell.
	Edges []Edge
}

// Direction says which side of the importance threshold an edge must be on
// to be kept.
type Direction int

const (
	// Positive keeps edges with OI >= t: the edges that matter in good
	// cells (changing them hurts).
	Positive Direction = iota
	// Negative keeps edges with OI <= -t: the edges whose change helps,
	// the analysis of bad cells.
	Negative
)

// String returns "positive" or "negative".
func (d Direction) String() string {
	switch d {
	case Positive:
		return "positive"
	case Negative:
		return "negative"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// ParseDirection reads "positive" (also "ge", ">=") or "negative" (also
// "le", "<=").
func ParseDirection(s string) (Direction, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "positive", "ge", ">=", "pos", "good":
		return Positive, nil
	case "negative", "le", "<=", "neg", "bad":
		return Negative, nil
	}
	return 0, fmt.Errorf("unknown threshold direction %q (want positive or negative)", s)
}

// validLabel reports whether s can be a label of the gSpan text format and
// of the one-line pattern form: non-empty, no white space, no ';' or ','.
func validLabel(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\r\n;,\"")
}

// NewCellGraph checks and builds a cell graph. Node and edge labels must be
// single tokens (no white space, ';', ',' or '"'), edge ends must be nodes,
// and every OI must be finite. Self-loops are rejected: no cell space has
// them.
func NewCellGraph(id int, name string, nodes []string, edges []Edge) (CellGraph, error) {
	for i, l := range nodes {
		if !validLabel(l) {
			return CellGraph{}, fmt.Errorf("cell %d (%s): node %d label %q is not a single token", id, name, i, l)
		}
	}
	for i, e := range edges {
		if e.From < 0 || e.From >= len(nodes) || e.To < 0 || e.To >= len(nodes) {
			return CellGraph{}, fmt.Errorf("cell %d (%s): edge %d (%d→%d) has an end outside nodes 0..%d", id, name, i, e.From, e.To, len(nodes)-1)
		}
		if e.From == e.To {
			return CellGraph{}, fmt.Errorf("cell %d (%s): edge %d is a self-loop on node %d", id, name, i, e.From)
		}
		if !validLabel(e.Op) {
			return CellGraph{}, fmt.Errorf("cell %d (%s): edge %d (%d→%d) operation %q is not a single token", id, name, i, e.From, e.To, e.Op)
		}
		if math.IsNaN(e.OI) || math.IsInf(e.OI, 0) {
			return CellGraph{}, fmt.Errorf("cell %d (%s): edge %d (%d→%d) has OI %v, want a finite number", id, name, i, e.From, e.To, e.OI)
		}
	}
	return CellGraph{ID: id, Name: name, Nodes: append([]string(nil), nodes...), Edges: append([]Edge(nil), edges...)}, nil
}

// NB201NodeLabels returns the node labels of an NB201 cell graph: input,
// op, op, output (see the package documentation for why).
func NB201NodeLabels() [nb201.NumNodes]string {
	return [nb201.NumNodes]string{"input", "op", "op", "output"}
}

// NB201Cell builds the graph of an NB201 cell with the OI of its six edges
// (in the cell's edge order, nb201.Edges). Edges carrying none are kept,
// labelled "none".
func NB201Cell(id int, c nb201.Cell, oi []float64) (CellGraph, error) {
	if err := c.Validate(); err != nil {
		return CellGraph{}, fmt.Errorf("cell %d: %w", id, err)
	}
	if len(oi) != nb201.NumEdges {
		return CellGraph{}, fmt.Errorf("cell %d (%s): %d OI values, want %d", id, c, len(oi), nb201.NumEdges)
	}
	labels := NB201NodeLabels()
	edges := make([]Edge, nb201.NumEdges)
	for k, e := range nb201.Edges() {
		edges[k] = Edge{From: e.From, To: e.To, Op: c[k].String(), OI: oi[k]}
	}
	return NewCellGraph(id, c.String(), labels[:], edges)
}

// DARTSNodeLabels returns the node labels of a DARTS cell graph as in the
// paper: input1 (c_{k-2}, node 0), input2 (c_{k-1}, node 1) and op for the
// four intermediate nodes 2..5.
func DARTSNodeLabels() [6]string {
	return [6]string{"input1", "input2", "op", "op", "op", "op"}
}

// DARTSCell builds the graph of one DARTS cell (normal or reduction) from
// its eight edges: edges 2j and 2j+1 feed intermediate node j+2 from node
// inputs[2j] and inputs[2j+1], carrying operations ops[k] with importance
// oi[k].
func DARTSCell(id int, name string, inputs [8]int, ops [8]string, oi []float64) (CellGraph, error) {
	if len(oi) != 8 {
		return CellGraph{}, fmt.Errorf("cell %d (%s): %d OI values, want 8", id, name, len(oi))
	}
	labels := DARTSNodeLabels()
	edges := make([]Edge, 8)
	for k := range edges {
		to := k/2 + 2
		if inputs[k] < 0 || inputs[k] >= to {
			return CellGraph{}, fmt.Errorf("cell %d (%s): edge %d into node %d comes from node %d, want 0..%d", id, name, k, to, inputs[k], to-1)
		}
		edges[k] = Edge{From: inputs[k], To: to, Op: ops[k], OI: oi[k]}
	}
	return NewCellGraph(id, name, labels[:], edges)
}

// Passes reports whether an edge with importance oi is kept at threshold t
// in direction d.
func (d Direction) Passes(oi, t float64) bool {
	if d == Negative {
		return oi <= -t
	}
	return oi >= t
}

// Important returns the important subgraph of g as a gspan graph: the
// edges whose OI passes threshold t in direction d, on the nodes they
// touch (isolated nodes are dropped). Nodes keep their relative order. The
// graph's ID is g.ID.
func (g CellGraph) Important(t float64, d Direction) gspan.Graph {
	keep := make([]bool, len(g.Edges))
	for i, e := range g.Edges {
		keep[i] = d.Passes(e.OI, t)
	}
	return g.subgraph(keep)
}

// NumImportant returns how many edges of g pass threshold t in direction d.
func (g CellGraph) NumImportant(t float64, d Direction) int {
	n := 0
	for _, e := range g.Edges {
		if d.Passes(e.OI, t) {
			n++
		}
	}
	return n
}

// RandomSubgraph returns a reference graph for g: k edges drawn uniformly
// without replacement from all of g's edges (every k-subset equally
// likely), on the nodes they touch. It is not required to be connected,
// just as the important subgraph is not. It panics if k is outside
// [0, len(g.Edges)] (a programmer error).
func (g CellGraph) RandomSubgraph(k int, rng *rand.Rand) gspan.Graph {
	if k < 0 || k > len(g.Edges) {
		panic(fmt.Sprintf("motif: RandomSubgraph of %d edges from a cell of %d", k, len(g.Edges)))
	}
	// Partial Fisher-Yates over edge positions.
	perm := make([]int, len(g.Edges))
	for i := range perm {
		perm[i] = i
	}
	keep := make([]bool, len(g.Edges))
	for i := range k {
		j := i + rng.IntN(len(perm)-i)
		perm[i], perm[j] = perm[j], perm[i]
		keep[perm[i]] = true
	}
	return g.subgraph(keep)
}

// ReferenceRule says how many edges the random reference subgraph of a
// cell with k important edges has.
type ReferenceRule int

const (
	// ReferenceExact draws exactly k edges (paper §4; the default).
	ReferenceExact ReferenceRule = iota
	// ReferenceOriginal reproduces the reference code's headline NB301
	// run (mine_motifs.py with --normal_only): the number of edges is
	// itself random, uniform over 0..k-1 (numpy's randint(k)), and the
	// reference is empty when k <= 1. Its references are smaller than the
	// important subgraphs, which lowers reference incidence and inflates
	// the ratios. (The reference code's NB201 run and its two-cell NB301
	// run draw exactly k edges.)
	ReferenceOriginal
)

var referenceRuleNames = [...]string{ReferenceExact: "exact", ReferenceOriginal: "original"}

// String returns "exact" or "original".
func (r ReferenceRule) String() string {
	if r >= 0 && int(r) < len(referenceRuleNames) {
		return referenceRuleNames[r]
	}
	return fmt.Sprintf("ReferenceRule(%d)", int(r))
}

// ParseReferenceRule reads "exact" or "original" (case-insensitive; ""
// is "exact").
func ParseReferenceRule(s string) (ReferenceRule, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return ReferenceExact, nil
	}
	for r, name := range referenceRuleNames {
		if t == name {
			return ReferenceRule(r), nil
		}
	}
	return 0, fmt.Errorf("unknown reference rule %q: want exact or original", s)
}

// ReferenceSubgraph returns the reference graph of g for a cell with k
// important edges under rule: RandomSubgraph(k) for ReferenceExact (the
// same draws from rng), and for ReferenceOriginal RandomSubgraph(m) with
// m drawn uniformly from 0..k-1 first (m = 0 when k = 0). It panics if k
// is outside [0, len(g.Edges)] or the rule is unknown (programmer errors).
func (g CellGraph) ReferenceSubgraph(k int, rule ReferenceRule, rng *rand.Rand) gspan.Graph {
	switch rule {
	case ReferenceExact:
		return g.RandomSubgraph(k, rng)
	case ReferenceOriginal:
		if k < 0 || k > len(g.Edges) {
			panic(fmt.Sprintf("motif: ReferenceSubgraph of %d edges from a cell of %d", k, len(g.Edges)))
		}
		m := 0
		if k > 0 {
			m = rng.IntN(k)
		}
		return g.RandomSubgraph(m, rng)
	}
	panic(fmt.Sprintf("motif: unknown reference rule %d", int(rule)))
}

// subgraph returns the graph of the kept edges on the nodes they touch.
func (g CellGraph) subgraph(keep []bool) gspan.Graph {
	newID := make([]int, len(g.Nodes))
	for i := range newID {
		newID[i] = -1
	}
	for i, e := range g.Edges {
		if keep[i] {
			newID[e.From], newID[e.To] = 0, 0
		}
	}
	out := gspan.Graph{ID: g.ID}
	for i, l := range g.Nodes {
		if newID[i] == 0 {
			newID[i] = len(out.Vertices)
			out.Vertices = append(out.Vertices, l)
		}
	}
	for i, e := range g.Edges {
		if keep[i] {
			out.Edges = append(out.Edges, gspan.Edge{From: newID[e.From], To: newID[e.To], Label: e.Op})
		}
	}
	return out
}

// cellRNG returns the random source of the reference graph of the cell at
// position i of a run with the given seed: independent of the order in
// which cells are processed, so results do not depend on parallelism.
func cellRNG(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(i)^0x9e3779b97f4a7c15))
}
