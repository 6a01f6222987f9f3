package surrogate

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/nasred/nasred/nasred/space/darts"
)

// Capacity describes what a tree surrogate can represent.
type Capacity struct {
	// Trees is the number of trees (over all members of an ensemble).
	Trees int
	// MaxDepth is the deepest root-to-leaf path, in splits (1: stumps).
	MaxDepth int
	// Interactions reports whether some tree splits on two different
	// features along one path. Without it the prediction is a sum of
	// one-feature functions: an additive model, which cannot say that an
	// edge's importance depends on the rest of the cell.
	Interactions bool
}

// String is a short description such as "2000 trees, depth 1, additive".
func (c Capacity) String() string {
	kind := "additive (no interactions)"
	if c.Interactions {
		kind = "with interactions"
	}
	return fmt.Sprintf("%d trees, depth %d, %s", c.Trees, c.MaxDepth, kind)
}

// CapacityOf returns the capacity of the tree surrogates nasred knows
// (*Model and *Official); ok is false for any other predictor.
func CapacityOf(p darts.Predictor) (c Capacity, ok bool) {
	switch m := p.(type) {
	case *Model:
		f := m.Forest()
		return Capacity{Trees: f.NumTrees(), MaxDepth: f.MaxDepth(), Interactions: f.Interactions()}, true
	case *Official:
		for _, mem := range m.Ensemble.Members {
			c.Trees += mem.NumTrees()
			c.MaxDepth = max(c.MaxDepth, mem.MaxDepth())
			c.Interactions = c.Interactions || mem.Interactions()
		}
		return c, true
	}
	return Capacity{}, false
}

// RangeCheck compares predictions with the range of the labels a
// surrogate was trained on: a prediction outside [LabelMin, LabelMax] is
// an extrapolation, which tree models cannot make reliably.
type RangeCheck struct {
	LabelMin, LabelMax float64
	// N predictions were checked; Below and Above fell outside the range.
	N, Below, Above int
}

// CheckRange returns the range of labels and counts the predictions
// outside it. Both must be non-empty and finite.
func CheckRange(labels, predictions []float64) (RangeCheck, error) {
	if len(labels) == 0 || len(predictions) == 0 {
		return RangeCheck{}, fmt.Errorf("check range: %d labels and %d predictions, want both > 0", len(labels), len(predictions))
	}
	r := RangeCheck{LabelMin: math.Inf(1), LabelMax: math.Inf(-1), N: len(predictions)}
	for i, v := range labels {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return RangeCheck{}, fmt.Errorf("check range: label %d is %v", i, v)
		}
		r.LabelMin, r.LabelMax = min(r.LabelMin, v), max(r.LabelMax, v)
	}
	for i, p := range predictions {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return RangeCheck{}, fmt.Errorf("check range: prediction %d is %v", i, p)
		}
		switch {
		case p < r.LabelMin:
			r.Below++
		case p > r.LabelMax:
			r.Above++
		}
	}
	return r, nil
}

// Outside reports whether prediction p lies outside the label range (to
// flag it in a table or figure).
func (r RangeCheck) Outside(p float64) bool { return p < r.LabelMin || p > r.LabelMax }

// FracBelow, FracAbove and FracOutside are the fractions of the N
// predictions below, above and outside the label range.
func (r RangeCheck) FracBelow() float64   { return frac(r.Below, r.N) }
func (r RangeCheck) FracAbove() float64   { return frac(r.Above, r.N) }
func (r RangeCheck) FracOutside() float64 { return frac(r.Below+r.Above, r.N) }

