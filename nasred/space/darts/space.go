package darts

// Space is the DARTS search space seen by operation importance: a
// genotype has NumEdges edges and the neighbours of edge e are
// Genotype.AppendNeighbours(dst, e) (6 operation swaps and the rewirings
// of paper §3). It implements importance.Space[Genotype]; the zero
// value is ready to use and holds no state.
type Space struct{}

// NumEdges returns 16: edges 0-7 of the normal cell, 8-15 of the
// reduction cell.
func (Space) NumEdges() int { return NumEdges }

// AppendNeighbours appends the one-edge neighbourhood of edge e of g to
// dst (see Genotype.AppendNeighbours).
func (Space) AppendNeighbours(dst []Genotype, g Genotype, e int) []Genotype {
	return g.AppendNeighbours(dst, e)
}
