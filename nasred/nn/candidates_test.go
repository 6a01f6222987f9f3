package nn

// The package's earlier implementations (NHWC, gradients derived by GoMLX)
// and GoMLX's native convolution, kept as independent oracles for the fused
// channel-major operations and as the baselines of BenchmarkCandidates (the
// table in doc.go).

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// refPad pads axes 1 and 2 of NHWC x with p zeros by concatenation.
func refPad(x *Node, p int) *Node {
	if p == 0 {
		return x
	}
	d := x.Shape().Dimensions
	zeros := func(dims ...int) *Node { return Zeros(x.Graph(), shapes.Make(x.DType(), dims...)) }
	x = Concatenate([]*Node{zeros(d[0], p, d[2], d[3]), x, zeros(d[0], p, d[2], d[3])}, 1)
	return Concatenate([]*Node{zeros(d[0], d[1]+2*p, p, d[3]), x, zeros(d[0], d[1]+2*p, p, d[3])}, 2)
}

// refWindow is tap (i, j) of an NHWC window (dilation d, stride s).
func refWindow(xp *Node, i, j, d, s, ho, wo int) *Node {
	return Slice(xp, AxisRange(), AxisRange(i*d, i*d+(ho-1)*s+1).Stride(s), AxisRange(j*d, j*d+(wo-1)*s+1).Stride(s), AxisRange())
}

// refConv is the earlier conv2D: im2col of NHWC x [B,H,W,Cin] and one matrix
// product with w [k,k,Cin,Cout], as out^T = W^T·cols^T.
func refConv(x, w *Node, s, d, p int) *Node {
	dims, wd := x.Shape().Dimensions, w.Shape().Dimensions
	b, h, wi, cin := dims[0], dims[1], dims[2], dims[3]
	k, cout := wd[0], wd[3]
	ho, wo := outSize(h, k, d, s, p), outSize(wi, k, d, s, p)
	xp := refPad(x, p)
	var taps []*Node
	for i := range k {
		for j := range k {
			taps = append(taps, refWindow(xp, i, j, d, s, ho, wo))
		}
	}
	cols := Reshape(Concatenate(taps, 3), b*ho*wo, k*k*cin)
	wT := Transpose(Reshape(w, k*k*cin, cout), 0, 1)
	return Reshape(Transpose(DotGeneral(wT, []int{1}, nil, cols, []int{1}, nil), 0, 1), b, ho, wo, cout)
}

// refDepthwise is the earlier depthwiseConv2D: shift-and-multiply of NHWC x
// with w [k,k,1,C].
func refDepthwise(x, w *Node, s, d, p int) *Node {
	dims := x.Shape().Dimensions
	k, c := w.Shape().Dimensions[0], dims[3]
	ho, wo := outSize(dims[1], k, d, s, p), outSize(dims[2], k, d, s, p)
	xp := refPad(x, p)
	var out *Node
	for i := range k {
		for j := range k {
			tap := Reshape(Slice(w, AxisElem(i), AxisElem(j), AxisRange(), AxisRange()), 1, 1, 1, c)
			term := Mul(refWindow(xp, i, j, d, s, ho, wo), tap)
			if out == nil {
				out = term
			} else {
				out = Add(out, term)
			}
		}
	}
	return out
}

// refBatchNorm is the earlier training-mode batch norm of NHWC x (batch
// statistics, biased variance, gradients derived through them).
func refBatchNorm(x, gamma, beta *Node) *Node {
	c := x.Shape().Dimensions[3]
	mean := ReduceMean(x, 0, 1, 2)
	centred := Sub(x, Reshape(mean, 1, 1, 1, c))
	variance := ReduceMean(Square(centred), 0, 1, 2)
	normed := Div(centred, Sqrt(AddScalar(Reshape(variance, 1, 1, 1, c), bnEpsilon)))
	return Add(Mul(normed, Reshape(gamma, 1, 1, 1, c)), Reshape(beta, 1, 1, 1, c))
}

// refReLU is the earlier relu.
func refReLU(x *Node) *Node { return Max(x, ZerosLike(x)) }

// unitCase is one configuration of convUnit.
type unitCase struct {
	k, d      int
	depthwise bool
	useReLU   bool
	cOut      int
	flat      bool // windows in the flattened frame (convUnitFlat), else slices (convUnitSlices)
}

