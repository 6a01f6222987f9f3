package analysis

import (
	"context"
	"slices"
	"testing"
)

// TestLoadNB301Study checks the one-call set-up against the chain it
// replaces in the notebooks (NB301Data, OwnSurrogate, ReadNB301Archs,
// NB301Ops).
func TestLoadNB301Study(t *testing.T) {
	archs, _ := nb301Files(t)
	ctx := context.Background()
	m, desc := ownSurrogate(t)
	a, err := ReadNB301Archs(ctx, archs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := NB301Ops(ctx, a, m, desc, NB301Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, gm, err := LoadNB301Study(ctx, "", NB301Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gm == nil || got.Surrogate != want.Surrogate || got.Ranking != want.Ranking {
		t.Fatalf("surrogate %q ranking %q, want %q %q", got.Surrogate, got.Ranking, want.Surrogate, want.Ranking)
	}
	if !slices.Equal(got.Top, want.Top) || !slices.Equal(got.Bottom, want.Bottom) || len(got.Results) != len(want.Results) {
		t.Fatal("top / bottom / results differ from the chain's")
	}
	for i := range want.Results {
		if !slices.Equal(got.Results[i].OI, want.Results[i].OI) {
			t.Fatalf("genotype %d: OI %v, chain %v", i, got.Results[i].OI, want.Results[i].OI)
		}
	}
}
