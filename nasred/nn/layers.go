package nn

// Low-level building blocks on channel-major tensors.
//
// The networks keep activations channel-major, [C, B, H, W] ("CM"): every
// convolution is then a matrix product W·cols with the weights on the left
// and the im2col columns cols [k²·Cin, B·H·W] on the right, the layout whose
// products, weight gradients and input gradients the pure-Go backend runs
// without transposing large tensors; per-channel statistics are dot
// products of contiguous rows; concatenating cell outputs on channels is one
// block copy per input. Images enter as NHWC and are transposed once (3
// channels); the public operations ([Op], [BatchNorm], ...) keep NHWC and
// transpose at their boundary.
//
// Padding is done by concatenating constant borders (Pad has no gradient in
// GoMLX), windows are strided slices (or, for full convolutions on large
// images, concatenations in a flattened frame: flatcols.go), batch norm's
// per-channel maps are matrix products (chanAffine), and the hot operations — ReLU,
// convolution (full or depthwise then pointwise) and batch norm, fused — have
// hand-written gradients (see customGrad in vjp.go and doc.go's table).

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
)

// Batch-norm constants, as in PyTorch's nn.BatchNorm2d defaults.
const (
	bnEpsilon  = 1e-5
	bnMomentum = 0.1
)

// smallDotFlops is the size (batch·rows·columns·contracted) below which the
// pure-Go backend runs a matrix product with its unpacked "small" kernels
// (GoMLX v0.28.0's noSIMDSmallMatMulSizeThreshold). Row-by-row dot products
// are fast there and slow in the packed kernels, so chanSum and chanDot
// fall back to ReduceSum above it.
const smallDotFlops = 4 * 1024 * 1024

// outSize is the output length of a window of size k, dilation d, stride s
// and padding p (on both sides) over an axis of length n.
func outSize(n, k, d, s, p int) int {
	return (n+2*p-d*(k-1)-1)/s + 1
}

// toCM turns NHWC [B,H,W,C] into channel-major [C,B,H,W].
func toCM(x *Node) *Node { return TransposeAllAxes(x, 3, 0, 1, 2) }

// fromCM turns channel-major [C,B,H,W] into NHWC [B,H,W,C].
func fromCM(x *Node) *Node { return TransposeAllAxes(x, 1, 2, 3, 0) }

// cmDims returns C, B, H, W of a channel-major tensor.
func cmDims(x *Node) (c, b, h, w int) {
	d := x.Shape().Dimensions
	return d[0], d[1], d[2], d[3]
}

// rows reshapes a channel-major tensor to rows [C, 1, B·H·W], the shape in
// which the fused operations keep per-channel data: matrix products,
// per-channel sums and dot products and per-channel scaling all take it
// without further reshapes (a reshape of a tensor that is still in use
// elsewhere is a copy on the pure-Go backend).
func rows(x *Node) *Node {
	c, b, h, w := cmDims(x)
	return Reshape(x, c, 1, b*h*w)
}

// cmPad pads the spatial axes (2 and 3) of x [C,B,H,W] with p rows/columns
// of value on each side by concatenating constant borders.
func cmPad(x *Node, p int, value float64) *Node {
	if p == 0 {
		return x
	}
	g := x.Graph()
	c, b, h, w := cmDims(x)
	border := func(d ...int) *Node {
		return BroadcastToDims(Scalar(g, x.DType(), value), d...)
	}
	x = Concatenate([]*Node{border(c, b, p, w), x, border(c, b, p, w)}, 2)
	return Concatenate([]*Node{border(c, b, h+2*p, p), x, border(c, b, h+2*p, p)}, 3)
}

// cmWindow returns the slice of the (already padded) xp [C,B,Hp,Wp] seen by
// kernel tap (i, j) of a window with dilation d and stride s producing ho×wo
// outputs.
func cmWindow(xp *Node, i, j, d, s, ho, wo int) *Node {
	r0, c0 := i*d, j*d
	return Slice(xp, AxisRange(), AxisRange(),
		AxisRange(r0, r0+(ho-1)*s+1).Stride(s),
		AxisRange(c0, c0+(wo-1)*s+1).Stride(s))
}

