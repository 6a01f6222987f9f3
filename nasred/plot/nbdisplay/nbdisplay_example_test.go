package nbdisplay_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/plot/nbdisplay"
)

func ExampleShow() {
	fig, err := plot.OpCounts("counts", []string{"none", "nor_conv_3x3"},
		[]plot.Series{{Name: "top cells", Values: []float64{3, 9}}}, plot.BarOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// In a GoNB notebook this displays the figure; elsewhere it is a no-op.
	fmt.Println(nbdisplay.Show(fig))
	// Output: <nil>
}

func ExampleTableHTML() {
	s, err := nbdisplay.TableHTML([]string{"op", "n"}, [][]string{{"<none>", "3"}})
	fmt.Println(s, err)
	// Output:
	// <table style="border-collapse:collapse">
	// <thead><tr><th style="text-align:left;padding:2px 8px;border-bottom:1px solid #888">op</th><th style="text-align:left;padding:2px 8px;border-bottom:1px solid #888">n</th></tr></thead>
	// <tbody>
	// <tr><td style="text-align:left;padding:2px 8px">&lt;none&gt;</td><td style="text-align:right;padding:2px 8px">3</td></tr>
	// </tbody>
	// </table> <nil>
}
