package numpysum

import "testing"

func TestSumOrder(t *testing.T) {
	// Below 8 values: a running sum, left to right. 1e8 + 1 + ... in
	// float32 loses every 1, the pairwise blocks keep them.
	seq := []float32{1e8, 1, 1, 1}
	if got := Sum(seq); got != 1e8 {
		t.Fatalf("running sum = %v, want 1e8", got)
	}
	// Nine values: accumulators r0..r7 start at a[0..7], a[8] is added
	// after the pairwise combination.
	a := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	if got := Sum(a); got != 45 {
		t.Fatalf("Sum = %v", got)
	}
	// Beyond 128 values the halves are summed separately.
	big := make([]float32, 1000)
	for i := range big {
		big[i] = 0.1
	}
	want := Sum(big[:496]) + Sum(big[496:])
	if got := Sum(big); got != want {
		t.Fatalf("Sum(1000) = %v, want %v", got, want)
	}
	if Sum([]float64(nil)) != 0 {
		t.Fatal("empty sum")
	}
}