func frac(k, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// String is a short description such as "38.0% of 1000 predictions below
// the label range [0.0551, 0.0880], 0.0% above".
func (r RangeCheck) String() string {
	return fmt.Sprintf("%.1f%% of %d predictions below the label range [%.4f, %.4f], %.1f%% above",
		100*r.FracBelow(), r.N, r.LabelMin, r.LabelMax, 100*r.FracAbove())
}

// Limits is what an analysis that rests on a surrogate must report with
// its results: how well the surrogate ranks genotypes it was not trained
// on, how many of the analysed predictions extrapolate beyond its labels,
// and whether it can represent interactions at all.
type Limits struct {
	// Surrogate describes the predictor.
	Surrogate string
	// HeldOut scores the out-of-fold predictions of k-fold
	// cross-validation of the same model type and settings on the labels
	// (nil when it could not be run, for example for the official
	// ensemble, which cannot be retrained here); Folds is k.
	HeldOut *Scores
	Folds   int
	// Range compares the analysed predictions with the labels' range.
	Range RangeCheck
	// Capacity is the model's structure; CapacityKnown is false for a
	// predictor whose structure nasred cannot inspect.
	Capacity      Capacity
	CapacityKnown bool
}

// String is a one-line summary for a figure title or a table caption.
func (l Limits) String() string {
	var parts []string
	if l.Surrogate != "" {
		parts = append(parts, l.Surrogate)
	}
	if l.HeldOut != nil {
		parts = append(parts, fmt.Sprintf("held-out Kendall τ %.3f (%d-fold CV)", l.HeldOut.KendallTau, l.Folds))
	} else {
		parts = append(parts, "held-out rank correlation unknown")
	}
	parts = append(parts, l.Range.String())
	if l.CapacityKnown {
		parts = append(parts, l.Capacity.String())
	} else {
		parts = append(parts, "structure unknown")
	}
	return strings.Join(parts, "; ")
}

// TrainOptions returns the options that train a model like m (same
// encoding and boosting settings) with the given seed; dataDir is only
// read by the ConfigSpace encoding.
func (m *Model) TrainOptions(seed uint64, dataDir string) TrainOptions {
	p := m.Params
	return TrainOptions{Encoding: m.Encoding, Params: &p, Seed: seed, DataDir: dataDir}
}

// ModelLimits reports the limits of nasred model m, trained on labels l,
// for an analysis whose predictions are predicted: folds-fold
// cross-validation of m's settings on l (seeded), the range check of
// predicted against l's errors, and m's capacity.
func ModelLimits(ctx context.Context, m *Model, l *Labels, predicted []float64, folds int, seed uint64, dataDir string) (*Limits, error) {
	cv, err := CrossValidate(ctx, l.Genotypes, l.ValErrors, CVOptions{Folds: folds, Train: m.TrainOptions(seed, dataDir)})
	if err != nil {
		return nil, fmt.Errorf("surrogate limits: %w", err)
	}
	lim, err := PredictorLimits(m, describeModel(m), l.ValErrors, predicted)
	if err != nil {
		return nil, err
	}
	lim.HeldOut, lim.Folds = &cv.Pooled, cv.Folds
	return lim, nil
}

// PredictorLimits reports the limits that need no retraining: the range
// check of predicted against the label errors labels, and p's capacity
// when nasred can inspect it. HeldOut stays nil.
func PredictorLimits(p darts.Predictor, desc string, labels, predicted []float64) (*Limits, error) {
	r, err := CheckRange(labels, predicted)
	if err != nil {
		return nil, fmt.Errorf("surrogate limits: %w", err)
	}
	lim := &Limits{Surrogate: desc, Range: r}
	lim.Capacity, lim.CapacityKnown = CapacityOf(p)
	return lim, nil
}

func describeModel(m *Model) string {
	return fmt.Sprintf("nasred gbt (%s encoding, %d rounds, depth %d, lr %g)", m.Encoding, m.Params.NumRounds, m.Params.MaxDepth, m.Params.LearningRate)
}

// PredictAll predicts the errors of gs with p (a convenience for the
// range check).
func PredictAll(ctx context.Context, p darts.Predictor, gs []darts.Genotype) ([]float64, error) {
	out := make([]float64, len(gs))
	if err := p.PredictErrors(ctx, gs, out); err != nil {
		return nil, err
	}
	return out, nil
}
