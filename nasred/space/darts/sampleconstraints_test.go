package darts

import (
	"context"
	"slices"
	"testing"
)

func TestSampleConstraints(t *testing.T) {
	ctx := context.Background()
	cs := BuiltinNames()
	got, err := SampleConstraints(ctx, cs, 5, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(cs) {
		t.Fatalf("%d sample sets for %d constraints", len(got), len(cs))
	}
	for k, c := range cs {
		want, err := SampleN(ctx, SampleOptions{Constraint: c, N: 5, Seed: 7 + uint64(k)})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[k], want) {
			t.Errorf("%s: SampleConstraints differs from SampleN with seed %d", c, 7+k)
		}
	}
	for _, bad := range []struct {
		cs []string
		n  int
	}{{cs, 0}, {cs, -1}, {[]string{"nope"}, 3}} {
		if _, err := SampleConstraints(ctx, bad.cs, bad.n, 0); err == nil {
			t.Errorf("SampleConstraints(%v, %d) accepted", bad.cs, bad.n)
		}
	}
}

func TestOpNames(t *testing.T) {
	want := []string{"max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"}
	if got := OpNames(); !slices.Equal(got, want) {
		t.Errorf("OpNames() = %v, want %v", got, want)
	}
}