// cmTaps pads x [C,B,H,W] with value and returns its k×k windows (tap
// t = i·k + j first-to-last) for dilation d, stride s and padding p, each
// [C,B,ho,wo].
func cmTaps(x *Node, k, d, s, p int, value float64, what string) (taps []*Node, ho, wo int) {
	_, _, h, w := cmDims(x)
	ho, wo = outSize(h, k, d, s, p), outSize(w, k, d, s, p)
	if ho < 1 || wo < 1 {
		panic(fmt.Sprintf("nn: %s %dx%d (stride %d, dilation %d, padding %d) of a %dx%d input has no output", what, k, k, s, d, p, h, w))
	}
	xp := cmPad(x, p, value)
	taps = make([]*Node, 0, k*k)
	for i := range k {
		for j := range k {
			taps = append(taps, cmWindow(xp, i, j, d, s, ho, wo))
		}
	}
	return taps, ho, wo
}

// im2col stacks the windows of x [C,B,H,W] into columns [k²·C, 1,
// B·ho·wo], row t·C + c holding channel c seen by tap t. A 1×1 stride-1
// window is x itself.
func im2col(x *Node, k, d, s, p int) (cols *Node, ho, wo int) {
	c, b, h, w := cmDims(x)
	if k == 1 && p == 0 && s == 1 {
		return rows(x), h, w
	}
	taps, ho, wo := cmTaps(x, k, d, s, p, 0, "convolution")
	return Reshape(Concatenate(taps, 0), k*k*c, 1, b*ho*wo), ho, wo
}

// tapRows reshapes windows (each [C,B,ho,wo]) to rows [C, 1, B·ho·wo].
func tapRows(taps []*Node) []*Node {
	out := make([]*Node, len(taps))
	for t, tap := range taps {
		out[t] = rows(tap)
	}
	return out
}

// chanSum returns the per-channel sums [C] of rows x [C, 1, M].
func chanSum(x *Node) *Node {
	dims := x.Shape().Dimensions
	c, m := dims[0], dims[2]
	if c*m >= smallDotFlops {
		return ReduceSum(x, 1, 2)
	}
	ones := Ones(x.Graph(), shapes.Make(x.DType(), 1, m))
	return Reshape(DotGeneral(x, []int{2}, nil, ones, []int{1}, nil), c)
}

// chanDot returns the per-channel dot products [C] of rows a and b
// [C, 1, M].
func chanDot(a, b *Node) *Node {
	dims := a.Shape().Dimensions
	c, m := dims[0], dims[2]
	if c*m >= smallDotFlops {
		return ReduceSum(Mul(a, b), 1, 2)
	}
	return Reshape(DotGeneral(a, []int{2}, []int{0}, b, []int{2}, []int{0}), c)
}

// chanAffine returns Σᵢ coefs[i]·xs[i] + bias per channel for rows xs[i]
// [C, 1, M] and per-channel vectors coefs[i] and bias [C], as one matrix
// product [diag(coefs[0]) … diag(coefs[n−1]) bias] · [xs[0]; …; 1ᵀ]: the
// pure-Go backend multiplies by a per-channel vector through its generic
// broadcasting loop, 3–4× slower per element than a same-shape multiply,
// while the product (K = n·C + 1) and the concatenation it needs run at
// close to memory speed (BenchmarkBackendOps: batch norm's affine 7.3 →
// 3.2 ms, its backward 8.5 → 4.6 ms per 2^20 elements).
func chanAffine(xs, coefs []*Node, bias *Node) *Node {
	dims := xs[0].Shape().Dimensions
	c, m := dims[0], dims[2]
	g := xs[0].Graph()
	dtype := xs[0].DType()
	eye := make([][]float64, c)
	for i := range eye {
		eye[i] = make([]float64, c)
		eye[i][i] = 1
	}
	id := ConvertDType(Const(g, eye), dtype)
	blocks := make([]*Node, 0, len(coefs)+1)
	for _, k := range coefs {
		blocks = append(blocks, Mul(id, Reshape(k, c, 1)))
	}
	blocks = append(blocks, Reshape(bias, c, 1))
	stack := append(slices.Clone(xs), Ones(g, shapes.Make(dtype, 1, 1, m)))
	return DotGeneral(Concatenate(blocks, 1), []int{1}, nil, Concatenate(stack, 0), []int{0}, nil)
}

// relu is max(x, 0).
func relu(x *Node) *Node { return MaxScalar(x, 0) }

