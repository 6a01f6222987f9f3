package training

import (
	"math"
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
