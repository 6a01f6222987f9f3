package forest

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// tree0: x0 < 0.5 ? (x1 < 2 ? 1 : 2) : 3, NaN in x0 goes right (default
// right), NaN in x1 goes left.
var tree0 = Tree{
	Left:        []int32{1, 3, -1, -1, -1},
	Right:       []int32{2, 4, -1, -1, -1},
	Feature:     []uint32{0, 1, 0, 0, 0},
	Value:       []float32{0.5, 2, 3, 1, 2},
	DefaultLeft: []bool{false, true, false, false, false},
}

func TestPredictRow(t *testing.T) {
	f, err := New(2, 0.5, []Tree{tree0})
	if err != nil {
		t.Fatal(err)
	}
	nan := float32(math.NaN())
	for _, c := range []struct {
		x    []float32
		want float32
	}{
		{[]float32{0, 0}, 1.5},
		{[]float32{0.4999, 2}, 2.5}, // x1 == 2 is not < 2: right
		{[]float32{0.5, 0}, 3.5},    // x0 == 0.5 is not < 0.5: right
		{[]float32{nan, 0}, 3.5},    // default right
		{[]float32{0, nan}, 1.5},    // default left
		{[]float32{-1, 1.99}, 1.5},
	} {
		if got := f.PredictRow(c.x); got != c.want {
			t.Errorf("PredictRow(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestBadTrees(t *testing.T) {
	for name, tr := range map[string]Tree{
		"cycle":     {Left: []int32{1, 0, -1}, Right: []int32{2, 2, -1}, Feature: []uint32{0, 0, 0}, Value: []float32{0, 0, 0}, DefaultLeft: make([]bool, 3)},
		"range":     {Left: []int32{5}, Right: []int32{6}, Feature: []uint32{0}, Value: []float32{0}, DefaultLeft: make([]bool, 1)},
		"feature":   {Left: []int32{1, -1, -1}, Right: []int32{2, -1, -1}, Feature: []uint32{9, 0, 0}, Value: []float32{0, 0, 0}, DefaultLeft: make([]bool, 3)},
		"lengths":   {Left: []int32{-1}, Right: []int32{-1, -1}, Feature: []uint32{0}, Value: []float32{0}, DefaultLeft: make([]bool, 1)},
		"empty":     {},
		"nan leaf":  {Left: []int32{-1}, Right: []int32{-1}, Feature: []uint32{0}, Value: []float32{float32(math.NaN())}, DefaultLeft: make([]bool, 1)},
		"nan split": {Left: []int32{1, -1, -1}, Right: []int32{2, -1, -1}, Feature: []uint32{0, 0, 0}, Value: []float32{float32(math.NaN()), 0, 0}, DefaultLeft: make([]bool, 3)},
	} {
		if _, err := New(2, 0, []Tree{tr}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func randomForest(rng *rand.Rand, nf, trees, depth int, stumps bool) *Forest {
	var ts []Tree
	for k := 0; k < trees; k++ {
		var t Tree
		var grow func(d int) int32
		grow = func(d int) int32 {
			id := int32(len(t.Left))
			t.Left = append(t.Left, -1)
			t.Right = append(t.Right, -1)
			t.Feature = append(t.Feature, uint32(rng.IntN(nf)))
			t.Value = append(t.Value, float32(rng.IntN(8))/7)
			t.DefaultLeft = append(t.DefaultLeft, rng.IntN(2) == 0)
			if d < depth && (stumps || rng.Float64() < 0.9) {
				l := grow(d + 1)
				r := grow(d + 1)
				t.Left[id], t.Right[id] = l, r
			} else {
				t.Value[id] = float32(rng.NormFloat64() * 0.01)
			}
			return id
		}
		grow(0)
		ts = append(ts, t)
	}
	f, err := New(nf, 0.5, ts)
	if err != nil {
		panic(err)
	}
	return f
}

func randomRows(rng *rand.Rand, n, nf int) []float32 {
	X := make([]float32, n*nf)
	for i := range X {
		X[i] = float32(rng.IntN(9))/7 - 0.1
		if rng.IntN(20) == 0 {
			X[i] = float32(math.NaN())
		}
	}
	return X
}

func TestPredictMatchesRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	f := randomForest(rng, 20, 50, 6, false)
	X := randomRows(rng, 1000, 20)
	got := make([]float32, 1000)
	if err := f.Predict(context.Background(), X, got); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if w := f.PredictRow(X[i*20 : (i+1)*20]); w != got[i] {
			t.Fatalf("row %d: batch %v, row %v", i, got[i], w)
		}
	}
	// Round trip through Trees.
	g, err := New(f.NumFeature(), f.Base(), f.Trees())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		if a, b := f.PredictRow(X[i*20:(i+1)*20]), g.PredictRow(X[i*20:(i+1)*20]); a != b {
			t.Fatalf("row %d: %v after Trees round trip, %v before", i, b, a)
		}
	}
	if err := f.Predict(context.Background(), X[:19], got[:1]); err == nil {
		t.Error("ragged matrix: no error")
	}
}

func TestAdditive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	f := randomForest(rng, 10, 300, 1, true)
	a, ok := f.Additive()
	if !ok {
		t.Fatal("stump forest not additive")
	}
	X := randomRows(rng, 2000, 10)
	for i := 0; i < len(X); i += 3 { // integers take the table path
		if !math.IsNaN(float64(X[i])) {
			X[i] = float32(int(X[i]*7) - 1)
		}
	}
	got := make([]float64, 2000)
	if err := a.Predict(context.Background(), X, got); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		w := float64(f.PredictRow(X[i*10 : (i+1)*10]))
		if math.Abs(got[i]-w) > 1e-5 {
			t.Fatalf("row %d: additive %v, trees %v", i, got[i], w)
		}
	}
	if _, ok := randomForest(rng, 10, 5, 3, true).Additive(); ok {
		t.Error("depth-3 forest compiled as additive")
	}
}
