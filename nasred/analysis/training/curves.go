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
	if len(names) != len(results) {
		return nil, nil, fmt.Errorf("curves: %d names for %d results: expected the same positive number", len(names), len(results))
	}
	runs := make([][]*train.Result, len(results))
	for i, r := range results {
		runs[i] = []*train.Result{r}
	}
	return SeedCurveFigures(names, runs)
}

// SeedCurveFigures draws the training curves of several configurations,
// each trained with one or more seeds: the mean training loss and the mean
// validation accuracy (test accuracy without a validation set) over the
// seeds against the optimizer step, with a band of ± one sample standard
// deviation when there are two seeds or more. The runs of a configuration
// must have their metrics rows at the same steps.
func SeedCurveFigures(names []string, runs [][]*train.Result) (loss, accuracy *plot.Figure, err error) {
	if len(names) != len(runs) || len(names) == 0 {
		return nil, nil, fmt.Errorf("curves: %d names for %d configurations: expected the same positive number", len(names), len(runs))
	}
	var ls, as []plot.XYSeries
	for i, rs := range runs {
		l, a, err := seedCurves(names[i], rs)
		if err != nil {
			return nil, nil, err
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

// seedCurves returns the mean (± sd with several runs) loss and held-out
// accuracy curves of the runs of one configuration.
func seedCurves(name string, rs []*train.Result) (loss, acc plot.XYSeries, err error) {
	loss, acc = plot.XYSeries{Name: name}, plot.XYSeries{Name: name}
	if len(rs) == 0 {
		return loss, acc, fmt.Errorf("curves: %q has no runs", name)
	}
	for k, r := range rs {
		if r == nil || len(r.Rows) == 0 {
			return loss, acc, fmt.Errorf("curves: run %d of %q has no metrics rows", k+1, name)
		}
		if len(r.Rows) != len(rs[0].Rows) {
			return loss, acc, fmt.Errorf("curves: runs of %q have %d and %d metrics rows: expected the same steps", name, len(rs[0].Rows), len(r.Rows))
		}
	}
	ls, as := make([]float64, len(rs)), make([]float64, 0, len(rs))
	for j, row := range rs[0].Rows {
		as = as[:0]
		for k, r := range rs {
			if r.Rows[j].Step != row.Step {
				return loss, acc, fmt.Errorf("curves: runs 1 and %d of %q have row %d at steps %d and %d: expected the same steps", k+1, name, j+1, row.Step, r.Rows[j].Step)
			}
			ls[k] = r.Rows[j].TrainLoss
			a := r.Rows[j].ValAccuracy
			if math.IsNaN(a) {
				a = r.Rows[j].TestAccuracy
			}
			if !math.IsNaN(a) {
				as = append(as, a)
			}
		}
		x := float64(row.Step)
		m, sd := meanSD(ls)
		loss.X, loss.Y, loss.Err = append(loss.X, x), append(loss.Y, m), append(loss.Err, sd)
		if len(as) == len(rs) {
			m, sd := meanSD(as)
			acc.X, acc.Y, acc.Err = append(acc.X, x), append(acc.Y, m), append(acc.Err, sd)
		}
	}
	if len(rs) == 1 { // one run: no spread to draw
		loss.Err, acc.Err = nil, nil
	}
	return loss, acc, nil
}
