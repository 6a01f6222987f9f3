package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one group of bars: one value per category (operation, motif,
// ...), drawn in one colour and named in the legend.
type Series struct {
	Name   string
	Values []float64
}

// BarOptions tunes Bars and OpCounts. The zero value gives the defaults.
type BarOptions struct {
	// XLabel and YLabel name the axes. OpCounts defaults them to
	// "operation" and "count" (or "fraction of edges" when Normalize).
	XLabel, YLabel string
	// Normalize divides each series by its sum, so bars show fractions and
	// series of different sizes (all edges vs important edges) compare.
	// Every value must then be non-negative and each sum positive.
	Normalize bool
	// Annotate prints each bar's value above it (counts as integers,
	// other values with three significant digits).
	Annotate bool
	// Colors overrides the series colours (one per series; missing
	// entries fall back to SeriesColor).
	Colors []color.Color
	// ColorByLabel colours each bar by OpColor of its category instead of
	// by series. It is the default of OpCounts with a single series.
	ColorByLabel bool
	// XTickAngle is the category label angle in degrees; 0 = automatic.
	XTickAngle float64
	// Width and Height set the figure size; zero means the default.
	Width, Height vg.Length
	// Legend positions the series legend (default above the data).
	Legend LegendPosition
}

// OpCounts draws a grouped bar chart of operation counts: one category
// per operation on the x axis, one coloured bar per series (for example
// "all edges" and "important edges", or "top cells" and "bottom cells")
// and a legend. Counts must be finite and non-negative. With
// opt.Normalize the y axis shows each series' fraction of its total.
// A single series is coloured per operation (OpColor).
func OpCounts(title string, ops []string, series []Series, opt BarOptions) (*Figure, error) {
	if err := checkBars("OpCounts", ops, series, true); err != nil {
		return nil, err
	}
	if opt.XLabel == "" {
		opt.XLabel = "operation"
	}
	if opt.YLabel == "" {
		opt.YLabel = "count"
		if opt.Normalize {
			opt.YLabel = "fraction of edges"
		}
	}
	if len(series) == 1 && opt.Colors == nil {
		opt.ColorByLabel = true
	}
	return bars("OpCounts", title, ops, series, opt)
}

// Bars draws a generic grouped bar chart (for example motif support next
// to reference incidence): labels on the x axis, one bar per series per
// label. Values must be finite; they may be negative unless
// opt.Normalize is set.
func Bars(title string, labels []string, series []Series, opt BarOptions) (*Figure, error) {
	if err := checkBars("Bars", labels, series, false); err != nil {
		return nil, err
	}
	return bars("Bars", title, labels, series, opt)
}

// checkBars validates the shapes and values of a bar chart's input.
func checkBars(fn string, labels []string, series []Series, nonNeg bool) error {
	if len(labels) == 0 {
		return fmt.Errorf("plot: %s: no labels: want at least one category", fn)
	}
	if len(series) == 0 {
		return fmt.Errorf("plot: %s: no series: want at least one", fn)
	}
	for si, s := range series {
		if len(s.Values) != len(labels) {
			return fmt.Errorf("plot: %s: series %d (%q) has %d values, want %d (one per label)", fn, si, s.Name, len(s.Values), len(labels))
		}
		for i, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("plot: %s: series %q, label %q: value %v is not finite", fn, s.Name, labels[i], v)
			}
			if nonNeg && v < 0 {
				return fmt.Errorf("plot: %s: series %q, label %q: count %v is negative", fn, s.Name, labels[i], v)
			}
		}
	}
	return nil
}

