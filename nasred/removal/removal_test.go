package removal

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
)

// additive is a toy predictor: err = 0.05 + Σ_e w[e]·[edge e is none].
type additive struct{ w [darts.NumEdges]float64 }

func (a additive) PredictErrors(_ context.Context, gs []darts.Genotype, dst []float64) error {
	for i, g := range gs {
		dst[i] = 0.05
		for e := range darts.NumEdges {
			if g.Edge(e).Op == darts.None {
				dst[i] += a.w[e]
			}
		}
	}
	return nil
}

const dartsV2 = "[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (1, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]"

func TestRunByHand(t *testing.T) {
	g := darts.MustParse(dartsV2)
	var p additive
	oi := make([]float64, darts.NumEdges)
	for e := range oi {
		p.w[e] = 0.001 * float64(e)   // removing edge e costs e·0.1 pp
		oi[e] = float64((e * 7) % 16) // a permutation of 0..15
	}
	res, err := Run(context.Background(), p, []darts.Genotype{g}, [][]float64{oi}, Options{MaxRemoved: 3})
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Trials[0]
	// OI 0 at edge 0, 1 at edge 7 (49 % 16), 2 at edge 14 (98 % 16).
	if want := []int{0, 7, 14}; !slices.Equal(tr.Edges[LeastFirst][:3], want) {
		t.Errorf("least-first order %v, want %v...", tr.Edges[LeastFirst], want)
	}
	// OI 15 at edge 9 (63 % 16), 14 at edge 2, 13 at edge 11.
	if want := []int{9, 2, 11}; !slices.Equal(tr.Edges[MostFirst][:3], want) {
		t.Errorf("most-first order %v, want %v...", tr.Edges[MostFirst], want)
	}
	if tr.BaseErr != 0.05 {
		t.Errorf("base err %v", tr.BaseErr)
	}
	// Accuracy change after k removals = −100·Σ w of the removed edges.
	wantLeast := []float64{0, -0.7, -2.1}   // edges 0, 7, 14
	wantMost := []float64{-0.9, -1.1, -2.2} // edges 9, 2, 11
	for k := 1; k <= 3; k++ {
		if d := res.AccChange(LeastFirst, k)[0]; math.Abs(d-wantLeast[k-1]) > 1e-12 {
			t.Errorf("least k=%d: %v, want %v", k, d, wantLeast[k-1])
		}
		if d := res.AccChange(MostFirst, k)[0]; math.Abs(d-wantMost[k-1]) > 1e-12 {
			t.Errorf("most k=%d: %v, want %v", k, d, wantMost[k-1])
		}
	}
	// The pruned genotypes have exactly k none edges, inputs kept.
	for _, o := range Orders() {
		for k, pg := range tr.Pruned[o] {
			n := 0
			for e := range darts.NumEdges {
				if pg.Edge(e).Op == darts.None {
					n++
				}
				if pg.Edge(e).Input != g.Edge(e).Input {
					t.Fatalf("%v k=%d edge %d rewired", o, k+1, e)
				}
			}
			if n != k+1 {
				t.Errorf("%v: %d none edges after %d removals", o, n, k+1)
			}
		}
	}
	if d := res.AccChange(LeastFirst, 0); len(d) != 1 || d[0] != 0 {
		t.Errorf("k = 0: %v", d)
	}
}

func TestRemovalOrderTies(t *testing.T) {
	oi := []float64{0.5, 0, 0.5, -1}
	if got := RemovalOrder(oi, LeastFirst); !slices.Equal(got, []int{3, 1, 0, 2}) {
		t.Errorf("least first %v", got)
	}
	if got := RemovalOrder(oi, MostFirst); !slices.Equal(got, []int{0, 2, 1, 3}) {
		t.Errorf("most first %v", got)
	}
}

func TestChoose(t *testing.T) {
	a := Choose(100, 40, 7)
	if len(a) != 40 || !slices.IsSorted(a) || len(slices.Compact(slices.Clone(a))) != 40 {
		t.Fatalf("Choose: %v", a)
	}
	if !slices.Equal(a, Choose(100, 40, 7)) {
		t.Error("not reproducible")
	}
	if slices.Equal(a, Choose(100, 40, 8)) {
		t.Error("seed ignored")
	}
	if got := Choose(3, 10, 0); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("k > n: %v", got)
	}
}

