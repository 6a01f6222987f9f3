package removal

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// bruteCDF returns P(W+ ≤ w) for n untied ranks by enumerating all 2^n
// sign assignments of the ranks 1..n (the permutation distribution of W+
// under the null); independent of exactCDF.
func bruteCDF(n int, w float64) float64 {
	le := 0
	for mask := 0; mask < 1<<n; mask++ {
		s := 0
		for r := 1; r <= n; r++ {
			if mask&(1<<(r-1)) != 0 {
				s += r
			}
		}
		if float64(s) <= w {
			le++
		}
	}
	return float64(le) / float64(int(1)<<n)
}

func close(a, b, rel float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= rel*math.Max(1e-300, math.Max(math.Abs(a), math.Abs(b)))
}

// TestWilcoxonOneSidedByHand checks one-sided p-values computed by hand
// and by enumeration, under both exact rules.
func TestWilcoxonOneSidedByHand(t *testing.T) {
	for _, tc := range []struct {
		name  string
		d     []float64
		alt   Alternative
		rule  ExactRule
		exact bool
		stat  float64
		p     float64
	}{
		// All positive, n = 5: W+ = 15 = max; P(W+ ≤ 15) = 1, P(W+ ≥ 15) = 1/32.
		{"all positive less", []float64{1, 2, 3, 4, 5}, Less, ExactNoTies, true, 15, 1},
		{"all positive greater", []float64{1, 2, 3, 4, 5}, Greater, ExactSciPy, true, 15, 1.0 / 32},
		{"all negative less", []float64{-1, -2, -3, -4, -5}, Less, ExactSciPy, true, 0, 1.0 / 32},
		// n = 6, rank 1 negative: W+ = 20; P(W+ ≥ 20) = P(W+ ≤ 1) = 2/64;
		// P(W+ ≤ 20) = 1 − P(W+ ≥ 21) = 1 − 1/64.
		{"one negative greater", []float64{-1, 2, 3, 4, 5, 6}, Greater, ExactNoTies, true, 20, 2.0 / 64},
		{"one negative less", []float64{-1, 2, 3, 4, 5, 6}, Less, ExactNoTies, true, 20, 63.0 / 64},
		// Ties, no zeros: |d| = 1, 1, 2 ranked 1.5, 1.5, 3; W+ = 4.5.
		// scipy stays exact and truncates W+ to 4: P(W+ ≤ 4) over the
		// subsets of {1, 2, 3} = 6/8; P(W+ ≥ 4) = P(W+ ≤ 2) = 3/8;
		// two-sided 2·min = 0.75.
		{"ties scipy less", []float64{1, -1, 2}, Less, ExactSciPy, true, 4.5, 0.75},
		{"ties scipy greater", []float64{1, -1, 2}, Greater, ExactSciPy, true, 4.5, 0.375},
		{"ties scipy two-sided", []float64{1, -1, 2}, TwoSided, ExactSciPy, true, 1.5, 0.75},
		// The default rule goes normal with ties: mean 3, variance
		// 3·4·7/24 − (2³−2)/48 = 3.375, z = 1.5/√3.375, p = Φ(z).
		{"ties default less", []float64{1, -1, 2}, Less, ExactNoTies, false, 4.5, 0.5 * math.Erfc(-1.5/math.Sqrt(3.375)/math.Sqrt2)},
		// A zero sends scipy to the normal approximation, which drops it:
		// n = 4, W+ = 1+2+3 = 6, mean 5, variance 4·5·9/24 = 7.5.
		{"zero scipy less", []float64{0, 1, 2, 3, -4}, Less, ExactSciPy, false, 6, 0.5 * math.Erfc(-1/math.Sqrt(7.5)/math.Sqrt2)},
		{"zero scipy greater", []float64{0, 1, 2, 3, -4}, Greater, ExactSciPy, false, 6, 0.5 * math.Erfc(1/math.Sqrt(7.5)/math.Sqrt2)},
		// The default rule drops the zero and stays exact: P(W+ ≤ 6), n = 4.
		{"zero default less", []float64{0, 1, 2, 3, -4}, Less, ExactNoTies, true, 6, bruteCDF(4, 6)},
	} {
		r, err := WilcoxonSignedRank(tc.d, WilcoxonOptions{Alternative: tc.alt, Exact: tc.rule})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Exact != tc.exact || r.Statistic != tc.stat || !close(r.P, tc.p, 1e-12) {
			t.Errorf("%s: exact %v, statistic %v, p %v; want %v, %v, %v", tc.name, r.Exact, r.Statistic, r.P, tc.exact, tc.stat, tc.p)
		}
	}
}

