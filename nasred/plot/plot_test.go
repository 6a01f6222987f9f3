package plot

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var nb201Ops = []string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"}

var dartsOps = []string{"none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"}

// oiGroup returns n pseudo-random OI-like values per op: most near zero,
// a few large, as in real NB201 data.
func oiGroup(name string, nops, n int, seed uint64) BoxGroup {
	r := rand.New(rand.NewPCG(seed, 1))
	g := BoxGroup{Name: name, Values: make([][]float64, nops)}
	for i := range g.Values {
		vs := make([]float64, n)
		for k := range vs {
			v := r.NormFloat64() * 0.004
			if r.IntN(20) == 0 {
				v = r.ExpFloat64() * 0.1
			}
			vs[k] = v + 0.002*float64(i)
		}
		g.Values[i] = vs
	}
	return g
}

// checkPNG decodes b and checks its pixel size.
func checkPNG(t *testing.T, b []byte, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Fatalf("PNG size %v, want %dx%d", got, w, h)
	}
	// Not a blank image: some pixel must differ from the top-left one.
	c0 := img.At(0, 0)
	for y := 0; y < h; y += 7 {
		for x := 0; x < w; x += 7 {
			if img.At(x, y) != c0 {
				return
			}
		}
	}
	t.Fatal("PNG is a single colour")
}

// svgTexts parses an SVG document as XML and returns the character data
// of its <text> elements.
func svgTexts(t *testing.T, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
			if inText {
				texts = append(texts, "")
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts[len(texts)-1] += string(tok)
			}
		}
	}
	return texts
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if s == want {
			return true
		}
	}
	return false
}

func TestFiguresRender(t *testing.T) {
	top, bottom := oiGroup("top cells", 5, 200, 1), oiGroup("bottom cells", 5, 150, 2)
	counts := []Series{{"all edges", []float64{100, 300, 250, 400, 120}}, {"important edges", []float64{10, 200, 150, 380, 5}}}
	lineSeries := []XYSeries{{Name: "least important first", X: []float64{0, 1, 2}, Y: []float64{0, -0.1, -0.4}, Err: []float64{0, 0.05, 0.1}}}
	tests := []struct {
		name   string
		title  string
		labels []string
		make   func() (*Figure, error)
	}{
		{"OpCounts", "operation counts", nb201Ops, func() (*Figure, error) {
			return OpCounts("operation counts", nb201Ops, counts, BarOptions{Annotate: true})
		}},
		{"OpCountsNormalised", "fractions", nb201Ops, func() (*Figure, error) {
			return OpCounts("fractions", nb201Ops, counts[:1], BarOptions{Normalize: true})
		}},
		{"OpCountsDARTS", "DARTS ops", dartsOps, func() (*Figure, error) {
			return OpCounts("DARTS ops", dartsOps, []Series{{"normal", []float64{0, 1, 2, 3, 4, 5, 6, 7}}, {"reduce", []float64{7, 6, 5, 4, 3, 2, 1, 0}}}, BarOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch})
		}},
		{"OIBoxes", "OI per op", nb201Ops, func() (*Figure, error) {
			return OIBoxes("OI per op", nb201Ops, []BoxGroup{top, bottom}, 0.001, BoxOptions{})
		}},
		{"OIBoxesSymLog", "symlog", nb201Ops, func() (*Figure, error) {
			return OIBoxes("symlog", nb201Ops, []BoxGroup{top}, 0.001, BoxOptions{YScale: SymLog, ShowCounts: true, YLim: [2]float64{-0.01, 0.05}})
		}},
		{"Bars", "motif support", []string{"m1", "m2", "m3"}, func() (*Figure, error) {
			return Bars("motif support", []string{"m1", "m2", "m3"}, []Series{{"support", []float64{0.5, 0.3, 0.2}}, {"reference", []float64{0.1, 0.2, -0.05}}}, BarOptions{Annotate: true})
		}},
		{"Lines", "accuracy change", nil, func() (*Figure, error) {
			return Lines("accuracy change", "edges removed", "accuracy change (%)", lineSeries, LineOptions{Markers: true, HLines: []float64{0}})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tc.make()
			if err != nil {
				t.Fatal(err)
			}
			f.DPI = 50 // keep the test fast; size is Width×Height×DPI/72
			b, err := f.PNG()
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b, int(math.Round(float64(f.Width/vg.Inch)*50)), int(math.Round(float64(f.Height/vg.Inch)*50)))
			s, err := f.SVG()
			if err != nil {
				t.Fatal(err)
			}
			texts := svgTexts(t, s)
			for _, want := range append([]string{tc.title}, tc.labels...) {
				if !containsText(texts, want) {
					t.Errorf("SVG has no text %q; texts: %q", want, texts)
				}
			}
			p, err := f.PDF()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(p, []byte("%PDF-")) {
				t.Errorf("PDF output starts with %q", p[:min(8, len(p))])
			}
		})
	}
}

