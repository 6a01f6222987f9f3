package analysis

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/space/darts"
)

// MotifCells returns the motif graphs (paper §4) of cell c (0 normal,
// 1 reduce) of the architectures at positions sel, with their OI. The cell
// graph's ID is its position in sel and its name the genotype's compact
// form.
func (s *NB301Study) MotifCells(sel []int, c int) ([]motif.CellGraph, error) {
	if c != 0 && c != 1 {
		return nil, fmt.Errorf("motif cells: cell %d, want 0 (normal) or 1 (reduce)", c)
	}
	cells := make([]motif.CellGraph, 0, len(sel))
	for k, i := range sel {
		g := s.Archs.Genotypes[i]
		var inputs [8]int
		var ops [8]string
		for e := range darts.CellEdges {
			ed := g.Edge(c*darts.CellEdges + e)
			inputs[e], ops[e] = ed.Input, ed.Op.String()
		}
		cg, err := motif.DARTSCell(k, g.CompactString(), inputs, ops, s.Results[i].OI[c*darts.CellEdges:(c+1)*darts.CellEdges])
		if err != nil {
			return nil, err
		}
		cells = append(cells, cg)
	}
	return cells, nil
}

// NB301Motifs runs the motif analysis on the normal cells of the top
// architectures of s (the paper's headline run) with options opt (see
// motif.DefaultOptions).
func NB301Motifs(ctx context.Context, s *NB301Study, opt motif.Options) (*motif.Report, error) {
	cells, err := s.MotifCells(s.Top, 0)
	if err != nil {
		return nil, err
	}
	return motif.Run(ctx, cells, opt)
}
