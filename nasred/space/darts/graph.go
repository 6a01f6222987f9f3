package darts

// Node labels of the cell graph (paper §4).
const (
	LabelInput1 = "input1" // node 0, c_{k-2}
	LabelInput2 = "input2" // node 1, c_{k-1}
	LabelOp     = "op"     // intermediate nodes 2..5
)

// GraphNode is a node of a CellGraph: ID is the cell node (0..5).
type GraphNode struct {
	ID    int
	Label string
}

// GraphEdge is a directed, op-labelled edge of a CellGraph. From and To
// index CellGraph.Nodes (not cell node IDs); Edge is the cell edge index
// (0..7) it came from.
type GraphEdge struct {
	From, To int
	Op       Op
	Edge     int
}

// CellGraph is the edge-attributed directed graph of a cell used for motif
// mining (paper §4): nodes input1, input2 and the four op nodes, one
// edge per cell edge from its input node to its target node, labelled by
// the operation.
type CellGraph struct {
	Nodes []GraphNode
	Edges []GraphEdge
}

// Graph returns the cell graph of c: 6 nodes (Nodes[i].ID == i) and one
// edge per cell edge, in cell edge order. Edges whose op is None are left
// out (a pruned edge does not exist); the nodes are always all present.
// c must be valid (see Genotype.Validate).
func (c Cell) Graph() CellGraph {
	g := CellGraph{Nodes: make([]GraphNode, 6), Edges: make([]GraphEdge, 0, CellEdges)}
	for i := range g.Nodes {
		g.Nodes[i] = GraphNode{ID: i, Label: LabelOp}
	}
	g.Nodes[0].Label, g.Nodes[1].Label = LabelInput1, LabelInput2
	for k, e := range c {
		if e.Op == None {
			continue
		}
		g.Edges = append(g.Edges, GraphEdge{From: e.Input, To: NodeOf(k), Op: e.Op, Edge: k})
	}
	return g
}

// Subgraph returns the graph of the edges for which keep returns true,
// without the nodes that are then isolated (paper §4 keeps only edges
// with OI above a threshold and drops isolated nodes). Nodes keep their
// order and IDs; edge endpoints are re-indexed.
func (g CellGraph) Subgraph(keep func(GraphEdge) bool) CellGraph {
	var kept []GraphEdge
	used := make([]bool, len(g.Nodes))
	for _, e := range g.Edges {
		if keep(e) {
			kept = append(kept, e)
			used[e.From], used[e.To] = true, true
		}
	}
	idx := make([]int, len(g.Nodes))
	out := CellGraph{}
	for i, n := range g.Nodes {
		if used[i] {
			idx[i] = len(out.Nodes)
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, e := range kept {
		e.From, e.To = idx[e.From], idx[e.To]
		out.Edges = append(out.Edges, e)
	}
	return out
}
