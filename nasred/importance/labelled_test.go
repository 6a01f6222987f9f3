package importance

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSelectLabelledByHand(t *testing.T) {
	nan := math.NaN()
	// Nine labelled architectures; by hand, sorted labels: 0.01 (7),
	// 0.05 (2), 0.07 (5), 0.09 (11), 0.1 (0), 0.12 (10), 0.15 (9), 0.2
	// (3), 0.3 (6). A quarter of nine is floor(2.25) = 2.
	labels := []float64{0.1, nan, 0.05, 0.2, nan, 0.07, 0.3, 0.01, nan, 0.15, 0.12, 0.09}
	opt := SelectOptions{Fraction: 0.25, MiddleFraction: 0.3, Seed: 4}
	for _, tc := range []struct {
		sel  Selection
		want []int
	}{
		{Top, []int{2, 7}},
		{Bottom, []int{3, 6}},
		{All, []int{0, 2, 3, 5, 6, 7, 9, 10, 11}},
	} {
		got, n, err := SelectLabelled(labels, tc.sel, opt)
		if err != nil || n != 9 || !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, %d labelled, %v; want %v, 9", tc.sel, got, n, err, tc.want)
		}
	}
	// Middle: floor(0.3·9) = 2 of the five middle ones 0, 5, 9, 10, 11.
	got, _, err := SelectLabelled(labels, Middle, opt)
	if err != nil || len(got) != 2 {
		t.Fatalf("middle: %v, %v", got, err)
	}
	for _, p := range got {
		if !slices.Contains([]int{0, 5, 9, 10, 11}, p) {
			t.Errorf("middle picked %d, not a middle labelled architecture", p)
		}
	}
	if _, _, err := SelectLabelled([]float64{nan, nan}, Top, opt); err == nil || !strings.Contains(err.Error(), "none of 2 architectures has a label") {
		t.Errorf("all unlabelled: %v", err)
	}
	if _, _, err := SelectLabelled([]float64{0.1, math.Inf(1)}, Top, opt); err == nil || !strings.Contains(err.Error(), "architecture 1 has label +Inf") {
		t.Errorf("infinite label: %v", err)
	}
	if _, _, err := SelectLabelled([]float64{0.1}, Top, SelectOptions{Fraction: 0.9}); err == nil {
		t.Error("fraction 0.9 accepted")
	}
}

// TestSelectLabelledAllLabelled: with every label present it is Select.
func TestSelectLabelledAllLabelled(t *testing.T) {
	errs := make([]float64, 200)
	for i := range errs {
		errs[i] = math.Mod(float64(i)*0.618, 1)
	}
	for _, sel := range []Selection{All, Top, Bottom, Middle, Uniform} {
		opt := SelectOptions{N: 30, Seed: 2}
		a, err := Select(errs, sel, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, n, err := SelectLabelled(errs, sel, opt)
		if err != nil || n != len(errs) || !slices.Equal(a, b) {
			t.Errorf("%v: Select %v, SelectLabelled %v (%d, %v)", sel, a, b, n, err)
		}
	}
}
