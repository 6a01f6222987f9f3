package darts_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/space/darts"
)

func ExampleParseGenotype() {
	g, err := darts.ParseGenotype("[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g == darts.DARTSV2)
	fmt.Println(g.Edge(7))
	fmt.Println(g.DARTSString())
	// Output:
	// true
	// {dil_conv_3x3 2}
	// Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])
}

func ExampleGenotype_Validate() {
	g := darts.DARTSV2.WithEdge(5, darts.Edge{Op: darts.SkipConnect, Input: 1})
	fmt.Println(g.Validate(false))
	fmt.Println(darts.DARTSV2.WithEdge(12, darts.Edge{Op: darts.None, Input: 0}).Validate(false))
	// Output:
	// normal edge 5 (genotype edge 5, into node 4): the two inputs of a node must differ: both edges into node 4 read node 1
	// reduce edge 4 (genotype edge 12, into node 4): operation none is not allowed here: got none
}

func ExampleGenotype_Config() {
	cfg := darts.DARTSV2.Config()
	fmt.Println(cfg["NetworkSelectorDatasetInfo:darts:inputs_node_normal_5"])
	fmt.Println(cfg["NetworkSelectorDatasetInfo:darts:edge_normal_9"], cfg["NetworkSelectorDatasetInfo:darts:edge_normal_11"])
	// Output:
	// 0_2
	// skip_connect dil_conv_3x3
}

func ExampleGenotype_Neighbours() {
	g := darts.DARTSV2
	for i := 0; i < 8; i += 2 {
		fmt.Printf("edge %d into node %d: %d neighbours\n", i, darts.NodeOf(i), len(g.Neighbours(i)))
	}
	n := g.Neighbours(7) // edge ('dil_conv_3x3', 2) into node 5; sibling reads 0
	fmt.Println(n[0].Edge(7), n[6].Edge(7), n[7].Edge(7), n[8].Edge(7))
	// Output:
	// edge 0 into node 2: 6 neighbours
	// edge 2 into node 3: 7 neighbours
	// edge 4 into node 4: 8 neighbours
	// edge 6 into node 5: 9 neighbours
	// {max_pool_3x3 2} {dil_conv_3x3 1} {dil_conv_3x3 3} {dil_conv_3x3 4}
}

func ExampleGenotype_CanonicalKey() {
	a := darts.DARTSV2
	b := a
	b.Normal[0], b.Normal[1] = a.Normal[1], a.Normal[0] // same node, other order
	fmt.Println(a.CanonicalKey() == b.CanonicalKey(), a == b)
	// Output: true false
}

func ExampleNewSampler() {
	s, err := darts.NewSampler("primskip")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := darts.NewRand(0)
	g := s.Sample(r)
	fmt.Println(g.Normal[0], g.Normal[1], g.Reduce[0], g.Reduce[1])
	fmt.Println(g.Validate(false))
	// Output:
	// {skip_connect 0} {skip_connect 1} {skip_connect 0} {skip_connect 1}
	// <nil>
}

func ExampleParseConstraint() {
	c, err := darts.ParseConstraint([]byte(`{"name": "sep-only-normal",
	  "rules": [{"edges": [0, 1, 2, 3, 4, 5, 6, 7], "ops": ["sep_conv_3x3", "sep_conv_5x5"]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := c.Sampler()
	g := s.Sample(darts.NewRand(1))
	fmt.Println(c.Check(g))
	fmt.Println(c.Check(darts.DARTSV2))
	// Output:
	// <nil>
	// edge 5: op skip_connect not allowed by constraint "sep-only-normal" (allowed [sep_conv_3x3 sep_conv_5x5])
}

func ExampleCell_Graph() {
	g := darts.DARTSV2.Normal.Graph()
	for _, e := range g.Edges[:3] {
		fmt.Printf("%s %d -> %d: %v\n", g.Nodes[e.From].Label, e.From, e.To, e.Op)
	}
	// Output:
	// input1 0 -> 2: sep_conv_3x3
	// input2 1 -> 2: sep_conv_3x3
	// input1 0 -> 3: sep_conv_3x3
}
