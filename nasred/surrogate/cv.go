package surrogate

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/metrics"
)

// CVOptions configure CrossValidate.
type CVOptions struct {
	// Folds is k of k-fold cross-validation (default 5).
	Folds int
	// Train configures the model trained on each fold (its Seed is also
	// the seed of the fold assignment).
	Train TrainOptions
	// Progress, if not nil, is called after each fold.
	Progress func(fold, folds int)
}

// Scores are agreement statistics between predicted and true errors.
type Scores struct {
	KendallTau float64 `json:"kendall_tau"`
	Spearman   float64 `json:"spearman"`
	R2         float64 `json:"r2"`
}

// CVResult is the outcome of k-fold cross-validation.
type CVResult struct {
	// Pooled scores the out-of-fold predictions of all genotypes together
	// (each genotype predicted once, by the model not trained on it).
	Pooled Scores
	// PerFold scores each held-out fold separately.
	PerFold []Scores
	// Predicted holds the out-of-fold prediction of every genotype.
	Predicted []float64
	N, Folds  int
}

// Score computes Kendall τ-b, Spearman ρ and R² of pred against truth.
func Score(truth, pred []float64) (Scores, error) {
	var s Scores
	var err error
	if s.KendallTau, err = metrics.KendallTau(truth, pred); err != nil {
		return s, err
	}
	if s.Spearman, err = metrics.Spearman(truth, pred); err != nil {
		return s, err
	}
	s.R2, err = metrics.R2(truth, pred)
	return s, err
}

// CrossValidate runs k-fold cross-validation of Train on (gs, errs): the
// genotypes are shuffled with the seed and dealt into k folds; each fold
// is predicted by a model trained on the other k−1.
func CrossValidate(ctx context.Context, gs []darts.Genotype, errs []float64, opts CVOptions) (*CVResult, error) {
	k := opts.Folds
	if k == 0 {
		k = 5
	}
	n := len(gs)
	if len(errs) != n {
		return nil, fmt.Errorf("cross-validate: %d genotypes but %d labels", n, len(errs))
	}
	if k < 2 || k > n/2 {
		return nil, fmt.Errorf("cross-validate: %d folds impossible for %d genotypes (need 2 <= folds <= n/2)", k, n)
	}
	perm := rand.New(rand.NewPCG(opts.Train.Seed, 0x5eed)).Perm(n)
	res := &CVResult{Predicted: make([]float64, n), N: n, Folds: k}
	for f := 0; f < k; f++ {
		var trG, teG []darts.Genotype
		var trY, teY []float64
		var teIdx []int
		for pos, i := range perm {
			if pos%k == f {
				teG, teY, teIdx = append(teG, gs[i]), append(teY, errs[i]), append(teIdx, i)
			} else {
				trG, trY = append(trG, gs[i]), append(trY, errs[i])
			}
		}
		m, err := Train(ctx, trG, trY, opts.Train)
		if err != nil {
			return nil, fmt.Errorf("cross-validate fold %d: %w", f, err)
		}
		pred := make([]float64, len(teG))
		if err := m.PredictErrors(ctx, teG, pred); err != nil {
			return nil, fmt.Errorf("cross-validate fold %d: %w", f, err)
		}
		for j, i := range teIdx {
			res.Predicted[i] = pred[j]
		}
		s, err := Score(teY, pred)
		if err != nil {
			return nil, fmt.Errorf("cross-validate fold %d: %w", f, err)
		}
		res.PerFold = append(res.PerFold, s)
		if opts.Progress != nil {
			opts.Progress(f+1, k)
		}
	}
	var err error
	if res.Pooled, err = Score(errs, res.Predicted); err != nil {
		return nil, fmt.Errorf("cross-validate: %w", err)
	}
	return res, nil
}
