package darts

import (
	"reflect"
	"testing"
)

func TestCellGraph(t *testing.T) {
	g := DARTSV2.Normal.Graph()
	wantNodes := []GraphNode{{0, "input1"}, {1, "input2"}, {2, "op"}, {3, "op"}, {4, "op"}, {5, "op"}}
	if !reflect.DeepEqual(g.Nodes, wantNodes) {
		t.Errorf("nodes %v", g.Nodes)
	}
	// DARTS_V2 normal cell, edge by edge.
	wantEdges := []GraphEdge{
		{0, 2, SepConv3x3, 0}, {1, 2, SepConv3x3, 1},
		{0, 3, SepConv3x3, 2}, {1, 3, SepConv3x3, 3},
		{1, 4, SepConv3x3, 4}, {0, 4, SkipConnect, 5},
		{0, 5, SkipConnect, 6}, {2, 5, DilConv3x3, 7},
	}
	if !reflect.DeepEqual(g.Edges, wantEdges) {
		t.Errorf("edges %v", g.Edges)
	}
	// Pruned edges are absent.
	pruned := DARTSV2.WithEdge(7, Edge{None, 2}).Normal.Graph()
	if len(pruned.Edges) != 7 || len(pruned.Nodes) != 6 {
		t.Errorf("pruned graph has %d edges, %d nodes", len(pruned.Edges), len(pruned.Nodes))
	}
	// Keep the skip edges only: node 0 → 4 and 0 → 5; nodes 1, 2, 3 drop out.
	sub := g.Subgraph(func(e GraphEdge) bool { return e.Op == SkipConnect })
	wantSub := CellGraph{
		Nodes: []GraphNode{{0, "input1"}, {4, "op"}, {5, "op"}},
		Edges: []GraphEdge{{0, 1, SkipConnect, 5}, {0, 2, SkipConnect, 6}},
	}
	if !reflect.DeepEqual(sub, wantSub) {
		t.Errorf("subgraph %+v, want %+v", sub, wantSub)
	}
	if e := g.Subgraph(func(GraphEdge) bool { return false }); len(e.Nodes) != 0 || len(e.Edges) != 0 {
		t.Errorf("empty subgraph %+v", e)
	}
}