// reluDerivative returns 1 where r = relu(x) > 0 and 0 where r = 0, as
// min(r·huge, 1): two branch-free passes (the backend's Sign branches on
// every element, and after a ReLU half the signs are unpredictable). r
// below 1/huge (1e-30 in float32, 1e-300 in float64) gets a derivative
// below 1, which no gradient can notice.
func reluDerivative(r *Node) *Node {
	huge := 1e30
	if r.DType().Size() > 4 {
		huge = 1e300
	}
	return MinScalar(MulScalar(r, huge), 1)
}

// convWeights returns the variable "weights" [k,k,Cin,Cout] of scope as a
// matrix [Cout, k²·Cin] whose column t·Cin + c multiplies row t·Cin + c of
// im2col's columns.
func convWeights(scope *model.Scope, dtype dtypes.DType, k, cin, cout int, g *Graph) *Node {
	w := scope.VariableWithShape("weights", shapes.Make(dtype, k, k, cin, cout)).NodeValue(g)
	return Reshape(TransposeAllAxes(w, 3, 0, 1, 2), cout, k*k*cin)
}

// dwWeights returns the depthwise variable "weights" [k,k,1,C] of scope as
// [C, 1, k²].
func dwWeights(scope *model.Scope, dtype dtypes.DType, k, c int, g *Graph) *Node {
	w := scope.VariableWithShape("weights", shapes.Make(dtype, k, k, 1, c)).NodeValue(g)
	return Reshape(Transpose(Reshape(w, k*k, c), 0, 1), c, 1, k*k)
}

// flipConv turns conv weights wm [Cout, k²·Cin] into the weights
// [Cin, k²·Cout] of the input gradient: taps mirrored, roles swapped.
func flipConv(wm *Node, k int) *Node {
	dims := wm.Shape().Dimensions
	cout, cin := dims[0], dims[1]/(k*k)
	w4 := Reverse(Reshape(wm, cout, k, k, cin), 1, 2)
	return Reshape(TransposeAllAxes(w4, 3, 1, 2, 0), cin, k*k*cout)
}

// unflipConvGrad turns g [k²·Cout, Cin] (row t'·Cout + o: tap t' of the
// output gradient's im2col against the input) into the weight gradient
// [Cout, k²·Cin] (tap t = mirror of t').
func unflipConvGrad(g *Node, k int) *Node {
	dims := g.Shape().Dimensions
	cout, cin := dims[0]/(k*k), dims[1]
	g4 := Reverse(Reshape(g, k, k, cout, cin), 0, 1)
	return Reshape(TransposeAllAxes(g4, 2, 0, 1, 3), cout, k*k*cin)
}

// bnParams holds one batch norm's variables as graph nodes.
type bnParams struct {
	gamma, beta     *Node
	runMean, runVar *model.Variable
}

// newBN creates (or reuses) the batch-norm variables of scope.In("bn") for
// c channels: "scale" (γ, trainable), "offset" (β, trainable), "mean" and
// "variance" (running averages, not trainable).
func newBN(scope *model.Scope, dtype dtypes.DType, c int, g *Graph) *bnParams {
	scope = scope.In("bn")
	vs := shapes.Make(dtype, c)
	return &bnParams{
		gamma:   scope.WithInitializer(initializer.One).VariableWithShape("scale", vs).NodeValue(g),
		beta:    scope.WithInitializer(initializer.Zero).VariableWithShape("offset", vs).NodeValue(g),
		runMean: scope.WithInitializer(initializer.Zero).VariableWithShape("mean", vs).SetTrainable(false),
		runVar:  scope.WithInitializer(initializer.One).VariableWithShape("variance", vs).SetTrainable(false),
	}
}

// inference applies the running averages to rows z [C, 1, M].
func (p *bnParams) inference(z *Node) *Node {
	g := z.Graph()
	a := Div(p.gamma, Sqrt(AddScalar(p.runVar.NodeValue(g), bnEpsilon)))
	b := Sub(p.beta, Mul(p.runMean.NodeValue(g), a))
	return chanAffine([]*Node{z}, []*Node{a}, b)
}

// bnStats are the batch statistics of one training-mode batch norm.
type bnStats struct {
	n          int
	mu, sigma  *Node // [C]
	scale, add *Node // y = scale·z + add, per channel
}

