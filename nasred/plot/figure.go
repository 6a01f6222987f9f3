package plot

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/nasred/nasred/nasred/atomicfile"
)

// Default figure geometry: 8 × 4.5 inches rendered at 150 dots per inch
// (1200 × 675 pixels), a 16:9 panel that reads well in a notebook and
// scales down to a paper column.
const (
	DefaultWidth  = 8 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
	DefaultDPI    = 150
)

// LegendPosition says where a Figure draws the legend of its series.
type LegendPosition int

const (
	// LegendAbove draws the legend entries in a row (wrapped as needed)
	// between the title and the data area, so it never covers data.
	LegendAbove LegendPosition = iota
	// LegendInside uses gonum's legend in the top-right corner of the
	// data area.
	LegendInside
	// LegendHidden draws no legend.
	LegendHidden
)

// Renderer is what can be turned into image bytes: a *Figure or a *Grid.
type Renderer interface {
	PNG() ([]byte, error)
	SVG() ([]byte, error)
}

// Figure is one panel: a gonum plot plus the size at which it is rendered
// and the project's legend and tick-label layout. The constructors
// (OpCounts, OIBoxes, Bars, Lines) fill it; callers may customise Plot
// freely before rendering (add plotters, change axis labels or ranges;
// on a SymLog axis place y values with YCoord). Rendering lays out the
// plot for the output size, so one Figure must not be rendered from two
// goroutines at once.
type Figure struct {
	// Plot is the underlying gonum plot.
	Plot *gplot.Plot
	// Width and Height are the rendered size (DefaultWidth ×
	// DefaultHeight unless an option said otherwise).
	Width, Height vg.Length
	// DPI is the resolution of PNG output (DefaultDPI by default).
	DPI int
	// Legend selects where the series legend goes.
	Legend LegendPosition
	// XTickAngle is the angle of category (x) tick labels in degrees,
	// counter-clockwise. Zero chooses automatically when the figure is
	// drawn: flat when the labels fit side by side, otherwise the smallest
	// of 30°, 45°, 60° or 90° at which they do not overlap.
	XTickAngle float64

	legend     []legendEntry
	categories []string  // nominal x labels, for automatic rotation
	stripH     vg.Length // height of the legend strip while prepared
	yT         func(float64) float64
}

// YCoord returns the plot coordinate of the data value v on the y axis:
// v itself on a linear axis, its transform on a SymLog axis. Use it to
// place extra plotters added to Plot.
func (f *Figure) YCoord(v float64) float64 {
	if f.yT == nil {
		return v
	}
	return f.yT(v)
}

// fontVariant is the Liberation variant of every text: sans-serif reads
// better on screen and in small print than gonum's default serif.
const fontVariant = "Sans"

type legendEntry struct {
	name  string
	thumb gplot.Thumbnailer
}

// newFigure returns a figure with the project's default style.
func newFigure(title, xLabel, yLabel string, w, h vg.Length) *Figure {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Label.TextStyle.Font.Size = vg.Points(12)
	p.Y.Label.TextStyle.Font.Size = vg.Points(12)
	p.X.Tick.Label.Font.Size = vg.Points(11)
	p.Y.Tick.Label.Font.Size = vg.Points(10)
	p.Legend.TextStyle.Font.Size = vg.Points(11)
	for _, sty := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		sty.Font.Variant = fontVariant
	}
	p.Y.Tick.Marker = cleanTicks{}
	p.X.Tick.Marker = cleanTicks{}
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	return &Figure{Plot: p, Width: w, Height: h, DPI: DefaultDPI}
}

// addLegend registers a legend entry, drawn according to f.Legend.
func (f *Figure) addLegend(name string, thumb gplot.Thumbnailer) {
	f.legend = append(f.legend, legendEntry{name, thumb})
}

