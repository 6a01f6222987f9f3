package motif

// Select returns, in rank order, the motifs for which keep reports true.
func (r *Report) Select(keep func(Motif) bool) []Motif {
	var out []Motif
	for _, m := range r.Motifs {
		if keep(m) {
			out = append(out, m)
		}
	}
	return out
}

// IsSingleEdge reports whether m is a two-vertex motif with one edge, such
// as "input1 -skip_connect-> op", and, when op is not "", whether that
// edge carries op.
func (m Motif) IsSingleEdge(op string) bool {
	p := m.Pattern
	return len(p.Vertices) == 2 && len(p.Edges) == 1 && (op == "" || p.Edges[0].Label == op)
}

// SingleEdge returns, in rank order, the two-vertex motifs whose one edge
// carries op ("" for any operation): the simple motifs the ratio ranking
// puts low (for example the skip connections from either input, which
// the reference code's table lists with support 77% and 90% of the cells).
func (r *Report) SingleEdge(op string) []Motif {
	return r.Select(func(m Motif) bool { return m.IsSingleEdge(op) })
}