// train normalises rows z [C, 1, M] with its batch statistics (biased variance, as
// PyTorch's normalisation), scales by gamma and shifts by beta, and updates
// the running averages (momentum 0.1, unbiased variance). Sums are row dot
// products; the variance is E[z²] − E[z]² (z is a convolution's output,
// whose mean is small next to its spread).
func (p *bnParams) train(z, gamma, beta *Node) (*Node, *bnStats) {
	g := z.Graph()
	n := z.Shape().Dimensions[2]
	inv := 1 / float64(n)
	mu := MulScalar(chanSum(z), inv)
	variance := MaxScalar(Sub(MulScalar(chanDot(z, z), inv), Square(mu)), 0)
	unbiased := variance
	if n > 1 {
		unbiased = MulScalar(variance, float64(n)/float64(n-1))
	}
	p.runMean.SetNodeValue(Add(MulScalar(p.runMean.NodeValue(g), 1-bnMomentum), MulScalar(StopGradient(mu), bnMomentum)))
	p.runVar.SetNodeValue(Add(MulScalar(p.runVar.NodeValue(g), 1-bnMomentum), MulScalar(StopGradient(unbiased), bnMomentum)))
	sigma := Sqrt(AddScalar(variance, bnEpsilon))
	scale := Div(gamma, sigma)
	add := Sub(beta, Mul(mu, scale))
	y := chanAffine([]*Node{z}, []*Node{scale}, add)
	return y, &bnStats{n: n, mu: mu, sigma: sigma, scale: scale, add: add}
}

// grad returns the gradients of the training-mode batch norm of rows z
// [C, 1, M] given the output gradient v [C, 1, M]: with Sv = Σv, Svz = Σv·z per channel,
// dβ = Sv, dγ = (Svz − μ·Sv)/σ and dz = a·v + c1·z + c2 where a = γ/σ,
// c1 = −a·dγ/(σN), c2 = −a·Sv/N − c1·μ (PyTorch's batch-norm backward).
func (st *bnStats) grad(z, v *Node) (dz, dGamma, dBeta *Node) {
	sv := chanSum(v)
	svz := chanDot(v, z)
	dGamma = Div(Sub(svz, Mul(st.mu, sv)), st.sigma)
	dBeta = sv
	inv := 1 / float64(st.n)
	c1 := Neg(MulScalar(Div(Mul(st.scale, dGamma), st.sigma), inv))
	c2 := Sub(Neg(MulScalar(Mul(st.scale, sv), inv)), Mul(c1, st.mu))
	dz = chanAffine([]*Node{v, z}, []*Node{st.scale, c1}, c2)
	return dz, dGamma, dBeta
}

// cmBatchNorm normalises x [C,B,H,W] per channel (see newBN and
// bnParams.train) under scope.In("bn"), with a hand-written gradient in
// training mode.
func cmBatchNorm(scope *model.Scope, x *Node, training bool) *Node {
	c, _, _, _ := cmDims(x)
	p := newBN(scope, x.DType(), c, x.Graph())
	if !training {
		return Reshape(p.inference(rows(x)), x.Shape().Dimensions...)
	}
	var st *bnStats
	var z *Node
	return customGrad([]*Node{x, p.gamma, p.beta},
		func(in []*Node) *Node {
			var y *Node
			z = rows(in[0])
			y, st = p.train(z, in[1], in[2])
			return Reshape(y, x.Shape().Dimensions...)
		},
		func(_ []*Node, _, v *Node) []*Node {
			dz, dg, db := st.grad(z, rows(v))
			return []*Node{Reshape(dz, x.Shape().Dimensions...), dg, db}
		})
}

// cmMatMul is w [O, K] · x [K, M] with a hand-written gradient: dx = wᵀ·v
// and dw = v·xᵀ, both in layouts the backend multiplies without
// transposing x or v.
func cmMatMul(w, x *Node) *Node {
	return customGrad([]*Node{w, x},
		func(in []*Node) *Node { return DotGeneral(in[0], []int{1}, nil, in[1], []int{0}, nil) },
		func(in []*Node, _, v *Node) []*Node {
			dw := DotGeneral(v, []int{1}, nil, in[1], []int{1}, nil)
			dx := DotGeneral(Transpose(in[0], 0, 1), []int{1}, nil, v, []int{0}, nil)
			return []*Node{dw, dx}
		})
}

