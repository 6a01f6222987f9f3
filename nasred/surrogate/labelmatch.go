package surrogate

import (
	"math"

	"github.com/nasred/nasred/nasred/space/darts"
)

// ErrorsFor returns the recorded error of each of gs in l, matched by
// darts.Genotype.CanonicalKey (so computationally equivalent genotypes
// match), NaN for a genotype l does not hold; and how many matched. A
// genotype that l holds more than once (under equivalent forms) gets the
// mean of its labels. The result feeds importance.SelectLabelled.
func (l *Labels) ErrorsFor(gs []darts.Genotype) (errs []float64, matched int) {
	type acc struct {
		sum float64
		n   int
	}
	byKey := make(map[string]acc, len(l.Genotypes))
	for i, g := range l.Genotypes {
		k := g.CanonicalKey()
		a := byKey[k]
		a.sum += l.ValErrors[i]
		a.n++
		byKey[k] = a
	}
	errs = make([]float64, len(gs))
	for i, g := range gs {
		a, ok := byKey[g.CanonicalKey()]
		if !ok {
			errs[i] = math.NaN()
			continue
		}
		errs[i] = a.sum / float64(a.n)
		matched++
	}
	return errs, matched
}