func TestDefaultSize(t *testing.T) {
	f, err := OpCounts("t", nb201Ops, []Series{{"a", []float64{1, 2, 3, 4, 5}}}, BarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Width != 8*vg.Inch || f.Height != 4.5*vg.Inch || f.DPI != 150 {
		t.Fatalf("default size %v×%v at %d dpi, want 8in×4.5in at 150", f.Width, f.Height, f.DPI)
	}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b, 1200, 675)
}

func TestOIBand(t *testing.T) {
	// All values far above the band: the y range must still include it.
	g := BoxGroup{Name: "g", Values: [][]float64{{0.5, 0.6, 0.7}, {0.8, 0.9}}}
	f, err := OIBoxes("band", []string{"a", "b"}, []BoxGroup{g}, 0.01, BoxOptions{BandColor: color.NRGBA{0x12, 0x34, 0x56, 0xff}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Plot.Y.Min > -0.01 || f.Plot.Y.Max < 0.9 {
		t.Errorf("y range [%v, %v] does not cover the band [-0.01, 0.01] and the data up to 0.9", f.Plot.Y.Min, f.Plot.Y.Max)
	}
	s, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(s, []byte("fill:#123456")) {
		t.Error("SVG has no shape filled with the band colour #123456")
	}
	if !containsText(svgTexts(t, s), "|OI| < 0.01") {
		t.Error("SVG has no legend entry for the band")
	}
	// Without a band (threshold 0) neither colour nor legend entry appears.
	f, err = OIBoxes("no band", []string{"a", "b"}, []BoxGroup{g}, 0, BoxOptions{BandColor: color.NRGBA{0x12, 0x34, 0x56, 0xff}})
	if err != nil {
		t.Fatal(err)
	}
	s, err = f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s, []byte("fill:#123456")) {
		t.Error("threshold 0 still draws a band")
	}
}

func TestBandGeometry(t *testing.T) {
	// The band's DataRange widens only y, and Plot fills exactly the rows
	// between trY(Lo) and trY(Hi) across the whole data canvas.
	b := &Band{Lo: -0.25, Hi: 0.5, Color: color.NRGBA{0, 0, 0, 0xff}}
	xmin, xmax, ymin, ymax := b.DataRange()
	if !math.IsInf(xmin, 1) || !math.IsInf(xmax, -1) || ymin != -0.25 || ymax != 0.5 {
		t.Fatalf("DataRange = %v %v %v %v", xmin, xmax, ymin, ymax)
	}
	f := newFigure("", "", "", 100, 100)
	f.Plot.BackgroundColor = color.White
	f.Plot.HideAxes()
	f.Plot.X.Padding, f.Plot.Y.Padding = 0, 0
	f.Plot.Add(b)
	f.Plot.X.Min, f.Plot.X.Max = 0, 1
	f.Plot.Y.Min, f.Plot.Y.Max = -1, 1
	img := vgimg.NewWith(vgimg.UseWH(100, 100), vgimg.UseDPI(72))
	f.Draw(draw.New(img))
	im := img.Image()
	// y = 0.5 maps to row 25 from the top, y = -0.25 to row 62.5.
	for _, tc := range []struct {
		row  int
		dark bool
	}{{10, false}, {24, false}, {27, true}, {50, true}, {61, true}, {64, false}, {90, false}} {
		r, _, _, _ := im.At(50, tc.row).RGBA()
		if got := r < 0x8000; got != tc.dark {
			t.Errorf("row %d: dark = %v, want %v", tc.row, got, tc.dark)
		}
	}
}

func TestEmptyOpGroup(t *testing.T) {
	// avg_pool_3x3 has no values: no box of its colour, no error.
	g := oiGroup("top", 5, 50, 3)
	g.Values[4] = nil
	f, err := OIBoxes("empty op", nb201Ops, []BoxGroup{g}, 0.001, BoxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s, []byte("fill:#DDCC77")) {
		t.Error("a box was drawn for the empty avg_pool_3x3 group")
	}
	if !bytes.Contains(s, []byte("fill:#CC6677")) {
		t.Error("no box in the nor_conv_3x3 colour")
	}
	if !containsText(svgTexts(t, s), "avg_pool_3x3") {
		t.Error("the empty op lost its axis label")
	}
	// All groups empty: still renders.
	f, err = OIBoxes("nothing", []string{"a"}, []BoxGroup{{Name: "g", Values: [][]float64{nil}}}, 0, BoxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.PNG(); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ops := []string{"a", "b"}
	good := []BoxGroup{{Name: "g", Values: [][]float64{{1}, {2}}}}
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"boxes no ops", func() error { _, err := OIBoxes("t", nil, good, 0.001, BoxOptions{}); return err }, "no operations"},
		{"boxes no groups", func() error { _, err := OIBoxes("t", ops, nil, 0.001, BoxOptions{}); return err }, "no groups"},
		{"boxes short group", func() error {
			_, err := OIBoxes("t", ops, []BoxGroup{{Name: "top", Values: [][]float64{{1}}}}, 0.001, BoxOptions{})
			return err
		}, `group 0 ("top") has 1 value lists, want 2`},
		{"boxes NaN", func() error {
			_, err := OIBoxes("t", ops, []BoxGroup{{Name: "top", Values: [][]float64{{1}, {2, nan}}}}, 0.001, BoxOptions{})
			return err
		}, `op "b": value 1 is NaN`},
		{"boxes Inf", func() error {
			_, err := OIBoxes("t", ops, []BoxGroup{{Name: "top", Values: [][]float64{{inf}, {2}}}}, 0.001, BoxOptions{})
			return err
		}, `op "a": value 0 is +Inf`},
		{"boxes negative threshold", func() error { _, err := OIBoxes("t", ops, good, -1, BoxOptions{}); return err }, "threshold -1"},
		{"boxes NaN threshold", func() error { _, err := OIBoxes("t", ops, good, nan, BoxOptions{}); return err }, "threshold NaN"},
		{"boxes bad YLim", func() error {
			_, err := OIBoxes("t", ops, good, 0, BoxOptions{YLim: [2]float64{1, -1}})
			return err
		}, "YLim"},
		{"boxes bad scale", func() error { _, err := OIBoxes("t", ops, good, 0, BoxOptions{YScale: 7}); return err }, "YScale"},
		{"counts no ops", func() error { _, err := OpCounts("t", nil, []Series{{"a", nil}}, BarOptions{}); return err }, "no labels"},
		{"counts no series", func() error { _, err := OpCounts("t", ops, nil, BarOptions{}); return err }, "no series"},
		{"counts length", func() error { _, err := OpCounts("t", ops, []Series{{"all", []float64{1}}}, BarOptions{}); return err }, `series 0 ("all") has 1 values, want 2`},
		{"counts NaN", func() error {
			_, err := OpCounts("t", ops, []Series{{"all", []float64{1, nan}}}, BarOptions{})
			return err
		}, `label "b": value NaN`},
		{"counts negative", func() error {
			_, err := OpCounts("t", ops, []Series{{"all", []float64{1, -2}}}, BarOptions{})
			return err
		}, "count -2 is negative"},
		{"counts zero sum", func() error {
			_, err := OpCounts("t", ops, []Series{{"all", []float64{0, 0}}}, BarOptions{Normalize: true})
			return err
		}, "cannot normalise"},
		{"bars negative normalise", func() error {
			_, err := Bars("t", ops, []Series{{"s", []float64{1, -1}}}, BarOptions{Normalize: true})
			return err
		}, "negative, cannot normalise"},
		{"lines none", func() error { _, err := Lines("t", "x", "y", nil, LineOptions{}); return err }, "no series"},
		{"lines empty", func() error { _, err := Lines("t", "x", "y", []XYSeries{{Name: "s"}}, LineOptions{}); return err }, "has no points"},
		{"lines length", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{1, 2}, Y: []float64{1}}}, LineOptions{})
			return err
		}, "2 x values and 1 y values"},
		{"lines NaN", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{1, 2}, Y: []float64{1, nan}}}, LineOptions{})
			return err
		}, "point 1"},
		{"lines err length", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{1}, Y: []float64{1}, Err: []float64{1, 2}}}, LineOptions{})
			return err
		}, "2 error values for 1 points"},
		{"lines negative err", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{1}, Y: []float64{1}, Err: []float64{-1}}}, LineOptions{})
			return err
		}, "error -1"},
		{"lines bad limits", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{1}, Y: []float64{1}}}, LineOptions{XLim: [2]float64{2, 2}})
			return err
		}, "axis limits"},
		{"boxes span overflow", func() error {
			_, err := OIBoxes("t", ops, []BoxGroup{{Name: "g", Values: [][]float64{{-1e308}, {1e308}}}}, 0, BoxOptions{})
			return err
		}, "cannot be drawn"},
		{"bars span overflow", func() error {
			_, err := Bars("t", ops, []Series{{"s", []float64{-1e308, 1e308}}}, BarOptions{})
			return err
		}, "cannot be drawn"},
		{"lines span overflow", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{-1e308, 1e308}, Y: []float64{1, 1}}}, LineOptions{})
			return err
		}, "x values range"},
		{"lines band overflow", func() error {
			_, err := Lines("t", "x", "y", []XYSeries{{Name: "s", X: []float64{1}, Y: []float64{1e308}, Err: []float64{1e308}}}, LineOptions{})
			return err
		}, "overflows"},
		{"render huge axis", func() error {
			f, _ := OpCounts("t", ops, []Series{{"a", []float64{1, 2}}}, BarOptions{})
			f.Plot.Y.Min, f.Plot.Y.Max = -1e308, 1e308
			_, err := f.PNG()
			return err
		}, "y axis range"},
		{"box stats NaN", func() error { _, err := NewBoxStats([]float64{1, nan}); return err }, "value 1 is NaN"},
		{"grid empty", func() error { _, err := NewGrid("", nil); return err }, "empty layout"},
		{"grid ragged", func() error {
			f, _ := OpCounts("t", ops, []Series{{"a", []float64{1, 2}}}, BarOptions{})
			_, err := NewGrid("", [][]*Figure{{f, f}, {f}})
			return err
		}, "row 1 has 1 panels, want 2"},
		{"grid all nil", func() error { _, err := NewGrid("", [][]*Figure{{nil, nil}}); return err }, "all 2 panels are nil"},
		{"save extension", func() error {
			f, _ := OpCounts("t", ops, []Series{{"a", []float64{1, 2}}}, BarOptions{})
			return f.Save(filepath.Join(t.TempDir(), "fig.gif"))
		}, `unsupported extension ".gif"`},
		{"zero size", func() error {
			f, _ := OpCounts("t", ops, []Series{{"a", []float64{1, 2}}}, BarOptions{})
			f.Width = 0
			_, err := f.PNG()
			return err
		}, "want positive, finite width and height"},
		{"gonum panic becomes error", func() error {
			f, _ := OpCounts("t", ops, []Series{{"a", []float64{1, 2}}}, BarOptions{Legend: LegendInside})
			f.Plot.Legend.YPosition = 5 // gonum panics on this
			_, err := f.SVG()
			return err
		}, "plot: render svg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	// Annotated values are the normalised heights: 1/8, 3/8, 4/8 and
	// 5/10, 0, 5/10.
	f, err := OpCounts("t", []string{"a", "b", "c"}, []Series{{"s", []float64{1, 3, 4}}, {"u", []float64{5, 0, 5}}}, BarOptions{Normalize: true, Annotate: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Plot.Y.Label.Text != "fraction of edges" {
		t.Errorf("y label %q", f.Plot.Y.Label.Text)
	}
	s, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, txt := range svgTexts(t, s) {
		switch txt { // tick labels are printed as 0.00, 0.25, ...
		case "0.125", "0.375", "0.5", "0":
			got = append(got, txt)
		}
	}
	if want := "0.125 0.375 0.5 0.5 0 0.5"; strings.Join(got, " ") != want {
		t.Errorf("bar labels %q, want %q", strings.Join(got, " "), want)
	}
}

func TestBoxStatsHand(t *testing.T) {
	// Expected values computed by hand with NumPy's linear percentile rule
	// and matplotlib's 1.5×IQR whiskers.
	tests := []struct {
		in                  []float64
		q1, med, q3, lo, hi float64
		outliers            []float64
	}{
		{[]float64{7}, 7, 7, 7, 7, 7, nil},
		{[]float64{4, 1, 3, 2}, 1.75, 2.5, 3.25, 1, 4, nil},
		{[]float64{1, 2, 3, 4, 100}, 2, 3, 4, 1, 4, []float64{100}},
		{[]float64{-50, 1, 2, 3, 4, 5, 6, 7, 8, 60}, 2.25, 4.5, 6.75, 1, 8, []float64{-50, 60}},
		{[]float64{0, 0, 0, 0, 1}, 0, 0, 0, 0, 0, []float64{1}},
	}
	for _, tc := range tests {
		b, err := NewBoxStats(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got := []float64{b.Q1, b.Median, b.Q3, b.LowWhisker, b.HiWhisker}
		want := []float64{tc.q1, tc.med, tc.q3, tc.lo, tc.hi}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Errorf("%v: stats %v, want %v", tc.in, got, want)
				break
			}
		}
		if fmt.Sprint(b.Outliers) != fmt.Sprint(tc.outliers) && !(len(b.Outliers) == 0 && len(tc.outliers) == 0) {
			t.Errorf("%v: outliers %v, want %v", tc.in, b.Outliers, tc.outliers)
		}
		if b.N != len(tc.in) {
			t.Errorf("%v: N = %d", tc.in, b.N)
		}
	}
	b, err := NewBoxStats(nil)
	if err != nil || b.N != 0 || !math.IsNaN(b.Median) {
		t.Errorf("empty: %+v, %v", b, err)
	}
}

func TestBoxStatsNumPy(t *testing.T) {
	py := pyoracle.Python(t, "numpy")
	vals := oiGroup("g", 1, 1001, 9).Values[0]
	got, err := NewBoxStats(vals)
	if err != nil {
		t.Fatal(err)
	}
	want := numpyBox(t, py, vals)
	if want == nil {
		return
	}
	for i, g := range []float64{got.Q1, got.Median, got.Q3, got.LowWhisker, got.HiWhisker, float64(len(got.Outliers))} {
		if math.Abs(g-want[i]) > 1e-12 {
			t.Errorf("stat %d: got %v, NumPy %v", i, g, want[i])
		}
	}
}

func TestOpColor(t *testing.T) {
	all := []string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "max_pool_3x3", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"}
	seen := map[color.Color]string{}
	for _, op := range all {
		c := OpColor(op)
		if prev, ok := seen[c]; ok {
			t.Errorf("%s and %s share colour %v", op, prev, c)
		}
		seen[c] = op
		if _, _, _, a := c.RGBA(); a != 0xffff {
			t.Errorf("%s colour is not opaque", op)
		}
	}
	if OpColor("skip") != OpColor("skip_connect") || OpColor("conv_3x3") != OpColor("nor_conv_3x3") {
		t.Error("aliases do not share their operation's colour")
	}
	if OpColor("my_new_op") != OpColor("my_new_op") {
		t.Error("unknown op colour is not stable")
	}
	if SeriesColor(0) == SeriesColor(1) || SeriesColor(8) != SeriesColor(0) || SeriesColor(-3) != SeriesColor(0) {
		t.Error("SeriesColor does not cycle the palette")
	}
	p := OkabeIto()
	p[0] = color.White
	if SeriesColor(0) == color.Color(color.White) {
		t.Error("OkabeIto returned the shared palette")
	}
}

func TestSymLog(t *testing.T) {
	s := symlog{c: 0.001}
	// By hand: log10(1 + 0.009/0.001) = 1, log10(1 + 0.099/0.001) = 2.
	for _, tc := range []struct{ v, t float64 }{{0, 0}, {0.009, 1}, {-0.009, -1}, {0.099, 2}, {0.001, math.Log10(2)}} {
		if got := s.fwd(tc.v); math.Abs(got-tc.t) > 1e-12 {
			t.Errorf("fwd(%v) = %v, want %v", tc.v, got, tc.t)
		}
	}
	prev := math.Inf(-1)
	for v := -1.0; v <= 1; v += 0.0137 {
		tv := s.fwd(v)
		if tv <= prev {
			t.Fatalf("not increasing at %v", v)
		}
		if s.fwd(-v) != -tv {
			t.Fatalf("not odd at %v", v)
		}
		if back := s.inv(tv); math.Abs(back-v) > 1e-12*math.Max(1, math.Abs(v)) {
			t.Fatalf("inv(fwd(%v)) = %v", v, back)
		}
		prev = tv
	}
	labels := func(ticks symlogTicks, lo, hi float64) string {
		var l []string
		for _, tk := range ticks.Ticks(s.fwd(lo), s.fwd(hi)) {
			if tk.Label != "" {
				l = append(l, tk.Label)
				if v, _ := strconv.ParseFloat(tk.Label, 64); math.Abs(s.fwd(v)-tk.Value) > 1e-9 {
					t.Errorf("tick %q at %v, want %v", tk.Label, tk.Value, s.fwd(v))
				}
			}
		}
		return strings.Join(l, " ")
	}
	// Two labelled decades beyond the band on the positive side (0.01,
	// 0.1), one on the negative side, where 2 and 5 times each decade are
	// labelled too (by hand: -0.002, -0.005, -0.02, -0.05).
	for _, tc := range []struct {
		ticks  symlogTicks
		lo, hi float64
		want   string
	}{
		{symlogTicks{s: s}, -0.06, 0.5, "0 0.001 -0.001 -0.002 -0.005 0.01 -0.01 -0.02 -0.05 0.1"},
		{symlogTicks{s: s, skipThresh: true}, -0.06, 0.5, "0 0.01 -0.01 -0.02 -0.05 0.1"},
		// Issue 10: an NB301 OI axis of a few thousandths was labelled
		// only 0 and ±0.001; now the magnitudes beyond the band are.
		{symlogTicks{s: s}, -0.003, 0.008, "0 0.001 -0.001 0.002 -0.002 0.005"},
		{symlogTicks{s: s}, -1.5, 1.5, "0 0.001 -0.001 0.01 -0.01 0.1 -0.1 1 -1"},
	} {
		if got := labels(tc.ticks, tc.lo, tc.hi); got != tc.want {
			t.Errorf("labelled ticks on [%v, %v] (skipThresh %v): %q, want %q", tc.lo, tc.hi, tc.ticks.skipThresh, got, tc.want)
		}
	}
}

func TestSymLogFigure(t *testing.T) {
	// Box statistics are computed on the data and drawn transformed: the
	// y range is the transform of the data range, and the band is at the
	// transform of ±threshold.
	g := []BoxGroup{{Name: "g", Values: [][]float64{{-0.009, 0, 0.099}}}}
	f, err := OIBoxes("t", []string{"a"}, g, 0.001, BoxOptions{YScale: SymLog})
	if err != nil {
		t.Fatal(err)
	}
	if f.Plot.Y.Min != -1 || math.Abs(f.Plot.Y.Max-2) > 1e-12 {
		t.Errorf("y range [%v, %v], want [-1, 2]", f.Plot.Y.Min, f.Plot.Y.Max)
	}
	if got := f.YCoord(0.009); math.Abs(got-1) > 1e-12 {
		t.Errorf("YCoord(0.009) = %v, want 1", got)
	}
	s, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, s)
	for _, want := range []string{"0", "0.01", "-0.001"} {
		if !containsText(texts, want) {
			t.Errorf("no tick label %q in %q", want, texts)
		}
	}
}

func TestCleanTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     string
	}{
		{0, 75, "0 25 50 75"},
		{0, 0.5, "0.00 0.25 0.50"},
		{0, 1.2, "0.0 0.5 1.0"},
		{0, 2000, "0 1000 2000"},
		{-0.8, 0.2, "-0.8 -0.4 0.0"},
	}
	for _, tc := range tests {
		var labels []string
		for _, tk := range (cleanTicks{}).Ticks(tc.min, tc.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("[%v, %v]: %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestAutoTickAngle(t *testing.T) {
	tests := []struct {
		ops   []string
		width vg.Length
		flat  bool
	}{
		{nb201Ops, 8 * vg.Inch, true},
		{dartsOps, 8 * vg.Inch, false},
		{dartsOps, 16 * vg.Inch, true},
		{nb201Ops, 3 * vg.Inch, false},
	}
	for _, tc := range tests {
		f, err := OpCounts("t", tc.ops, []Series{{"a", make([]float64, len(tc.ops))}}, BarOptions{Width: tc.width})
		if err != nil {
			t.Fatal(err)
		}
		c := draw.New(vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(10)))
		a := f.autoTickAngle(c)
		if (a == 0) != tc.flat {
			t.Errorf("%d ops at %v: angle %v, want flat = %v", len(tc.ops), tc.width, a, tc.flat)
		}
	}
}

func TestLegendAboveData(t *testing.T) {
	// Entries wrap to several rows in a narrow figure; the strip must end
	// above the data area in every case.
	for _, w := range []vg.Length{2 * vg.Inch, 8 * vg.Inch} {
		for _, title := range []string{"", "title"} {
			g := []BoxGroup{oiGroup("top cells of the search space", 5, 20, 1), oiGroup("bottom cells of the search space", 5, 20, 2)}
			f, err := OIBoxes(title, nb201Ops, g, 0.001, BoxOptions{Width: w})
			if err != nil {
				t.Fatal(err)
			}
			c := draw.New(vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(10)))
			restore := f.prepare(c)
			dc := f.Plot.DataCanvas(c)
			top := c.Max.Y - f.Plot.Title.TextStyle.Rectangle(f.Plot.Title.Text).Size().Y - f.Plot.Title.Padding + f.stripH
			rows, _ := f.legendRows(c)
			bottom := top - legendPadY - vg.Length(len(rows))*f.legendRowHeight()
			if bottom < dc.Max.Y {
				t.Errorf("width %v, title %q: legend bottom %v below data top %v", w, title, bottom, dc.Max.Y)
			}
			if w == 2*vg.Inch && len(rows) < 2 {
				t.Errorf("legend did not wrap in a 2-inch figure")
			}
			restore()
			if f.Plot.Title.Text != title || f.stripH != 0 {
				t.Errorf("prepare was not undone: title %q", f.Plot.Title.Text)
			}
		}
	}
}

