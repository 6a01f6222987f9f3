package motif_test

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/motif"
)

// The paper's ratio beside nasred's smoothed one, on two cells whose only
// important edge is a skip connection from input1, under the reference
// code's reference rule (a cell with one important edge gets an empty
// reference, so the incidence is 0).
func ExampleReport_SingleEdge() {
	var cells []motif.CellGraph
	for i := range 2 {
		c, _ := motif.NewCellGraph(i, "", []string{"input1", "op", "op"}, []motif.Edge{
			{From: 0, To: 1, Op: "skip_connect", OI: 0.01},
			{From: 1, To: 2, Op: "sep_conv_3x3", OI: 0},
		})
		cells = append(cells, c)
	}
	opt := motif.DefaultOptions()
	opt.Support = 1
	opt.Reference = motif.ReferenceOriginal
	r, err := motif.Run(context.Background(), cells, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range r.SingleEdge("skip_connect") {
		fmt.Printf("%s: support %d (%.0f%% of cells), incidence %d, paper ratio %v, smoothed %v\n",
			m, m.Support, 100*m.SupportFraction, m.RefIncidence, m.PaperRatio, m.NormalisedSupport)
	}
	// Output:
	// v 0 input1 ; v 1 op ; e 0 1 skip_connect: support 2 (100% of cells), incidence 0, paper ratio +Inf, smoothed 2
}
