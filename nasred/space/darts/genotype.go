package darts

import (
	"errors"
	"fmt"
)

// NumEdges is the number of edges of a genotype: 8 in the normal cell
// (indices 0-7) followed by 8 in the reduction cell (8-15).
const NumEdges = 16

// CellEdges is the number of edges of one cell. Edges 2k and 2k+1 feed
// intermediate node k+2.
const CellEdges = 8

// Edge is one edge of a cell: an operation applied to the output of node
// Input. For the edges of intermediate node j, Input is in 0..j-1 (0 and 1
// are the cell inputs c_{k-2} and c_{k-1}).
type Edge struct {
	Op    Op
	Input int
}

// Cell holds the 8 edges of a cell; edges 2k and 2k+1 feed node k+2. The
// cell output concatenates nodes 2..5.
type Cell [CellEdges]Edge

// Genotype is a DARTS / NAS-Bench-301 architecture: a normal cell and a
// reduction cell. The zero value is not valid (both edges of node 2 read
// node 0); build genotypes with a parser, a sampler or a literal.
type Genotype struct {
	Normal, Reduce Cell
}

// NodeOf returns the intermediate node (2..5) that edge i (0..15, or 0..7
// within a cell) feeds.
func NodeOf(i int) int { return (i%CellEdges)/2 + 2 }

// Sibling returns the index of the other edge into the same node.
func Sibling(i int) int { return i ^ 1 }

// CellName returns "normal" for edges 0-7 and "reduce" for 8-15.
func CellName(i int) string {
	if i < CellEdges {
		return "normal"
	}
	return "reduce"
}

func checkEdgeIndex(i int) {
	if i < 0 || i >= NumEdges {
		panic(fmt.Sprintf("darts: edge index %d out of range 0..15", i))
	}
}

// Edge returns edge i of the genotype: 0-7 are the normal cell's edges,
// 8-15 the reduction cell's. It panics if i is outside 0..15.
func (g Genotype) Edge(i int) Edge {
	checkEdgeIndex(i)
	if i < CellEdges {
		return g.Normal[i]
	}
	return g.Reduce[i-CellEdges]
}

// WithEdge returns a copy of g with edge i (0..15) replaced by e. It panics
// if i is outside 0..15; it does not validate e.
func (g Genotype) WithEdge(i int, e Edge) Genotype {
	checkEdgeIndex(i)
	if i < CellEdges {
		g.Normal[i] = e
	} else {
		g.Reduce[i-CellEdges] = e
	}
	return g
}

// Cell returns the normal cell for c == 0 and the reduction cell for c == 1.
func (g Genotype) Cell(c int) Cell {
	if c == 0 {
		return g.Normal
	}
	return g.Reduce
}

// Rules broken, as reported in ValidationError.Rule.
const (
	RuleOp       = "operation must be one of the 7 DARTS operations"
	RuleNone     = "operation none is not allowed here"
	RuleInput    = "input must be an earlier node"
	RuleDistinct = "the two inputs of a node must differ"
)

// ValidationError says which edge of a genotype breaks which rule.
type ValidationError struct {
	Edge   int    // genotype edge index 0..15
	Rule   string // one of the Rule constants
	Detail string // the offending values
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s edge %d (genotype edge %d, into node %d): %s: %s",
		CellName(e.Edge), e.Edge%CellEdges, e.Edge, NodeOf(e.Edge), e.Rule, e.Detail)
}