func bars(fn, title string, labels []string, series []Series, opt BarOptions) (*Figure, error) {
	vals := make([][]float64, len(series))
	for si, s := range series {
		vals[si] = append([]float64(nil), s.Values...)
		if !opt.Normalize {
			continue
		}
		var sum float64
		for i, v := range s.Values {
			if v < 0 {
				return nil, fmt.Errorf("plot: %s: series %q, label %q: value %v is negative, cannot normalise", fn, s.Name, labels[i], v)
			}
			sum += v
		}
		if !(sum > 0) {
			return nil, fmt.Errorf("plot: %s: series %q sums to %v: cannot normalise (want a positive total)", fn, s.Name, sum)
		}
		for i := range vals[si] {
			vals[si][i] /= sum
		}
	}

	lo, hi := 0.0, 0.0
	for _, vs := range vals {
		for _, v := range vs {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if err := checkSpan(fn+": values", lo, hi); err != nil {
		return nil, err
	}

	f := newFigure(title, opt.XLabel, opt.YLabel, opt.Width, opt.Height)
	f.Legend = opt.Legend
	f.XTickAngle = opt.XTickAngle
	f.setCategories(labels)
	addHGrid(f.Plot)

	b := &barPlotter{labels: labels, values: vals, groupWidth: 0.8, annotate: opt.Annotate}
	b.colors = make([]color.Color, len(series))
	for si := range series {
		b.colors[si] = SeriesColor(si)
		if si < len(opt.Colors) && opt.Colors[si] != nil {
			b.colors[si] = opt.Colors[si]
		}
	}
	b.byLabel = opt.ColorByLabel
	b.text = f.Plot.X.Tick.Label
	b.text.Font.Size = vg.Points(8)
	b.text.XAlign = draw.XCenter
	b.integer = true
	for _, vs := range vals {
		for _, v := range vs {
			if v != math.Trunc(v) {
				b.integer = false
			}
		}
	}
	f.Plot.Add(b)
	if b.byLabel {
		if len(series) > 1 {
			// Colours encode the label, so the series are told apart by
			// lightness; the legend shows grey swatches at those levels.
			for si, s := range series {
				f.addLegend(s.Name, swatch{Lighten(rgb(0x555555), seriesTint(si))})
			}
		}
	} else {
		for si, s := range series {
			f.addLegend(s.Name, swatch{b.colors[si]})
		}
	}
	return f, nil
}

// seriesTint is how much series si is lightened when colours encode labels.
func seriesTint(si int) float64 { return math.Min(0.55*float64(si)/(1+0.5*float64(si)), 0.75) }

// addHGrid draws light horizontal grid lines behind the data.
func addHGrid(p *gplot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = gridColor
	g.Horizontal.Width = vg.Points(0.6)
	p.Add(g)
}

// swatch is a legend thumbnail: a filled square with a thin outline.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	side := c.Max.Y - c.Min.Y
	x0 := c.Min.X + (c.Max.X-c.Min.X-side)/2
	pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x0 + side, Y: c.Min.Y}, {X: x0 + side, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}}
	c.FillPolygon(s.c, pts)
	c.StrokeLines(draw.LineStyle{Color: inkColor, Width: vg.Points(0.5)}, append(pts, pts[0]))
}

// barPlotter draws grouped bars whose widths are in data units, so they
// stay proportionate in any panel size.
type barPlotter struct {
	labels     []string
	values     [][]float64 // [series][label]
	colors     []color.Color
	byLabel    bool
	groupWidth float64 // fraction of a category taken by its bars
	annotate   bool
	integer    bool
	text       text.Style
}

func (b *barPlotter) barColor(si, i int) color.Color {
	if b.byLabel {
		return Lighten(OpColor(b.labels[i]), seriesTint(si))
	}
	return b.colors[si]
}

func (b *barPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	ns := len(b.values)
	w := b.groupWidth / float64(ns)
	outline := draw.LineStyle{Color: inkColor, Width: vg.Points(0.5)}
	for si, vs := range b.values {
		for i, v := range vs {
			x0 := float64(i) - b.groupWidth/2 + float64(si)*w
			pts := []vg.Point{
				{X: trX(x0), Y: trY(0)}, {X: trX(x0 + w), Y: trY(0)},
				{X: trX(x0 + w), Y: trY(v)}, {X: trX(x0), Y: trY(v)},
			}
			c.FillPolygon(b.barColor(si, i), c.ClipPolygonXY(pts))
			c.StrokeLines(outline, c.ClipLinesXY(append(pts, pts[0]))...)
			if b.annotate {
				sty := b.text
				var s string
				if b.integer {
					s = strconv.FormatFloat(v, 'f', 0, 64)
				} else {
					s = strconv.FormatFloat(v, 'g', 3, 64)
				}
				y := trY(v) + vg.Points(2)
				sty.YAlign = draw.YBottom
				if v < 0 {
					y = trY(v) - vg.Points(2)
					sty.YAlign = draw.YTop
				}
				pt := vg.Point{X: trX(x0 + w/2), Y: y}
				if c.Contains(pt) {
					c.FillText(sty, pt, s)
				}
			}
		}
	}
}

// DataRange implements gplot.DataRanger: bars start at zero; annotations
// get 8% headroom.
func (b *barPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, vs := range b.values {
		for _, v := range vs {
			ymin = math.Min(ymin, v)
			ymax = math.Max(ymax, v)
		}
	}
	if b.annotate {
		span := ymax - ymin
		if ymax > 0 {
			ymax += 0.08 * span
		}
		if ymin < 0 {
			ymin -= 0.08 * span
		}
	}
	return -0.5, float64(len(b.labels)) - 0.5, ymin, ymax
}
