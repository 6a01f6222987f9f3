package darts

import "context"

// Predictor predicts the validation error (a fraction: 1 − validation
// accuracy/100) of genotypes, in batches. It is the one interface between
// the NB301 surrogates (package surrogate) and their consumers (operation
// importance, the removal experiment, the studies). Implementations are
// safe for concurrent use; a predictor used for the removal experiment
// must accept genotypes with `none` edges.
type Predictor interface {
	// PredictErrors writes the predicted validation error of gs[i] to
	// dst[i]; len(dst) must equal len(gs).
	PredictErrors(ctx context.Context, gs []Genotype, dst []float64) error
}