// cmConv is a convolution of x [C,B,H,W] by the k×k kernel variable
// "weights" [k,k,Cin,cOut] of scope (no bias), stride s, dilation d and
// zero padding p, as im2col and one matrix product. For stride 1 with
// "same" padding use convUnit, which also has a cheaper gradient.
func cmConv(scope *model.Scope, x *Node, cOut, k, s, d, p int) *Node {
	cin, b, _, _ := cmDims(x)
	wm := convWeights(scope, x.DType(), k, cin, cOut, x.Graph())
	cols, ho, wo := im2col(x, k, d, s, p)
	return Reshape(cmMatMul(wm, Reshape(cols, k*k*cin, b*ho*wo)), cOut, b, ho, wo)
}

// convUnit is the fused operation behind ReLUConvBN, SepConv's halves,
// DilConv and the stems: optional ReLU, then either a k×k convolution
// (dilation d, "same" padding d(k−1)/2, stride 1) to cOut channels with the
// "weights" variable of convScope, or — when dwScope is not nil — a
// depthwise k×k convolution (variable "weights" [k,k,1,C] of dwScope)
// followed by a 1×1 convolution to cOut (variable of convScope), then batch
// norm under bnScope.In("bn").
//
// In training mode its gradient is written by hand: batch norm's closed
// form; the input gradient of the convolution is the im2col of the output
// gradient times the mirrored kernel (no col2im), and the same im2col
// against the layer's input gives the weight gradient, so only the input
// (not its columns) is kept for the backward pass.
//
// Full convolutions on images that padding enlarges by at most
// flatMaxOverhead build their windows in a flattened frame
// (convUnitFlat, flatcols.go); the rest take them as strided slices
// (convUnitSlices).
func convUnit(x *Node, useReLU bool, dwScope, convScope, bnScope *model.Scope, cOut, k, d int, training bool) *Node {
	u := newUnit(x, useReLU, dwScope, convScope, bnScope, cOut, k, d)
	if dwScope == nil && useFlatFrame(u.h, u.w, k, d) {
		return convUnitFlat(u, training)
	}
	return convUnitSlices(u, training)
}

// convUnitSlices builds the fused unit u (convUnit) with its windows taken
// as strided slices of the padded input (cmTaps, im2col).
func convUnitSlices(u *unit, training bool) *Node {
	cin, b, h, w, p, k, d, cOut := u.cin, u.b, u.h, u.w, u.p, u.k, u.d, u.cOut
	if u.depthwise {
		u.wdw = dwWeights(u.dwScope, u.dtype, k, cin, u.g)
		u.wm = convWeights(u.convScope, u.dtype, 1, cin, cOut, u.g)
	} else {
		u.wm = convWeights(u.convScope, u.dtype, k, cin, cOut, u.g)
	}
	forward := func(r, wm, wdw *Node) (z, dwOut *Node) {
		if u.depthwise {
			taps, _, _ := cmTaps(r, k, d, 1, p, 0, "depthwise convolution")
			dwOut = DotGeneral(wdw, []int{2}, []int{0}, Concatenate(tapRows(taps), 1), []int{1}, []int{0})
			return DotGeneral(wm, []int{1}, nil, dwOut, []int{0}, nil), dwOut
		}
		cols, _, _ := im2col(r, k, d, 1, p)
		return DotGeneral(wm, []int{1}, nil, cols, []int{0}, nil), nil
	}
	backward := func(x, wm, wdw, dz, dwOut *Node) (dwm, dwdw, dr *Node) {
		rr := rows(u.rectify(x)) // reshaping the single-use result costs nothing
		if u.depthwise {
			// z = wm·dwOut: dwOut's gradient, then the depthwise one.
			dwm = Reshape(DotGeneral(dz, []int{2}, nil, dwOut, []int{2}, nil), cOut, cin)
			dd := DotGeneral(Transpose(wm, 0, 1), []int{1}, nil, dz, []int{0}, nil)
			taps, _, _ := cmTaps(Reshape(dd, cin, b, h, w), k, d, 1, p, 0, "depthwise convolution gradient")
			tr := tapRows(taps)
			wFlip := Reshape(Reverse(Reshape(wdw, cin, k, k), 1, 2), cin, 1, k*k)
			dr = DotGeneral(wFlip, []int{2}, []int{0}, Concatenate(tr, 1), []int{1}, []int{0})
			perTap := make([]*Node, len(tr))
			for t, tap := range tr {
				perTap[t] = Reshape(chanDot(tap, rr), cin, 1)
			}
			dwdw = Reshape(Reverse(Reshape(Concatenate(perTap, 1), cin, k, k), 1, 2), cin, 1, k*k)
			return dwm, dwdw, Reshape(u.reluGrad(dr, rr), cin, b, h, w)
		}
		cols, _, _ := im2col(Reshape(dz, cOut, b, h, w), k, d, 1, p)
		dr = DotGeneral(flipConv(wm, k), []int{1}, nil, cols, []int{0}, nil)
		// rᵀ-major product: the big cols is the right operand, which
		// the backend packs more cheaply, and the output is wide.
		gt := Reshape(DotGeneral(rr, []int{2}, nil, cols, []int{2}, nil), cin, k*k*cOut)
		return unflipConvGrad(Transpose(gt, 0, 1), k), nil, Reshape(u.reluGrad(dr, rr), cin, b, h, w)
	}
	return u.build(training, forward, backward)
}

