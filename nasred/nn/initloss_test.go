package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// crossEntropy is the mean softmax cross-entropy of logits [n,k] (row-major)
// against labels, computed in float64 (independent of the graph code).
func crossEntropy(logits []float32, labels []int, k int) float64 {
	var sum float64
	for i, y := range labels {
		row := logits[i*k : (i+1)*k]
		m := math.Inf(-1)
		for _, v := range row {
			m = max(m, float64(v))
		}
		var z float64
		for _, v := range row {
			z += math.Exp(float64(v) - m)
		}
		sum += m + math.Log(z) - float64(row[y])
	}
	return sum / float64(len(labels))
}

// TestInitialLoss checks that freshly initialised networks predict nearly
// uniform class probabilities: the cross-entropy of the main (and
// auxiliary) logits on random images and labels, in training mode at
// drop-path 0 (the first step of training), is within 0.3 of ln(10),
// as with PyTorch's nn.Linear initialisation of the classifiers. With He
// initialised classifiers it was 3–5.
func TestInitialLoss(t *testing.T) {
	backend := testBackend(t)
	const batch, classes = 32, 10
	rng := rand.New(rand.NewPCG(7, 7))
	for _, img := range []struct{ h, w, c int }{{28, 28, 1}, {32, 32, 3}} {
		pixels := make([]float32, batch*img.h*img.w*img.c)
		for i := range pixels {
			pixels[i] = float32(rng.NormFloat64())
		}
		labels := make([]int, batch)
		for i := range labels {
			labels[i] = rng.IntN(classes)
		}
		nets := map[string]Network{"nb201": tinyNets(t, img.c)["nb201"]}
		for _, cells := range []int{4, 5} {
			// Training starts with drop-path 0 (linear schedule). The last
			// cell is a normal cell, as in the paper's networks (8 and 20
			// cells): after a reduction cell the max-pooled features have a
			// positive mean that shifts every class's logit (≈ ln 10 + 0.5).
			d, err := NewDARTSNet(DARTSV2(), DARTSConfig{Channels: 4, Cells: cells, Classes: classes, InputChannels: img.c, Auxiliary: true})
			if err != nil {
				t.Fatal(err)
			}
			nets[fmt.Sprintf("darts L=%d", cells)] = d
		}
		for name, net := range nets {
			for seed := int64(1); seed <= 3; seed++ {
				store := model.NewStore()
				if err := store.SetRNGStateFromSeed(seed); err != nil {
					t.Fatal(err)
				}
				store.SetParam(model.ParamInitialSeed, seed)
				outs, err := model.CallOnceN(backend, store, func(scope *model.Scope, x *graph.Node) []*graph.Node {
					logits, aux := net.Logits(scope, x, true)
					if aux == nil {
						return []*graph.Node{logits}
					}
					return []*graph.Node{logits, aux}
				}, tensors.FromFlatDataAndDimensions(pixels, batch, img.h, img.w, img.c))
				if err != nil {
					t.Fatal(err)
				}
				for k, o := range outs {
					loss := crossEntropy(tensors.MustCopyFlatData[float32](o), labels, classes)
					what := []string{"logits", "auxiliary logits"}[k]
					t.Logf("%s %dx%dx%d seed %d: initial %s loss %.3f (ln 10 = %.3f)", name, img.h, img.w, img.c, seed, what, loss, math.Log(classes))
					if math.Abs(loss-math.Log(classes)) > 0.3 {
						t.Errorf("%s %dx%dx%d seed %d: initial %s loss %.3f, want within 0.3 of ln(10) = %.3f", name, img.h, img.w, img.c, seed, what, loss, math.Log(classes))
					}
				}
			}
		}
	}
}
