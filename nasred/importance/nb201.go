package importance

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// NB201 computes the operation importance of every architecture of an NB201
// table on data set d, in the table's row order. Every one-edge neighbour
// must be in the table, so the table must be complete.
//
// It gives bit for bit what Compute gives with nb201.Space and
// nb201bench.NB201Scorer (the same differences summed in the same order), but
// reads neighbours straight from a dense array indexed by cell code, which
// makes the whole space take about a millisecond.
func NB201(ctx context.Context, t *nb201bench.NB201, d nb201bench.Dataset, opt Options) ([]Result, error) {
	errs, err := t.ErrorsByCode(d)
	if err != nil {
		return nil, err
	}
	rows := t.Rows()
	results := make([]Result, len(rows))
	oi := make([]float64, len(rows)*nb201.NumEdges)
	const chunk = 4096
	for lo := 0; lo < len(rows); lo += chunk {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("importance: %w", err)
		}
		hi := min(lo+chunk, len(rows))
		for i := lo; i < hi; i++ {
			c := rows[i].Cell
			r := &results[i]
			r.Err = errs[c.Code()]
			r.OI = oi[i*nb201.NumEdges : (i+1)*nb201.NumEdges : (i+1)*nb201.NumEdges]
			if err := nb201OI(errs, c, c.Code(), (*[nb201.NumEdges]float64)(r.OI), d); err != nil {
				return nil, err
			}
		}
		if opt.Progress != nil {
			opt.Progress(hi, len(rows))
		}
	}
	return results, nil
}

// nb201Strides[e] is how much the cell code changes per operation step on
// edge e.
var nb201Strides = [nb201.NumEdges]int{3125, 625, 125, 25, 5, 1}

// nb201OI sets oi to the operation importance of cell c, whose code is
// code, reading the errors of c and its neighbours from errs (by cell
// code). The differences are summed in operation order, so every caller
// gets the same bits. A neighbour without an error (NaN) on d is an error.
func nb201OI(errs []float64, c nb201.Cell, code int, oi *[nb201.NumEdges]float64, d nb201bench.Dataset) error {
	base := errs[code]
	for e := range nb201.NumEdges {
		cur := int(c[e])
		var sum float64
		for o := range nb201.NumOps {
			if o == cur {
				continue
			}
			n := code + (o-cur)*nb201Strides[e]
			ne := errs[n]
			if math.IsNaN(ne) {
				nc, _ := nb201.FromCode(n)
				return fmt.Errorf("importance: neighbour %s of %s (edge %d) has no %s accuracy in the table", nc, c, e, d)
			}
			sum += ne - base
		}
		oi[e] = sum / (nb201.NumOps - 1)
	}
	return nil
}

// WriteNB201CSV writes the importance table (see WriteCSV, archColumn
// "arch") of the rows at positions rows of e, in the order given,
// computing each cell's operation importance as it goes. It writes the
// same bytes as NB201 followed by WriteCSV of those rows, in a fraction of
// the time and memory: no results are kept, and rows are formatted in
// blocks on all cores. Every neighbour of the rows written must have an
// error on e.Dataset.
func WriteNB201CSV(ctx context.Context, w io.Writer, e *nb201bench.NB201Errors, rows []int) error {
	for _, p := range rows {
		if p < 0 || p >= e.Len() {
			return fmt.Errorf("write importance table: row %d out of range [0, %d)", p, e.Len())
		}
	}
	if len(e.ByCode) != nb201.NumCells {
		return fmt.Errorf("write importance table: %d errors by code, want %d", len(e.ByCode), nb201.NumCells)
	}
	if slices.ContainsFunc(e.ByCode, math.IsNaN) {
		// Find the first row with a missing neighbour before writing.
		var oi [nb201.NumEdges]float64
		for _, p := range rows {
			c, _ := nb201.FromCode(int(e.Code[p]))
			if err := nb201OI(e.ByCode, c, int(e.Code[p]), &oi, e.Dataset); err != nil {
				return err
			}
		}
	}
	if _, err := w.Write(csvHeader("arch", nb201.NumEdges)); err != nil {
		return err
	}
	return writeBlocks(ctx, w, len(rows), func(buf []byte, lo, hi int) []byte {
		var oi [nb201.NumEdges]float64
		for _, p := range rows[lo:hi] {
			code := int(e.Code[p])
			c, _ := nb201.FromCode(code)
			nb201OI(e.ByCode, c, code, &oi, e.Dataset) // no neighbour is missing (checked above)
			buf = strconv.AppendInt(buf, int64(e.Index[p]), 10)
			buf = append(buf, ',')
			buf = c.AppendString(buf)
			buf = append(buf, ',')
			buf = appendNumbers(buf, e.ByCode[code], oi[:])
		}
		return buf
	})
}