// unit is one fused ReLU-convolution-batch-norm operation (convUnit) being
// built: its input, sizes, weights as matrices and batch norm.
type unit struct {
	x                  *Node
	g                  *Graph
	dtype              dtypes.DType
	useReLU, depthwise bool
	cin, b, h, w       int
	cOut, k, d, p      int
	dwScope, convScope *model.Scope
	wm, wdw            *Node // convolution (or pointwise) and depthwise weights, as the window strategy lays them out
	bn                 *bnParams
}

// newUnit checks the sizes of a fused unit and creates its batch norm; the
// window strategy sets the weights.
func newUnit(x *Node, useReLU bool, dwScope, convScope, bnScope *model.Scope, cOut, k, d int) *unit {
	cin, b, h, w := cmDims(x)
	p := d * (k - 1) / 2
	if outSize(h, k, d, 1, p) != h || outSize(w, k, d, 1, p) != w {
		panic(fmt.Sprintf("nn: convolution %dx%d with dilation %d of a %dx%d input: want an odd kernel (same padding)", k, k, d, h, w))
	}
	return &unit{
		x: x, g: x.Graph(), dtype: x.DType(), useReLU: useReLU, depthwise: dwScope != nil,
		cin: cin, b: b, h: h, w: w, cOut: cOut, k: k, d: d, p: p,
		dwScope: dwScope, convScope: convScope,
		bn: newBN(bnScope, x.DType(), cOut, x.Graph()),
	}
}

// build wires a window strategy into the fused unit. forward maps the
// (possibly rectified: u.rectify) input r [Cin,B,H,W] to the convolution's
// output z [Cout, 1, B·H·W] before batch norm and, for depthwise units, the
// depthwise output; backward maps the unit's input x and z's gradient dz
// [Cout, 1, B·H·W] to the gradients of the convolution (or pointwise)
// weights, of the depthwise weights (nil for full convolutions) and of x
// [Cin,B,H,W] (through the ReLU: u.reluGrad). backward rectifies x itself,
// in the shape it needs: a reshape of a tensor that has another use is a
// copy on the pure-Go backend. In training mode the unit's gradient is
// exactly these plus batch norm's closed form.
func (u *unit) build(training bool,
	forward func(r, wm, wdw *Node) (z, dwOut *Node),
	backward func(x, wm, wdw, dz, dwOut *Node) (dwm, dwdw, dx *Node)) *Node {
	outDims := []int{u.cOut, u.b, u.h, u.w}
	if !training {
		z, _ := forward(u.rectify(u.x), u.wm, u.wdw)
		return Reshape(u.bn.inference(z), outDims...)
	}
	var st *bnStats
	var z, dwOut *Node
	ins := []*Node{u.x, u.wm, u.bn.gamma, u.bn.beta}
	if u.depthwise {
		ins = append(ins, u.wdw)
	}
	return customGrad(ins,
		func(in []*Node) *Node {
			var wdw *Node
			if u.depthwise {
				wdw = in[4]
			}
			z, dwOut = forward(u.rectify(in[0]), in[1], wdw)
			var y *Node
			y, st = u.bn.train(z, in[2], in[3])
			return Reshape(y, outDims...)
		},
		func(in []*Node, _, v *Node) []*Node {
			var wdw *Node
			if u.depthwise {
				wdw = in[4]
			}
			dz, dGamma, dBeta := st.grad(z, rows(v))
			dwm, dwdw, dx := backward(in[0], in[1], wdw, dz, dwOut)
			grads := []*Node{dx, dwm, dGamma, dBeta}
			if u.depthwise {
				grads = append(grads, dwdw)
			}
			return grads
		})
}

