package surrogate

import (
	"math"
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
)

func TestLabelsErrorsFor(t *testing.T) {
	v2 := darts.DARTSV2
	// The same cell with the two edges into node 2 swapped: equivalent.
	swapped := v2.WithEdge(0, v2.Edge(1)).WithEdge(1, v2.Edge(0))
	other := v2.WithEdge(3, darts.Edge{Op: darts.MaxPool3x3, Input: 1})
	unknown := v2.WithEdge(12, darts.Edge{Op: darts.SepConv5x5, Input: 0})
	if swapped == v2 || swapped.CanonicalKey() != v2.CanonicalKey() || other.CanonicalKey() == v2.CanonicalKey() || unknown.CanonicalKey() == v2.CanonicalKey() {
		t.Fatal("test genotypes are not what the test needs")
	}
	l := &Labels{Genotypes: []darts.Genotype{v2, other, swapped}, ValErrors: []float64{0.02, 0.05, 0.04}}
	errs, matched := l.ErrorsFor([]darts.Genotype{swapped, unknown, other})
	// v2 is held twice (as v2 and swapped): mean (0.02 + 0.04) / 2.
	if matched != 2 || math.Abs(errs[0]-0.03) > 1e-15 || !math.IsNaN(errs[1]) || errs[2] != 0.05 {
		t.Errorf("ErrorsFor = %v, %d matched; want [0.03 NaN 0.05], 2", errs, matched)
	}
}
