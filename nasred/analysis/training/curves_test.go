package training

import (
	"math"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/train"
)

func TestCurveFigures(t *testing.T) {
	a := &train.Result{Rows: []train.Row{{Step: 1, TrainLoss: 2, ValAccuracy: 0.3, TestAccuracy: math.NaN()}, {Step: 2, TrainLoss: 1, ValAccuracy: 0.5, TestAccuracy: 0.5}}}
	b := &train.Result{Rows: []train.Row{{Step: 2, TrainLoss: 1.5, ValAccuracy: math.NaN(), TestAccuracy: 0.4}}}
	l, acc, err := CurveFigures([]string{"a", "b"}, []*train.Result{a, b})
	if err != nil || l == nil || acc == nil {
		t.Fatalf("%v %v %v", l, acc, err)
	}
	if _, _, err := CurveFigures([]string{"a"}, []*train.Result{a, b}); err == nil {
		t.Fatal("mismatched names accepted")
	}
	if _, _, err := CurveFigures([]string{"a"}, []*train.Result{{}}); err == nil {
		t.Fatal("empty run accepted")
	}
}

// TestSeedCurves: the mean and sample sd over seeds at every step, and
// runs of different steps refused.
func TestSeedCurves(t *testing.T) {
	run := func(l1, l2, a1, a2 float64) *train.Result {
		return &train.Result{Rows: []train.Row{{Step: 5, TrainLoss: l1, ValAccuracy: a1}, {Step: 10, TrainLoss: l2, ValAccuracy: a2}}}
	}
	loss, acc, err := seedCurves("c", []*train.Result{run(2, 1, 0.2, 0.6), run(1, 0.5, 0.4, 0.8), run(3, 1.5, 0.3, 0.7)})
	if err != nil {
		t.Fatal(err)
	}
	// Means 2, 1 and 0.3, 0.7; sds 1, 0.5 and 0.1, 0.1.
	near := func(a, b []float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-12 {
				return false
			}
		}
		return len(a) == len(b)
	}
	if !near(loss.X, []float64{5, 10}) || !near(loss.Y, []float64{2, 1}) || !near(loss.Err, []float64{1, 0.5}) ||
		!near(acc.Y, []float64{0.3, 0.7}) || !near(acc.Err, []float64{0.1, 0.1}) {
		t.Errorf("loss %+v, accuracy %+v", loss, acc)
	}
	if loss, _, err := seedCurves("c", []*train.Result{run(2, 1, 0.2, 0.6)}); err != nil || loss.Err != nil {
		t.Errorf("one run: %+v %v", loss, err)
	}
	other := run(1, 1, 1, 1)
	other.Rows[1].Step = 11
	if _, _, err := seedCurves("c", []*train.Result{run(2, 1, 0.2, 0.6), other}); err == nil || !strings.Contains(err.Error(), "steps 10 and 11") {
		t.Errorf("different steps: %v", err)
	}
	if _, _, err := SeedCurveFigures([]string{"a", "b"}, [][]*train.Result{{run(2, 1, 0.2, 0.6)}, {}}); err == nil {
		t.Error("configuration without runs accepted")
	}
}
