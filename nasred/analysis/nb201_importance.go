package analysis

import (
	"context"
	"fmt"
	"io"
	"slices"
	"unsafe"

	"github.com/nasred/nasred/nasred/atomicfile"
	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
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
	t, _, err := LoadNB201(o.DataDir)
	if err != nil {
		return 0, err
	}
	if !t.Complete() {
		return 0, fmt.Errorf("the NB201 table holds %d of the 15625 cells: operation importance needs every neighbour", t.Len())
	}
	res, err := importance.NB201(ctx, t, o.Dataset, importance.Options{})
	if err != nil {
		return 0, err
	}
	errs := make([]float64, len(res))
	for i, r := range res {
		errs[i] = r.Err
	}
	picked, err := importance.Select(errs, o.Select, o.SelectOptions)
	if err != nil {
		return 0, err
	}
	tableRows := t.Rows()
	rows := make([]importance.Row, len(picked))
	arena := make([]byte, 0, 100*len(picked)) // all architecture strings, one allocation
	for k, i := range picked {
		start := len(arena)
		arena = tableRows[i].Cell.AppendString(arena)
		rows[k] = importance.Row{Index: tableRows[i].Index, Result: res[i]}
		rows[k].Arch = unsafe.String(&arena[start], len(arena)-start) // arena is never written again
	}
	slices.SortFunc(rows, func(a, b importance.Row) int { return a.Index - b.Index })
	if err := atomicfile.Write(o.Out, func(w io.Writer) error { return importance.WriteCSV(w, "arch", rows) }); err != nil {
		return 0, err
	}
	return len(rows), nil
}
