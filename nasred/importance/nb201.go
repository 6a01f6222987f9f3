package importance

import (
	"context"

	"github.com/nasred/nasred/nasred/bench"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// NB201 computes the operation importance of every architecture of an NB201
// table on data set d, in the table's row order. Every one-edge neighbour
// must be in the table, so the table must be complete.
func NB201(ctx context.Context, t *bench.NB201, d bench.Dataset, opt Options) ([]Result, error) {
	rows := t.Rows()
	cells := make([]nb201.Cell, len(rows))
	for i, r := range rows {
		cells[i] = r.Cell
	}
	return Compute(ctx, nb201.Space{}, bench.NB201Scorer{Table: t, Dataset: d}, cells, opt)
}
