package metrics

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
)

// kendallBrute is the O(n²) definition of τ-b.
func kendallBrute(x, y []float64) float64 {
	var c, d, tx, ty float64
	n := len(x)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			sx := math.Copysign(1, x[i]-x[j])
			sy := math.Copysign(1, y[i]-y[j])
			switch {
			case x[i] == x[j] && y[i] == y[j]:
			case x[i] == x[j]:
				tx++
			case y[i] == y[j]:
				ty++
			case sx == sy:
				c++
			default:
				d++
			}
		}
	}
	return (c - d) / math.Sqrt((c+d+tx)*(c+d+ty))
}

func TestHandComputed(t *testing.T) {
	for _, c := range []struct {
		name         string
		x, y         []float64
		tau, rho, r2 float64
	}{
		// Identical order: τ = ρ = 1; R² = 1 − 0 = 1.
		{"same", []float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 1, 1, 1},
		// Reversed: τ = ρ = −1; R² = 1 − (9+1+1+9)/5 = −3.
		{"reversed", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1, -1, -3},
		// x=(1,2,3), y=(1,3,2): pairs (12)+ (13)+ (23)−: τ = 1/3;
		// d² = 0+1+1 = 2, ρ = 1 − 6·2/(3·8) = 0.5; R² = 1 − 2/2 = 0.
		{"one swap", []float64{1, 2, 3}, []float64{1, 3, 2}, 1.0 / 3, 0.5, 0},
		// x=(1,1,2,3), y=(1,2,2,3): n0=6, n1=1, n2=1, C=4 (13,14,24,34... see below), D=0.
		// Pairs: (12) tied x, (13) +, (14) +, (23) tied y, (24) +, (34) +: C=4, D=0,
		// τb = 4/sqrt(5·5) = 0.8. Ranks x (1.5,1.5,3,4), y (1,2.5,2.5,4):
		// deviations (−1,−1,.5,1.5) and (−1.5,0,0,1.5): ρ = 3.75/4.5;
		// R² = 1 − (0+1+0+0)/2.75 = 0.636363...
		{"ties", []float64{1, 1, 2, 3}, []float64{1, 2, 2, 3}, 0.8, 3.75 / 4.5, 1 - 1/2.75},
	} {
		tau, err := KendallTau(c.x, c.y)
		if err != nil {
			t.Fatal(err)
		}
		rho, _ := Spearman(c.x, c.y)
		r2, _ := R2(c.x, c.y)
		if math.Abs(tau-c.tau) > 1e-12 || math.Abs(rho-c.rho) > 1e-12 || math.Abs(r2-c.r2) > 1e-12 {
			t.Errorf("%s: τ %v ρ %v R² %v, want %v %v %v", c.name, tau, rho, r2, c.tau, c.rho, c.r2)
		}
	}
}

func TestKendallAgainstBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 2 + rng.IntN(60)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(8)) // many ties
			y[i] = float64(rng.IntN(8)) + 0.3*x[i]
		}
		got, err := KendallTau(x, y)
		if err != nil {
			t.Fatal(err)
		}
		want := kendallBrute(x, y)
		if !(math.Abs(got-want) < 1e-12 || (math.IsNaN(got) && math.IsNaN(want))) {
			t.Fatalf("n=%d: %v, brute force %v", n, got, want)
		}
	}
}

func TestRanks(t *testing.T) {
	got := Ranks([]float64{10, 20, 10, 5, 20, 20})
	want := []float64{2.5, 5, 2.5, 1, 5, 5}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Ranks = %v, want %v", got, want)
		}
	}
}

func TestBadInput(t *testing.T) {
	if _, err := KendallTau([]float64{1}, []float64{1}); err == nil {
		t.Error("one value: no error")
	}
	if _, err := Spearman([]float64{1, 2}, []float64{1}); err == nil {
		t.Error("length mismatch: no error")
	}
	if _, err := R2([]float64{1, math.NaN()}, []float64{1, 2}); err == nil {
		t.Error("NaN: no error")
	}
	if tau, _ := KendallTau([]float64{1, 1, 1}, []float64{1, 2, 3}); !math.IsNaN(tau) {
		t.Errorf("constant x: τ = %v, want NaN", tau)
	}
}

// TestPythonOracle compares with an independent, scipy-free Python
// implementation of the definitions (testdata/oracle.py).
func TestPythonOracle(t *testing.T) {
	py := pyoracle.Python(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 5; trial++ {
		n := 50 + rng.IntN(200)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = math.Round(rng.NormFloat64()*4) / 4 // ties
			y[i] = x[i] + math.Round(rng.NormFloat64()*2)/2
		}
		in, _ := json.Marshal(map[string][]float64{"x": x, "y": y})
		cmd := exec.Command(py, "testdata/oracle.py")
		cmd.Stdin = bytes.NewReader(in)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		var want [3]float64
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		tau, _ := KendallTau(x, y)
		rho, _ := Spearman(x, y)
		r2, _ := R2(x, y)
		for k, got := range []float64{tau, rho, r2} {
			if math.Abs(got-want[k]) > 1e-12 {
				t.Errorf("trial %d statistic %d: %v, oracle %v", trial, k, got, want[k])
			}
		}
	}
}
