package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// OIAxisLabel is the y-axis label of operation-importance figures.
const OIAxisLabel = "operation importance (error fraction)"

// BoxGroup is one set of boxes of OIBoxes, one box per operation: for
// example the OI values of the top cells, or of the reduce cells.
// Values[i] holds the values for ops[i]; an empty Values[i] draws no box.
type BoxGroup struct {
	Name   string
	Values [][]float64
}

// BoxOptions tunes OIBoxes. The zero value gives the defaults.
type BoxOptions struct {
	// XLabel and YLabel name the axes; defaults "operation" and
	// OIAxisLabel.
	XLabel, YLabel string
	// Colors overrides the group colours (missing entries fall back to
	// SeriesColor).
	Colors []color.Color
	// ColorByOp colours boxes by OpColor of their operation. It is the
	// default with a single group.
	ColorByOp bool
	// YScale is Linear (default) or SymLog; SymLog is close to linear
	// within ±threshold (or ±0.001 without a band) and logarithmic beyond.
	// Box statistics are computed on the data, then drawn transformed.
	YScale Scale
	// YLim fixes the y range as {min, max}; the zero value covers all
	// data and the band. Values outside the range are clipped and marked
	// by a small triangle at the edge.
	YLim [2]float64
	// HideOutliers omits the outlier points.
	HideOutliers bool
	// ShowCounts adds the number of values of each box under the
	// operation's label, one count per group ("n = 462 | 1715").
	ShowCounts bool
	// BandColor is the fill of the |OI| < threshold band (default a light
	// grey).
	BandColor color.Color
	// XTickAngle is the category label angle in degrees; 0 = automatic.
	XTickAngle float64
	// Width and Height set the figure size; zero means the default.
	Width, Height vg.Length
	// Legend positions the group legend (default above the data).
	Legend LegendPosition
}

// defaultBandColor is the default fill of the |OI| < threshold band.
var defaultBandColor color.Color = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0x4d}

// OIBoxes draws box plots of operation-importance values per operation
// (x axis), with several groups side by side at each operation (top vs
// bottom cells, normal vs reduce cells) and the band |OI| < threshold
// shaded, where edges count as unimportant. threshold = 0 draws no band.
// Each group must hold one value list per op; an empty list draws no box.
// NaN or infinite values, mismatched lengths, no ops or no groups are
// errors.
func OIBoxes(title string, ops []string, groups []BoxGroup, threshold float64, opt BoxOptions) (*Figure, error) {
	if len(ops) == 0 {
		return nil, fmt.Errorf("plot: OIBoxes: no operations: want at least one")
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("plot: OIBoxes: no groups: want at least one")
	}
	if math.IsNaN(threshold) || math.IsInf(threshold, 0) || threshold < 0 {
		return nil, fmt.Errorf("plot: OIBoxes: threshold %v: want a finite number >= 0", threshold)
	}
	if opt.YLim != [2]float64{} {
		lo, hi := opt.YLim[0], opt.YLim[1]
		if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
			return nil, fmt.Errorf("plot: OIBoxes: YLim %v: want finite {min, max} with min < max", opt.YLim)
		}
	}
	if opt.YScale != Linear && opt.YScale != SymLog {
		return nil, fmt.Errorf("plot: OIBoxes: unknown YScale %d", opt.YScale)
	}

	bp := &boxPlotter{ops: ops, groupWidth: 0.8, hideOutliers: opt.HideOutliers}
	bp.stats = make([][]BoxStats, len(groups))
	bp.ymin, bp.ymax = math.Inf(1), math.Inf(-1)
	for g, grp := range groups {
		if len(grp.Values) != len(ops) {
			return nil, fmt.Errorf("plot: OIBoxes: group %d (%q) has %d value lists, want %d (one per op)", g, grp.Name, len(grp.Values), len(ops))
		}
		bp.stats[g] = make([]BoxStats, len(ops))
		for i, vs := range grp.Values {
			for k, v := range vs {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("plot: OIBoxes: group %q, op %q: value %d is %v, want a finite number", grp.Name, ops[i], k, v)
				}
			}
			if len(vs) == 0 {
				continue
			}
			s := slices.Clone(vs)
			slices.Sort(s)
			st := boxStatsSorted(s)
			bp.stats[g][i] = st
			bp.ymin = math.Min(bp.ymin, st.Min)
			bp.ymax = math.Max(bp.ymax, st.Max)
		}
	}
	if err := checkSpan("OIBoxes: values", bp.ymin, bp.ymax); err != nil {
		return nil, err
	}
	bp.colors = make([]color.Color, len(groups))
	for g := range groups {
		bp.colors[g] = SeriesColor(g)
		if g < len(opt.Colors) && opt.Colors[g] != nil {
			bp.colors[g] = opt.Colors[g]
		}
	}
	bp.byOp = opt.ColorByOp || (len(groups) == 1 && opt.Colors == nil)

	if opt.XLabel == "" {
		opt.XLabel = "operation"
	}
	if opt.YLabel == "" {
		opt.YLabel = OIAxisLabel
	}
	f := newFigure(title, opt.XLabel, opt.YLabel, opt.Width, opt.Height)
	f.Legend = opt.Legend
	f.XTickAngle = opt.XTickAngle
	if opt.ShowCounts {
		labels := make([]string, len(ops))
		for i, op := range ops {
			parts := make([]string, len(groups))
			for g := range groups {
				parts[g] = strconv.Itoa(len(groups[g].Values[i]))
			}
			labels[i] = op + "\nn = " + strings.Join(parts, " | ")
		}
		f.setCategories(labels)
	} else {
		f.setCategories(ops)
	}

	lt := threshold
	if lt == 0 {
		lt = 1e-3
	}
	f.yT = yTransform(f.Plot, opt.YScale, lt)
	bp.ty = f.yT
	if threshold > 0 {
		bc := opt.BandColor
		if bc == nil {
			bc = defaultBandColor
		}
		b := &Band{Lo: f.yT(-threshold), Hi: f.yT(threshold), Color: bc}
		f.Plot.Add(b)
		f.addLegend("|OI| < "+strconv.FormatFloat(threshold, 'g', -1, 64), b)
	}
	addHGrid(f.Plot)
	f.Plot.Add(bp)
	if !bp.byOp || len(groups) > 1 {
		for g, grp := range groups {
			f.addLegend(grp.Name, swatch{bp.fill(g, 0)})
		}
	}
	if opt.YLim != [2]float64{} {
		f.Plot.Y.Min, f.Plot.Y.Max = f.yT(opt.YLim[0]), f.yT(opt.YLim[1])
	} else if !(f.Plot.Y.Min < f.Plot.Y.Max) {
		// No data and no band: show a unit range around zero.
		f.Plot.Y.Min, f.Plot.Y.Max = -1, 1
	}
	return f, nil
}

