package nb201

import (
	"fmt"
	"strconv"
	"strings"
)

// Op is one of the five NB201 operations.
type Op uint8

// The NB201 operations, in the order the NATS-Bench API lists them.
const (
	None Op = iota
	SkipConnect
	NorConv1x1
	NorConv3x3
	AvgPool3x3
)

const (
	// NumOps is the number of operations an edge can carry.
	NumOps = 5
	// NumEdges is the number of edges of a cell.
	NumEdges = 6
	// NumNodes is the number of nodes of a cell (0 = input, 3 = output).
	NumNodes = 4
	// NumCells is the size of the search space, 5^6.
	NumCells = 15625
)

var opNames = [NumOps]string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"}

// Ops returns the five operations in order.
func Ops() [NumOps]Op { return [NumOps]Op{None, SkipConnect, NorConv1x1, NorConv3x3, AvgPool3x3} }

// OpNames lists the names of the NB201 operations in the order of Ops.
func OpNames() []string {
	names := make([]string, 0, NumOps)
	for _, o := range Ops() {
		names = append(names, o.String())
	}
	return names
}

// String returns the operation's name as NB201 writes it, e.g. "nor_conv_3x3".
func (o Op) String() string {
	if int(o) < NumOps {
		return opNames[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// Valid reports whether o is one of the five operations.
func (o Op) Valid() bool { return int(o) < NumOps }

// ParseOp returns the operation named s.
func ParseOp(s string) (Op, error) {
	if o, ok := lookupOp(s); ok {
		return o, nil
	}
	return 0, fmt.Errorf("nb201: unknown operation %q (want one of %s)", s, strings.Join(opNames[:], ", "))
}

// Edge is a directed edge From→To of the cell DAG.
type Edge struct{ From, To int }

// edges lists the cell's edges in the order of the NB201 string.
var edges = [NumEdges]Edge{{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}}

// Edges returns the six edges in the order of the NB201 string:
// (0→1), (0→2), (1→2), (0→3), (1→3), (2→3).
func Edges() [NumEdges]Edge { return edges }

// EdgeIndex returns the position of edge from→to in the NB201 string order,
// or -1 when the cell has no such edge.
func EdgeIndex(from, to int) int {
	for k, e := range edges {
		if e.From == from && e.To == to {
			return k
		}
	}
	return -1
}

// Cell is an NB201 cell: the operation on each edge, in the order of
// Edges.
type Cell [NumEdges]Op

// Op returns the operation on edge from→to. It panics when the edge does
// not exist (a programmer error).
func (c Cell) Op(from, to int) Op {
	k := EdgeIndex(from, to)
	if k < 0 {
		panic(fmt.Sprintf("nb201: no edge %d→%d", from, to))
	}
	return c[k]
}

// Validate reports an error when an edge carries an unknown operation.
func (c Cell) Validate() error {
	for k, o := range c {
		if !o.Valid() {
			return fmt.Errorf("nb201: edge %d (%d→%d) has invalid operation %d", k, edges[k].From, edges[k].To, o)
		}
	}
	return nil
}

// String formats c in the NB201 form
// |op~0|+|op~0|op~1|+|op~0|op~1|op~2|.
func (c Cell) String() string {
	return string(c.AppendString(make([]byte, 0, 100)))
}

// AppendString appends the NB201 form of c to dst and returns the extended
// slice; formatting many cells into one buffer avoids an allocation each.
func (c Cell) AppendString(dst []byte) []byte {
	k := 0
	for to := 1; to < NumNodes; to++ {
		if to > 1 {
			dst = append(dst, '+')
		}
		dst = append(dst, '|')
		for from := 0; from < to; from++ {
			dst = append(dst, c[k].String()...)
			dst = append(dst, '~', byte('0'+from), '|')
			k++
		}
	}
	return dst
}

// Parse reads a cell in the NB201 string form
// |op~0|+|op~0|op~1|+|op~0|op~1|op~2|. Errors name the offending token.
// Parse does not allocate on well-formed input.
func Parse(s string) (Cell, error) {
	var c Cell
	if n := strings.Count(s, "+"); n != NumNodes-2 {
		return c, fmt.Errorf("nb201: parse %q: want %d node groups separated by '+', got %d", s, NumNodes-1, n+1)
	}
	rest := s
	k := 0
	for to := 1; to < NumNodes; to++ {
		g := rest
		if i := strings.IndexByte(rest, '+'); i >= 0 {
			g, rest = rest[:i], rest[i+1:]
		}
		if len(g) < 2 || g[0] != '|' || g[len(g)-1] != '|' {
			return c, fmt.Errorf("nb201: parse %q: node %d group %q must start and end with '|'", s, to, g)
		}
		if n := strings.Count(g, "|") - 1; n != to {
			return c, fmt.Errorf("nb201: parse %q: node %d group %q must have %d edges, got %d", s, to, g, to, n)
		}
		toks := g[1:]
		for from := 0; from < to; from++ {
			i := strings.IndexByte(toks, '|')
			tok := toks[:i]
			toks = toks[i+1:]
			name, in, ok := strings.Cut(tok, "~")
			if !ok {
				return c, fmt.Errorf("nb201: parse %q: token %q: want op~input", s, tok)
			}
			op, ok := lookupOp(name)
			if !ok {
				return c, fmt.Errorf("nb201: parse %q: token %q: unknown operation %q", s, tok, name)
			}
			if len(in) != 1 || in[0] != byte('0'+from) {
				return c, fmt.Errorf("nb201: parse %q: token %q: input must be %d (edges into node %d are listed by input 0..%d)", s, tok, from, to, to-1)
			}
			c[k] = op
			k++
		}
	}
	return c, nil
}

// lookupOp is ParseOp without the error allocation.
func lookupOp(name string) (Op, bool) {
	for i, n := range opNames {
		if name == n {
			return Op(i), true
		}
	}
	return 0, false
}

// MustParse is like Parse but panics on error; for literals in tests and
// examples.
func MustParse(s string) Cell {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

// Code returns the cell's position in the lexicographic product order of
// the space: sum of op_k * 5^(5-k). It is not the benchmark's index; see
// bench.NB201 for that mapping.
func (c Cell) Code() int {
	code := 0
	for _, o := range c {
		code = code*NumOps + int(o)
	}
	return code
}

// FromCode is the inverse of Code.
func FromCode(code int) (Cell, error) {
	var c Cell
	if code < 0 || code >= NumCells {
		return c, fmt.Errorf("nb201: code %d out of range [0, %d)", code, NumCells)
	}
	for k := NumEdges - 1; k >= 0; k-- {
		c[k] = Op(code % NumOps)
		code /= NumOps
	}
	return c, nil
}

// All returns every cell of the space in Code order.
func All() []Cell {
	cs := make([]Cell, NumCells)
	for i := range cs {
		cs[i], _ = FromCode(i)
	}
	return cs
}

// AppendEdgeNeighbours appends to dst the four cells that differ from c only
// in the operation on edge k, in operation order.
func (c Cell) AppendEdgeNeighbours(dst []Cell, k int) []Cell {
	for o := Op(0); o < NumOps; o++ {
		if o == c[k] {
			continue
		}
		n := c
		n[k] = o
		dst = append(dst, n)
	}
	return dst
}

// Neighbours returns the 24 cells at one edge change from c, edge by edge.
func (c Cell) Neighbours() []Cell {
	dst := make([]Cell, 0, NumEdges*(NumOps-1))
	for k := range NumEdges {
		dst = c.AppendEdgeNeighbours(dst, k)
	}
	return dst
}

// Space is the NB201 search space as the one-edge neighbourhood structure
// operation importance needs (it satisfies importance.Space[Cell]).
type Space struct{}

// NumEdges returns 6.
func (Space) NumEdges() int { return NumEdges }

// AppendNeighbours appends the four cells that differ from c only at edge e.
func (Space) AppendNeighbours(dst []Cell, c Cell, e int) []Cell {
	return c.AppendEdgeNeighbours(dst, e)
}
