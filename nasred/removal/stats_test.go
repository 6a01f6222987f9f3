package removal

import (
	"errors"
	"math"
	"testing"
)

// bruteWilcoxonP returns the two-sided p-value 2·P(W+ ≤ w), capped at 1,
// from the enumeration of bruteCDF. Independent of exactCDF.
func bruteWilcoxonP(n int, w float64) float64 {
	return math.Min(1, 2*bruteCDF(n, w))
}

func TestWilcoxonPublished(t *testing.T) {
	// Darwin's Zea mays height differences (eighths of an inch), the
	// example of scipy.stats.wilcoxon's documentation: statistic 24.0,
	// p-value 0.041259765625 (exact, two-sided).
	d := []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}
	r, err := WilcoxonSignedRank(d, WilcoxonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Exact || r.N != 15 || r.Statistic != 24 || r.WMinus != 24 || r.WPlus != 120-24 {
		t.Fatalf("got %+v, want exact, n 15, W- = statistic = 24, W+ = 96", r)
	}
	if r.P != 0.041259765625 {
		t.Errorf("p = %v, want 0.041259765625", r.P)
	}
	if b := bruteWilcoxonP(15, 24); b != r.P {
		t.Errorf("p = %v, brute-force enumeration gives %v", r.P, b)
	}
}

