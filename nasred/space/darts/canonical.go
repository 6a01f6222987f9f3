package darts

// perms lists the 24 permutations of the intermediate nodes: perms[p][v-2]
// is the new label (2..5) of node v.
var perms = func() [24][4]int {
	var out [24][4]int
	n := 0
	var rec func(cur [4]int, used [6]bool, k int)
	rec = func(cur [4]int, used [6]bool, k int) {
		if k == 4 {
			out[n] = cur
			n++
			return
		}
		for l := 2; l <= 5; l++ {
			if !used[l] {
				used[l] = true
				cur[k] = l
				rec(cur, used, k+1)
				used[l] = false
			}
		}
	}
	rec([4]int{}, [6]bool{}, 0)
	return out
}()

// Dead reports, for a cell that may contain None edges, which edges carry
// nothing: an edge is dead when its op is None or its input node is dead,
// and an intermediate node is dead when both its edges are dead (it then
// outputs zeros). Without None edges nothing is dead.
func (c Cell) Dead() (edges [CellEdges]bool, nodes [6]bool) {
	for k := 0; k < CellEdges; k++ {
		in := c[k].Input
		edges[k] = c[k].Op == None || (in >= 0 && in < 6 && nodes[in])
		if k%2 == 1 {
			nodes[k/2+2] = edges[k] && edges[k-1]
		}
	}
	return edges, nodes
}

// Canonical returns the representative of the class of cells that compute
// the same function as c. Three things are identified:
//
//  1. The order of the two edges into a node (a node sums them): the pair
//     is stored in ascending (input, op) order.
//  2. Relabelling of the intermediate nodes 2..5 by any permutation that
//     keeps every edge pointing from a lower to a higher node: the cell
//     output concatenates all four nodes and the next layer (a 1x1
//     convolution, or pooling and a linear classifier) is invariant to
//     the order of the concatenated blocks up to a permutation of its
//     weights. The representative is the relabelling whose 16 numbers
//     (input, op per edge) are lexicographically smallest.
//  3. With None edges: dead edges (see Dead) are replaced by None, and
//     their input, which no longer matters, by the smallest node that
//     keeps the node's two inputs distinct (0, else 1). This treats an
//     operation applied to an all-zero tensor as zero, true for skip,
//     pooling and convolutions; with affine batch norm it is a learned
//     constant that carries no information about the input.
//
// Nothing else is identified: inputs 0 and 1 (c_{k-2}, c_{k-1}) differ,
// and different operations are different. c should pass Validate(true);
// for an invalid cell the result is unspecified (but there is no panic).
func (c Cell) Canonical() Cell {
	deadEdge, _ := c.Dead()
	var best [2 * CellEdges]uint8
	var bestCell Cell
	first := true
	for _, p := range perms {
		label := func(v int) int {
			if v >= 2 && v <= 5 {
				return p[v-2]
			}
			return v
		}
		ok := true
		for k := 0; k < CellEdges && ok; k++ {
			if !deadEdge[k] && label(c[k].Input) >= label(NodeOf(k)) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		var out Cell
		for k := 0; k < CellEdges; k += 2 {
			a, b := c[k], c[k+1]
			da, db := deadEdge[k], deadEdge[k+1]
			a.Input, b.Input = label(a.Input), label(b.Input)
			switch {
			case da && db:
				a, b = Edge{None, 0}, Edge{None, 1}
			case da:
				a = Edge{None, otherThan(b.Input)}
			case db:
				b = Edge{None, otherThan(a.Input)}
			}
			if a.Input > b.Input || (a.Input == b.Input && a.Op > b.Op) {
				a, b = b, a
			}
			t := 2 * (label(NodeOf(k)) - 2)
			out[t], out[t+1] = a, b
		}
		key := cellBytes(out)
		if first || less(key, best) {
			best, bestCell, first = key, out, false
		}
	}
	if first { // no valid relabelling: c is invalid; return it unchanged.
		return c
	}
	return bestCell
}

func otherThan(x int) int {
	if x == 0 {
		return 1
	}
	return 0
}

func cellBytes(c Cell) (b [2 * CellEdges]uint8) {
	for k, e := range c {
		b[2*k], b[2*k+1] = uint8(e.Input), uint8(e.Op)
	}
	return b
}

func less(a, b [2 * CellEdges]uint8) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Canonical returns g with both cells replaced by their canonical
// representatives (Cell.Canonical). Two genotypes are computationally
// equivalent in the sense documented there exactly when their Canonical
// values are equal.
func (g Genotype) Canonical() Genotype {
	return Genotype{Normal: g.Normal.Canonical(), Reduce: g.Reduce.Canonical()}
}

// CanonicalKey returns the compact form of g.Canonical(): equal keys mean
// computationally equivalent genotypes (see Cell.Canonical for what is
// identified). The key parses back (ParseCompact) to the representative.
func (g Genotype) CanonicalKey() string { return g.Canonical().CompactString() }
