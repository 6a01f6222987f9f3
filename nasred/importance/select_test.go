package importance

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSelectSizesAndOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	errs := make([]float64, 15625)
	for i := range errs {
		errs[i] = rng.Float64()
	}
	rank := Rank(errs)
	tests := []struct {
		sel  Selection
		opt  SelectOptions
		size int
	}{
		{All, SelectOptions{}, 15625},
		{Top, SelectOptions{}, 781},
		{Bottom, SelectOptions{}, 781},
		{Middle, SelectOptions{}, 1562},
		{Uniform, SelectOptions{}, 1000},
		{Uniform, SelectOptions{N: 2000}, 2000},
		{Top, SelectOptions{Fraction: 0.1}, 1562},
	}
	for _, tt := range tests {
		got, err := Select(errs, tt.sel, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.size {
			t.Errorf("%v %+v: %d selected, want %d", tt.sel, tt.opt, len(got), tt.size)
		}
		if !slices.IsSorted(got) {
			t.Errorf("%v: not ascending", tt.sel)
		}
		if len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Errorf("%v: repeated positions", tt.sel)
		}
		k := SetSize(len(errs), tt.opt.withDefaults().Fraction)
		topSet := map[int]bool{}
		for _, i := range rank[:k] {
			topSet[i] = true
		}
		botSet := map[int]bool{}
		for _, i := range rank[len(rank)-k:] {
			botSet[i] = true
		}
		for _, i := range got {
			switch tt.sel {
			case Top:
				if !topSet[i] {
					t.Fatalf("top picked %d (rank outside top)", i)
				}
			case Bottom:
				if !botSet[i] {
					t.Fatalf("bottom picked %d", i)
				}
			case Middle:
				if topSet[i] || botSet[i] {
					t.Fatalf("middle picked %d from top or bottom", i)
				}
			}
		}
	}
	// The top set holds exactly the smallest errors.
	top, _ := Select(errs, Top, SelectOptions{})
	worstTop := 0.0
	for _, i := range top {
		worstTop = math.Max(worstTop, errs[i])
	}
	n := 0
	for _, e := range errs {
		if e <= worstTop {
			n++
		}
	}
	if n != len(top) {
		t.Errorf("%d errors <= worst top error, want %d", n, len(top))
	}
}

func TestSelectSeeds(t *testing.T) {
	errs := make([]float64, 1000)
	for i := range errs {
		errs[i] = float64(i)
	}
	for _, sel := range []Selection{Middle, Uniform} {
		a, _ := Select(errs, sel, SelectOptions{Seed: 3, N: 50})
		b, _ := Select(errs, sel, SelectOptions{Seed: 3, N: 50})
		c, _ := Select(errs, sel, SelectOptions{Seed: 4, N: 50})
		if !slices.Equal(a, b) {
			t.Errorf("%v: same seed, different samples", sel)
		}
		if slices.Equal(a, c) {
			t.Errorf("%v: different seeds, same sample", sel)
		}
	}
}

func TestSelectErrors(t *testing.T) {
	if _, err := Select([]float64{0.1, math.NaN()}, Top, SelectOptions{}); err == nil {
		t.Error("NaN accepted")
	}
	if _, err := Select([]float64{0.1}, Top, SelectOptions{Fraction: 0.9}); err == nil {
		t.Error("fraction 0.9 accepted")
	}
	if _, err := Select([]float64{0.1}, Top, SelectOptions{Fraction: -1}); err == nil {
		t.Error("negative fraction accepted")
	}
	if _, err := Select([]float64{0.1}, Uniform, SelectOptions{N: -3}); err == nil {
		t.Error("negative N accepted")
	}
	if _, err := Select([]float64{0.1}, Selection(42), SelectOptions{}); err == nil {
		t.Error("unknown selection accepted")
	}
	if _, err := ParseSelection("best"); err == nil {
		t.Error("ParseSelection(best) succeeded")
	}
	for _, s := range []Selection{All, Top, Bottom, Middle, Uniform} {
		if got, err := ParseSelection(s.String()); err != nil || got != s {
			t.Errorf("ParseSelection(%q) = %v, %v", s, got, err)
		}
	}
}

