package analysis

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/nasred/nasred/nasred/atomicfile"
	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/datadir"
	"github.com/nasred/nasred/nasred/importance"
)

// NB201ImportanceOptions are the settings of "nasred importance nb201";
// every flag is a field.
type NB201ImportanceOptions struct {
	// Dataset ranks the cells and gives their OI (--dataset).
	Dataset nb201bench.Dataset
	// DataDir is the benchmark data folder (--data; "" = resolve).
	DataDir string
	// Select picks the cells written (--select); SelectOptions its
	// parameters (--fraction, --middle-fraction, --n, --seed).
	Select        importance.Selection
	SelectOptions importance.SelectOptions
	// Out is the CSV file to write (--out): index,arch,err,oi0..oi5, one
	// row per selected cell, by index.
	Out string
}

// NB201ImportanceFile runs "nasred importance nb201": the OI of every cell
// of the NB201 table on o.Dataset, the selection o.Select, written to
// o.Out. It returns the number of rows written.
func NB201ImportanceFile(ctx context.Context, o NB201ImportanceOptions) (int, error) {
	dir, err := datadir.Resolve(o.DataDir)
	if err != nil {
		return 0, err
	}
	e, _, err := nb201bench.LoadNB201Errors(dir, o.Dataset)
	if err != nil {
		return 0, withHelp(err)
	}
	if !e.Complete() {
		return 0, fmt.Errorf("the NB201 table holds %d of the 15625 cells: operation importance needs every neighbour", e.Len())
	}
	errs := make([]float64, e.Len())
	for i, code := range e.Code {
		errs[i] = e.ByCode[code]
	}
	picked, err := importance.Select(errs, o.Select, o.SelectOptions)
	if err != nil {
		return 0, err
	}
	slices.SortFunc(picked, func(a, b int) int { return int(e.Index[a] - e.Index[b]) })
	if err := atomicfile.Write(o.Out, func(w io.Writer) error { return importance.WriteNB201CSV(ctx, w, e, picked) }); err != nil {
		return 0, err
	}
	return len(picked), nil
}
