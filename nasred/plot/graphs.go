package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/nasred/nasred/nasred/atomicfile"
)

// Graph is a small directed graph to draw: vertex labels and labelled
// edges (a motif, a cell). Edge labels are operations, drawn in their
// OpColor.
type Graph struct {
	Vertices []string
	Edges    []GraphEdge
}

// GraphEdge is an edge of a Graph from vertex From to vertex To.
type GraphEdge struct {
	From, To int
	Label    string
}

// Drawing is a picture of a fixed size that renders to PNG or SVG (a
// Renderer, so nbdisplay.Show displays it). Make one with GraphGrid.
type Drawing struct {
	W, H vg.Length
	draw func(dc draw.Canvas)
}

// PNG renders the figure at 150 dpi on a white background.
func (f *Drawing) PNG() ([]byte, error) {
	if f == nil || f.draw == nil {
		return nil, fmt.Errorf("render png: empty figure (make drawings with GraphGrid)")
	}
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.W, f.H), vgimg.UseDPI(150), vgimg.UseBackgroundColor(color.White))}
	f.draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("render png: %w", err)
	}
	return b.Bytes(), nil
}

// SVG renders the figure as SVG.
func (f *Drawing) SVG() ([]byte, error) {
	if f == nil || f.draw == nil {
		return nil, fmt.Errorf("render svg: empty figure (make drawings with GraphGrid)")
	}
	c := vgsvg.New(f.W, f.H)
	f.draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("render svg: %w", err)
	}
	return b.Bytes(), nil
}

// Save writes the figure to path, as PNG or SVG by the path's extension.
func (f *Drawing) Save(path string) error {
	var (
		data []byte
		err  error
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		data, err = f.PNG()
	case ".svg":
		data, err = f.SVG()
	default:
		return fmt.Errorf("save figure %s: unknown extension, want .png or .svg", path)
	}
	if err != nil {
		return fmt.Errorf("save figure %s: %w", path, err)
	}
	return atomicfile.WriteBytes(path, data)
}

func isInput(label string) bool { return strings.HasPrefix(label, "input") }

// darken mixes c with 40% black, for text in an operation's colour that
// must stay readable on white.
func darken(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8 * 6 / 10), uint8(g >> 8 * 6 / 10), uint8(b >> 8 * 6 / 10), 0xff}
}

// nodeFill is the fill colour of a node by label.
func nodeFill(label string) color.Color {
	switch {
	case isInput(label):
		return color.RGBA{0xc6, 0xdb, 0xef, 0xff}
	case label == "output":
		return color.RGBA{0xfd, 0xd0, 0xa2, 0xff}
	}
	return color.White
}

// graphPlotter draws a small directed graph in data coordinates.
type graphPlotter struct {
	vertices []string
	edges    []GraphEdge
	pos      [][2]float64
}

// layeredLayout places vertices of a DAG in columns by longest path from a
// source, spreading each column vertically; a cyclic graph falls back to a
// circle.
func layeredLayout(labels []string, edges []GraphEdge) [][2]float64 {
	n := len(labels)
	pos := make([][2]float64, n)
	layer := make([]int, n)
	// Longest-path layering by relaxation; more than n rounds means a cycle.
	// Sources that are not cell inputs start in the second column when the
	// pattern has an input, so op nodes sit between inputs and outputs.
	hasInput := false
	for v := range n {
		if isInput(labels[v]) {
			hasInput = true
		}
	}
	if hasInput {
		for v := range n {
			if !isInput(labels[v]) {
				layer[v] = 1
			}
		}
	}
	changed, rounds := true, 0
	for changed && rounds <= n {
		changed = false
		for _, e := range edges {
			if e.From != e.To && layer[e.To] < layer[e.From]+1 {
				layer[e.To] = layer[e.From] + 1
				changed = true
			}
		}
		rounds++
	}
	if changed {
		for i := range n {
			a := 2 * math.Pi * float64(i) / float64(n)
			pos[i] = [2]float64{math.Cos(a), math.Sin(a)}
		}
		return pos
	}
	cols := map[int][]int{}
	for v := range n {
		cols[layer[v]] = append(cols[layer[v]], v)
	}
	for l, vs := range cols {
		for k, v := range vs {
			y := float64(k) - float64(len(vs)-1)/2
			if len(vs) == 1 && l%2 == 1 {
				y = 0.35 // lift lone middle vertices off the straight line of skip edges
			}
			pos[v] = [2]float64{float64(l), -y}
		}
	}
	return pos
}