// rectify is the unit's ReLU, if it has one.
func (u *unit) rectify(x *Node) *Node {
	if u.useReLU {
		return relu(x)
	}
	return x
}

// reluGrad turns the gradient dr with respect to r = u.rectify(x) into the
// gradient with respect to x.
func (u *unit) reluGrad(dr, r *Node) *Node {
	if u.useReLU {
		return Mul(dr, reluDerivative(r))
	}
	return dr
}

// cmMaxPool3x3 is a 3×3 max pooling with padding 1 and stride s, as the
// maximum of 9 shifted windows of x padded with the dtype's lowest finite
// value (finite so that no inf·0 can appear in a gradient).
func cmMaxPool3x3(x *Node, s int) *Node {
	taps, _, _ := cmTaps(x, 3, 1, s, 1, negInf(x), "max pool")
	out := taps[0]
	for _, t := range taps[1:] {
		out = Max(out, t)
	}
	return out
}

// negInf is the most negative finite value of x's dtype.
func negInf(x *Node) float64 {
	if x.DType().Size() <= 4 {
		return -3.4e38
	}
	return -1.7e308
}

// cmAvgPool is a k×k average pooling with stride s and padding p that
// divides by the number of non-padded elements in each window (PyTorch's
// count_include_pad=False), as a sum of shifted windows.
func cmAvgPool(x *Node, k, s, p int) *Node {
	_, _, h, w := cmDims(x)
	taps, ho, wo := cmTaps(x, k, 1, s, p, 0, "average pool")
	sum := taps[0]
	for _, t := range taps[1:] {
		sum = Add(sum, t)
	}
	// Divisors: number of in-range rows times number of in-range columns.
	inRange := func(n, o int) []float64 {
		counts := make([]float64, o)
		for r := range o {
			lo, hi := r*s-p, r*s-p+k // window [lo, hi) in unpadded coordinates
			lo, hi = max(lo, 0), min(hi, n)
			counts[r] = float64(hi - lo)
		}
		return counts
	}
	rows, cols := inRange(h, ho), inRange(w, wo)
	inv := make([]float64, ho*wo)
	for r := range ho {
		for c := range wo {
			inv[r*wo+c] = 1 / (rows[r] * cols[c])
		}
	}
	invNode := Reshape(ConvertDType(Const(x.Graph(), inv), x.DType()), 1, 1, ho, wo)
	return Mul(sum, invNode)
}

// cmGlobalAvgPool averages over height and width: [C,B,H,W] → [B, C].
func cmGlobalAvgPool(x *Node) *Node {
	c, b, h, w := cmDims(x)
	s := chanSum(Reshape(x, c*b, 1, h*w))
	return Transpose(MulScalar(Reshape(s, c, b), 1/float64(h*w)), 0, 1)
}

// linear is x [B,Cin] · W [Cin,cOut] + b. Weights and biases start
// uniform in ±1/√Cin, PyTorch's nn.Linear default, so that a fresh network
// has small logits and an initial loss of about ln(classes) (the store's
// default He initialisation gave 3–5 on 10 classes).
func linear(scope *model.Scope, x *Node, cOut int) *Node {
	cin := x.Shape().Dimensions[1]
	bound := 1 / math.Sqrt(float64(cin))
	scope = scope.WithInitializer(initializer.RandomUniformFn(scope, -bound, bound))
	w := scope.VariableWithShape("weights", shapes.Make(x.DType(), cin, cOut)).NodeValue(x.Graph())
	b := scope.VariableWithShape("biases", shapes.Make(x.DType(), cOut)).NodeValue(x.Graph())
	return Add(MatMul(x, w), Reshape(b, 1, cOut))
}
