package gbt

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func data(n int, seed uint64) (X, y []float32) {
	rng := rand.New(rand.NewPCG(seed, 1))
	X = make([]float32, n*4)
	y = make([]float32, n)
	for i := 0; i < n; i++ {
		for j := 0; j < 4; j++ {
			X[i*4+j] = float32(rng.IntN(10))
		}
		// y = step in x0 + linear in x1 + interaction; x3 is noise.
		v := 0.0
		if X[i*4] >= 5 {
			v += 1
		}
		v += 0.2 * float64(X[i*4+1])
		if X[i*4+2] >= 3 && X[i*4] < 5 {
			v += 0.5
		}
		y[i] = float32(v)
		if rng.IntN(10) == 0 {
			X[i*4+3] = float32(math.NaN())
		}
	}
	return X, y
}

func rmse(pred, y []float32) float64 {
	var s float64
	for i := range y {
		d := float64(pred[i] - y[i])
		s += d * d
	}
	return math.Sqrt(s / float64(len(y)))
}

func TestLearns(t *testing.T) {
	X, y := data(2000, 1)
	Xt, yt := data(500, 2)
	for _, c := range []struct {
		depth int
		max   float64
	}{
		{1, 0.2}, // additive part is learnable; the interaction is not
		{3, 0.05},
	} {
		p := DefaultParams()
		p.MaxDepth = c.depth
		p.NumRounds = 300
		f, err := Train(context.Background(), X, y, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		pred := make([]float32, len(yt))
		if err := f.Predict(context.Background(), Xt, pred); err != nil {
			t.Fatal(err)
		}
		if e := rmse(pred, yt); e > c.max {
			t.Errorf("depth %d: test RMSE %.4f > %.2f", c.depth, e, c.max)
		}
	}
}

func TestSingleSplit(t *testing.T) {
	// Two groups: x < 1 → y = 0, x >= 1 → y = 1. One round, depth 1,
	// lambda 0, learning rate 1: leaves are the group means exactly.
	X := []float32{0, 0, 0, 1, 1, 2}
	y := []float32{0, 0, 0, 1, 1, 1}
	p := Params{NumRounds: 1, LearningRate: 1, MaxDepth: 1, MinChildWeight: 1, Lambda: 0, Subsample: 1, ColsampleByTree: 1, MaxBins: 16}
	f, err := Train(context.Background(), X, y, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := f.Trees()[0]
	if len(tr.Left) != 3 || tr.Value[0] != 1 || tr.Feature[0] != 0 {
		t.Fatalf("tree %+v, want one split at x < 1", tr)
	}
	for i, x := range X {
		if got := f.PredictRow([]float32{x}); got != y[i] {
			t.Errorf("x=%v: %v, want %v", x, got, y[i])
		}
	}
}

func TestDeterministic(t *testing.T) {
	X, y := data(500, 3)
	p := DefaultParams()
	p.NumRounds = 50
	p.Seed = 7
	a, err := Train(context.Background(), X, y, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Train(context.Background(), X, y, p, nil)
	for i := 0; i < 500; i++ {
		if a.PredictRow(X[i*4:i*4+4]) != b.PredictRow(X[i*4:i*4+4]) {
			t.Fatal("same seed, different model")
		}
	}
	p.Seed = 8
	c, _ := Train(context.Background(), X, y, p, nil)
	same := true
	for i := 0; i < 500; i++ {
		same = same && a.PredictRow(X[i*4:i*4+4]) == c.PredictRow(X[i*4:i*4+4])
	}
	if same {
		t.Error("different seeds gave identical models")
	}
}

func TestBadInput(t *testing.T) {
	X, y := data(10, 4)
	good := DefaultParams()
	for name, mod := range map[string]func(p *Params){
		"rounds": func(p *Params) { p.NumRounds = 0 },
		"lr":     func(p *Params) { p.LearningRate = math.NaN() },
		"depth":  func(p *Params) { p.MaxDepth = 0 },
		"sub":    func(p *Params) { p.Subsample = 0 },
		"col":    func(p *Params) { p.ColsampleByTree = 2 },
		"bins":   func(p *Params) { p.MaxBins = 1 },
		"lambda": func(p *Params) { p.Lambda = -1 },
	} {
		p := good
		mod(&p)
		if _, err := Train(context.Background(), X, y, p, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	y[3] = float32(math.NaN())
	if _, err := Train(context.Background(), X, y, good, nil); err == nil {
		t.Error("NaN target: no error")
	}
	if _, err := Train(context.Background(), X[:7], y, good, nil); err == nil {
		t.Error("ragged matrix: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	X, y = data(10, 4)
	if _, err := Train(ctx, X, y, good, nil); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestInteractionParams(t *testing.T) {
	p := InteractionParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.MaxDepth != 2 || p.NumRounds != 6000 {
		t.Errorf("InteractionParams %+v", p)
	}
}