func TestStepsAndFigure(t *testing.T) {
	var gs []darts.Genotype
	var ois [][]float64
	r := darts.NewRand(1)
	s, _ := darts.NewSampler("random")
	var p additive
	for e := range p.w {
		p.w[e] = 0.0005 * float64(e%5)
	}
	for i := range 12 {
		gs = append(gs, s.Sample(r))
		oi := make([]float64, darts.NumEdges)
		for e := range oi {
			oi[e] = p.w[e] + 1e-5*float64((i+e)%3) // OI tracks the true cost
		}
		ois = append(ois, oi)
	}
	res, err := Run(context.Background(), p, gs, ois, Options{})
	if err != nil {
		t.Fatal(err)
	}
	steps := res.Steps()
	if len(steps) != 8 {
		t.Fatalf("%d steps", len(steps))
	}
	for _, st := range steps {
		if st.MeanLeast < st.MeanMost {
			t.Errorf("k=%d: least-first change %v below most-first %v", st.K, st.MeanLeast, st.MeanMost)
		}
	}
	// At k = 8 every architecture loses more with most-first pruning, so
	// all 12 differences are positive: W- = 0 and, untied, p = 2/2^12.
	last := steps[7]
	if last.WilcoxonErr != nil || last.Wilcoxon.WMinus != 0 || last.Wilcoxon.N != 12 {
		t.Errorf("k=8 Wilcoxon %+v (%v)", last.Wilcoxon, last.WilcoxonErr)
	}
	if last.TErr != nil || last.T.T <= 0 || last.T.P > 0.01 {
		t.Errorf("k=8 t test %+v (%v)", last.T, last.TErr)
	}
	h, rows := res.Table()
	if len(rows) != 8 || len(rows[0]) != len(h) {
		t.Errorf("table %v %v", h, rows)
	}
	for _, o := range Orders() {
		mean, sd := res.Curve(o)
		if len(mean) != 9 || len(sd) != 9 || mean[0] != 0 || sd[0] != 0 {
			t.Fatalf("%s curve: mean %v sd %v", o, mean, sd)
		}
		if steps[7].K != 8 || (o == LeastFirst && mean[8] != steps[7].MeanLeast) || (o == MostFirst && sd[8] != steps[7].SDMost) {
			t.Errorf("%s curve at k=8 differs from Steps: mean %v sd %v, step %+v", o, mean[8], sd[8], steps[7])
		}
	}
}

type failing struct{}

func (failing) PredictErrors(context.Context, []darts.Genotype, []float64) error {
	return errors.New("boom")
}

type nanPredictor struct{}

func (nanPredictor) PredictErrors(_ context.Context, gs []darts.Genotype, dst []float64) error {
	for i := range dst {
		dst[i] = math.NaN()
	}
	return nil
}

func TestRunBadInput(t *testing.T) {
	g := darts.MustParse(dartsV2)
	oi := make([]float64, 16)
	ctx := context.Background()
	for name, f := range map[string]func() error{
		"no archs": func() error { _, err := Run(ctx, additive{}, nil, nil, Options{}); return err },
		"len":      func() error { _, err := Run(ctx, additive{}, []darts.Genotype{g}, nil, Options{}); return err },
		"short oi": func() error {
			_, err := Run(ctx, additive{}, []darts.Genotype{g}, [][]float64{{1}}, Options{})
			return err
		},
		"nan oi": func() error {
			_, err := Run(ctx, additive{}, []darts.Genotype{g}, [][]float64{append([]float64{math.NaN()}, oi[1:]...)}, Options{})
			return err
		},
		"max removed": func() error {
			_, err := Run(ctx, additive{}, []darts.Genotype{g}, [][]float64{oi}, Options{MaxRemoved: 17})
			return err
		},
		"invalid": func() error {
			_, err := Run(ctx, additive{}, []darts.Genotype{{}}, [][]float64{oi}, Options{})
			return err
		},
		"predictor": func() error {
			_, err := Run(ctx, failing{}, []darts.Genotype{g}, [][]float64{oi}, Options{})
			return err
		},
		"nan err": func() error {
			_, err := Run(ctx, nanPredictor{}, []darts.Genotype{g}, [][]float64{oi}, Options{})
			return err
		},
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestOwnSurrogate runs the experiment as the notebook does, on a small
// scale: nasred's surrogate trained on the 725 labelled genotypes, OI of
// the 11,221 NASLib genotypes' top 5 % by prediction, 40 of them pruned.
// Removing unimportant edges first must cost less than removing the
// important ones first (the paper's claim, here about the surrogate).
func TestOwnSurrogate(t *testing.T) {
	lab := datatest.Path(t, "nb301/naslib_zc_nasbench301.json")
	ctx := context.Background()
	l, err := surrogate.ReadLabels(ctx, lab, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := surrogate.Train(ctx, l.Genotypes, l.ValErrors, surrogate.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := importance.NB301(ctx, m, l.Genotypes, importance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]float64, len(res))
	for i := range res {
		errs[i] = res[i].Err
	}
	top, err := importance.Select(errs, importance.Top, importance.SelectOptions{Fraction: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	var gs []darts.Genotype
	var ois [][]float64
	for _, k := range Choose(len(top), 40, 0) {
		gs = append(gs, l.Genotypes[top[k]])
		ois = append(ois, res[top[k]].OI)
	}
	rr, err := Run(ctx, m, gs, ois, Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := rr.Steps()[7]
	if !(last.MeanLeast > last.MeanMost) || last.Wilcoxon.P > 0.01 {
		t.Errorf("after 8 removals: least first %.3f pp, most first %.3f pp, Wilcoxon p %v", last.MeanLeast, last.MeanMost, last.Wilcoxon.P)
	}
	t.Logf("after 8 removals: least first %.3f ± %.3f pp, most first %.3f ± %.3f pp, Wilcoxon p %.3g, t p %.3g",
		last.MeanLeast, last.SDLeast, last.MeanMost, last.SDMost, last.Wilcoxon.P, last.T.P)
}