func TestGridAndSave(t *testing.T) {
	a, err := OpCounts("counts", nb201Ops, []Series{{"all", []float64{1, 2, 3, 4, 5}}}, BarOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch})
	if err != nil {
		t.Fatal(err)
	}
	b, err := OIBoxes("boxes", nb201Ops, []BoxGroup{oiGroup("top", 5, 30, 4)}, 0.001, BoxOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch})
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGrid("Figure 3", [][]*Figure{{a, b}, {nil, a}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Width != 8*vg.Inch || g.Height < 6*vg.Inch {
		t.Errorf("grid size %v×%v, want 8in wide and over 6in tall", g.Width, g.Height)
	}
	g.DPI = 40
	png, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, png, 320, int(math.Round(float64(g.Height/vg.Inch)*40)))
	svg, err := g.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, svg)
	for _, want := range []string{"Figure 3", "counts", "boxes", "nor_conv_3x3"} {
		if !containsText(texts, want) {
			t.Errorf("grid SVG lacks %q", want)
		}
	}
	dir := t.TempDir()
	for _, name := range []string{"g.png", "sub/g.svg", "g.pdf"} {
		if err := g.Save(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := a.Save(filepath.Join(dir, "a.PNG")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// numpyBox returns NumPy's q1, median, q3, matplotlib-style whiskers and
// the outlier count for vals.
func numpyBox(t *testing.T, py string, vals []float64) []float64 {
	t.Helper()
	var in strings.Builder
	for _, v := range vals {
		fmt.Fprintf(&in, "%.17g\n", v)
	}
	script := `
import sys
try:
    import numpy as np
except ImportError:
    print("skip"); sys.exit(0)
x = np.array([float(l) for l in sys.stdin if l.strip()])
q1, med, q3 = np.percentile(x, [25, 50, 75])
iqr = q3 - q1
inside = x[(x >= q1 - 1.5*iqr) & (x <= q3 + 1.5*iqr)]
lo, hi = min(inside.min(), q1), max(inside.max(), q3)
out = len(x) - len(inside)
print(" ".join(repr(float(v)) for v in (q1, med, q3, lo, hi, out)))
`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(in.String())
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	if strings.TrimSpace(string(outb)) == "skip" {
		t.Skip("NumPy not installed")
	}
	var r []float64
	for _, f := range strings.Fields(string(outb)) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("python output %q: %v", outb, err)
		}
		r = append(r, v)
	}
	if len(r) != 6 {
		t.Fatalf("python output %q", outb)
	}
	return r
}

// TestLinesBandMarks: an asymmetric band widens the y range to its edges,
// marked points get a star, and inconsistent lengths are rejected.
func TestLinesBandMarks(t *testing.T) {
	s := XYSeries{Name: "median", X: []float64{0, 1, 2}, Y: []float64{0, -1, -2}, Lo: []float64{0, -3, -4}, Hi: []float64{0, 0.5, -1}, Marked: []bool{false, true, true}}
	f, err := Lines("t", "k", "change", []XYSeries{s}, LineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Plot.Y.Min > -4 || f.Plot.Y.Max < 0.5 {
		t.Errorf("y range [%v, %v] does not cover the band [-4, 0.5]", f.Plot.Y.Min, f.Plot.Y.Max)
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	stars := 0
	for _, x := range svgTexts(t, svg) {
		if x == "*" {
			stars++
		}
	}
	if stars != 2 {
		t.Errorf("%d stars, want 2", stars)
	}
	for _, bad := range []XYSeries{
		{Name: "lo only", X: []float64{0}, Y: []float64{0}, Lo: []float64{0}},
		{Name: "marks", X: []float64{0}, Y: []float64{0}, Marked: []bool{true, false}},
		{Name: "nan", X: []float64{0}, Y: []float64{0}, Lo: []float64{math.NaN()}, Hi: []float64{0}},
	} {
		if _, err := Lines("t", "x", "y", []XYSeries{bad}, LineOptions{}); err == nil {
			t.Errorf("%s accepted", bad.Name)
		}
	}
}