// setCategories configures a nominal x axis with one tick per label at
// x = 0, 1, ..., len(labels)-1.
func (f *Figure) setCategories(labels []string) {
	f.categories = append([]string(nil), labels...)
	p := f.Plot
	ticks := make([]gplot.Tick, len(labels))
	for i, l := range labels {
		ticks[i] = gplot.Tick{Value: float64(i), Label: l}
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.X.Tick.Length = vg.Points(3)
	p.X.Min = -0.5
	p.X.Max = float64(len(labels)) - 0.5
}

// Draw draws the figure onto c, which may be a tile of a larger canvas.
func (f *Figure) Draw(c draw.Canvas) {
	restore := f.prepare(c)
	defer restore()
	f.Plot.Draw(c)
	f.drawLegendAbove(c)
}

// prepare lays out the tick labels and the legend strip for canvas c and
// returns a function undoing the temporary changes to f.Plot.
func (f *Figure) prepare(c draw.Canvas) (restore func()) {
	p := f.Plot
	saveTitle := p.Title
	saveTick := p.X.Tick.Label
	saveLegend := p.Legend
	saveYLabel := p.Y.Label
	saveYMarker := p.Y.Tick.Marker
	restore = func() {
		f.stripH = 0
		p.Title = saveTitle
		p.X.Tick.Label = saveTick
		p.Legend = saveLegend
		p.Y.Label = saveYLabel
		p.Y.Tick.Marker = saveYMarker
	}

	switch f.Legend {
	case LegendAbove:
		if len(f.legend) > 0 {
			h := f.legendAboveHeight(c)
			f.stripH = h
			if p.Title.Text == "" {
				// A tiny blank title reserves the strip in a way that both
				// Plot.Draw and plot.Align account for.
				p.Title.Text = " "
				p.Title.TextStyle.Font.Size = vg.Points(1)
				p.Title.Padding = 0
			}
			p.Title.Padding += h
		}
	case LegendInside:
		p.Legend.Top = true
		for _, e := range f.legend {
			p.Legend.Add(e.name, e.thumb)
		}
	}

	if len(f.categories) > 0 {
		angle := f.XTickAngle
		if angle == 0 && f.multiLineCategories() {
			// Slanted multi-line labels read badly: try a smaller font
			// (down to 8 points) first.
			for f.autoTickAngle(c) != 0 && p.X.Tick.Label.Font.Size > vg.Points(8) {
				p.X.Tick.Label.Font.Size -= vg.Points(0.5)
			}
		}
		if angle == 0 {
			angle = f.autoTickAngle(c)
		}
		if angle != 0 {
			p.X.Tick.Label.Rotation = angle * math.Pi / 180
			// The top-right corner of the text sits at the tick, so the
			// slanted label hangs below the axis clear of the tick mark.
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YTop
		}
	}
	f.fitYAxis(c)
	return restore
}

// fitYAxis adapts the y axis to the height of c: a y label longer than
// the data area is broken before a parenthesis (or at its middle space)
// and, if still too long, set in a smaller font down to 8 points; on a
// short symmetric-log axis the ±LinThresh labels, which would collide
// with the 0 label, are dropped.
func (f *Figure) fitYAxis(c draw.Canvas) {
	p := f.Plot
	if p.Y.Label.Text != "" {
		avail := func() vg.Length {
			dc := p.DataCanvas(c)
			return dc.Max.Y - dc.Min.Y
		}
		lbl := p.Y.Label.Text
		if p.Y.Label.TextStyle.Width(lbl) > avail() && !strings.Contains(lbl, "\n") {
			if i := strings.LastIndex(lbl, " ("); i > 0 {
				lbl = lbl[:i] + "\n" + lbl[i+1:]
			} else if i := middleSpace(lbl); i > 0 {
				lbl = lbl[:i] + "\n" + lbl[i+1:]
			}
			p.Y.Label.Text = lbl
		}
		for p.Y.Label.TextStyle.Width(p.Y.Label.Text) > avail() && p.Y.Label.TextStyle.Font.Size > vg.Points(8) {
			p.Y.Label.TextStyle.Font.Size -= vg.Points(1)
		}
	}
	if t, ok := p.Y.Tick.Marker.(symlogTicks); ok && !t.skipThresh && p.Y.Min < p.Y.Max {
		dc := p.DataCanvas(c)
		gap := vg.Length(t.s.fwd(t.s.c)/(p.Y.Max-p.Y.Min)) * (dc.Max.Y - dc.Min.Y)
		if gap < 1.4*p.Y.Tick.Label.Height("0") {
			t.skipThresh = true
			p.Y.Tick.Marker = t
		}
	}
}

// middleSpace returns the index of the space nearest the middle of s, or
// -1.
func middleSpace(s string) int {
	best := -1
	for i := range len(s) {
		if s[i] == ' ' && (best < 0 || abs(i-len(s)/2) < abs(best-len(s)/2)) {
			best = i
		}
	}
	return best
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func (f *Figure) multiLineCategories() bool {
	for _, l := range f.categories {
		if strings.Contains(l, "\n") {
			return true
		}
	}
	return false
}

// autoTickAngle returns 0 when the category labels fit side by side in the
// data area of c, else the smallest of 30, 45, 60, 90 degrees at which
// neighbouring slanted labels keep a gap of about a third of a line.
func (f *Figure) autoTickAngle(c draw.Canvas) float64 {
	p := f.Plot
	sty := p.X.Tick.Label
	sty.Rotation = 0
	saved := p.X.Tick.Label
	p.X.Tick.Label = sty
	dc := p.DataCanvas(c)
	p.X.Tick.Label = saved

	span := p.X.Max - p.X.Min
	if !(span > 0) {
		return 0
	}
	step := float64(dc.Max.X-dc.Min.X) / span // points per category
	var widest vg.Length
	for _, l := range f.categories {
		if w := sty.Width(l); w > widest {
			widest = w
		}
	}
	h := float64(sty.Height("Mg"))
	if float64(widest)+0.5*h <= step {
		return 0
	}
	for _, a := range []float64{30, 45, 60} {
		if step*math.Sin(a*math.Pi/180) >= 1.3*h {
			return a
		}
	}
	return 90
}

// legend-strip geometry.
const (
	legendThumbW = vg.Length(20)
	legendGap    = vg.Length(14) // between entries on a row
	legendPadY   = vg.Length(4)  // above and below the strip
)

// legendRows packs the legend entries greedily into rows that fit the
// width of c; it returns the rows (as entry index ranges) and their widths.
func (f *Figure) legendRows(c draw.Canvas) (rows [][2]int, widths []vg.Length) {
	sty := f.Plot.Legend.TextStyle
	em := sty.Width(" ")
	avail := c.Max.X - c.Min.X - 2*legendGap
	start := 0
	var w vg.Length
	for i, e := range f.legend {
		ew := legendThumbW + em + sty.Width(e.name)
		if i > start && w+legendGap+ew > avail {
			rows = append(rows, [2]int{start, i})
			widths = append(widths, w)
			start, w = i, 0
		}
		if i > start {
			w += legendGap
		}
		w += ew
	}
	rows = append(rows, [2]int{start, len(f.legend)})
	widths = append(widths, w)
	return rows, widths
}

func (f *Figure) legendRowHeight() vg.Length {
	sty := f.Plot.Legend.TextStyle
	return sty.Height("Mg") * 1.25
}

// legendAboveHeight is the height of the legend strip drawn above the data.
func (f *Figure) legendAboveHeight(c draw.Canvas) vg.Length {
	rows, _ := f.legendRows(c)
	return vg.Length(len(rows))*f.legendRowHeight() + 2*legendPadY
}

// drawLegendAbove draws the legend strip just below the title.
func (f *Figure) drawLegendAbove(c draw.Canvas) {
	if f.Legend != LegendAbove || len(f.legend) == 0 {
		return
	}
	p := f.Plot
	// Plot.Draw put the data area below the title and its padding, which
	// prepare enlarged by the strip height: the strip is the bottom of it.
	top := c.Max.Y - p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y - p.Title.Padding + f.stripH
	top -= legendPadY
	sty := p.Legend.TextStyle
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YCenter
	em := sty.Width(" ")
	rowH := f.legendRowHeight()
	rows, widths := f.legendRows(c)
	for r, span := range rows {
		yc := top - rowH*vg.Length(r) - rowH/2
		x := c.Min.X + (c.Max.X-c.Min.X-widths[r])/2
		for _, e := range f.legend[span[0]:span[1]] {
			th := sty.Height("M") * 1.1
			tc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: yc - th/2},
				Max: vg.Point{X: x + legendThumbW, Y: yc + th/2},
			}}
			e.thumb.Thumbnail(&tc)
			x += legendThumbW + em
			c.FillText(sty, vg.Point{X: x, Y: yc}, e.name)
			x += sty.Width(e.name) + legendGap
		}
	}
}