func TestWilcoxonExactAgainstEnumeration(t *testing.T) {
	for _, tc := range []struct {
		d    []float64
		stat float64
		p    float64 // by hand
	}{
		// all positive: W- = 0, P(W+ ≤ 0) = 1/32, p = 2/32.
		{[]float64{1, 2, 3, 4, 5}, 0, 0.0625},
		// zeros dropped: the same five differences.
		{[]float64{0, 5, 0, 4, 3, 2, 1}, 0, 0.0625},
		// ranks 1,2 positive, 3 negative: W+ = W- = 3; subsets of {1,2,3}
		// with sum ≤ 3: {}, {1}, {2}, {3}, {1,2} = 5/8; p = min(1, 10/8).
		{[]float64{0.1, 0.2, -0.3}, 3, 1},
		// one difference: W- = 0, P = 1/2, p = 1.
		{[]float64{-2}, 0, 1},
		// W- = 1 (rank 1 negative) among n = 6: subsets with sum ≤ 1:
		// {}, {1} = 2/64, p = 4/64.
		{[]float64{-1, 2, 3, 4, 5, 6}, 1, 0.0625},
	} {
		r, err := WilcoxonSignedRank(tc.d, WilcoxonOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Statistic != tc.stat || r.P != tc.p || !r.Exact {
			t.Errorf("%v: got W=%v p=%v exact=%v, want W=%v p=%v", tc.d, r.Statistic, r.P, r.Exact, tc.stat, tc.p)
		}
		if b := bruteWilcoxonP(r.N, r.Statistic); b != r.P {
			t.Errorf("%v: p = %v, enumeration %v", tc.d, r.P, b)
		}
	}
	// Larger n: pseudo-random untied differences.
	d := make([]float64, 18)
	for i := range d {
		d[i] = float64(i+1) * 1.5
		if i%3 == 1 || i == 17 {
			d[i] = -d[i]
		}
	}
	r, err := WilcoxonSignedRank(d, WilcoxonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b := bruteWilcoxonP(18, r.Statistic); math.Abs(b-r.P) > 1e-15 {
		t.Errorf("n=18: p = %v, enumeration %v", r.P, b)
	}
}

func TestWilcoxonNormalWithTies(t *testing.T) {
	// d = 2, -2, 3, 3, 3, 5, -1, 4, 0. The zero is dropped, n = 8.
	// |d| sorted: 1 (rank 1), 2 2 (ranks 2,3 → 2.5), 3 3 3 (ranks 4,5,6
	// → 5), 4 (7), 5 (8). W+ = 2.5 + 3·5 + 8 + 7 = 32.5, W- = 2.5 + 1 = 3.5.
	// Ties → normal approximation: mean = 8·9/4 = 18; variance =
	// 8·9·17/24 − ((2³−2) + (3³−3))/48 = 51 − 30/48 = 50.375.
	// z = (32.5 − 18)/√50.375 = 2.04298..., p = erfc(|z|/√2).
	d := []float64{2, -2, 3, 3, 3, 5, -1, 4, 0}
	r, err := WilcoxonSignedRank(d, WilcoxonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	z := 14.5 / math.Sqrt(50.375)
	p := math.Erfc(z / math.Sqrt2)
	if r.Exact || r.N != 8 || r.Zeros != 1 || r.WPlus != 32.5 || r.WMinus != 3.5 || r.Statistic != 3.5 {
		t.Fatalf("got %+v", r)
	}
	if math.Abs(r.Z-z) > 1e-14 || math.Abs(r.P-p) > 1e-14 {
		t.Errorf("z = %v, p = %v; want %v, %v", r.Z, r.P, z, p)
	}
	// p ≈ 0.04106 (two-sided normal tail at z ≈ 2.043).
	if math.Abs(r.P-0.04106) > 5e-5 {
		t.Errorf("p = %v, want about 0.04106", r.P)
	}
	// Continuity correction: z = (14.5 − 0.5)/√50.375.
	rc, _ := WilcoxonSignedRank(d, WilcoxonOptions{Correction: true})
	if zc := 14 / math.Sqrt(50.375); math.Abs(rc.Z-zc) > 1e-14 {
		t.Errorf("corrected z = %v, want %v", rc.Z, zc)
	}
	// Forced normal approximation on the Darwin data: W+ = 96, mean 60,
	// variance 15·16·31/24 = 310, z = 36/√310.
	darwin := []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}
	rn, _ := WilcoxonSignedRank(darwin, WilcoxonOptions{ForceNormal: true})
	if z := 36 / math.Sqrt(310); rn.Exact || math.Abs(rn.Z-z) > 1e-14 {
		t.Errorf("forced normal: %+v, want z %v", rn, z)
	}
}

func TestWilcoxonBadInput(t *testing.T) {
	if _, err := WilcoxonSignedRank([]float64{0, 0}, WilcoxonOptions{}); !errors.Is(err, ErrNoData) {
		t.Errorf("all zeros: %v", err)
	}
	if _, err := WilcoxonSignedRank(nil, WilcoxonOptions{}); !errors.Is(err, ErrNoData) {
		t.Errorf("empty: %v", err)
	}
	if _, err := WilcoxonSignedRank([]float64{1, math.NaN()}, WilcoxonOptions{}); err == nil {
		t.Error("NaN accepted")
	}
	// Normal approximation with every difference tied: variance
	// 2·3·5/24 − 6/48 = 1.25 − 0.125 > 0, fine; a single tied pair is not
	// degenerate either. Only impossible input errors.
	if _, err := WilcoxonSignedRank([]float64{1, -1}, WilcoxonOptions{}); err != nil {
		t.Errorf("tied pair: %v", err)
	}
}

func TestOneSampleT(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []float64
		mu   float64
		t, p float64
	}{
		// x = 1, 2, 4: mean 7/3, sd² = 7/3, se = √(7/9), t = √7, df 2.
		// Student t CDF with 2 df: F(t) = 1/2 + t/(2√(2+t²)), so
		// p = 2(1 − F(√7)) = 1 − √7/3.
		{"df2", []float64{1, 2, 4}, 0, math.Sqrt(7), 1 - math.Sqrt(7)/3},
		// x = 1..5: mean 3, sd² = 2.5, t = 3/√0.5 = √18, df 4.
		// F(t) = 1/2 + (3/8)·(t/√(1+t²/4))·(1 − t²/(12(1+t²/4))) with
		// t² = 18: 1 + 4.5 = 5.5, p = 2(1 − F) ≈ 0.013235 (scipy
		// ttest_1samp gives 0.0132356...).
		{"df4", []float64{1, 2, 3, 4, 5}, 0, math.Sqrt(18),
			1 - 2*(3.0/8)*(math.Sqrt(18)/math.Sqrt(5.5))*(1-18/(12*5.5))},
		// x = 1, 3 against mu = 0: mean 2, sd √2, se 1, t = 2, df 1
		// (Cauchy): p = 1 − 2·atan(2)/π.
		{"df1", []float64{1, 3}, 0, 2, 1 - 2*math.Atan(2)/math.Pi},
		// Shift: x − mu is what matters.
		{"mu", []float64{11, 12, 14}, 10, math.Sqrt(7), 1 - math.Sqrt(7)/3},
	} {
		r, err := OneSampleT(tc.x, tc.mu)
		if err != nil {
			t.Fatal(tc.name, err)
		}
		if math.Abs(r.T-tc.t) > 1e-12 || math.Abs(r.P-tc.p) > 1e-10 {
			t.Errorf("%s: t = %v, p = %v; want %v, %v", tc.name, r.T, r.P, tc.t, tc.p)
		}
		if r.DF != float64(len(tc.x)-1) {
			t.Errorf("%s: df %v", tc.name, r.DF)
		}
	}
	if r, _ := OneSampleT([]float64{1, 2, 3, 4, 5}, 0); math.Abs(r.P-0.013236) > 1e-6 {
		t.Errorf("df4 p = %v, want about 0.013236", r.P)
	}
}

func TestOneSampleTBadInput(t *testing.T) {
	if _, err := OneSampleT([]float64{1}, 0); !errors.Is(err, ErrNoData) {
		t.Errorf("one value: %v", err)
	}
	if _, err := OneSampleT([]float64{2, 2, 2}, 0); err == nil {
		t.Error("zero sd accepted")
	}
	if _, err := OneSampleT([]float64{1, math.Inf(1)}, 0); err == nil {
		t.Error("Inf accepted")
	}
	if _, err := OneSampleT([]float64{1, 2}, math.NaN()); err == nil {
		t.Error("NaN mu accepted")
	}
}
