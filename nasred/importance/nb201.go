package importance

import (
	"context"
	"fmt"
	"math"

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
	// stride[e] is how much the cell code changes per operation step on e.
	var stride [nb201.NumEdges]int
	s := 1
	for e := nb201.NumEdges - 1; e >= 0; e-- {
		stride[e] = s
		s *= nb201.NumOps
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
			code := c.Code()
			base := errs[code]
			r := &results[i]
			r.Err = base
			r.OI = oi[i*nb201.NumEdges : (i+1)*nb201.NumEdges : (i+1)*nb201.NumEdges]
			for e := range nb201.NumEdges {
				cur := int(c[e])
				var sum float64
				for o := range nb201.NumOps {
					if o == cur {
						continue
					}
					n := code + (o-cur)*stride[e]
					ne := errs[n]
					if math.IsNaN(ne) {
						nc, _ := nb201.FromCode(n)
						return nil, fmt.Errorf("importance: neighbour %s of %s (edge %d) has no %s accuracy in the table", nc, c, e, d)
					}
					sum += ne - base
				}
				r.OI[e] = sum / (nb201.NumOps - 1)
			}
		}
		if opt.Progress != nil {
			opt.Progress(hi, len(rows))
		}
	}
	return results, nil
}