// TestExactPAgainstEnumeration compares exactP with brute-force
// enumeration for every statistic value of small n.
func TestExactPAgainstEnumeration(t *testing.T) {
	for n := 1; n <= 10; n++ {
		maxSum := n * (n + 1) / 2
		for w := 0; w <= maxSum; w++ {
			le, ge := bruteCDF(n, float64(w)), 1-bruteCDF(n, float64(w-1))
			two := math.Min(1, 2*math.Min(le, ge))
			if w == maxSum/2 {
				two = 1
			}
			for _, c := range []struct {
				alt  Alternative
				want float64
			}{{Less, le}, {Greater, ge}, {TwoSided, two}} {
				if got := exactP(n, w, c.alt); !close(got, c.want, 1e-12) {
					t.Errorf("n %d, W+ %d, %v: p %v, enumeration %v", n, w, c.alt, got, c.want)
				}
			}
		}
	}
}

func TestWilcoxonMaxExact(t *testing.T) {
	d := make([]float64, 30)
	for i := range d {
		d[i] = float64(i+1) * float64(1-2*(i%3/2)) // untied, mixed signs
	}
	for _, tc := range []struct {
		max   int
		exact bool
	}{{0, true}, {25, false}, {30, true}} {
		r, err := WilcoxonSignedRank(d, WilcoxonOptions{Alternative: Less, Exact: ExactSciPy, MaxExact: tc.max})
		if err != nil || r.Exact != tc.exact {
			t.Errorf("MaxExact %d: exact %v, err %v; want exact %v", tc.max, r.Exact, err, tc.exact)
		}
	}
	for _, opt := range []WilcoxonOptions{{Alternative: 3}, {Exact: 2}, {MaxExact: -1}} {
		if _, err := WilcoxonSignedRank(d, opt); err == nil {
			t.Errorf("options %+v accepted", opt)
		}
	}
	if Less.String() != "less" || Alternative(9).String() != "Alternative(9)" {
		t.Error("Alternative.String")
	}
}

// TestDefaultTwoSidedUnchanged pins the default test: the new options
// must leave two-sided results of the default rule as they were.
func TestDefaultTwoSidedUnchanged(t *testing.T) {
	d := []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}
	a, err := WilcoxonSignedRank(d, WilcoxonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.P != 0.041259765625 || a.Statistic != 24 {
		t.Errorf("Darwin's data: W %v, p %v; want 24, 0.041259765625", a.Statistic, a.P)
	}
	// Exact two-sided p is the same under both rules without ties or zeros.
	b, _ := WilcoxonSignedRank(d, ScipyWilcoxon(TwoSided))
	if !close(a.P, b.P, 1e-14) || a.Statistic != b.Statistic {
		t.Errorf("default %+v, scipy rule %+v", a, b)
	}
}

func TestPercentileMedianByHand(t *testing.T) {
	nan := math.NaN()
	// Sorted [-4, -3, -2, -1]: h = 0.3·3 = 0.9 → −4 + 0.9 = −3.1 (from
	// the upper end: −3 − 0.1); h = 0.7·3 = 2.1 → −2 + 0.1 = −1.9.
	xs := []float64{-1, nan, -3, -2, -4}
	for _, tc := range []struct{ got, want float64 }{
		{Percentile(xs, 30), -3.1}, {Percentile(xs, 70), -1.9}, {Median(xs), -2.5},
		{Percentile(xs, 0), -4}, {Percentile(xs, 100), -1}, {Percentile(xs, 50), -2.5},
		{Median([]float64{3, 1, 2}), 2}, {Percentile([]float64{7}, 30), 7},
	} {
		if !close(tc.got, tc.want, 1e-12) {
			t.Errorf("got %v, want %v", tc.got, tc.want)
		}
	}
	for _, v := range []float64{Percentile(nil, 30), Median([]float64{nan}), Percentile(xs, 101), Percentile(xs, nan)} {
		if !math.IsNaN(v) {
			t.Errorf("got %v, want NaN", v)
		}
	}
}