// drawable is what render needs: a size, a check and a way to draw.
type drawable interface {
	size() (w, h vg.Length, dpi int)
	check() error
	Draw(c draw.Canvas)
}

// check reports axis ranges gonum cannot draw: a span so wide that
// max − min overflows (gonum's tick search would never end).
func (f *Figure) check() error {
	if f.Plot == nil {
		return fmt.Errorf("plot: figure has no Plot")
	}
	for _, a := range []struct {
		name     string
		min, max float64
	}{{"x", f.Plot.X.Min, f.Plot.X.Max}, {"y", f.Plot.Y.Min, f.Plot.Y.Max}} {
		if err := checkSpan(a.name+" axis", a.min, a.max); err != nil {
			return err
		}
	}
	return nil
}

// checkSpan rejects a range whose width overflows float64 or is NaN.
func checkSpan(what string, min, max float64) error {
	if math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil // unset ranges are fixed up by gonum
	}
	if math.IsNaN(min) || math.IsNaN(max) || math.IsInf(max-min, 0) {
		return fmt.Errorf("plot: %s range [%v, %v] cannot be drawn (want finite bounds less than MaxFloat64 apart)", what, min, max)
	}
	return nil
}

func (f *Figure) size() (vg.Length, vg.Length, int) { return f.Width, f.Height, f.DPI }