// unitWith is convUnit with its window strategy forced: the flattened
// frame (flat) or slices, whatever the image size.
func unitWith(flat bool) func(x *Node, useReLU bool, dwScope, convScope, bnScope *model.Scope, cOut, k, d int, training bool) *Node {
	return func(x *Node, useReLU bool, dwScope, convScope, bnScope *model.Scope, cOut, k, d int, training bool) *Node {
		u := newUnit(x, useReLU, dwScope, convScope, bnScope, cOut, k, d)
		if flat {
			return convUnitFlat(u, training)
		}
		return convUnitSlices(u, training)
	}
}

func (uc unitCase) String() string {
	kind := "conv"
	if uc.depthwise {
		kind = "dw+pw"
	}
	if uc.flat {
		kind = "flat-" + kind
	}
	return fmt.Sprintf("%s%dx%d/d%d/relu=%v/cout%d", kind, uc.k, uc.k, uc.d, uc.useReLU, uc.cOut)
}

// unitVars returns the variables of the unit built under the scope path
// base, in the order convUnit's inputs use them.
func unitVars(store *model.Store, base string, uc unitCase) []*model.Variable {
	vars := []*model.Variable{store.GetVariable(base + "/conv/weights")}
	if uc.depthwise {
		vars = append(vars, store.GetVariable(base+"/dw/weights"))
	}
	return append(vars, store.GetVariable(base+"/bn/bn/scale"), store.GetVariable(base+"/bn/bn/offset"))
}

// buildUnit applies convUnit (now) or the reference composition (before)
// to NHWC x with the variables under the scope path base (created by
// whichever is built first).
func buildUnit(store *model.Store, base string, x *Node, uc unitCase, reference bool) *Node {
	sc := func(name string) *model.Scope { return store.Scope(base + "/" + name) }
	var dwScope *model.Scope
	if uc.depthwise {
		dwScope = sc("dw")
	}
	if !reference {
		return fromCM(unitWith(uc.flat)(toCM(x), uc.useReLU, dwScope, sc("conv"), sc("bn"), uc.cOut, uc.k, uc.d, true))
	}
	g, dt := x.Graph(), x.DType()
	cin := x.Shape().Dimensions[3]
	y := x
	if uc.useReLU {
		y = refReLU(y)
	}
	p := uc.d * (uc.k - 1) / 2
	if uc.depthwise {
		y = refDepthwise(y, dwScope.VariableWithShape("weights", shapes.Make(dt, uc.k, uc.k, 1, cin)).NodeValue(g), 1, uc.d, p)
		y = refConv(y, sc("conv").VariableWithShape("weights", shapes.Make(dt, 1, 1, cin, uc.cOut)).NodeValue(g), 1, 1, 0)
	} else {
		y = refConv(y, sc("conv").VariableWithShape("weights", shapes.Make(dt, uc.k, uc.k, cin, uc.cOut)).NodeValue(g), 1, uc.d, p)
	}
	bn := newBN(sc("bn"), dt, uc.cOut, g)
	return refBatchNorm(y, bn.gamma, bn.beta)
}

// TestConvUnitMatchesReference compares the fused operation's output and
// hand-written gradients (input, weights, γ, β) with the earlier NHWC
// implementation's and their derived gradients, in float64 with random
// weights, for full, 1×1, depthwise and dilated units, and does the same
// for the flattened-frame candidate (flatcols_test.go).
func TestConvUnitMatchesReference(t *testing.T) {
	backend := testBackend(t)
	for ci, uc := range []unitCase{
		{3, 1, false, true, 4, false}, {1, 1, false, true, 5, false}, {3, 1, false, false, 4, false},
		{3, 1, true, true, 4, false}, {5, 1, true, true, 3, false}, {3, 2, true, true, 4, false}, {5, 2, true, true, 2, false},
		{3, 1, false, true, 4, true}, {3, 2, false, false, 4, true}, {3, 1, true, true, 4, true}, {5, 2, true, true, 2, true},
	} {
		t.Run(uc.String(), func(t *testing.T) {
			dims := []int{2, 7, 6, 3}
			rng := rand.New(rand.NewPCG(uint64(ci), 3))
			x := make([]float64, 2*7*6*3)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			store := model.NewStore()
			exec, err := model.NewExec(backend, store, func(scope *model.Scope, xn *Node) []*Node {
				var outs []*Node
				for _, ref := range []bool{false, true} {
					y := buildUnit(store, "/unit", xn, uc, ref)
					w := Sin(AddScalar(MulScalar(IotaFull(xn.Graph(), y.Shape()), 0.37), 0.1))
					loss := ReduceAllSum(Mul(y, w))
					wrt := []*Node{xn}
					for _, v := range unitVars(store, "/unit", uc) {
						wrt = append(wrt, v.NodeValue(xn.Graph()))
					}
					outs = append(outs, y)
					outs = append(outs, Gradient(loss, wrt...)...)
				}
				return outs
			})
			if err != nil {
				t.Fatal(err)
			}
			input := func() *tensors.Tensor { return tensors.FromFlatDataAndDimensions(slices.Clone(x), dims...) }
			if _, err := exec.Call(input()); err != nil { // creates the variables
				t.Fatal(err)
			}
			randomizeTrainable(t, store, rng)
			outs, err := exec.Call(input())
			if err != nil {
				t.Fatal(err)
			}
			half := len(outs) / 2
			names := []string{"output", "grad x", "grad weights"}
			if uc.depthwise {
				names = append(names, "grad depthwise weights")
			}
			names = append(names, "grad scale", "grad offset")
			for i := range half {
				got, want := tensors.MustCopyFlatData[float64](outs[i]), tensors.MustCopyFlatData[float64](outs[half+i])
				if len(got) != len(want) {
					t.Fatalf("%s: %d values, reference %d", names[i], len(got), len(want))
				}
				for j := range got {
					if math.Abs(got[j]-want[j]) > 1e-9*(1+math.Abs(want[j])) {
						t.Errorf("%s[%d] = %.12g, reference %.12g", names[i], j, got[j], want[j])
						break
					}
				}
			}
		})
	}
}