func TestBestAccuracy(t *testing.T) {
	if got := BestAccuracy([]float64{90, 93.5, 92}); got != 93.5 {
		t.Errorf("best of 90, 93.5, 92: %v", got)
	}
	for _, accs := range [][]float64{nil, {91, math.NaN()}} {
		if got := BestAccuracy(accs); !math.IsNaN(got) {
			t.Errorf("BestAccuracy(%v) = %v, want NaN", accs, got)
		}
	}
}

// TestOriginalSummaryByHand: 8 architectures, 4 steps.
//
//	step 1: −1..−8, all negative: median −4.5; sorted −8..−1, h = 2.1 →
//	        −6 + 0.1 = −5.9, h = 4.9 → −3 − 0.1 = −3.1; W+ = 0, exact
//	        P = 1/256 < 0.01, marked.
//	step 2: 0.5, −0.5 and six NaN: N = 2, median 0, P30 −0.2, P70 0.2;
//	        tied, so W+ = 1.5 is truncated to 1: P(W+ ≤ 1) = 2/4.
//	step 3: all NaN: no test.
//	step 4: all zero: no test.
func TestOriginalSummaryByHand(t *testing.T) {
	nan := math.NaN()
	changes := make([][]float64, 8)
	for i := range changes {
		changes[i] = []float64{-float64(i + 1), nan, nan, 0}
	}
	changes[0][1], changes[1][1] = 0.5, -0.5
	steps, err := OriginalSummary(changes)
	if err != nil {
		t.Fatal(err)
	}
	s := steps[0]
	if s.K != 1 || s.N != 8 || s.Median != -4.5 || !close(s.P30, -5.9, 1e-12) || !close(s.P70, -3.1, 1e-12) ||
		s.WilcoxonErr != nil || s.Wilcoxon.P != 1.0/256 || !s.Wilcoxon.Exact || !s.Marked {
		t.Errorf("step 1: %+v", s)
	}
	s = steps[1]
	if s.N != 2 || s.Median != 0 || !close(s.P30, -0.2, 1e-12) || !close(s.P70, 0.2, 1e-12) || s.Wilcoxon.P != 0.5 || s.Marked {
		t.Errorf("step 2: %+v", s)
	}
	if s := steps[2]; s.N != 0 || !math.IsNaN(s.Median) || !errors.Is(s.WilcoxonErr, ErrNoData) || s.Marked {
		t.Errorf("step 3: %+v", s)
	}
	if s := steps[3]; s.N != 8 || s.Median != 0 || !errors.Is(s.WilcoxonErr, ErrNoData) || s.Marked {
		t.Errorf("step 4: %+v", s)
	}
	for _, bad := range [][][]float64{nil, {{1, 2}, {1}}, {{math.Inf(1)}}} {
		if _, err := OriginalSummary(bad); err == nil {
			t.Errorf("OriginalSummary(%v) succeeded", bad)
		}
	}
}

func TestResultOriginalSteps(t *testing.T) {
	r := &Result{MaxRemoved: 2}
	for i := range 12 {
		f := float64(i)
		r.Trials = append(r.Trials, Trial{BaseErr: 0.05, Err: [2][]float64{{0.05 + 0.001*f, 0.06 + 0.001*f}, {0.07 + f/100, 0.09}}})
	}
	for _, o := range Orders() {
		var changes [][]float64
		for i := range r.Trials {
			changes = append(changes, []float64{r.AccChange(o, 1)[i], r.AccChange(o, 2)[i]})
		}
		want, err := OriginalSummary(changes)
		if err != nil {
			t.Fatal(err)
		}
		got := r.OriginalSteps(o)
		for k := range got {
			if got[k].Median != want[k].Median || got[k].Wilcoxon.P != want[k].Wilcoxon.P || got[k].Marked != want[k].Marked {
				t.Errorf("%v step %d: %+v, want %+v", o, k+1, got[k], want[k])
			}
		}
	}
}

