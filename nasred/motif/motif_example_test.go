package motif_test

import (
	"context"
	"fmt"
	"os"

	"github.com/nasred/nasred/nasred/gspan"
	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/space/nb201"
)

func ExampleContains() {
	e := func(u, v int, l string) gspan.Edge { return gspan.Edge{From: u, To: v, Label: l} }
	cell := gspan.Graph{Vertices: []string{"input", "op", "output"},
		Edges: []gspan.Edge{e(0, 1, "nor_conv_3x3"), e(1, 2, "nor_conv_3x3"), e(0, 2, "skip_connect")}}
	join := gspan.Graph{Vertices: []string{"input", "op", "output"},
		Edges: []gspan.Edge{e(0, 2, "skip_connect"), e(1, 2, "nor_conv_3x3")}}
	ok, _ := motif.Contains(cell, join)
	fmt.Println(ok)
	// Output: true
}

func ExampleRun() {
	// Three cells of the residual shape input→op→output with a skip edge
	// input→output, all edges important, and one plain chain.
	res := nb201.MustParse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_3x3~1|none~2|")
	var cells []motif.CellGraph
	for i := range 3 {
		g, _ := motif.NB201Cell(i, res, []float64{0.01, 0, 0, 0.01, 0.01, 0})
		cells = append(cells, g)
	}
	opt := motif.DefaultOptions()
	opt.Support = 3 // in all three cells
	r, err := motif.Run(context.Background(), cells, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range r.Motifs {
		if len(m.Pattern.Edges) == 3 {
			fmt.Println(m.Support, m.MaxInDegree)
		}
	}
	// Output: 3 2
}

func ExampleFormatPattern() {
	// A residual join: a skip connection and a convolution into the output.
	p := motif.FormatPattern([]string{"input", "op", "output"}, []gspan.Edge{
		{From: 0, To: 1, Label: "nor_conv_3x3"}, {From: 1, To: 2, Label: "nor_conv_3x3"}, {From: 0, To: 2, Label: "skip_connect"}})
	fmt.Println(p)
	v, e, _ := motif.ParsePattern(p)
	fmt.Println(motif.MaxInDegree(len(v), e))
	// Output:
	// v 0 input ; v 1 op ; v 2 output ; e 0 1 nor_conv_3x3 ; e 1 2 nor_conv_3x3 ; e 0 2 skip_connect
	// 2
}

func ExampleNB201Cell() {
	c := nb201.MustParse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_3x3~1|none~2|")
	g, _ := motif.NB201Cell(0, c, []float64{0.02, 0, 0, 0.004, 0.01, 0})
	imp := g.Important(0.001, motif.Positive)
	fmt.Println(motif.FormatPattern(imp.Vertices, imp.Edges))
	// Output: v 0 input ; v 1 op ; v 2 output ; e 0 1 nor_conv_3x3 ; e 0 2 skip_connect ; e 1 2 nor_conv_3x3
}

func ExampleCellGraph_WriteDOT() {
	c := nb201.MustParse("|skip_connect~0|+|none~0|none~1|+|none~0|nor_conv_1x1~1|none~2|")
	g, _ := motif.NB201Cell(5, c, []float64{0.003, 0, 0, 0, 0.002, 0})
	sub := g.Important(0.001, motif.Positive)
	motif.WritePatternDOT(os.Stdout, "important", sub.Vertices, sub.Edges)
	// Output:
	// digraph "important" {
	//   rankdir=LR;
	//   node [shape=circle, fontsize=10];
	//   0 [label="input"];
	//   1 [label="op"];
	//   2 [label="output"];
	//   0 -> 1 [label="skip_connect", color="#332288", fontcolor="#332288"];
	//   1 -> 2 [label="nor_conv_1x1", color="#88ccee", fontcolor="#88ccee"];
	// }
}