// Band is a plotter that shades the horizontal band Lo <= y <= Hi across
// the whole data area (the |OI| < threshold region of OI figures). It
// also draws a thin dotted line at y = 0 when 0 lies inside the band. Lo
// and Hi are plot coordinates (see Figure.YCoord).
type Band struct {
	Lo, Hi float64
	Color  color.Color
}

// Plot implements gplot.Plotter.
func (b *Band) Plot(c draw.Canvas, p *gplot.Plot) {
	_, trY := p.Transforms(&c)
	y0, y1 := trY(b.Lo), trY(b.Hi)
	pts := []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}}
	c.FillPolygon(b.Color, c.ClipPolygonY(pts))
	if b.Lo <= 0 && 0 <= b.Hi {
		z := trY(0)
		c.StrokeLines(draw.LineStyle{Color: rgb(0x777777), Width: vg.Points(0.5), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}},
			c.ClipLinesY([]vg.Point{{X: c.Min.X, Y: z}, {X: c.Max.X, Y: z}})...)
	}
}

// DataRange implements gplot.DataRanger; the band widens only the y range.
func (b *Band) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), b.Lo, b.Hi
}

// Thumbnail implements gplot.Thumbnailer.
func (b *Band) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.Color, pts)
}

// boxPlotter draws groups of box plots with widths in data units.
type boxPlotter struct {
	ops          []string
	stats        [][]BoxStats // [group][op]
	colors       []color.Color
	byOp         bool
	groupWidth   float64
	hideOutliers bool
	ymin, ymax   float64               // data range
	ty           func(float64) float64 // data to plot coordinate
}

func (bp *boxPlotter) color(g, i int) color.Color {
	if bp.byOp {
		return Lighten(OpColor(bp.ops[i]), seriesTint(g))
	}
	return bp.colors[g]
}

// fill is the box fill: the colour lightened, so medians stay visible.
func (bp *boxPlotter) fill(g, i int) color.Color {
	if bp.byOp {
		return bp.color(g, i)
	}
	return Lighten(bp.colors[g], 0.35)
}