// scipyOracle is the reference computation, run by Debian's scipy: for
// each case, scipy.stats.wilcoxon(d, alternative=a) for the three
// alternatives and numpy's nanmedian / nanpercentile (30, 70).
const scipyOracle = `
import json, sys, warnings
import numpy as np
from scipy.stats import wilcoxon
warnings.simplefilter("ignore")
out = []
for d in json.load(sys.stdin):
    d = np.array([np.nan if v is None else v for v in d], dtype=float)
    f = d[d == d]
    row = {"median": float(np.nanmedian(d)), "p30": float(np.nanpercentile(d, 30)), "p70": float(np.nanpercentile(d, 70))}
    for a in ("two-sided", "less", "greater"):
        try:
            r = wilcoxon(f, alternative=a)
            row[a] = [float(r.statistic), float(r.pvalue)]
        except ValueError:
            row[a] = None
    out.append(row)
json.dump(out, sys.stdout)
`

// oracleCases returns samples covering scipy's branches: exact without
// ties, exact with ties (W+ fractional and truncated), zeros (normal
// approximation),
// more than 50 values (normal), and NaN entries (skipped).
func oracleCases() [][]float64 {
	rng := rand.New(rand.NewPCG(3, 4))
	var cases [][]float64
	add := func(n int, gen func() float64) {
		d := make([]float64, n)
		for i := range d {
			d[i] = gen()
		}
		cases = append(cases, d)
	}
	add(12, func() float64 { return rng.NormFloat64() - 0.5 })
	add(40, func() float64 { return rng.NormFloat64() - 0.4 })                              // exact, n = 40
	add(40, func() float64 { return math.Round(4*rng.NormFloat64()-1) / 4 })                // ties and zeros
	add(30, func() float64 { return math.Round(2*rng.NormFloat64()-0.5) + 0.25 })           // ties, no zeros
	add(80, func() float64 { return rng.NormFloat64() - 0.2 })                              // normal
	add(9, func() float64 { return float64(rng.IntN(5)+1) * (float64(rng.IntN(2))*2 - 1) }) // small, tied
	// Ties that leave W+ fractional (13.5 and 26.5): scipy truncates it.
	cases = append(cases, []float64{1, -1, 2, 3, 4}, []float64{2, -2, 2, 5, -7, 7, 8, 1})
	withNaN := make([]float64, 25)
	for i := range withNaN {
		withNaN[i] = rng.NormFloat64() - 1
		if i%6 == 0 {
			withNaN[i] = math.NaN()
		}
	}
	return append(cases, withNaN)
}

func TestWilcoxonScipyOracle(t *testing.T) {
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if err := exec.Command(py, "-c", "import scipy.stats, numpy").Run(); err != nil {
		t.Skip("no scipy in /usr/bin/python3 (Debian python3-scipy)")
	}
	cases := oracleCases()
	js := make([][]any, len(cases))
	for i, d := range cases {
		for _, v := range d {
			if math.IsNaN(v) {
				js[i] = append(js[i], nil)
			} else {
				js[i] = append(js[i], v)
			}
		}
	}
	in, _ := json.Marshal(js)
	cmd := exec.Command(py, "-c", scipyOracle)
	cmd.Stdin = bytes.NewReader(in)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v: %s", err, stderr.String())
	}
	var want []map[string]any
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, d := range cases {
		w := want[i]
		for k, got := range map[string]float64{"median": Median(d), "p30": Percentile(d, 30), "p70": Percentile(d, 70)} {
			if !close(got, w[k].(float64), 1e-12) {
				t.Errorf("case %d %s: %v, numpy %v", i, k, got, w[k])
			}
		}
		finite := sortedFinite(d) // order does not matter to the test
		for _, alt := range []Alternative{TwoSided, Less, Greater} {
			r, err := WilcoxonSignedRank(finite, ScipyWilcoxon(alt))
			ref, _ := w[alt.String()].([]any)
			if ref == nil {
				if err == nil {
					t.Errorf("case %d %v: scipy refused, nasred gave %+v", i, alt, r)
				}
				continue
			}
			if err != nil {
				t.Errorf("case %d %v: %v", i, alt, err)
				continue
			}
			if stat, p := ref[0].(float64), ref[1].(float64); !close(r.Statistic, stat, 1e-12) || !close(r.P, p, 1e-9) {
				t.Errorf("case %d %v (n %d, zeros %d, exact %v): statistic %v p %v; scipy %v %v", i, alt, r.N, r.Zeros, r.Exact, r.Statistic, r.P, stat, p)
			}
		}
	}
}
