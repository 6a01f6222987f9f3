package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// XYSeries is one line of Lines: points (X[i], Y[i]) and, optionally, a
// spread Err[i] drawn as a shaded band Y ± Err (for example mean ± sd over
// seeds or architectures).
type XYSeries struct {
	Name string
	X, Y []float64
	Err  []float64 // optional; nil or one non-negative value per point
	// Lo and Hi, when set (both, one value per point, Lo[i] <= Y[i] <=
	// Hi[i] not required), draw the band from Lo to Hi instead of Y ± Err
	// (for example the 30th to 70th percentile around a median).
	Lo, Hi []float64
	// Marked, when set (one value per point), writes a star above the
	// marked points (for example a significant test at that point).
	Marked []bool
}

// band returns the lower and upper edge of the band of point i, and
// whether the series has a band.
func (s XYSeries) band(i int) (lo, hi float64, ok bool) {
	switch {
	case s.Lo != nil:
		return s.Lo[i], s.Hi[i], true
	case s.Err != nil:
		return s.Y[i] - s.Err[i], s.Y[i] + s.Err[i], true
	}
	return s.Y[i], s.Y[i], false
}

// LineOptions tunes Lines. The zero value gives the defaults.
type LineOptions struct {
	// Markers draws a glyph at every point (a different shape per series,
	// so series stay distinguishable in greyscale).
	Markers bool
	// Colors overrides the series colours.
	Colors []color.Color
	// XLim and YLim fix the axis ranges as {min, max}; the zero value
	// fits the data.
	XLim, YLim [2]float64
	// YScale is Linear (default) or SymLog (with LinThresh, default
	// 0.001).
	YScale    Scale
	LinThresh float64
	// HLines draws dashed grey reference lines at these y values (for
	// example 0 for "no accuracy change").
	HLines []float64
	// Width and Height set the figure size; zero means the default.
	Width, Height vg.Length
	// Legend positions the series legend (default above the data).
	Legend LegendPosition
}

