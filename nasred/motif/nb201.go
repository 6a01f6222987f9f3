package motif

import (
	"context"
	"fmt"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
)

// NB201Options chooses the NB201 cells a motif analysis looks at.
type NB201Options struct {
	// Dataset whose accuracies rank the cells and give their OI.
	Dataset nb201bench.Dataset
	// Selection of cells (paper: Top, the best 5%).
	Selection importance.Selection
	// Select tunes the selection (fraction, sample sizes, seed).
	Select importance.SelectOptions
	// Importance tunes the OI computation (workers, progress).
	Importance importance.Options
}

// DefaultNB201Options returns the paper's choice: the top 5% of CIFAR-10.
func DefaultNB201Options() NB201Options {
	return NB201Options{Dataset: nb201bench.CIFAR10, Selection: importance.Top}
}

// NB201Cells computes the OI of every cell of a complete NB201 table on the
// chosen data set, selects cells by their error, and returns their cell
// graphs in the order of the selection (ascending table position). Each
// graph's ID is the cell's benchmark index and its Name the cell string.
func NB201Cells(ctx context.Context, t *nb201bench.NB201, o NB201Options) ([]CellGraph, error) {
	res, err := importance.NB201(ctx, t, o.Dataset, o.Importance)
	if err != nil {
		return nil, fmt.Errorf("nb201 %s: operation importance: %w", o.Dataset, err)
	}
	errs := make([]float64, len(res))
	for i, r := range res {
		errs[i] = r.Err
	}
	sel, err := importance.Select(errs, o.Selection, o.Select)
	if err != nil {
		return nil, fmt.Errorf("nb201 %s: %w", o.Dataset, err)
	}
	rows := t.Rows()
	cells := make([]CellGraph, len(sel))
	for k, i := range sel {
		if cells[k], err = NB201Cell(rows[i].Index, rows[i].Cell, res[i].OI); err != nil {
			return nil, fmt.Errorf("nb201 %s: %w", o.Dataset, err)
		}
	}
	return cells, nil
}

// NB201 runs the motif analysis on the NB201 cells chosen by o: NB201Cells
// then Run.
func NB201(ctx context.Context, t *nb201bench.NB201, o NB201Options, opt Options) (*Report, error) {
	cells, err := NB201Cells(ctx, t, o)
	if err != nil {
		return nil, err
	}
	r, err := Run(ctx, cells, opt)
	if err != nil {
		return nil, fmt.Errorf("nb201 %s %s cells: %w", o.Dataset, o.Selection, err)
	}
	return r, nil
}
