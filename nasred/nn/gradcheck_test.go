package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// gradCheck compares the autodiff gradients of L = Σ y·w (w a fixed
// non-uniform weighting, y = fn(x)) with respect to x and every trainable
// variable against central finite differences in float64, at up to
// probes randomly chosen elements per tensor.
func gradCheck(t *testing.T, fn func(scope *model.Scope, x *Node) *Node, xDims []int, probes int) {
	t.Helper()
	backend := testBackend(t)
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(42); err != nil { // deterministic initial weights
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 1
	for _, d := range xDims {
		n *= d
	}
	xData := make([]float64, n)
	for i := range xData {
		xData[i] = rng.NormFloat64()
	}
	var vars []*model.Variable
	lossOf := func(scope *model.Scope, x *Node) *Node {
		y := fn(scope.In("op"), x)
		w := Sin(AddScalar(MulScalar(IotaFull(x.Graph(), y.Shape()), 0.37), 0.1))
		return ReduceAllSum(Mul(y, w))
	}
	gradExec, err := model.NewExec(backend, store, func(scope *model.Scope, x *Node) []*Node {
		loss := lossOf(scope, x)
		vars = vars[:0]
		nodes := []*Node{x}
		for v := range scope.IterVariables() {
			if v.Trainable && v.InUseByGraph(x.Graph()) {
				vars = append(vars, v)
				nodes = append(nodes, v.NodeValue(x.Graph()))
			}
		}
		return append([]*Node{loss}, Gradient(loss, nodes...)...)
	})
	if err != nil {
		t.Fatal(err)
	}
	lossExec, err := model.NewExec(backend, store, lossOf)
	if err != nil {
		t.Fatal(err)
	}
	xTensor := func(data []float64) *tensors.Tensor {
		return tensors.FromFlatDataAndDimensions(append([]float64(nil), data...), xDims...)
	}
	outs, err := gradExec.Call(xTensor(xData))
	if err != nil {
		t.Fatal(err)
	}
	loss := func() float64 {
		out, err := lossExec.Call1(xTensor(xData))
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float64](out)[0]
	}
	check := func(name string, grad []float64, get func(i int) float64, set func(i int, v float64)) {
		t.Helper()
		fd := func(i int, eps float64) float64 {
			orig := get(i)
			set(i, orig+eps)
			lp := loss()
			set(i, orig-eps)
			lm := loss()
			set(i, orig)
			return (lp - lm) / (2 * eps)
		}
		close := func(a, b float64) bool {
			return math.Abs(a-b) <= 1e-6+1e-5*math.Max(math.Abs(a), math.Abs(b))
		}
		for p := 0; p < probes && p < len(grad); p++ {
			i := rng.IntN(len(grad))
			if probes >= len(grad) {
				i = p
			}
			// A step across a kink of ReLU or max makes a finite difference
			// wrong; a 100× smaller step almost never crosses one.
			if d := fd(i, 1e-5); !close(d, grad[i]) {
				if d2 := fd(i, 1e-7); !close(d2, grad[i]) {
					t.Errorf("%s[%d]: autodiff gradient %.10g, finite differences %.10g (step 1e-5), %.10g (step 1e-7)", name, i, grad[i], d, d2)
				}
			}
		}
	}
	check("x", tensors.MustCopyFlatData[float64](outs[1]), func(i int) float64 { return xData[i] }, func(i int, v float64) { xData[i] = v })
	for k, v := range vars {
		data := tensors.MustCopyFlatData[float64](v.MustValue())
		dims := v.Shape().Dimensions
		setVar := func(i int, val float64) {
			data[i] = val
			if err := v.SetValue(tensors.FromFlatDataAndDimensions(append([]float64(nil), data...), dims...)); err != nil {
				t.Fatal(err)
			}
		}
		check(v.Path(), tensors.MustCopyFlatData[float64](outs[2+k]), func(i int) float64 { return data[i] }, setVar)
	}
	if len(outs) != 2+len(vars) {
		t.Fatalf("%d outputs, want %d", len(outs), 2+len(vars))
	}
}

func TestGradOps(t *testing.T) {
	ops := []string{"none", "skip_connect", "max_pool_3x3", "avg_pool_3x3", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5", "nor_conv_1x1", "nor_conv_3x3"}
	for _, op := range ops {
		for _, stride := range []int{1, 2} {
			for _, training := range []bool{true, false} {
				t.Run(fmt.Sprintf("%s/stride%d/training=%v", op, stride, training), func(t *testing.T) {
					gradCheck(t, func(scope *model.Scope, x *Node) *Node {
						return Op(scope, op, x, stride, training)
					}, []int{2, 6, 6, 3}, 6)
				})
			}
		}
	}
}

func TestGradBlocks(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(scope *model.Scope, x *Node) *Node
		dims []int
	}{
		{"batchnorm/train", func(s *model.Scope, x *Node) *Node { return BatchNorm(s, x, true) }, []int{3, 2, 2, 3}},
		{"batchnorm/infer", func(s *model.Scope, x *Node) *Node { return BatchNorm(s, x, false) }, []int{3, 2, 2, 3}},
		{"factorized_reduce/odd", func(s *model.Scope, x *Node) *Node { return FactorizedReduce(s, x, 4, true) }, []int{2, 5, 5, 3}},
		{"factorized_reduce/even", func(s *model.Scope, x *Node) *Node { return FactorizedReduce(s, x, 5, true) }, []int{2, 6, 4, 3}},
		{"relu_conv_bn/3x3/s2/cout5", func(s *model.Scope, x *Node) *Node { return ReLUConvBN(s, x, 5, 3, 2, true) }, []int{2, 5, 5, 3}},
		{"residual_reduce", func(s *model.Scope, x *Node) *Node { return ResidualReduce(s, x, 4, true) }, []int{2, 6, 6, 2}},
		{"avg_pool_2x2", func(s *model.Scope, x *Node) *Node { return AvgPool(x, 2, 2, 0) }, []int{2, 4, 4, 2}},
		{"aux_head/7x7", func(s *model.Scope, x *Node) *Node { return auxHead(s, x, 3, true) }, []int{3, 7, 7, 2}},
		{"aux_head/8x8", func(s *model.Scope, x *Node) *Node { return auxHead(s, x, 3, true) }, []int{3, 8, 8, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) { gradCheck(t, tc.fn, tc.dims, 6) })
	}
}
