package analysis

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
)

// RankBy chooses the errors that rank NB301 architectures for the top,
// bottom and middle sets.
type RankBy int

const (
	// RankByAuto ranks by the architecture file's own labels when it has
	// them (official zip, NASLib labelled JSON), else by the surrogate.
	RankByAuto RankBy = iota
	// RankByLabels ranks by recorded labels: NB301Options.RankLabels
	// matched to the architectures by genotype, else the file's own
	// labels. Unlabelled architectures are never selected
	// (importance.SelectLabelled). This is what the reference code did.
	RankByLabels
	// RankBySurrogate ranks by the surrogate's predictions, the same model
	// whose predictions the OI then explains (circular; nasred's former
	// default for unlabelled files).
	RankBySurrogate
)

var rankByNames = []string{"auto", "labels", "surrogate"}

// String returns the flag name of r.
func (r RankBy) String() string {
	if r < 0 || int(r) >= len(rankByNames) {
		return fmt.Sprintf("RankBy(%d)", int(r))
	}
	return rankByNames[r]
}

// ParseRankBy parses a --ranking flag value: auto, labels or surrogate.
func ParseRankBy(s string) (RankBy, error) {
	for i, n := range rankByNames {
		if s == n {
			return RankBy(i), nil
		}
	}
	return 0, fmt.Errorf("unknown ranking %q (want auto, labels or surrogate)", s)
}

// rankStudy fills s.Ranking, s.RankName and s.RankErrors and selects
// s.Top and s.Bottom. Predicted base errors are only computed when the
// surrogate ranks.
func rankStudy(ctx context.Context, s *NB301Study, p darts.Predictor, opt NB301Options) error {
	a := s.Archs
	by := opt.RankBy
	if by == RankByAuto {
		by = RankBySurrogate
		if a.ValErrors != nil || opt.RankLabels != nil {
			by = RankByLabels
		}
	}
	switch by {
	case RankBySurrogate:
		s.Ranking, s.RankName = RankSurrogate, "surrogate"
		s.RankErrors = make([]float64, len(a.Genotypes))
		if err := p.PredictErrors(ctx, a.Genotypes, s.RankErrors); err != nil {
			return fmt.Errorf("rank %s by the surrogate: %w", a.Path, err)
		}
	case RankByLabels:
		switch {
		case opt.RankLabels != nil:
			errs, matched := opt.RankLabels.ErrorsFor(a.Genotypes)
			if matched == 0 {
				return fmt.Errorf("rank %s by the labels of %s: no genotype of the file has a label", a.Path, opt.RankLabels.Source)
			}
			s.Ranking = fmt.Sprintf("recorded labels of %s (%d of %d genotypes labelled)", opt.RankLabels.Source, matched, len(a.Genotypes))
			s.RankErrors = errs
		case a.ValErrors != nil && a.Format == FormatZip:
			s.Ranking, s.RankErrors = RankOfficial, a.ValErrors
		case a.ValErrors != nil:
			s.Ranking, s.RankErrors = RankLabelled, a.ValErrors
		default:
			return fmt.Errorf("rank %s by labels: the file has no labels and no label file was given (--rank-labels)", a.Path)
		}
		s.RankName = "labels"
	default:
		return fmt.Errorf("nb301 study: unknown ranking %v", by)
	}
	var err error
	if s.Top, s.Labelled, err = importance.SelectLabelled(s.RankErrors, importance.Top, opt.Select); err != nil {
		return err
	}
	s.Bottom, _, err = importance.SelectLabelled(s.RankErrors, importance.Bottom, opt.Select)
	return err
}

// SurrogateLimits reports the limits of predictor p for an analysis whose
// predictions are predicted: the range check against the errors p was
// trained on (trainLabels; skipped when nil), p's capacity, and, when m is
// nasred's own model and folds > 1, its held-out rank correlation by
// folds-fold cross-validation of m's settings on l (seed 0).
func SurrogateLimits(ctx context.Context, p darts.Predictor, desc string, l *surrogate.Labels, predicted []float64, folds int) (*surrogate.Limits, error) {
	m, own := p.(*surrogate.Model)
	if own && l != nil && folds > 1 {
		lim, err := surrogate.ModelLimits(ctx, m, l, predicted, folds, 0, "")
		if err != nil {
			return nil, err
		}
		lim.Surrogate = desc
		return lim, nil
	}
	var labels []float64
	if l != nil {
		labels = l.ValErrors
	}
	if len(labels) == 0 {
		c, ok := surrogate.CapacityOf(p)
		return &surrogate.Limits{Surrogate: desc, Capacity: c, CapacityKnown: ok}, nil
	}
	return surrogate.PredictorLimits(p, desc, labels, predicted)
}