// TestChanSumDot checks the per-channel sums and dot products on both sides
// of the small-product threshold (row dot products below, ReduceSum above)
// against sums in Go.
func TestChanSumDot(t *testing.T) {
	backend := testBackend(t)
	for _, m := range []int{7, smallDotFlops/3 + 1} {
		const c = 3
		rng := rand.New(rand.NewPCG(uint64(m), 5))
		a, b := make([]float32, c*m), make([]float32, c*m)
		for i := range a {
			a[i], b[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
		exec, err := NewExec(backend, func(a, b *Node) []*Node { return []*Node{chanSum(a), chanDot(a, b)} })
		if err != nil {
			t.Fatal(err)
		}
		outs, err := exec.Call(tensors.FromFlatDataAndDimensions(a, c, 1, m), tensors.FromFlatDataAndDimensions(b, c, 1, m))
		if err != nil {
			t.Fatal(err)
		}
		sums, dots := tensors.MustCopyFlatData[float32](outs[0]), tensors.MustCopyFlatData[float32](outs[1])
		for ch := range c {
			var s, d float64
			for i := range m {
				s += float64(a[ch*m+i])
				d += float64(a[ch*m+i]) * float64(b[ch*m+i])
			}
			tol := 1e-4 * math.Sqrt(float64(m))
			if math.Abs(float64(sums[ch])-s) > tol || math.Abs(float64(dots[ch])-d) > tol {
				t.Errorf("m=%d channel %d: sum %v (want %v), dot %v (want %v)", m, ch, sums[ch], s, dots[ch], d)
			}
		}
	}
}

// candidate is one implementation measured by BenchmarkCandidates: build
// returns the loss of one layer on x (NHWC or channel-major, as cm says)
// and the nodes whose gradients a training step needs.
type candidate struct {
	name  string
	cm    bool
	build func(scope *model.Scope, x *Node) (loss *Node, wrt []*Node)
}

// BenchmarkCandidates times forward + backward of single layers at the size
// of the first stage of DARTS/NB201 at batch 64 (64×32×32, 16 channels),
// each way the package has computed them or could: the earlier NHWC code
// with derived gradients, GoMLX's native ConvGeneral, and the fused
// channel-major operations with hand-written gradients. It reports CPU
// milliseconds per call (steadier than wall time on a shared machine).
func BenchmarkCandidates(b *testing.B) {
	const bs, h, w, c = 64, 32, 32, 16
	weights := func(scope *model.Scope, x *Node, dims ...int) *Node {
		return scope.VariableWithShape("w", shapes.Make(dtypes.Float32, dims...)).NodeValue(x.Graph())
	}
	sumLoss := func(y *Node) *Node { return ReduceAllSum(Mul(y, y)) }
	bnVars := func(scope *model.Scope, x *Node) (*Node, *Node) {
		p := newBN(scope, dtypes.Float32, c, x.Graph())
		return p.gamma, p.beta
	}
	unit := func(uc unitCase, reference bool) func(scope *model.Scope, x *Node) (*Node, []*Node) {
		return func(scope *model.Scope, x *Node) (*Node, []*Node) {
			var y *Node
			store := scope.Store()
			if reference {
				y = buildUnit(store, "/unit", x, uc, true)
			} else {
				var dwScope *model.Scope
				if uc.depthwise {
					dwScope = store.Scope("/unit/dw")
				}
				y = unitWith(uc.flat)(x, uc.useReLU, dwScope, store.Scope("/unit/conv"), store.Scope("/unit/bn"), uc.cOut, uc.k, uc.d, true)
			}
			wrt := []*Node{x}
			for _, v := range unitVars(store, "/unit", uc) {
				wrt = append(wrt, v.NodeValue(x.Graph()))
			}
			return sumLoss(y), wrt
		}
	}
	full, sep := unitCase{3, 1, false, true, c, false}, unitCase{3, 1, true, true, c, false}
	fullF, sepF := full, sep
	fullF.flat, sepF.flat = true, true
	cands := []candidate{
		{"relu-conv3x3-bn/before:NHWC-im2col-derived", false, unit(full, true)},
		{"relu-conv3x3-bn/slices:CM-fused-handwritten", true, unit(full, false)},
		{"relu-dw3x3-pw-bn/before:NHWC-shift-multiply-derived", false, unit(sep, true)},
		{"relu-dw3x3-pw-bn/slices:CM-fused-handwritten", true, unit(sep, false)},
		{"relu-conv3x3-bn/flat", true, unit(fullF, false)},
		{"relu-dw3x3-pw-bn/flat", true, unit(sepF, false)},
		{"conv3x3/NHWC-im2col-derived", false, func(s *model.Scope, x *Node) (*Node, []*Node) {
			wt := weights(s, x, 3, 3, c, c)
			return sumLoss(refConv(x, wt, 1, 1, 1)), []*Node{x, wt}
		}},
		{"conv3x3/ConvGeneral-derived", false, func(s *model.Scope, x *Node) (*Node, []*Node) {
			wt := weights(s, x, 3, 3, c, c)
			return sumLoss(Convolve(x, wt).PadSame().Done()), []*Node{x, wt}
		}},
		{"conv3x3/CM-im2col-derived-col2im", true, func(s *model.Scope, x *Node) (*Node, []*Node) {
			y := cmConv(s, x, c, 3, 1, 1, 1)
			return sumLoss(y), []*Node{x, s.GetVariable("weights").NodeValue(x.Graph())}
		}},
		{"depthwise3x3/NHWC-shift-multiply-derived", false, func(s *model.Scope, x *Node) (*Node, []*Node) {
			wt := weights(s, x, 3, 3, 1, c)
			return sumLoss(refDepthwise(x, wt, 1, 1, 1)), []*Node{x, wt}
		}},
		{"depthwise3x3/ConvGeneral-groups-forward-only", false, func(s *model.Scope, x *Node) (*Node, []*Node) {
			wt := weights(s, x, 3, 3, 1, c)
			return sumLoss(Convolve(x, wt).ChannelGroupCount(c).PadSame().Done()), nil
		}},
		{"batchnorm/before:NHWC-derived", false, func(s *model.Scope, x *Node) (*Node, []*Node) {
			gm, bt := bnVars(s, x)
			return sumLoss(refBatchNorm(x, gm, bt)), []*Node{x, gm, bt}
		}},
		{"batchnorm/now:CM-handwritten", true, func(s *model.Scope, x *Node) (*Node, []*Node) {
			y := cmBatchNorm(s, x, true)
			st := s.Store()
			return sumLoss(y), []*Node{x, st.GetVariable("/bn/scale").NodeValue(x.Graph()), st.GetVariable("/bn/offset").NodeValue(x.Graph())}
		}},
	}
	backend := testBackend(b)
	rng := rand.New(rand.NewPCG(1, 1))
	data := make([]float32, bs*h*w*c)
	for i := range data {
		data[i] = float32(rng.NormFloat64())
	}
	for _, cd := range cands {
		b.Run(cd.name, func(b *testing.B) {
			dims := []int{bs, h, w, c}
			if cd.cm {
				dims = []int{c, bs, h, w}
			}
			store := model.NewStore()
			exec, err := model.NewExec(backend, store, func(scope *model.Scope, x *Node) []*Node {
				loss, wrt := cd.build(scope, x)
				if len(wrt) == 0 {
					return []*Node{loss}
				}
				return append([]*Node{loss}, Gradient(loss, wrt...)...)
			})
			if err != nil {
				b.Fatal(err)
			}
			defer exec.Finalize()
			call := func() {
				outs, err := exec.Call(tensors.FromFlatDataAndDimensions(data, dims...))
				if err != nil {
					b.Fatal(err)
				}
				for _, o := range outs {
					o.MustFinalizeAll()
				}
			}
			call() // compile
			call()
			cpu0 := cpuSeconds()
			for b.Loop() {
				call()
			}
			b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N)*1000, "cpu-ms/op")
		})
	}
}