// Lines draws one line per series against a numeric x axis (accuracy
// change vs edges removed, loss curves), with optional mean ± sd bands.
// Every series needs at least one point, equal-length X and Y (and Err
// when given), and finite values.
func Lines(title, xLabel, yLabel string, series []XYSeries, opt LineOptions) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("plot: Lines: no series: want at least one")
	}
	for si, s := range series {
		if len(s.X) == 0 {
			return nil, fmt.Errorf("plot: Lines: series %d (%q) has no points", si, s.Name)
		}
		if len(s.Y) != len(s.X) {
			return nil, fmt.Errorf("plot: Lines: series %q has %d x values and %d y values, want equal lengths", s.Name, len(s.X), len(s.Y))
		}
		if s.Err != nil && len(s.Err) != len(s.X) {
			return nil, fmt.Errorf("plot: Lines: series %q has %d error values for %d points", s.Name, len(s.Err), len(s.X))
		}
		if (s.Lo != nil || s.Hi != nil) && (len(s.Lo) != len(s.X) || len(s.Hi) != len(s.X)) {
			return nil, fmt.Errorf("plot: Lines: series %q has %d lower and %d upper band values for %d points", s.Name, len(s.Lo), len(s.Hi), len(s.X))
		}
		if s.Marked != nil && len(s.Marked) != len(s.X) {
			return nil, fmt.Errorf("plot: Lines: series %q has %d marks for %d points", s.Name, len(s.Marked), len(s.X))
		}
		for i := range s.X {
			if bad(s.X[i]) || bad(s.Y[i]) {
				return nil, fmt.Errorf("plot: Lines: series %q, point %d: (%v, %v) is not finite", s.Name, i, s.X[i], s.Y[i])
			}
			if s.Err != nil && (bad(s.Err[i]) || s.Err[i] < 0) {
				return nil, fmt.Errorf("plot: Lines: series %q, point %d: error %v, want a finite number >= 0", s.Name, i, s.Err[i])
			}
			if s.Lo != nil && (bad(s.Lo[i]) || bad(s.Hi[i])) {
				return nil, fmt.Errorf("plot: Lines: series %q, point %d: band [%v, %v] is not finite", s.Name, i, s.Lo[i], s.Hi[i])
			}
		}
	}
	for _, lim := range [][2]float64{opt.XLim, opt.YLim} {
		if lim != [2]float64{} && (bad(lim[0]) || bad(lim[1]) || !(lim[0] < lim[1])) {
			return nil, fmt.Errorf("plot: Lines: axis limits %v: want finite {min, max} with min < max", lim)
		}
	}
	if opt.YScale != Linear && opt.YScale != SymLog {
		return nil, fmt.Errorf("plot: Lines: unknown YScale %d", opt.YScale)
	}
	for _, h := range opt.HLines {
		if bad(h) {
			return nil, fmt.Errorf("plot: Lines: reference line at %v is not finite", h)
		}
	}

	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for i := range s.X {
			lo, hi, _ := s.band(i)
			if bad(lo) || bad(hi) {
				return nil, fmt.Errorf("plot: Lines: series %q, point %d: band [%v, %v] overflows", s.Name, i, lo, hi)
			}
			xlo, xhi = math.Min(xlo, s.X[i]), math.Max(xhi, s.X[i])
			ylo, yhi = math.Min(ylo, math.Min(s.Y[i], lo)), math.Max(yhi, math.Max(s.Y[i], hi))
		}
	}
	for _, h := range opt.HLines {
		ylo, yhi = math.Min(ylo, h), math.Max(yhi, h)
	}
	if err := checkSpan("Lines: x values", xlo, xhi); err != nil {
		return nil, err
	}
	if err := checkSpan("Lines: y values (with error bands)", ylo, yhi); err != nil {
		return nil, err
	}

	f := newFigure(title, xLabel, yLabel, opt.Width, opt.Height)
	f.Legend = opt.Legend
	lt := opt.LinThresh
	if !(lt > 0) {
		lt = 1e-3
	}
	f.yT = yTransform(f.Plot, opt.YScale, lt)
	ty := f.yT
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.6), vg.Points(0.6)
	f.Plot.Add(g)
	for _, h := range opt.HLines {
		f.Plot.Add(&hline{y: ty(h)})
	}

	dashes := [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(6), vg.Points(2), vg.Points(2), vg.Points(2)}}
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.SquareGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.TriangleGlyph{}}
	// Bands first, so every line is drawn over every band.
	for si, s := range series {
		if _, _, ok := s.band(0); !ok {
			continue
		}
		col := seriesColor(si, opt.Colors)
		pts := make(plotter.XYs, 0, 2*len(s.X))
		for i := range s.X {
			_, hi, _ := s.band(i)
			pts = append(pts, plotter.XY{X: s.X[i], Y: ty(hi)})
		}
		for i := len(s.X) - 1; i >= 0; i-- {
			lo, _, _ := s.band(i)
			pts = append(pts, plotter.XY{X: s.X[i], Y: ty(lo)})
		}
		poly, err := plotter.NewPolygon(pts)
		if err != nil {
			return nil, fmt.Errorf("plot: Lines: band of series %q: %w", s.Name, err)
		}
		poly.Color = withAlpha(col, 0.18)
		poly.LineStyle.Width = 0
		f.Plot.Add(poly)
	}
	for si, s := range series {
		col := seriesColor(si, opt.Colors)
		xy := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xy[i] = plotter.XY{X: s.X[i], Y: ty(s.Y[i])}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("plot: Lines: series %q: %w", s.Name, err)
		}
		l.Color = col
		l.Width = vg.Points(1.8)
		l.Dashes = dashes[si%len(dashes)]
		thumbs := []gplot.Thumbnailer{l}
		if err := addMarks(f, s, ty, col); err != nil {
			return nil, err
		}
		if _, _, ok := s.band(0); ok {
			thumbs = append([]gplot.Thumbnailer{swatchBand{withAlpha(col, 0.18)}}, thumbs...)
		}
		f.Plot.Add(l)
		if opt.Markers {
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, fmt.Errorf("plot: Lines: series %q: %w", s.Name, err)
			}
			sc.Color = col
			sc.Radius = vg.Points(2.5)
			sc.Shape = shapes[si%len(shapes)]
			f.Plot.Add(sc)
			thumbs = append(thumbs, sc)
		}
		f.addLegend(s.Name, multiThumb(thumbs))
	}
	if opt.XLim != [2]float64{} {
		f.Plot.X.Min, f.Plot.X.Max = opt.XLim[0], opt.XLim[1]
	}
	if opt.YLim != [2]float64{} {
		f.Plot.Y.Min, f.Plot.Y.Max = ty(opt.YLim[0]), ty(opt.YLim[1])
	}
	return f, nil
}

// addMarks writes a star in colour col above every marked point of s.
func addMarks(f *Figure, s XYSeries, ty func(float64) float64, col color.Color) error {
	var xy plotter.XYs
	var labels []string
	for i, m := range s.Marked {
		if m {
			_, hi, _ := s.band(i)
			xy = append(xy, plotter.XY{X: s.X[i], Y: ty(math.Max(hi, s.Y[i]))})
			labels = append(labels, "*")
		}
	}
	if len(xy) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: labels})
	if err != nil {
		return fmt.Errorf("plot: Lines: marks of series %q: %w", s.Name, err)
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Color = col
		l.TextStyle[i].XAlign = draw.XCenter
		l.TextStyle[i].Font.Size = vg.Points(14)
	}
	f.Plot.Add(l)
	return nil
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

func seriesColor(i int, override []color.Color) color.Color {
	if i < len(override) && override[i] != nil {
		return override[i]
	}
	return SeriesColor(i)
}

// multiThumb draws several thumbnails on top of each other.
type multiThumb []gplot.Thumbnailer

func (m multiThumb) Thumbnail(c *draw.Canvas) {
	for _, t := range m {
		t.Thumbnail(c)
	}
}

// swatchBand is the legend thumbnail of an error band.
type swatchBand struct{ c color.Color }

func (s swatchBand) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

// hline is a dashed grey reference line across the data area.
type hline struct{ y float64 }

func (h *hline) Plot(c draw.Canvas, p *gplot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLines(draw.LineStyle{Color: rgb(0x666666), Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}},
		c.ClipLinesY([]vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}})...)
}

func (h *hline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.y, h.y
}
