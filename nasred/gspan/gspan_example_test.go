package gspan_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/nasred/nasred/nasred/gspan"
)

// Mining directed cells: the join of both inputs into one operation node
// (a vertex with two incoming edges) is found in both graphs.
func ExampleMine() {
	cells := []gspan.Graph{
		{ID: 0, Vertices: []string{"input1", "input2", "op"}, Edges: []gspan.Edge{
			{From: 0, To: 2, Label: "conv3x3"}, {From: 1, To: 2, Label: "skip"}}},
		{ID: 1, Vertices: []string{"input1", "input2", "op", "op"}, Edges: []gspan.Edge{
			{From: 0, To: 2, Label: "conv3x3"}, {From: 1, To: 2, Label: "skip"}, {From: 2, To: 3, Label: "conv1x1"}}},
	}
	res, err := gspan.Mine(context.Background(), cells, gspan.Options{Directed: true, MinSupport: 2, MinVertices: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := gspan.WritePatterns(os.Stdout, res.Patterns); err != nil {
		fmt.Println(err)
	}
	// Output:
	// t # 0 * 2
	// v 0 input1
	// v 1 op
	// v 2 input2
	// e 0 1 conv3x3
	// e 2 1 skip
	// x: 0 1
}

// Reading the gSpan text format and mining it undirected. "--support 2"
// is a count of graphs; a fraction is truncated like gBolt: 0.5 of 3
// graphs is 1.
func ExampleReadGraphs() {
	in := `t # 0
v 0 C
v 1 C
v 2 O
e 0 1 1
e 1 2 2
t # 1
v 0 C
v 1 O
e 0 1 2
t # 2
v 0 C
v 1 C
e 0 1 1
`
	gs, err := gspan.ReadGraphs(strings.NewReader(in), "molecules.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	half, _ := gspan.ParseSupport("0.5", len(gs))
	sup, _ := gspan.ParseSupport("2", len(gs))
	fmt.Println("0.5 ->", half, "graph; 2 ->", sup, "graphs")
	res, _ := gspan.Mine(context.Background(), gs, gspan.Options{MinSupport: sup})
	for _, p := range res.Patterns {
		fmt.Println(p.Vertices, p.Edges, "support", p.Support, "graphs", p.GraphIDs)
	}
	_, err = gspan.ReadGraphs(strings.NewReader("t # 0\nv 0 C\ne 0 1 1\n"), "broken.txt")
	fmt.Println(err)
	// Output:
	// 0.5 -> 1 graph; 2 -> 2 graphs
	// [C C] [{0 1 1}] support 2 graphs [0 2]
	// [C O] [{0 1 2}] support 2 graphs [0 1]
	// broken.txt:3: edge end point 1: graph 0 has vertices 0..0 so far
}

// CanonicalKey identifies isomorphic patterns, here the same directed
// path written with different vertex numbers.
func ExampleCanonicalKey() {
	a := gspan.CanonicalKey([]string{"x", "y", "z"},
		[]gspan.Edge{{From: 0, To: 1, Label: "e"}, {From: 1, To: 2, Label: "e"}}, true)
	b := gspan.CanonicalKey([]string{"z", "x", "y"},
		[]gspan.Edge{{From: 2, To: 0, Label: "e"}, {From: 1, To: 2, Label: "e"}}, true)
	c := gspan.CanonicalKey([]string{"z", "x", "y"},
		[]gspan.Edge{{From: 0, To: 2, Label: "e"}, {From: 1, To: 2, Label: "e"}}, true)
	fmt.Println(a == b, a == c)
	fmt.Println(a)
	// Output:
	// true false
	// (0,1,"x",>"e","y")(1,2,"y",>"e","z")
}