func (g *graphPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, p := range g.pos {
		xmin, xmax = min(xmin, p[0]), max(xmax, p[0])
		ymin, ymax = min(ymin, p[1]), max(ymax, p[1])
	}
	if len(g.pos) == 0 {
		return 0, 1, 0, 1
	}
	return xmin - 0.45, xmax + 0.45, ymin - 0.9, ymax + 0.9
}

func (g *graphPlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	pt := func(v int) vg.Point { return vg.Point{X: trX(g.pos[v][0]), Y: trY(g.pos[v][1])} }
	radius := vg.Points(9)
	small := plt.Title.TextStyle
	small.Font.Size = vg.Points(6.5)
	small.XAlign, small.YAlign = draw.XCenter, draw.YCenter
	// Bend parallel and antiparallel edges between the same pair apart, and
	// edges that skip a layer upwards so they do not cross vertices.
	seen := map[[2]int]int{}
	for _, e := range g.edges {
		a, b := min(e.From, e.To), max(e.From, e.To)
		k := seen[[2]int{a, b}]
		seen[[2]int{a, b}]++
		p, q := pt(e.From), pt(e.To)
		bend := vg.Length(0)
		if math.Abs(g.pos[e.To][0]-g.pos[e.From][0]) > 1.5 {
			bend = vg.Points(28)
		}
		if k > 0 {
			bend += vg.Length(k) * vg.Points(12)
		}
		if e.From > e.To && bend == 0 {
			bend = vg.Points(8)
		}
		col := OpColor(e.Label)
		line := curve(p, q, bend, radius)
		sty := draw.LineStyle{Color: col, Width: vg.Points(1.6)}
		c.StrokeLines(sty, line)
		// Arrowhead at the end of the curve.
		end, prev := line[len(line)-1], line[len(line)-2]
		dx, dy := float64(end.X-prev.X), float64(end.Y-prev.Y)
		l := math.Hypot(dx, dy)
		if l > 0 {
			ux, uy := dx/l, dy/l
			s := float64(vg.Points(6))
			left := vg.Point{X: end.X - vg.Length(ux*s-uy*s*0.45), Y: end.Y - vg.Length(uy*s+ux*s*0.45)}
			right := vg.Point{X: end.X - vg.Length(ux*s+uy*s*0.45), Y: end.Y - vg.Length(uy*s-ux*s*0.45)}
			c.FillPolygon(col, []vg.Point{end, left, right})
		}
		mid := line[len(line)/2]
		ls := small
		ls.Color = darken(col)
		c.FillText(ls, vg.Point{X: mid.X, Y: mid.Y + vg.Points(5)}, shortOp(e.Label))
	}
	for v, l := range g.vertices {
		p := pt(v)
		c.DrawGlyph(draw.GlyphStyle{Color: nodeFill(l), Radius: radius, Shape: draw.CircleGlyph{}}, p)
		c.DrawGlyph(draw.GlyphStyle{Color: color.Black, Radius: radius, Shape: draw.RingGlyph{}}, p)
		ns := small
		ns.Color = color.Black
		c.FillText(ns, p, shortNode(l))
	}
}

// curve returns a polyline from p to q, bowed sideways by bend, trimmed by
// r at both ends so it starts and ends on the node circles.
func curve(p, q vg.Point, bend, r vg.Length) []vg.Point {
	dx, dy := float64(q.X-p.X), float64(q.Y-p.Y)
	l := math.Hypot(dx, dy)
	if l == 0 {
		return []vg.Point{p, q}
	}
	nx, ny := -dy/l, dx/l // left normal
	const steps = 16
	var pts []vg.Point
	for i := 0; i <= steps; i++ {
		t := float64(i) / steps
		off := 4 * t * (1 - t) * float64(bend)
		pts = append(pts, vg.Point{X: p.X + vg.Length(dx*t+nx*off), Y: p.Y + vg.Length(dy*t+ny*off)})
	}
	// Trim: drop points inside the end circles.
	in := func(a, c vg.Point) bool { return math.Hypot(float64(a.X-c.X), float64(a.Y-c.Y)) < float64(r) }
	lo, hi := 0, len(pts)-1
	for lo < hi-1 && in(pts[lo+1], p) {
		lo++
	}
	for hi > lo+1 && in(pts[hi-1], q) {
		hi--
	}
	pts = pts[lo : hi+1]
	pts[0] = towards(pts[0], pts[1], r, p)
	pts[len(pts)-1] = towards(pts[len(pts)-1], pts[len(pts)-2], r, q)
	return pts
}