// render draws d in the given format ("png", "svg" or "pdf") and returns
// the bytes. A panic inside gonum (for example from an invalid
// customisation of Plot) is returned as an error.
func render(d drawable, format string) (out []byte, err error) {
	w, h, dpi := d.size()
	if !(w > 0) || !(h > 0) || math.IsInf(float64(w), 0) || math.IsInf(float64(h), 0) {
		return nil, fmt.Errorf("plot: figure size %v × %v: want positive, finite width and height", w, h)
	}
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("plot: render %s: %v", format, r)
		}
	}()
	var cw vg.CanvasWriterTo
	switch format {
	case "png":
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	case "svg":
		cw = vgsvg.New(w, h)
	case "pdf":
		cw = vgpdf.New(w, h)
	default:
		return nil, fmt.Errorf("plot: unsupported format %q (want png, svg or pdf)", format)
	}
	d.Draw(draw.New(cw))
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot: encode %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// formatOf maps a file name to a render format by its extension.
func formatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	switch ext {
	case "png", "svg", "pdf":
		return ext, nil
	}
	return "", fmt.Errorf("plot: save %s: unsupported extension %q (want .png, .svg or .pdf)", path, filepath.Ext(path))
}

// save renders d in the format named by path's extension and writes it
// atomically.
func save(d drawable, path string) error {
	format, err := formatOf(path)
	if err != nil {
		return err
	}
	b, err := render(d, format)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return atomicfile.WriteBytes(path, b)
}

// PNG renders the figure as a PNG image of Width × Height at DPI.
func (f *Figure) PNG() ([]byte, error) { return render(f, "png") }

// SVG renders the figure as an SVG document (text kept as text; fonts are
// referenced by name, not embedded).
func (f *Figure) SVG() ([]byte, error) { return render(f, "svg") }

// PDF renders the figure as a PDF document.
func (f *Figure) PDF() ([]byte, error) { return render(f, "pdf") }

// Save writes the figure to path in the format given by its extension
// (.png, .svg or .pdf), atomically: a failed write leaves no partial file.
// Missing parent directories are created.
func (f *Figure) Save(path string) error { return save(f, path) }

// cleanTicks is gonum's default ticker with labels printed at the
// precision of the tick spacing ("0, 25, 50" rather than "0.00, 25.00").
type cleanTicks struct{}

func (cleanTicks) Ticks(min, max float64) []gplot.Tick {
	ticks := gplot.DefaultTicks{}.Ticks(min, max)
	var major []float64
	for _, t := range ticks {
		if t.Label != "" {
			major = append(major, t.Value)
		}
	}
	if len(major) < 2 {
		return ticks
	}
	step := math.Abs(major[1] - major[0])
	big := math.Max(math.Abs(major[0]), math.Abs(major[len(major)-1]))
	if big >= 1e6 || step < 1e-4 {
		// Very large or very fine values: gonum's own (exponent) labels.
		return ticks
	}
	digits := 0
	if step > 0 && step < 1 {
		digits = int(math.Ceil(-math.Log10(step) - 1e-9))
		if r := step * math.Pow(10, float64(digits)); math.Abs(r-math.Round(r)) > 1e-6 {
			digits++ // e.g. a step of 0.25 needs two digits
		}
	}
	for i := range ticks {
		if ticks[i].Label == "" {
			continue
		}
		v := ticks[i].Value
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks[i].Label = strconv.FormatFloat(v, 'f', digits, 64)
	}
	return ticks
}
