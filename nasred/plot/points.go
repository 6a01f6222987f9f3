package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PointGroup is one set of points of Points, in one colour and named in
// the legend (for example one training seed): Values[i] are its values in
// category i (any number, possibly none).
type PointGroup struct {
	Name   string
	Values [][]float64
}

// PointOptions tunes Points. The zero value gives the defaults.
type PointOptions struct {
	// XLabel and YLabel name the axes.
	XLabel, YLabel string
	// Colors overrides the group colours (missing entries fall back to
	// SeriesColor).
	Colors []color.Color
	// XTickAngle is the category label angle in degrees; 0 = automatic.
	XTickAngle float64
	// Width and Height set the figure size; zero means the default.
	Width, Height vg.Length
	// Legend positions the group legend (default above the data).
	Legend LegendPosition
}

// Points draws every value as a dot over nominal categories on the x axis
// (for example the accuracy of each trained genotype by sampling
// constraint), the groups side by side within a category and each one in
// its colour (for example one group per seed), and a black bar at the mean
// of all the points of each category. Values must be finite; there must be
// at least one label, one group and one value.
func Points(title string, labels []string, groups []PointGroup, opt PointOptions) (*Figure, error) {
	if len(labels) == 0 {
		return nil, fmt.Errorf("plot: Points: no labels: want at least one category")
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("plot: Points: no groups: want at least one")
	}
	lo, hi, n := math.Inf(1), math.Inf(-1), 0
	for gi, g := range groups {
		if len(g.Values) != len(labels) {
			return nil, fmt.Errorf("plot: Points: group %d (%q) has %d value lists, want %d (one per label)", gi, g.Name, len(g.Values), len(labels))
		}
		for i, vs := range g.Values {
			for _, v := range vs {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("plot: Points: group %q, label %q: value %v is not finite", g.Name, labels[i], v)
				}
				lo, hi, n = math.Min(lo, v), math.Max(hi, v), n+1
			}
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("plot: Points: no values")
	}
	if err := checkSpan("Points: values", lo, hi); err != nil {
		return nil, err
	}
	f := newFigure(title, opt.XLabel, opt.YLabel, opt.Width, opt.Height)
	f.Legend = opt.Legend
	f.XTickAngle = opt.XTickAngle
	f.setCategories(labels)
	addHGrid(f.Plot)
	p := &pointPlotter{groups: groups, lo: lo, hi: hi, width: 0.3}
	for gi, g := range groups {
		c := SeriesColor(gi)
		if gi < len(opt.Colors) && opt.Colors[gi] != nil {
			c = opt.Colors[gi]
		}
		p.colors = append(p.colors, c)
		f.addLegend(g.Name, dot{c})
	}
	f.Plot.Add(p)
	return f, nil
}

// pointPlotter draws the dots of Points and the category means.
type pointPlotter struct {
	groups []PointGroup
	colors []color.Color
	lo, hi float64
	width  float64 // fraction of a category the groups spread over
}

// x is the position of group gi in category i.
func (p *pointPlotter) x(i, gi int) float64 {
	ng := len(p.groups)
	if ng == 1 {
		return float64(i)
	}
	return float64(i) - p.width/2 + p.width*float64(gi)/float64(ng-1)
}

func (p *pointPlotter) Plot(c draw.Canvas, plt *gplot.Plot) {
	trX, trY := plt.Transforms(&c)
	r := vg.Points(3.5)
	for i := range p.groups[0].Values {
		sum, n := 0.0, 0
		for gi, g := range p.groups {
			for _, v := range g.Values[i] {
				pt := vg.Point{X: trX(p.x(i, gi)), Y: trY(v)}
				if c.Contains(pt) {
					c.DrawGlyph(draw.GlyphStyle{Color: p.colors[gi], Radius: r, Shape: draw.CircleGlyph{}}, pt)
					c.DrawGlyph(draw.GlyphStyle{Color: inkColor, Radius: r, Shape: draw.RingGlyph{}}, pt)
				}
				sum, n = sum+v, n+1
			}
		}
		if n > 0 {
			y := trY(sum / float64(n))
			half := (p.width/2 + 0.12)
			line := []vg.Point{{X: trX(float64(i) - half), Y: y}, {X: trX(float64(i) + half), Y: y}}
			c.StrokeLines(draw.LineStyle{Color: inkColor, Width: vg.Points(1.5)}, c.ClipLinesXY(line)...)
		}
	}
}

// DataRange implements gplot.DataRanger: the values with 5% margins.
func (p *pointPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	pad := 0.05 * (p.hi - p.lo)
	if pad == 0 {
		pad = 0.05 * math.Max(math.Abs(p.hi), 1)
	}
	return -0.5, float64(len(p.groups[0].Values)) - 0.5, p.lo - pad, p.hi + pad
}

// dot is a legend thumbnail: a filled circle with an outline.
type dot struct{ c color.Color }

func (d dot) Thumbnail(c *draw.Canvas) {
	pt := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
	r := (c.Max.Y - c.Min.Y) / 3
	c.DrawGlyph(draw.GlyphStyle{Color: d.c, Radius: r, Shape: draw.CircleGlyph{}}, pt)
	c.DrawGlyph(draw.GlyphStyle{Color: inkColor, Radius: r, Shape: draw.RingGlyph{}}, pt)
}