// Validate checks every edge of g: the operation is one of the 7 searchable
// operations (or None when allowNone), the input of an edge into node j is
// in 0..j-1, and the two edges into a node read different nodes. The error
// is a *ValidationError naming the first offending edge (lowest index), or
// several joined with errors.Join when more edges are wrong.
func (g Genotype) Validate(allowNone bool) error {
	var errs []error
	for i := 0; i < NumEdges; i++ {
		if err := g.validateEdge(i, allowNone); err != nil {
			errs = append(errs, err)
		}
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

func (g Genotype) validateEdge(i int, allowNone bool) error {
	e := g.Edge(i)
	j := NodeOf(i)
	switch {
	case e.Op == None && !allowNone:
		return &ValidationError{i, RuleNone, "got none"}
	case e.Op > None:
		return &ValidationError{i, RuleOp, fmt.Sprintf("got op index %d", uint8(e.Op))}
	case e.Input < 0 || e.Input >= j:
		return &ValidationError{i, RuleInput, fmt.Sprintf("got input %d, want 0..%d", e.Input, j-1)}
	case i%2 == 1 && e.Input == g.Edge(i-1).Input:
		return &ValidationError{i, RuleDistinct, fmt.Sprintf("both edges into node %d read node %d", j, e.Input)}
	}
	return nil
}

// Sorted returns g with the two edges of every node ordered by input node
// (ascending). The result computes the same function: the node sums its
// two edges. NB301's configuration form stores edges in this order.
func (g Genotype) Sorted() Genotype {
	g.Normal = g.Normal.sorted()
	g.Reduce = g.Reduce.sorted()
	return g
}

func (c Cell) sorted() Cell {
	for k := 0; k < CellEdges; k += 2 {
		if c[k].Input > c[k+1].Input || (c[k].Input == c[k+1].Input && c[k].Op > c[k+1].Op) {
			c[k], c[k+1] = c[k+1], c[k]
		}
	}
	return c
}

// Well-known genotypes from the literature, exactly as published in the
// authors' genotypes.py files.
var (
	// DARTSV1 is DARTS (first order), "DARTS_V1" in DARTS' genotypes.py.
	DARTSV1 = Genotype{
		Normal: Cell{{SepConv3x3, 1}, {SepConv3x3, 0}, {SkipConnect, 0}, {SepConv3x3, 1}, {SkipConnect, 0}, {SepConv3x3, 1}, {SepConv3x3, 0}, {SkipConnect, 2}},
		Reduce: Cell{{MaxPool3x3, 0}, {MaxPool3x3, 1}, {SkipConnect, 2}, {MaxPool3x3, 0}, {MaxPool3x3, 0}, {SkipConnect, 2}, {SkipConnect, 2}, {AvgPool3x3, 0}},
	}
	// DARTSV2 is DARTS (second order), "DARTS_V2" (= "DARTS") in DARTS'
	// genotypes.py: 2.76 % CIFAR-10 test error.
	DARTSV2 = Genotype{
		Normal: Cell{{SepConv3x3, 0}, {SepConv3x3, 1}, {SepConv3x3, 0}, {SepConv3x3, 1}, {SepConv3x3, 1}, {SkipConnect, 0}, {SkipConnect, 0}, {DilConv3x3, 2}},
		Reduce: Cell{{MaxPool3x3, 0}, {MaxPool3x3, 1}, {SkipConnect, 2}, {MaxPool3x3, 1}, {MaxPool3x3, 0}, {SkipConnect, 2}, {SkipConnect, 2}, {MaxPool3x3, 1}},
	}
	// PCDARTS is "PC_DARTS_cifar" in PC-DARTS' genotypes.py: 2.57 %.
	PCDARTS = Genotype{
		Normal: Cell{{SepConv3x3, 1}, {SkipConnect, 0}, {SepConv3x3, 0}, {DilConv3x3, 1}, {SepConv5x5, 0}, {SepConv3x3, 1}, {AvgPool3x3, 0}, {DilConv3x3, 1}},
		Reduce: Cell{{SepConv5x5, 1}, {MaxPool3x3, 0}, {SepConv5x5, 1}, {SepConv5x5, 2}, {SepConv3x3, 0}, {SepConv3x3, 3}, {SepConv3x3, 1}, {SepConv3x3, 2}},
	}
)

// Known returns the well-known genotypes by name ("DARTS_V1", "DARTS_V2",
// "PC_DARTS"), as a fresh map.
func Known() map[string]Genotype {
	return map[string]Genotype{"DARTS_V1": DARTSV1, "DARTS_V2": DARTSV2, "PC_DARTS": PCDARTS}
}
