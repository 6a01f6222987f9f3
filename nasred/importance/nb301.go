package importance

import (
	"context"

	"github.com/nasred/nasred/nasred/space/darts"
)

// PredictorScorer adapts a darts.Predictor to Scorer[darts.Genotype].
type PredictorScorer struct {
	Predictor darts.Predictor
}

// Errors implements Scorer.
func (s PredictorScorer) Errors(ctx context.Context, gs []darts.Genotype, dst []float64) error {
	return s.Predictor.PredictErrors(ctx, gs, dst)
}

// NB301 computes the operation importance of all 16 edges of every
// genotype in gs with err(·) from predictor p (paper §3: the 6 other
// operations of an edge and its rewirings; 120 neighbours per genotype).
// Result i belongs to gs[i]; its Err is p's prediction for gs[i] and OI[e]
// is edge e's importance (0-7 normal cell, 8-15 reduction cell). Genotypes
// are scored in batches of opt.BatchSize (default 256 genotypes, i.e.
// about 31,000 predictions per call) on opt.Workers goroutines.
func NB301(ctx context.Context, p darts.Predictor, gs []darts.Genotype, opt Options) ([]Result, error) {
	return Compute(ctx, darts.Space{}, PredictorScorer{Predictor: p}, gs, opt)
}
