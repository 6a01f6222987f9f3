package surrogate

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/xgb"
)

func TestCheckRangeByHand(t *testing.T) {
	// Labels span [0.05, 0.08]: 0.04 is below, 0.09 and 0.081 above, the
	// ends themselves are inside.
	r, err := CheckRange([]float64{0.05, 0.08, 0.06}, []float64{0.04, 0.05, 0.08, 0.09, 0.081})
	if err != nil {
		t.Fatal(err)
	}
	if r.LabelMin != 0.05 || r.LabelMax != 0.08 || r.N != 5 || r.Below != 1 || r.Above != 2 {
		t.Fatalf("%+v", r)
	}
	if r.FracBelow() != 0.2 || r.FracAbove() != 0.4 || r.FracOutside() != 0.6 {
		t.Errorf("fractions %v %v %v, want 0.2 0.4 0.6", r.FracBelow(), r.FracAbove(), r.FracOutside())
	}
	if r.Outside(0.08) || r.Outside(0.05) || !r.Outside(0.0499) {
		t.Error("Outside is not strict at the label range's ends")
	}
	if s := r.String(); !strings.Contains(s, "20.0% of 5 predictions below the label range [0.0500, 0.0800], 40.0% above") {
		t.Errorf("String: %q", s)
	}
	for _, tc := range []struct {
		labels, preds []float64
		want          string
	}{
		{nil, []float64{1}, "0 labels"},
		{[]float64{1}, nil, "0 predictions"},
		{[]float64{math.NaN()}, []float64{1}, "label 0 is NaN"},
		{[]float64{1}, []float64{1, math.Inf(1)}, "prediction 1 is +Inf"},
	} {
		if _, err := CheckRange(tc.labels, tc.preds); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckRange(%v, %v): error %v, want %q", tc.labels, tc.preds, err, tc.want)
		}
	}
}

// interactionTarget is a made-up error with an interaction: a separable
// convolution on normal edge 0 helps only when normal edge 1 is a skip.
func interactionTarget(g darts.Genotype) float64 {
	y := 0.06
	if g.Normal[0].Op == darts.SepConv3x3 && g.Normal[1].Op == darts.SkipConnect {
		y -= 0.01
	}
	return y
}

type constPredictor struct{}

func (constPredictor) PredictErrors(_ context.Context, gs []darts.Genotype, dst []float64) error {
	for i := range gs {
		dst[i] = 0.06
	}
	return nil
}

func TestCapacityAndLimits(t *testing.T) {
	ctx := context.Background()
	stumps, gs := smallModel(t, Slots, 1)
	c, ok := CapacityOf(stumps)
	if !ok || c.Trees != 200 || c.MaxDepth != 1 || c.Interactions {
		t.Errorf("stump model capacity %+v, %v", c, ok)
	}
	if !strings.Contains(c.String(), "depth 1, additive") {
		t.Errorf("Capacity.String: %q", c)
	}
	// A depth-3 model on a target with an interaction uses it.
	rng := rand.New(rand.NewPCG(2, 3))
	var ys []float64
	gs = gs[:0]
	for range 400 {
		g := randomGenotype(rng)
		gs = append(gs, g)
		ys = append(ys, interactionTarget(g))
	}
	p := stumps.Params
	p.MaxDepth, p.NumRounds = 3, 100
	deep, err := Train(ctx, gs, ys, TrainOptions{Encoding: Slots, Params: &p, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := CapacityOf(deep); c.MaxDepth < 2 || c.MaxDepth > 3 || !c.Interactions {
		t.Errorf("depth-3 model capacity %+v", c)
	}
	// An official-style ensemble of the two: trees add up, depth and
	// interactions are the members' largest.
	off := &Official{Ensemble: &xgb.Ensemble{Members: []*xgb.Model{{Forest: stumps.Forest()}, {Forest: deep.Forest()}}}}
	if c, ok := CapacityOf(off); !ok || c.Trees != 300 || c.MaxDepth != deep.Forest().MaxDepth() || !c.Interactions {
		t.Errorf("ensemble capacity %+v, %v", c, ok)
	}
	if _, ok := CapacityOf(constPredictor{}); ok {
		t.Error("capacity of an unknown predictor reported")
	}

	l := &Labels{Genotypes: gs, ValErrors: ys}
	samples := make([]darts.Genotype, 50)
	for i := range samples {
		samples[i] = randomGenotype(rng)
	}
	pred, err := PredictAll(ctx, deep, samples)
	if err != nil {
		t.Fatal(err)
	}
	lim, err := ModelLimits(ctx, deep, l, pred, 4, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := CrossValidate(ctx, gs, ys, CVOptions{Folds: 4, Train: deep.TrainOptions(0, "")})
	if lim.HeldOut == nil || *lim.HeldOut != want.Pooled || lim.Folds != 4 || !lim.CapacityKnown || !lim.Capacity.Interactions {
		t.Errorf("limits %+v, want held-out %+v", lim, want.Pooled)
	}
	if r, _ := CheckRange(ys, pred); lim.Range != r {
		t.Errorf("range %+v, want %+v", lim.Range, r)
	}
	if s := lim.String(); !strings.Contains(s, "held-out Kendall τ") || !strings.Contains(s, "with interactions") || !strings.Contains(s, "depth 3") {
		t.Errorf("Limits.String: %q", s)
	}
	pl, err := PredictorLimits(constPredictor{}, "constant", ys, []float64{0.06})
	if err != nil || pl.HeldOut != nil || pl.CapacityKnown || !strings.Contains(pl.String(), "held-out rank correlation unknown") || !strings.Contains(pl.String(), "structure unknown") {
		t.Errorf("PredictorLimits: %+v, %v (%s)", pl, err, pl)
	}
}
