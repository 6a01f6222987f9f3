package analysis

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/removal"
	"github.com/nasred/nasred/nasred/space/darts"
)

// NB301RemovalOptions parametrise NB301Removal.
type NB301RemovalOptions struct {
	// N is the number of top architectures pruned (default 40) and Seed
	// seeds their choice.
	N    int
	Seed uint64
	// MaxRemoved is the number of edges removed at most (default 8).
	MaxRemoved int
}

// NB301Removal runs the removal experiment (paper §3) on N seeded top
// architectures of study s, re-scoring the pruned genotypes with p (which
// must accept `none` edges, as nasred's own surrogate does).
func NB301Removal(ctx context.Context, s *NB301Study, p darts.Predictor, opt NB301RemovalOptions) (*removal.Result, []int, error) {
	if opt.N == 0 {
		opt.N = 40
	}
	if opt.N < 0 {
		return nil, nil, fmt.Errorf("removal: N = %d architectures, want > 0", opt.N)
	}
	pick := removal.Choose(len(s.Top), opt.N, opt.Seed)
	var gs []darts.Genotype
	var ois [][]float64
	var chosen []int
	for _, k := range pick {
		i := s.Top[k]
		chosen = append(chosen, i)
		gs = append(gs, s.Archs.Genotypes[i])
		ois = append(ois, s.Results[i].OI)
	}
	r, err := removal.Run(ctx, p, gs, ois, removal.Options{MaxRemoved: opt.MaxRemoved})
	return r, chosen, err
}
