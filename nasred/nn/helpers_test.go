package nn

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

func testBackend(t testing.TB) compute.Backend {
	t.Helper()
	if os.Getenv("GOMLX_BACKEND") == "" {
		t.Setenv("GOMLX_BACKEND", GoBackendConfig)
	}
	b, err := NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// randomizeTrainable sets every trainable float64 variable of store to
// random values, 0.5·N(0,1) (plus 1 for batch norm's "scale"), and returns
// the values it set.
func randomizeTrainable(t testing.TB, store *model.Store, rng *rand.Rand) map[*model.Variable][]float64 {
	t.Helper()
	set := map[*model.Variable][]float64{}
	for v := range store.IterVariables() {
		if !v.Trainable {
			continue
		}
		data := make([]float64, v.Shape().Size())
		for i := range data {
			data[i] = 0.5 * rng.NormFloat64()
			if v.Name() == "scale" {
				data[i] += 1
			}
		}
		if err := v.SetValue(tensors.FromFlatDataAndDimensions(slices.Clone(data), v.Shape().Dimensions...)); err != nil {
			t.Fatal(err)
		}
		set[v] = data
	}
	return set
}
