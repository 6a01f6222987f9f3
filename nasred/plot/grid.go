package plot

import (
	"fmt"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a multi-panel figure: Figures in rows and columns whose data
// areas are aligned (gonum's plot.Align over draw.Tiles), with an optional
// overall title. A nil entry leaves its tile blank.
type Grid struct {
	// Title is drawn centred above all panels (empty for none).
	Title string
	// Figures holds the panels, row-major; every row has the same length.
	Figures [][]*Figure
	// Width, Height and DPI are the rendered size; NewGrid sets them from
	// the panels' sizes.
	Width, Height vg.Length
	DPI           int
	// Pad is the space between panels.
	Pad vg.Length
}

// NewGrid validates the layout (at least one row and one non-nil figure,
// all rows of equal length) and sizes the grid so that each column is as
// wide as its widest panel and each row as tall as its tallest.
func NewGrid(title string, rows [][]*Figure) (*Grid, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, fmt.Errorf("plot: NewGrid: empty layout: want at least one row and one column")
	}
	cols := len(rows[0])
	colW := make([]vg.Length, cols)
	rowH := make([]vg.Length, len(rows))
	n := 0
	for r, row := range rows {
		if len(row) != cols {
			return nil, fmt.Errorf("plot: NewGrid: row %d has %d panels, want %d like row 0", r, len(row), cols)
		}
		for c, f := range row {
			if f == nil {
				continue
			}
			if f.Plot == nil {
				return nil, fmt.Errorf("plot: NewGrid: panel (%d, %d) has no Plot", r, c)
			}
			n++
			colW[c] = max(colW[c], f.Width)
			rowH[r] = max(rowH[r], f.Height)
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("plot: NewGrid: all %d panels are nil", len(rows)*cols)
	}
	g := &Grid{Title: title, Figures: rows, DPI: DefaultDPI, Pad: vg.Points(12)}
	for _, w := range colW {
		if w == 0 {
			w = DefaultWidth
		}
		g.Width += w
	}
	for _, h := range rowH {
		if h == 0 {
			h = DefaultHeight
		}
		g.Height += h
	}
	if title != "" {
		g.Height += g.titleStyle().Height(title) + vg.Points(8)
	}
	return g, nil
}

func (g *Grid) titleStyle() text.Style {
	return text.Style{
		Color:   rgb(0x000000),
		Font:    font.From(font.Font{Typeface: gplot.DefaultFont.Typeface, Variant: fontVariant}, vg.Points(16)),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: gplot.DefaultTextHandler,
	}
}

func (g *Grid) size() (vg.Length, vg.Length, int) { return g.Width, g.Height, g.DPI }

func (g *Grid) check() error {
	if len(g.Figures) == 0 || len(g.Figures[0]) == 0 {
		return fmt.Errorf("plot: grid has no panels")
	}
	for r, row := range g.Figures {
		if len(row) != len(g.Figures[0]) {
			return fmt.Errorf("plot: grid row %d has %d panels, want %d like row 0", r, len(row), len(g.Figures[0]))
		}
		for k, f := range row {
			if f == nil {
				continue
			}
			if err := f.check(); err != nil {
				return fmt.Errorf("panel (%d, %d): %w", r, k, err)
			}
		}
	}
	return nil
}

// Draw draws the panels onto c.
func (g *Grid) Draw(c draw.Canvas) {
	c.SetColor(rgb(0xffffff))
	c.Fill(c.Rectangle.Path())
	if g.Title != "" {
		sty := g.titleStyle()
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, g.Title)
		c.Max.Y -= sty.Height(g.Title) + vg.Points(8)
	}
	rows, cols := len(g.Figures), len(g.Figures[0])
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: g.Pad, PadY: g.Pad, PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(2)}
	plots := make([][]*gplot.Plot, rows)
	var restores []func()
	defer func() {
		for _, r := range restores {
			r()
		}
	}()
	for r, row := range g.Figures {
		plots[r] = make([]*gplot.Plot, cols)
		for k, f := range row {
			if f == nil {
				continue
			}
			restores = append(restores, f.prepare(tiles.At(c, k, r)))
			plots[r][k] = f.Plot
		}
	}
	canv := gplot.Align(plots, tiles, c)
	for r, row := range g.Figures {
		for k, f := range row {
			if f == nil {
				continue
			}
			f.Plot.Draw(canv[r][k])
			f.drawLegendAbove(canv[r][k])
		}
	}
}

// PNG renders the grid as a PNG image.
func (g *Grid) PNG() ([]byte, error) { return render(g, "png") }

// SVG renders the grid as an SVG document.
func (g *Grid) SVG() ([]byte, error) { return render(g, "svg") }

// PDF renders the grid as a PDF document.
func (g *Grid) PDF() ([]byte, error) { return render(g, "pdf") }

// Save writes the grid to path (.png, .svg or .pdf) atomically.
func (g *Grid) Save(path string) error { return save(g, path) }
