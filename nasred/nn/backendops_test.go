package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// BenchmarkBackendOps is the smallest reproducer of what limits training
// speed on GoMLX v0.28.0's pure-Go backend (doc.go): single operations on
// 2^20 float32 elements, the size of one first-stage activation at batch 64
// (16×64×32×32), the three matrix products of that layer's 3×3 convolution
// (and the orientations of the weight gradient's that were tried), batch
// norm's per-channel maps as broadcasts and as products, and the depthwise
// products. It reports CPU milliseconds per operation, measured as the
// difference between graphs holding 9 and 1 distinct copies of the
// operation (so that calling and transferring costs cancel). Copies are
// made distinct by adding a different scalar to an input first, so every
// line but "add-scalar" includes one add-scalar (of the small operand where
// there is one). PyTorch's equivalents: scripts/gpu/torch_backend_ops.py;
// compare the two on the same machine.
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
	x4 := randT(c, 64, 32, 32)
	wdw3 := randT(c, 1, 9)
	cols3c := randT(c, 9, m)
	bvec := randT(1, 64, 1, 1)
	x3d := randT(c, 1, m)
	vec3 := randT(c, 1, 1)
	aff := randT(c, c+1)
	aff2 := randT(c, 2*c+1)
	xT := randT(m, c)
	colsT := randT(m, 9*c)
	cols3 := randT(64, 9*c, 1024)
	x3 := randT(64, c, 1024)
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
		{"pad-spatial-1", []*tensors.Tensor{x4}, func(r int, in []*Node) *Node {
			return Pad(shift(r, in[0]), Scalar(in[0].Graph(), dtypes.Float32, 0), compute.PadAxis{}, compute.PadAxis{}, compute.PadAxis{Start: 1, End: 1}, compute.PadAxis{Start: 1, End: 1})
		}},
		{"concat-3-shifted-copies", []*tensors.Tensor{x}, func(r int, in []*Node) *Node {
			f := shift(r, in[0])
			return Concatenate([]*Node{f, f, f, Zeros(in[0].Graph(), shapes.Make(dtypes.Float32, c, 3))}, 1)
		}},
		{"matmul-wgrad-144x65536-by-16x65536T", []*tensors.Tensor{cols, x}, func(r int, in []*Node) *Node {
			return DotGeneral(in[0], []int{1}, nil, shift(r, in[1]), []int{1}, nil)
		}},
		{"matmul-wgrad-16x65536-by-144x65536T", []*tensors.Tensor{x, cols}, func(r int, in []*Node) *Node {
			return DotGeneral(shift(r, in[0]), []int{1}, nil, in[1], []int{1}, nil)
		}},
		{"matmul-wgrad-NT-144x65536-by-65536x16", []*tensors.Tensor{cols, xT}, func(r int, in []*Node) *Node {
			return DotGeneral(in[0], []int{1}, nil, shift(r, in[1]), []int{0}, nil)
		}},
		{"matmul-wgrad-NT-16x65536-by-65536x144", []*tensors.Tensor{x, colsT}, func(r int, in []*Node) *Node {
			return DotGeneral(shift(r, in[0]), []int{1}, nil, in[1], []int{0}, nil)
		}},
		{"bn-affine-broadcast", []*tensors.Tensor{x3d, vec3, vec3}, func(r int, in []*Node) *Node {
			return Add(Mul(in[0], shift(r, in[1])), in[2])
		}},
		{"bn-affine-matmul", []*tensors.Tensor{x, aff}, func(r int, in []*Node) *Node {
			ones := Ones(in[0].Graph(), shapes.Make(dtypes.Float32, 1, m))
			return DotGeneral(shift(r, in[1]), []int{1}, nil, Concatenate([]*Node{in[0], ones}, 0), []int{0}, nil)
		}},
		{"bn-backward-broadcast", []*tensors.Tensor{x3d, x3d, vec3, vec3, vec3}, func(r int, in []*Node) *Node {
			return Add(Add(Mul(in[0], shift(r, in[2])), Mul(in[1], in[3])), in[4])
		}},
		{"bn-backward-matmul", []*tensors.Tensor{x, x, aff2}, func(r int, in []*Node) *Node {
			ones := Ones(in[0].Graph(), shapes.Make(dtypes.Float32, 1, m))
			return DotGeneral(shift(r, in[2]), []int{1}, nil, Concatenate([]*Node{in[0], in[1], ones}, 0), []int{0}, nil)
		}},
		{"per-sample-broadcast-mul", []*tensors.Tensor{x4, bvec}, func(r int, in []*Node) *Node {
			return Mul(in[0], shift(r, in[1]))
		}},
		{"per-sample-broadcastindim-then-mul", []*tensors.Tensor{x4, bvec}, func(r int, in []*Node) *Node {
			return Mul(in[0], BroadcastToDims(shift(r, in[1]), c, 64, 32, 32))
		}},
		{"relu-grad-min-mul", []*tensors.Tensor{x, x}, func(r int, in []*Node) *Node {
			return Mul(in[0], MinScalar(MulScalar(shift(r, in[1]), 1e30), 1))
		}},
		{"relu-grad-where", []*tensors.Tensor{x, x}, func(r int, in []*Node) *Node {
			return Where(GreaterThan(shift(r, in[1]), ScalarZero(in[0].Graph(), dtypes.Float32)), in[0], ZerosLike(in[0]))
		}},
		{"relu-grad-sign-mul", []*tensors.Tensor{x, x}, func(r int, in []*Node) *Node {
			return Mul(in[0], Sign(shift(r, in[1])))
		}},
		{"relu", []*tensors.Tensor{x}, func(r int, in []*Node) *Node { return MaxScalar(shift(r, in[0]), 0) }},
		{"add-same-shape", []*tensors.Tensor{x, x}, func(r int, in []*Node) *Node { return Add(in[0], shift(r, in[1])) }},
		{"depthwise-batched-16x1x9-by-16x9xM", []*tensors.Tensor{wdw3, cols3c}, func(r int, in []*Node) *Node {
			return DotGeneral(shift(r, in[0]), []int{2}, []int{0}, in[1], []int{1}, []int{0})
		}},
		{"depthwise-blockdiag-16x144-by-144xM", []*tensors.Tensor{k, cols}, func(r int, in []*Node) *Node {
			return DotGeneral(shift(r, in[0]), []int{1}, nil, in[1], []int{0}, nil)
		}},
		{"depthwise-wgrad-batched-16x9xM-by-16x1xM", []*tensors.Tensor{cols3c, x3d}, func(r int, in []*Node) *Node {
			return DotGeneral(in[0], []int{2}, []int{0}, shift(r, in[1]), []int{2}, []int{0})
		}},
		{"depthwise-wgrad-9-chandots", []*tensors.Tensor{x3d, x3d}, func(r int, in []*Node) *Node {
			outs := make([]*Node, 9)
			for t := range outs {
				outs[t] = DotGeneral(in[0], []int{2}, []int{0}, shift(r*9+t, in[1]), []int{2}, []int{0})
			}
			return Concatenate(outs, 1)
		}},
		{"matmul-wgrad-batched-64", []*tensors.Tensor{cols3, x3}, func(r int, in []*Node) *Node {
			return ReduceSum(DotGeneral(in[0], []int{2}, []int{0}, shift(r, in[1]), []int{2}, []int{0}), 0)
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
