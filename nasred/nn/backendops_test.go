package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// BenchmarkBackendOps is the smallest reproducer of what limits training
// speed on GoMLX v0.28.0's pure-Go backend (doc.go): single operations on
// 2^20 float32 elements, the size of one first-stage activation at batch 64
// (16×64×32×32), and the 3×3-convolution matrix product of that layer. It
// reports CPU milliseconds per operation, measured as the difference
// between graphs holding 9 and 1 distinct copies of the operation (so that
// calling and transferring costs cancel). Copies are made distinct by
// adding a different scalar to an input first, so every line but
// "add-scalar" includes one add-scalar. PyTorch's equivalents are in the
// package's doc; compare the two on the same machine.
func BenchmarkBackendOps(b *testing.B) {
	const c, m = 16, 64 * 32 * 32
	rng := rand.New(rand.NewPCG(1, 1))
	randT := func(dims ...int) *tensors.Tensor {
		n := 1
		for _, d := range dims {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return tensors.FromFlatDataAndDimensions(v, dims...)
	}
	x := randT(c, m)
	xp := randT(c, 64, 34, 34)
	vec := randT(c, 1)
	k := randT(c, 9*c)
	cols := randT(9*c, m)
	shift := func(r int, x *Node) *Node { return AddScalar(x, float64(r)) } // makes copies distinct
	backend := testBackend(b)                                               // one backend: the input tensors live on it
	for _, tc := range []struct {
		name string
		ins  []*tensors.Tensor
		op   func(r int, in []*Node) *Node
	}{
		{"add-scalar", []*tensors.Tensor{x}, func(r int, in []*Node) *Node { return shift(r, in[0]) }},
		{"mul-same-shape", []*tensors.Tensor{x, x}, func(r int, in []*Node) *Node { return Mul(in[0], shift(r, in[1])) }},
		{"mul-per-channel-broadcast", []*tensors.Tensor{x, vec}, func(r int, in []*Node) *Node { return Mul(in[0], shift(r, in[1])) }},
		{"sign", []*tensors.Tensor{x}, func(r int, in []*Node) *Node { return Sign(shift(r, in[0])) }},
		{"slice-3x3-window", []*tensors.Tensor{xp}, func(r int, in []*Node) *Node {
			return Slice(shift(r, in[0]), AxisRange(), AxisRange(), AxisRange(1, 33), AxisRange(1, 33))
		}},
		{"transpose", []*tensors.Tensor{x}, func(r int, in []*Node) *Node { return Transpose(shift(r, in[0]), 0, 1) }},
		{"reduce-sum-rows", []*tensors.Tensor{x}, func(r int, in []*Node) *Node { return ReduceSum(shift(r, in[0]), 1) }},
		{"row-sums-as-dot", []*tensors.Tensor{x}, func(r int, in []*Node) *Node {
			return DotGeneral(shift(r, in[0]), []int{1}, nil, Ones(in[0].Graph(), shapes.Make(dtypes.Float32, 1, m)), []int{1}, nil)
		}},
		{"matmul-16x144-by-144x65536", []*tensors.Tensor{k, cols}, func(r int, in []*Node) *Node { return MatMul(shift(r, in[0]), in[1]) }}, // the add-scalar is on the small operand
	} {
		b.Run(tc.name, func(b *testing.B) {
			args := make([]any, len(tc.ins))
			for i, t := range tc.ins {
				args[i] = t
			}
			cpuPerCall := func(copies int) float64 {
				exec, err := NewExec(backend, func(in []*Node) []*Node {
					outs := make([]*Node, copies)
					for r := range copies {
						outs[r] = tc.op(r, in)
					}
					return outs
				})
				if err != nil {
					b.Fatal(err)
				}
				defer exec.Finalize()
				best := 0.0
				for i := range 5 {
					t0 := cpuSeconds()
					outs, err := exec.Call(args...)
					if err != nil {
						b.Fatal(err)
					}
					dt := cpuSeconds() - t0
					for _, o := range outs {
						o.MustFinalizeAll()
					}
					if i == 1 || (i > 1 && dt < best) {
						best = dt
					}
				}
				return best
			}
			for b.Loop() {
				b.ReportMetric((cpuPerCall(9)-cpuPerCall(1))/8*1000, "cpu-ms/op")
			}
		})
	}
}