// towards returns the point at distance r from centre c on the segment
// from a to b (a inside the circle, b outside), approximately.
func towards(a, b vg.Point, r vg.Length, c vg.Point) vg.Point {
	dx, dy := float64(b.X-c.X), float64(b.Y-c.Y)
	l := math.Hypot(dx, dy)
	if l == 0 {
		return a
	}
	return vg.Point{X: c.X + vg.Length(dx/l*float64(r)), Y: c.Y + vg.Length(dy/l*float64(r))}
}

// shortOp abbreviates operation names for edge labels.
func shortOp(op string) string {
	r := strings.NewReplacer("skip_connect", "skip", "nor_conv_", "conv", "avg_pool_", "avg", "max_pool_", "max",
		"sep_conv_", "sep", "dil_conv_", "dil", "3x3", "3", "5x5", "5", "1x1", "1")
	return r.Replace(op)
}

// shortNode abbreviates node labels to fit inside a node circle.
func shortNode(l string) string {
	switch l {
	case "input":
		return "in"
	case "input1":
		return "in1"
	case "input2":
		return "in2"
	case "output":
		return "out"
	}
	if len(l) > 4 {
		return l[:4]
	}
	return l
}

// motifPlot returns a plot of one motif with a title line.
func motifPlot(title string, vertices []string, edges []GraphEdge) *plot.Plot {
	p := plot.New()
	p.HideAxes()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(8)
	p.Add(&graphPlotter{vertices: vertices, edges: edges, pos: layeredLayout(vertices, edges)})
	return p
}

// GraphGrid draws small labelled directed graphs in a grid, four to a row,
// with a legend of their edge labels (operations) in the last tile.
func GraphGrid(titles []string, graphs []Graph) *Drawing {
	const cols = 4
	rows := max(1, (len(graphs)+cols-1)/cols)
	var ops []string
	for _, g := range graphs {
		for _, e := range g.Edges {
			if !slices.Contains(ops, e.Label) {
				ops = append(ops, e.Label)
			}
		}
	}
	slices.Sort(ops)
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for i, g := range graphs {
		plots[i/cols][i%cols] = motifPlot(titles[i], g.Vertices, g.Edges)
	}
	legendH := vg.Points(22)
	w, h := vg.Length(cols)*vg.Points(150), vg.Length(rows)*vg.Points(120)+legendH
	return &Drawing{W: w, H: h, draw: func(dc draw.Canvas) {
		graphs := draw.Crop(dc, 0, 0, legendH, 0)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(4), PadY: vg.Points(4), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
		cs := plot.Align(plots, tiles, graphs)
		for i := range plots {
			for j, p := range plots[i] {
				if p != nil {
					p.Draw(cs[i][j])
				}
			}
		}
		drawOpLegend(dc, ops, legendH)
	}}
}

// drawOpLegend draws a one-line legend of operation colours along the
// bottom strip (height h) of c.
func drawOpLegend(c draw.Canvas, ops []string, h vg.Length) {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = vg.Points(8)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	y := c.Min.Y + h/2
	x := c.Min.X + vg.Points(8)
	sty.Color = color.Black
	c.FillText(sty, vg.Point{X: x, Y: y}, "operations:")
	x += sty.Width("operations:") + vg.Points(10)
	for _, op := range ops {
		c.StrokeLine2(draw.LineStyle{Color: OpColor(op), Width: vg.Points(2.5)}, x, y, x+vg.Points(18), y)
		x += vg.Points(22)
		c.FillText(sty, vg.Point{X: x, Y: y}, op)
		x += sty.Width(op) + vg.Points(14)
	}
}
