package darts

// NeighbourCount returns how many genotypes Neighbours(edge) returns for a
// searchable (non-None) edge: the 6 other operations plus the j-2
// rewirings of an edge into node j. Node 2: 6, node 3: 7, node 4: 8,
// node 5: 9; 60 per cell, 120 per genotype. An edge whose op is None has
// one more (all 7 operations are swaps).
func NeighbourCount(edge int) int {
	checkEdgeIndex(edge)
	return NumOps - 1 + NodeOf(edge) - 2
}

// Neighbours returns the one-edge neighbourhood N(e) of paper §3 for
// edge e (0..15): every genotype that differs from g only at e. First the
// operation swaps, in op index order (the 6 other searchable operations;
// None is never produced), then the rewirings in ascending input order: e
// keeps its operation and reads any other node allowed for its target node
// j (0..j-1), except its current input and the input of its sibling edge.
// It panics if edge is outside 0..15.
func (g Genotype) Neighbours(edge int) []Genotype {
	return g.AppendNeighbours(make([]Genotype, 0, NeighbourCount(edge)+1), edge)
}

// AppendNeighbours appends Neighbours(edge) to dst and returns it; with a
// reused dst it does not allocate.
func (g Genotype) AppendNeighbours(dst []Genotype, edge int) []Genotype {
	checkEdgeIndex(edge)
	e := g.Edge(edge)
	for op := Op(0); op < NumOps; op++ {
		if op != e.Op {
			dst = append(dst, g.WithEdge(edge, Edge{Op: op, Input: e.Input}))
		}
	}
	sib := g.Edge(Sibling(edge)).Input
	for in := 0; in < NodeOf(edge); in++ {
		if in != e.Input && in != sib {
			dst = append(dst, g.WithEdge(edge, Edge{Op: e.Op, Input: in}))
		}
	}
	return dst
}
