package importance

import (
	"fmt"
	"math"
	"slices"
)

// SelectLabelled is Select restricted to the architectures that have a
// recorded label: labels[i] is the recorded error of architecture i (a
// training result, not a surrogate's prediction), NaN when it has none.
// The top, bottom and middle sets are fractions of the labelled
// architectures, ranked by their labels; unlabelled ones are never
// selected. This avoids ranking by the surrogate whose predictions the
// importance then explains (the reference code ranked NB301 genotypes by
// their recorded validation accuracy). It returns the positions
// (ascending, into labels) and the number of labelled architectures.
func SelectLabelled(labels []float64, sel Selection, opt SelectOptions) (picked []int, labelled int, err error) {
	var pos []int
	var errs []float64
	for i, e := range labels {
		switch {
		case math.IsNaN(e):
			continue
		case math.IsInf(e, 0):
			return nil, 0, fmt.Errorf("select labelled: architecture %d has label %v, want a finite error or NaN (no label)", i, e)
		}
		pos = append(pos, i)
		errs = append(errs, e)
	}
	if len(pos) == 0 {
		return nil, 0, fmt.Errorf("select labelled: none of %d architectures has a label", len(labels))
	}
	sub, err := Select(errs, sel, opt)
	if err != nil {
		return nil, len(pos), fmt.Errorf("select labelled: %w", err)
	}
	picked = make([]int, len(sub))
	for k, j := range sub {
		picked[k] = pos[j]
	}
	slices.Sort(picked)
	return picked, len(pos), nil
}
