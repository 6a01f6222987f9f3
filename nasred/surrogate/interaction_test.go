package surrogate

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

// TestInteractionParamsCV checks the interaction preset against the
// stumps by 5-fold cross-validation on the 725 labelled NB301 genotypes,
// on a fold seed not used to choose it. Measured (seed 1): stumps τ
// 0.774, R² 0.866; InteractionParams τ 0.789, R² 0.881.
func TestInteractionParamsCV(t *testing.T) {
	if testing.Short() {
		t.Skip("5-fold CV of 6000 trees")
	}
	d := dataDir(t)
	ctx := context.Background()
	l, err := ReadLabels(ctx, filepath.Join(d, "nb301", "naslib_zc_nasbench301.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]Scores{}
	for name, p := range map[string]gbt.Params{"stumps": gbt.DefaultParams(), "interaction": gbt.InteractionParams()} {
		r, err := CrossValidate(ctx, l.Genotypes, l.ValErrors, CVOptions{Folds: 5, Train: TrainOptions{Params: &p, Seed: 1}})
		if err != nil {
			t.Fatal(err)
		}
		scores[name] = r.Pooled
	}
	t.Logf("5-fold CV, seed 1: stumps %+v, interaction %+v", scores["stumps"], scores["interaction"])
	if s, i := scores["stumps"], scores["interaction"]; i.KendallTau < 0.78 || i.KendallTau <= s.KendallTau || i.R2 <= s.R2 {
		t.Errorf("interaction preset no better than stumps: %+v vs %+v", i, s)
	}
}
