package analysis

import (
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/removal"
)

// RemovalFigure draws the mean accuracy change (percentage points) against
// the number of edges removed for both orders of r, with mean ± sd bands
// and a dashed line at zero.
func RemovalFigure(r *removal.Result, title string) (*plot.Figure, error) {
	var series []plot.XYSeries
	for _, o := range removal.Orders() {
		s := plot.XYSeries{Name: o.String()}
		s.Y, s.Err = r.Curve(o)
		for k := range s.Y {
			s.X = append(s.X, float64(k))
		}
		series = append(series, s)
	}
	return plot.Lines(title, "edges removed (set to none)", "accuracy change (percentage points)", series,
		plot.LineOptions{Markers: true, HLines: []float64{0}})
}

// RemovalOriginalFigure draws r the reference code's way: per order the
// median accuracy change with its 30th to 70th percentile band, and a
// star where the one-sample Wilcoxon test against 0 (alternative 'less')
// gives p < 0.01 (removal.OriginalSteps). The reference code's own figure
// passed the percentile values as error-bar lengths; this one draws the
// band itself.
func RemovalOriginalFigure(r *removal.Result, title string) (*plot.Figure, error) {
	var series []plot.XYSeries
	for _, o := range removal.Orders() {
		s := plot.XYSeries{Name: o.String() + " (median, 30–70th pct, * p<0.01)", X: []float64{0}, Y: []float64{0}, Lo: []float64{0}, Hi: []float64{0}, Marked: []bool{false}}
		for _, st := range r.OriginalSteps(o) {
			if math.IsNaN(st.Median) {
				return nil, fmt.Errorf("removal figure: %s, %d edges removed: no finite change", o, st.K)
			}
			s.X = append(s.X, float64(st.K))
			s.Y, s.Lo, s.Hi = append(s.Y, st.Median), append(s.Lo, st.P30), append(s.Hi, st.P70)
			s.Marked = append(s.Marked, st.Marked)
		}
		series = append(series, s)
	}
	return plot.Lines(title, "edges removed (set to none)", "accuracy change (percentage points)", series,
		plot.LineOptions{Markers: true, HLines: []float64{0}})
}

// RemovalGrid puts RemovalFigure (nasred's statistics: mean ± sd, paired
// tests between the orders) and RemovalOriginalFigure (the reference
// code's: medians, percentiles, one-sample tests) side by side; caption
// is appended to both titles.
func RemovalGrid(r *removal.Result, caption string) (*plot.Grid, error) {
	a, err := RemovalFigure(r, "corrected: mean ± sd, orders compared pairwise\n("+caption+")")
	if err != nil {
		return nil, err
	}
	b, err := RemovalOriginalFigure(r, "original: median, 30–70th percentile, one-sample Wilcoxon 'less'\n("+caption+")")
	if err != nil {
		return nil, err
	}
	return plot.NewGrid(fmt.Sprintf("Removing edges from %d top NB301 architectures", len(r.Trials)), [][]*plot.Figure{{a, b}})
}

// OriginalStepsTable lists removal.OriginalSteps of both orders: k, n,
// median, 30th and 70th percentile, the one-sample Wilcoxon statistic and
// p-value (alternative 'less') and the p < 0.01 mark.
func OriginalStepsTable(r *removal.Result) (headers []string, rows [][]string) {
	headers = []string{"order", "k", "n", "median (pp)", "p30", "p70", "wilcoxon W+", "p (less)", "exact", "p < 0.01"}
	for _, o := range removal.Orders() {
		for _, st := range r.OriginalSteps(o) {
			w, p, ex := "–", "–", "–"
			if st.WilcoxonErr == nil {
				w, p, ex = fmt.Sprintf("%g", st.Wilcoxon.Statistic), fmt.Sprintf("%.3g", st.Wilcoxon.P), fmt.Sprint(st.Wilcoxon.Exact)
			}
			mark := ""
			if st.Marked {
				mark = "*"
			}
			rows = append(rows, []string{o.String(), fmt.Sprint(st.K), fmt.Sprint(st.N), fmt.Sprintf("%+.3f", st.Median),
				fmt.Sprintf("%+.3f", st.P30), fmt.Sprintf("%+.3f", st.P70), w, p, ex, mark})
		}
	}
	return headers, rows
}
