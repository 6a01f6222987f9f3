package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/nasred/nasred/internal/pyoracle"
)

// haveTorch returns the first python3 on $PATH that imports torch (Debian's
// python3-torch 1.13.1 here), or skips t.
func haveTorch(t *testing.T) string {
	t.Helper()
	return pyoracle.Python(t, "torch")
}

type jsonTensor struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

// TestForwardMatchesTorch runs each operation in training mode (batch
// statistics) on random inputs with random weights (BN scale/offset too),
// and compares its output with PyTorch's modules built from the same
// weights (testdata/torch_ops.py).
func TestForwardMatchesTorch(t *testing.T) {
	torchPython := haveTorch(t)
	backend := testBackend(t)
	cases := []struct {
		op     string
		stride int
		dims   []int
	}{
		{"max_pool_3x3", 1, []int{2, 5, 5, 3}},
		{"max_pool_3x3", 2, []int{2, 6, 6, 3}},
		{"avg_pool_3x3", 1, []int{2, 5, 5, 3}},
		{"avg_pool_3x3", 2, []int{2, 7, 7, 3}},
		{"skip_connect", 2, []int{2, 6, 6, 4}},
		{"sep_conv_3x3", 1, []int{2, 6, 6, 3}},
		{"sep_conv_5x5", 2, []int{2, 8, 8, 3}},
		{"dil_conv_3x3", 2, []int{2, 8, 8, 3}},
		{"dil_conv_5x5", 1, []int{2, 7, 7, 3}},
		{"nor_conv_1x1", 1, []int{2, 5, 5, 3}},
		{"nor_conv_3x3", 1, []int{2, 5, 5, 3}},
		{"nor_conv_3x3", 1, []int{2, 32, 32, 3}}, // windows in the flattened frame (flatcols.go)
		{"nor_conv_3x3", 1, []int{2, 28, 28, 2}},
		{"residual_reduce", 2, []int{2, 6, 6, 3}},
	}
	type result struct {
		got  []float64
		dims []int
	}
	var inputs []map[string]any
	var results []result
	for ci, tc := range cases {
		rng := rand.New(rand.NewPCG(uint64(ci), 9))
		store := model.NewStore()
		n := 1
		for _, d := range tc.dims {
			n *= d
		}
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		fwd, err := model.NewExec(backend, store, func(scope *model.Scope, xn *Node) *Node {
			if tc.op == "residual_reduce" {
				return ResidualReduce(scope.In("op"), xn, 2*tc.dims[3], true)
			}
			return Op(scope.In("op"), tc.op, xn, tc.stride, true)
		})
		if err != nil {
			t.Fatal(err)
		}
		input := func() *tensors.Tensor {
			return tensors.FromFlatDataAndDimensions(append([]float64(nil), x...), tc.dims...)
		}
		if _, err := fwd.Call1(input()); err != nil { // creates and initialises variables
			t.Fatal(err)
		}
		vars := map[string]jsonTensor{}
		for v, data := range randomizeTrainable(t, store, rng) {
			vars[v.Path()] = jsonTensor{v.Shape().Dimensions, data}
		}
		out, err := fwd.Call1(input())
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, result{tensors.MustCopyFlatData[float64](out), out.Shape().Dimensions})
		inputs = append(inputs, map[string]any{"op": tc.op, "stride": tc.stride, "x": jsonTensor{tc.dims, x}, "vars": vars})
	}

	dir := t.TempDir()
	in, outPath := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	b, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(torchPython, "testdata/torch_ops.py", in, outPath).CombinedOutput(); err != nil {
		t.Fatalf("torch reference: %v\n%s", err, msg)
	}
	var want []struct{ Y []float64 }
	if b, err = os.ReadFile(outPath); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(cases) {
		t.Fatalf("torch returned %d results for %d cases", len(want), len(cases))
	}
	for ci, tc := range cases {
		got, wantY := results[ci].got, want[ci].Y
		name := fmt.Sprintf("%s/stride%d", tc.op, tc.stride)
		if len(wantY) != len(got) {
			t.Errorf("%s: output size %d (shape %v), torch %d", name, len(got), results[ci].dims, len(wantY))
			continue
		}
		for i := range got {
			if math.Abs(got[i]-wantY[i]) > 1e-9*(1+math.Abs(wantY[i])) {
				t.Errorf("%s: element %d: %v, torch %v", name, i, got[i], wantY[i])
				break
			}
		}
	}
}
