package plot_test

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"github.com/nasred/nasred/nasred/plot"
)

var ops = []string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"}

func ExampleOpCounts() {
	fig, err := plot.OpCounts("Operations in the top 5% of NB201 cells", ops, []plot.Series{
		{Name: "all edges", Values: []float64{462, 899, 982, 2065, 278}},
		{Name: "important edges", Values: []float64{120, 610, 700, 1900, 12}},
	}, plot.BarOptions{Annotate: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "nasred-plot")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "opcounts.png")
	if err := fig.Save(path); err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	fmt.Println(cfg.Width, cfg.Height, err)
	// Output: 1200 675 <nil>
}

func ExampleOIBoxes() {
	top := plot.BoxGroup{Name: "top cells", Values: [][]float64{
		{0.001, 0.002, -0.001}, {0.01, 0.02, 0.004}, {0.003, 0.005, 0.002}, {0.02, 0.03, 0.01}, {-0.001, 0.0005, 0},
	}}
	bottom := plot.BoxGroup{Name: "bottom cells", Values: [][]float64{
		{-0.6, -0.7, -0.1}, {-0.1, -0.2, 0.05}, {0, 0.001}, {}, {-0.1, -0.2, 0.01},
	}}
	// A symmetric-log axis shows the ±0.001 band and the long tails.
	fig, err := plot.OIBoxes("OI per operation", ops, []plot.BoxGroup{top, bottom}, 0.001,
		plot.BoxOptions{YScale: plot.SymLog, ShowCounts: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := fig.SVG()
	fmt.Println(len(svg) > 0, err)
	// Output: true <nil>
}

func ExampleNewBoxStats() {
	b, err := plot.NewBoxStats([]float64{1, 2, 3, 4, 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("q1=%g median=%g q3=%g whiskers=[%g, %g] outliers=%v\n",
		b.Q1, b.Median, b.Q3, b.LowWhisker, b.HiWhisker, b.Outliers)
	// Output: q1=2 median=3 q3=4 whiskers=[1, 4] outliers=[100]
}

func ExampleOpColor() {
	for _, op := range []string{"none", "skip_connect", "nor_conv_3x3"} {
		r, g, b, _ := plot.OpColor(op).RGBA()
		fmt.Printf("%s #%02x%02x%02x\n", op, r>>8, g>>8, b>>8)
	}
	// Output:
	// none #aaaaaa
	// skip_connect #332288
	// nor_conv_3x3 #cc6677
}

func ExampleLines() {
	fig, err := plot.Lines("Pruning top cells", "edges removed", "accuracy change (%)", []plot.XYSeries{
		{Name: "least important first", X: []float64{0, 1, 2, 3}, Y: []float64{0, -0.1, -0.3, -0.6}, Err: []float64{0, 0.05, 0.1, 0.2}},
		{Name: "most important first", X: []float64{0, 1, 2, 3}, Y: []float64{0, -1, -2.2, -3.5}, Err: []float64{0, 0.3, 0.5, 0.7}},
	}, plot.LineOptions{Markers: true, HLines: []float64{0}})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := fig.PNG()
	fmt.Println(len(b) > 0, err)
	// Output: true <nil>
}

func ExampleNewGrid() {
	counts, _ := plot.OpCounts("counts", ops, []plot.Series{{Name: "top", Values: []float64{1, 2, 3, 4, 5}}}, plot.BarOptions{})
	boxes, _ := plot.OIBoxes("OI", ops, []plot.BoxGroup{{Name: "top", Values: [][]float64{{0.1}, {0.2}, {0.3}, {0.4}, {}}}}, 0.001, plot.BoxOptions{})
	g, err := plot.NewGrid("Figure 3", [][]*plot.Figure{{counts, boxes}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.0f x %.0f pt\n", float64(g.Width), float64(g.Height))
	// Output: 1152 x 350 pt
}
