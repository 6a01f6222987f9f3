package nb201

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/space/nb201"
)

// NB201Scorer scores NB201 cells by table lookup of their test error on
// one data set (it satisfies importance.Scorer[nb201.Cell]). It is safe for
// concurrent use.
type NB201Scorer struct {
	Table   *NB201
	Dataset Dataset
}

// Errors fills dst[i] with the test error of cells[i]. A cell that is not
// in the table is an error naming it.
func (s NB201Scorer) Errors(ctx context.Context, cells []nb201.Cell, dst []float64) error {
	if len(dst) != len(cells) {
		return fmt.Errorf("nb201 scorer: %d cells but %d results", len(cells), len(dst))
	}
	for i, c := range cells {
		e, ok := s.Table.Error(s.Dataset, c)
		if !ok {
			return fmt.Errorf("nb201 scorer: cell %s has no %s accuracy in the table", c, s.Dataset)
		}
		dst[i] = e
	}
	return ctx.Err()
}
