package analysis

import (
	"context"
	"fmt"
	"os"
	"time"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/motif"
)

// NB201MotifOptions chooses the NB201 cells a motif analysis looks at.
type NB201MotifOptions struct {
	// Dataset whose accuracies rank the cells and give their OI.
	Dataset nb201bench.Dataset
	// Selection of cells (paper: Top, the best 5%).
	Selection importance.Selection
	// Select tunes the selection (fraction, sample sizes, seed).
	Select importance.SelectOptions
	// Importance tunes the OI computation (workers, progress).
	Importance importance.Options
}

// DefaultNB201MotifOptions returns the paper's choice: the top 5% of
// CIFAR-10.
func DefaultNB201MotifOptions() NB201MotifOptions {
	return NB201MotifOptions{Dataset: nb201bench.CIFAR10, Selection: importance.Top}
}

// NB201MotifCells computes the OI of every cell of a complete NB201 table on the
// chosen data set, selects cells by their error, and returns their cell
// graphs in the order of the selection (ascending table position). Each
// graph's ID is the cell's benchmark index and its Name the cell string.
func NB201MotifCells(ctx context.Context, t *nb201bench.NB201, o NB201MotifOptions) ([]motif.CellGraph, error) {
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
	cells := make([]motif.CellGraph, len(sel))
	for k, i := range sel {
		if cells[k], err = motif.NB201Cell(rows[i].Index, rows[i].Cell, res[i].OI); err != nil {
			return nil, fmt.Errorf("nb201 %s: %w", o.Dataset, err)
		}
	}
	return cells, nil
}

// NB201Motifs runs the motif analysis (the paper's Section 4) on the NB201
// cells chosen by o: NB201MotifCells then motif.Run.
func NB201Motifs(ctx context.Context, t *nb201bench.NB201, o NB201MotifOptions, opt motif.Options) (*motif.Report, error) {
	cells, err := NB201MotifCells(ctx, t, o)
	if err != nil {
		return nil, err
	}
	r, err := motif.Run(ctx, cells, opt)
	if err != nil {
		return nil, fmt.Errorf("nb201 %s %s cells: %w", o.Dataset, o.Selection, err)
	}
	return r, nil
}

// NB201MotifsFileOptions are the settings of "nasred motifs nb201".
type NB201MotifsFileOptions struct {
	// DataDir is the benchmark data folder (--data; "" = resolve).
	DataDir string
	// Cells chooses the cells; Motif tunes the analysis (validated first).
	Cells NB201MotifOptions
	Motif motif.Options
	// Mode is ModeCorrected (default) or ModeOriginal (MotifModeOptions,
	// applied to Motif once the cells are chosen).
	Mode string
	// Out is the output folder (created when missing), see SaveMotifs.
	Out string
}

// NB201MotifsFileResult is the outcome of NB201MotifsFile.
type NB201MotifsFileResult struct {
	Report *motif.Report
	// Source is the NB201 file read; Seconds the time of the analysis and
	// of writing its files.
	Source  string
	Seconds float64
}

// NB201MotifsFile runs "nasred motifs nb201": it reads the NB201 table of
// o.DataDir, runs NB201Motifs and writes the report with SaveMotifs.
func NB201MotifsFile(ctx context.Context, o NB201MotifsFileOptions) (*NB201MotifsFileResult, error) {
	if o.Out == "" {
		return nil, fmt.Errorf("--out DIR is required")
	}
	if err := o.Motif.Validate(); err != nil {
		return nil, err
	}
	table, path, err := LoadNB201(o.DataDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	start := time.Now()
	cells, err := NB201MotifCells(ctx, table, o.Cells)
	if err != nil {
		return nil, err
	}
	opt, err := MotifModeOptions(o.Mode, o.Motif, len(cells), false)
	if err != nil {
		return nil, err
	}
	r, err := motif.Run(ctx, cells, opt)
	if err != nil {
		return nil, fmt.Errorf("nb201 %s %s cells: %w", o.Cells.Dataset, o.Cells.Selection, err)
	}
	if err := SaveMotifs(r, o.Out); err != nil {
		return nil, err
	}
	return &NB201MotifsFileResult{Report: r, Source: path, Seconds: time.Since(start).Seconds()}, nil
}
