package nb201

import (
	"sort"
	"strings"
)

// IsomorphismKey returns a canonical key of what the cell computes, the
// convention NAS-Bench-201 uses to count its 6,466 unique cells (the
// benchmark's UniqueString column): every node is written as the sorted sum
// of its incoming terms, a term being the source node's expression after
// the edge's operation; skip_connect passes the expression through, none
// (or an input that is identically zero) gives the zero term "#", and any
// other operation wraps the input as "(expr)@op". Sorting the summands
// makes the key independent of how the two intermediate nodes are
// numbered, and dead edges (none, or fed by a zero node) collapse to "#".
//
// Two cells have equal keys exactly when NAS-Bench-201 treats them as
// isomorphic. The convention keeps zero summands, so x and x+0 differ; see
// ReducedKey for the stricter equivalence that drops them.
func (c Cell) IsomorphismKey() string { return c.key(false) }

// ReducedKey is IsomorphismKey with zero summands removed from every sum
// (x + 0 = x), so cells that differ only by dead edges into a live node are
// identified too. It partitions the 15,625 cells into 5,390 classes, a
// coarsening of IsomorphismKey's 6,466.
func (c Cell) ReducedKey() string { return c.key(true) }

func (c Cell) key(dropZeros bool) string {
	var nodes [NumNodes]string
	nodes[0] = "0"
	var terms [NumNodes - 1]string
	k := 0
	for to := 1; to < NumNodes; to++ {
		cur := terms[:0]
		for from := 0; from < to; from++ {
			op := c[k]
			k++
			var t string
			switch {
			case op == None || nodes[from] == "#":
				t = "#"
			case op == SkipConnect:
				t = nodes[from]
			default:
				t = "(" + nodes[from] + ")@" + op.String()
			}
			if dropZeros && t == "#" {
				continue
			}
			cur = append(cur, t)
		}
		if len(cur) == 0 {
			nodes[to] = "#"
			continue
		}
		sort.Strings(cur)
		nodes[to] = strings.Join(cur, "+")
	}
	return nodes[NumNodes-1]
}