func TestQuantileMatchesNumpy(t *testing.T) {
	// numpy.quantile([1, 2, 4, 8, 16], [0, .25, .5, .75, 1]) = [1, 2, 4, 8, 16];
	// numpy.quantile([1, 2, 4, 8], [.25, .5, .75]) = [1.75, 3, 5].
	xs := []float64{1, 2, 4, 8}
	for _, tt := range []struct{ p, want float64 }{{0, 1}, {0.25, 1.75}, {0.5, 3}, {0.75, 5}, {1, 8}} {
		if got := Quantile(xs, tt.p); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("Quantile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("quantile of empty slice is not NaN")
	}
	if Quantile([]float64{3}, 0.3) != 3 {
		t.Error("quantile of one value")
	}
}

func TestSummarize(t *testing.T) {
	ops := []string{"a", "b", "c"}
	labels := [][]string{{"a", "b"}, {"a", "a"}, {"b", "b"}}
	results := []Result{{OI: []float64{0.002, -0.01}}, {OI: []float64{0.0005, 0.001}}, {OI: []float64{-0.002, 0.0}}}
	sums, err := Summarize(ops, func(i, e int) string { return labels[i][e] }, results, []int{0, 1, 2}, SummaryOptions{Threshold: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	if sums[0].Count != 3 || sums[0].Important != 2 || sums[1].Count != 3 || sums[1].Important != 0 || sums[2].Count != 0 {
		t.Fatalf("counts: %+v", sums)
	}
	if !slices.Equal(sums[0].OI, []float64{0.0005, 0.001, 0.002}) || sums[0].Median != 0.001 {
		t.Fatalf("a: %+v", sums[0])
	}
	if !math.IsNaN(sums[2].Median) || !math.IsNaN(sums[2].Mean) {
		t.Fatal("empty op must have NaN quantiles")
	}
	// Negative threshold: bad-cell view.
	sums, _ = Summarize(ops, func(i, e int) string { return labels[i][e] }, results, []int{0, 2}, SummaryOptions{Threshold: -0.001, Edges: []int{1}})
	if sums[1].Count != 2 || sums[1].Important != 1 {
		t.Fatalf("negative threshold: %+v", sums[1])
	}
	if _, err := Summarize(ops, func(i, e int) string { return "zzz" }, results, []int{0}, SummaryOptions{}); err == nil {
		t.Error("unknown op accepted")
	}
	if _, err := Summarize(ops, func(i, e int) string { return "a" }, results, []int{9}, SummaryOptions{}); err == nil {
		t.Error("out of range selection accepted")
	}
	if _, err := Summarize(ops, func(i, e int) string { return "a" }, results, []int{0}, SummaryOptions{Edges: []int{5}}); err == nil {
		t.Error("out of range edge accepted")
	}
}

func TestImportant(t *testing.T) {
	for _, tt := range []struct {
		oi, thr float64
		want    bool
	}{{0.001, 0.001, true}, {0.0009, 0.001, false}, {-0.001, -0.001, true}, {-0.0005, -0.001, false}, {0.5, -0.001, false}} {
		if got := Important(tt.oi, tt.thr); got != tt.want {
			t.Errorf("Important(%v, %v) = %v", tt.oi, tt.thr, got)
		}
	}
}

func TestBandShare(t *testing.T) {
	sums := []OpSummary{{OI: []float64{-0.002, -0.0005, 0}}, {OI: []float64{0.0009, 0.001, 0.5}}}
	if got := BandShare(sums, 0.001); got != 3.0/6 {
		t.Fatalf("BandShare = %v, want 0.5", got)
	}
	if BandShare(nil, 0.001) != 0 {
		t.Fatal("empty")
	}
}