func (bp *boxPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY0 := p.Transforms(&c)
	trY := func(v float64) vg.Length { return trY0(bp.ty(v)) }
	ng := len(bp.stats)
	slot := bp.groupWidth / float64(ng)
	half := slot * 0.8 / 2
	boxLine := draw.LineStyle{Color: inkColor, Width: vg.Points(0.8)}
	medLine := draw.LineStyle{Color: inkColor, Width: vg.Points(1.8)}
	whisk := draw.LineStyle{Color: inkColor, Width: vg.Points(0.8)}
	for g, row := range bp.stats {
		for i, st := range row {
			if st.N == 0 {
				continue
			}
			xc := float64(i) - bp.groupWidth/2 + (float64(g)+0.5)*slot
			x0, x1, xm := trX(xc-half), trX(xc+half), trX(xc)
			q1, q3, med := trY(st.Q1), trY(st.Q3), trY(st.Median)
			box := []vg.Point{{X: x0, Y: q1}, {X: x1, Y: q1}, {X: x1, Y: q3}, {X: x0, Y: q3}}
			c.FillPolygon(bp.fill(g, i), c.ClipPolygonY(box))
			c.StrokeLines(boxLine, c.ClipLinesY(append(box, box[0]))...)
			capHalf := (x1 - x0) / 4
			lo, hi := trY(st.LowWhisker), trY(st.HiWhisker)
			c.StrokeLines(whisk, c.ClipLinesY(
				[]vg.Point{{X: xm, Y: q3}, {X: xm, Y: hi}},
				[]vg.Point{{X: xm - capHalf, Y: hi}, {X: xm + capHalf, Y: hi}},
				[]vg.Point{{X: xm, Y: q1}, {X: xm, Y: lo}},
				[]vg.Point{{X: xm - capHalf, Y: lo}, {X: xm + capHalf, Y: lo}},
			)...)
			medLine.Color = contrastInk(bp.fill(g, i))
			c.StrokeLines(medLine, c.ClipLinesY([]vg.Point{{X: x0, Y: med}, {X: x1, Y: med}})...)

			if !bp.hideOutliers {
				bp.drawOutliers(c, trY, xm, st.Outliers, bp.color(g, i))
			}
			if bp.ty(st.Min) < p.Y.Min || bp.ty(st.Max) > p.Y.Max {
				mark := draw.GlyphStyle{Color: inkColor, Radius: vg.Points(2.5), Shape: draw.PyramidGlyph{}}
				if bp.ty(st.Max) > p.Y.Max {
					c.DrawGlyphNoClip(mark, vg.Point{X: xm, Y: c.Max.Y - mark.Radius})
				}
				if bp.ty(st.Min) < p.Y.Min {
					mark.Shape = invPyramid{}
					c.DrawGlyphNoClip(mark, vg.Point{X: xm, Y: c.Min.Y + mark.Radius})
				}
			}
		}
	}
}

// drawOutliers draws the sorted outliers as rings, skipping points that
// would land within a quarter point of the previous one: with thousands
// of values the image is the same and files stay small.
func (bp *boxPlotter) drawOutliers(c draw.Canvas, trY func(float64) vg.Length, x vg.Length, out []float64, col color.Color) {
	sty := draw.GlyphStyle{Color: col, Radius: vg.Points(1.6), Shape: draw.RingGlyph{}}
	last := vg.Length(math.Inf(-1))
	for _, v := range out {
		y := trY(v)
		if y-last < vg.Points(0.25) && last-y < vg.Points(0.25) {
			continue
		}
		if c.ContainsY(y) {
			c.DrawGlyphNoClip(sty, vg.Point{X: x, Y: y})
			last = y
		}
	}
}

// DataRange implements gplot.DataRanger.
func (bp *boxPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	if bp.ymin > bp.ymax {
		return -0.5, float64(len(bp.ops)) - 0.5, bp.ymin, bp.ymax // no data
	}
	return -0.5, float64(len(bp.ops)) - 0.5, bp.ty(bp.ymin), bp.ty(bp.ymax)
}

// invPyramid is a downward-pointing triangle glyph marking values below
// the visible range.
type invPyramid struct{}

func (invPyramid) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	r := sty.Radius + (sty.Radius-sty.Radius*vg.Length(math.Sin(math.Pi/6)))/2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r*vg.Length(math.Cos(math.Pi/6)), Y: pt.Y + r*vg.Length(math.Sin(math.Pi/6))})
	p.Line(vg.Point{X: pt.X + r*vg.Length(math.Cos(math.Pi/6)), Y: pt.Y + r*vg.Length(math.Sin(math.Pi/6))})
	p.Close()
	c.Fill(p)
}
