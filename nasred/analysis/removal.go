package analysis

import (
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
