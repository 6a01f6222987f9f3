package training

import (
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/train"
)

// CurveFigures draws the training curves of several runs: the training
// loss and the validation accuracy (test accuracy when a run has no
// validation set) against the optimizer step, one line per run, named by
// names.
func CurveFigures(names []string, results []*train.Result) (loss, accuracy *plot.Figure, err error) {
	if len(names) != len(results) || len(names) == 0 {
		return nil, nil, fmt.Errorf("curves: %d names for %d results: expected the same positive number", len(names), len(results))
	}
	var ls, as []plot.XYSeries
	for i, r := range results {
		if r == nil || len(r.Rows) == 0 {
			return nil, nil, fmt.Errorf("curves: run %q has no metrics rows", names[i])
		}
		l := plot.XYSeries{Name: names[i]}
		a := plot.XYSeries{Name: names[i]}
		for _, row := range r.Rows {
			l.X = append(l.X, float64(row.Step))
			l.Y = append(l.Y, row.TrainLoss)
			acc := row.ValAccuracy
			if math.IsNaN(acc) {
				acc = row.TestAccuracy
			}
			if !math.IsNaN(acc) {
				a.X = append(a.X, float64(row.Step))
				a.Y = append(a.Y, acc)
			}
		}
		ls = append(ls, l)
		if len(a.X) > 0 {
			as = append(as, a)
		}
	}
	if loss, err = plot.Lines("training loss", "step", "cross-entropy", ls, plot.LineOptions{Markers: true}); err != nil {
		return nil, nil, err
	}
	if len(as) == 0 {
		return loss, nil, nil
	}
	if accuracy, err = plot.Lines("held-out accuracy", "step", "accuracy", as, plot.LineOptions{Markers: true, YLim: [2]float64{0, 1}}); err != nil {
		return nil, nil, err
	}
	return loss, accuracy, nil
}
