package analysis

import (
	"context"
	"fmt"
	"strconv"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// NB201Options parametrises NB201Ops. Zero fields take the paper's values.
type NB201Options struct {
	// Threshold is the importance threshold of paper §3 (default
	// 0.001): an edge of a top cell is important when OI >= Threshold, an
	// edge of a bottom cell when OI <= -Threshold.
	Threshold float64
	// Select sets the top / bottom fraction (default 5%).
	Select importance.SelectOptions
}

// NB201Study is the paper's Section 3 operation-level analysis of one
// NB201 data set: OI of every cell, the top and bottom sets, and per
// operation summaries of each.
type NB201Study struct {
	Dataset   nb201bench.Dataset
	Source    string // where the table came from
	Threshold float64
	Table     *nb201bench.NB201
	// Results[i] is the OI of table row i.
	Results []importance.Result
	// Top and Bottom are table row positions, ascending.
	Top, Bottom []int
	// TopOps and BottomOps summarise the edges of the top and bottom cells
	// per operation (importance at +Threshold and -Threshold).
	TopOps, BottomOps []importance.OpSummary
}

// NB201Ops runs the Section 3 analysis of data set d on table t.
func NB201Ops(ctx context.Context, t *nb201bench.NB201, source string, d nb201bench.Dataset, opt NB201Options) (*NB201Study, error) {
	if opt.Threshold == 0 {
		opt.Threshold = 0.001
	}
	if opt.Threshold < 0 {
		return nil, fmt.Errorf("nb201 study: threshold %v must be positive", opt.Threshold)
	}
	res, err := importance.NB201(ctx, t, d, importance.Options{})
	if err != nil {
		return nil, fmt.Errorf("nb201 study on %s: %w", d, err)
	}
	errs := make([]float64, len(res))
	for i, r := range res {
		errs[i] = r.Err
	}
	s := &NB201Study{Dataset: d, Source: source, Threshold: opt.Threshold, Table: t, Results: res}
	if s.Top, err = importance.Select(errs, importance.Top, opt.Select); err != nil {
		return nil, err
	}
	if s.Bottom, err = importance.Select(errs, importance.Bottom, opt.Select); err != nil {
		return nil, err
	}
	rows := t.Rows()
	op := func(i, e int) string { return rows[i].Cell[e].String() }
	names := nb201.OpNames()
	if s.TopOps, err = importance.Summarize(names, op, res, s.Top, importance.SummaryOptions{Threshold: opt.Threshold}); err != nil {
		return nil, err
	}
	if s.BottomOps, err = importance.Summarize(names, op, res, s.Bottom, importance.SummaryOptions{Threshold: -opt.Threshold}); err != nil {
		return nil, err
	}
	return s, nil
}

func counts(sums []importance.OpSummary, important bool) []float64 {
	v := make([]float64, len(sums))
	for i, s := range sums {
		if important {
			v[i] = float64(s.Important)
		} else {
			v[i] = float64(s.Count)
		}
	}
	return v
}

// CountFigure is the operation-count bar chart of the top cells: each
// operation's share among all their edges and among their important edges.
func (s *NB201Study) CountFigure() (*plot.Figure, error) {
	return plot.OpCounts(
		fmt.Sprintf("NB201 %s: operations in the top %d cells", s.Dataset, len(s.Top)),
		nb201.OpNames(),
		[]plot.Series{
			{Name: "all edges", Values: counts(s.TopOps, false)},
			{Name: fmt.Sprintf("important edges (OI ≥ %g)", s.Threshold), Values: counts(s.TopOps, true)},
		},
		plot.BarOptions{Normalize: true})
}

// TopBottomCountFigure compares the operation counts of the top and the
// bottom cells.
func (s *NB201Study) TopBottomCountFigure() (*plot.Figure, error) {
	return plot.OpCounts(
		fmt.Sprintf("NB201 %s: operations in top vs bottom cells", s.Dataset),
		nb201.OpNames(),
		[]plot.Series{
			{Name: fmt.Sprintf("top %d", len(s.Top)), Values: counts(s.TopOps, false)},
			{Name: fmt.Sprintf("bottom %d", len(s.Bottom)), Values: counts(s.BottomOps, false)},
		},
		plot.BarOptions{Annotate: true})
}

// OIFigure shows the OI of each operation in top and bottom cells as box
// plots, with the band |OI| < Threshold shaded.
func (s *NB201Study) OIFigure() (*plot.Figure, error) {
	vals := func(sums []importance.OpSummary) [][]float64 {
		v := make([][]float64, len(sums))
		for i, x := range sums {
			v[i] = x.OI
		}
		return v
	}
	return plot.OIBoxes(
		fmt.Sprintf("NB201 %s: operation importance", s.Dataset),
		nb201.OpNames(),
		[]plot.BoxGroup{
			{Name: fmt.Sprintf("top %d cells", len(s.Top)), Values: vals(s.TopOps)},
			{Name: fmt.Sprintf("bottom %d cells", len(s.Bottom)), Values: vals(s.BottomOps)},
		},
		s.Threshold, plot.BoxOptions{YScale: plot.SymLog})
}

// SummaryTable lists, per operation, how often it occurs in top and bottom
// cells, how many of those edges are important, and the median OI.
func (s *NB201Study) SummaryTable() (headers []string, rows [][]string) {
	headers = []string{"operation",
		"top: edges", fmt.Sprintf("top: OI ≥ %g", s.Threshold), "top: median OI",
		"bottom: edges", fmt.Sprintf("bottom: OI ≤ −%g", s.Threshold), "bottom: median OI"}
	f := func(x float64) string {
		if x != x {
			return "–"
		}
		return strconv.FormatFloat(x, 'f', 4, 64)
	}
	for i := range s.TopOps {
		t, b := s.TopOps[i], s.BottomOps[i]
		rows = append(rows, []string{t.Op,
			strconv.Itoa(t.Count), strconv.Itoa(t.Important), f(t.Median),
			strconv.Itoa(b.Count), strconv.Itoa(b.Important), f(b.Median)})
	}
	return headers, rows
}

// MostImportant returns the operation with the most important edges in
// the top cells and in the bottom cells.
func (s *NB201Study) MostImportant() (top, bottom string) {
	best := func(sums []importance.OpSummary) string {
		k := 0
		for i, x := range sums {
			if x.Important > sums[k].Important {
				k = i
			}
		}
		return sums[k].Op
	}
	return best(s.TopOps), best(s.BottomOps)
}

// InBand returns the fraction of the top cells' edges and of the bottom
// cells' edges whose OI lies inside the band |OI| < Threshold, where
// changing the edge makes practically no difference.
func (s *NB201Study) InBand() (top, bottom float64) {
	return importance.BandShare(s.TopOps, s.Threshold), importance.BandShare(s.BottomOps, s.Threshold)
}
