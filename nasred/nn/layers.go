package nn

// Low-level building blocks: padding, shifted windows, convolutions written as
// matrix products (im2col), depthwise convolutions as shift-and-multiply,
// pooling as maxima/sums of shifted slices and a hand-written batch norm.
//
// Everything here works on NHWC tensors ([batch, height, width, channels]) and
// avoids the pure-Go backend's gaps (see doc.go): no Pad, no MaxPool, no
// MeanPool, no Rsqrt, no backend batch norm, no grouped convolution.

import (
	"fmt"
	"math"

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

// outSize is the output length of a window of size k, dilation d, stride s
// and padding p (on both sides) over an axis of length n.
func outSize(n, k, d, s, p int) int {
	return (n+2*p-d*(k-1)-1)/s + 1
}

// padSpatial pads axes 1 (height) and 2 (width) of x with p rows/columns of
// value on each side by concatenating constant borders (Pad has no gradient
// on the pure-Go backend).
func padSpatial(x *Node, p int, value float64) *Node {
	if p == 0 {
		return x
	}
	g := x.Graph()
	dims := x.Shape().Dimensions
	b, h, w, c := dims[0], dims[1], dims[2], dims[3]
	border := func(d ...int) *Node {
		return BroadcastToDims(Scalar(g, x.DType(), value), d...)
	}
	x = Concatenate([]*Node{border(b, p, w, c), x, border(b, p, w, c)}, 1)
	h += 2 * p
	return Concatenate([]*Node{border(b, h, p, c), x, border(b, h, p, c)}, 2)
}

// window returns the slice of the (already padded) x seen by kernel tap (i, j)
// of a window with dilation d and stride s producing ho×wo outputs.
func window(x *Node, i, j, d, s, ho, wo int) *Node {
	r0, c0 := i*d, j*d
	return Slice(x, AxisRange(),
		AxisRange(r0, r0+(ho-1)*s+1).Stride(s),
		AxisRange(c0, c0+(wo-1)*s+1).Stride(s),
		AxisRange())
}

// relu is max(x, 0).
func relu(x *Node) *Node {
	return Max(x, ZerosLike(x))
}

// conv2D is a full (not grouped) convolution of x [B,H,W,Cin] with a k×k
// kernel variable "weights" of shape [k,k,Cin,cOut] (no bias), stride s,
// dilation d and zero padding p, computed as im2col + one matrix product.
// A 1×1 stride-1 convolution is a plain matrix product.
func conv2D(scope *model.Scope, x *Node, cOut, k, s, d, p int) *Node {
	dims := x.Shape().Dimensions
	b, h, w, cin := dims[0], dims[1], dims[2], dims[3]
	kernel := scope.VariableWithShape("weights", shapes.Make(x.DType(), k, k, cin, cOut)).NodeValue(x.Graph())
	ho, wo := outSize(h, k, d, s, p), outSize(w, k, d, s, p)
	if ho < 1 || wo < 1 {
		panic(fmt.Sprintf("nn: convolution %dx%d (stride %d, dilation %d, padding %d) of a %dx%d input has no output", k, k, s, d, p, h, w))
	}
	var cols *Node
	if k == 1 && p == 0 {
		cols = x
		if s != 1 {
			cols = window(x, 0, 0, 1, s, ho, wo)
		}
	} else {
		xp := padSpatial(x, p, 0)
		taps := make([]*Node, 0, k*k)
		for i := range k {
			for j := range k {
				taps = append(taps, window(xp, i, j, d, s, ho, wo))
			}
		}
		cols = Concatenate(taps, 3)
	}
	cols = Reshape(cols, b*ho*wo, k*k*cin)
	if k == 1 {
		return Reshape(MatMul(cols, Reshape(kernel, cin, cOut)), b, ho, wo, cOut)
	}
	// k > 1: out^T = W^T · cols^T computed as [cOut,K]·[N,K] contracting K,
	// then transposed. The pure-Go backend's matrix products want contracting
	// axes last, so the weight gradient of cols·W would transpose cols
	// (N×9Cin) and the output gradient; this form only transposes N×cOut
	// tensors (about 10% less CPU for NB201's 3×3 convolutions, measured with
	// bench_test.go's cpu-s/op).
	wT := Transpose(Reshape(kernel, k*k*cin, cOut), 0, 1)
	outT := DotGeneral(wT, []int{1}, nil, cols, []int{1}, nil)
	return Reshape(Transpose(outT, 0, 1), b, ho, wo, cOut)
}

// depthwiseConv2D convolves each channel of x [B,H,W,C] with its own k×k
// filter (kernel variable "weights" of shape [k,k,1,C], as PyTorch's groups=C),
// stride s, dilation d, zero padding p, by shift-and-multiply.
func depthwiseConv2D(scope *model.Scope, x *Node, k, s, d, p int) *Node {
	dims := x.Shape().Dimensions
	h, w, c := dims[1], dims[2], dims[3]
	kernel := scope.VariableWithShape("weights", shapes.Make(x.DType(), k, k, 1, c)).NodeValue(x.Graph())
	ho, wo := outSize(h, k, d, s, p), outSize(w, k, d, s, p)
	if ho < 1 || wo < 1 {
		panic(fmt.Sprintf("nn: depthwise convolution %dx%d (stride %d, dilation %d, padding %d) of a %dx%d input has no output", k, k, s, d, p, h, w))
	}
	xp := padSpatial(x, p, 0)
	var out *Node
	for i := range k {
		for j := range k {
			tap := Reshape(Slice(kernel, AxisElem(i), AxisElem(j), AxisRange(), AxisRange()), 1, 1, 1, c)
			term := Mul(window(xp, i, j, d, s, ho, wo), tap)
			if out == nil {
				out = term
			} else {
				out = Add(out, term)
			}
		}
	}
	return out
}

// maxPool3x3 is a 3×3 max pooling with padding 1 and stride s, as the maximum
// of 9 shifted slices of x padded with -inf (MaxPool has no gradient on the
// pure-Go backend).
func maxPool3x3(x *Node, s int) *Node {
	dims := x.Shape().Dimensions
	ho, wo := outSize(dims[1], 3, 1, s, 1), outSize(dims[2], 3, 1, s, 1)
	xp := padSpatial(x, 1, negInf(x))
	var out *Node
	for i := range 3 {
		for j := range 3 {
			tap := window(xp, i, j, 1, s, ho, wo)
			if out == nil {
				out = tap
			} else {
				out = Max(out, tap)
			}
		}
	}
	return out
}

// negInf is the most negative finite value of x's dtype, used as max-pool
// padding (finite so that no inf*0 can appear in a gradient).
func negInf(x *Node) float64 {
	if x.DType().Size() <= 4 {
		return -3.4e38
	}
	return -1.7e308
}

// avgPool is a k×k average pooling with stride s and padding p that divides
// by the number of non-padded elements in each window (PyTorch's
// count_include_pad=False), as a sum of shifted slices.
func avgPool(x *Node, k, s, p int) *Node {
	dims := x.Shape().Dimensions
	h, w := dims[1], dims[2]
	ho, wo := outSize(h, k, 1, s, p), outSize(w, k, 1, s, p)
	if ho < 1 || wo < 1 {
		panic(fmt.Sprintf("nn: average pool %dx%d (stride %d, padding %d) of a %dx%d input has no output", k, k, s, p, h, w))
	}
	xp := padSpatial(x, p, 0)
	var sum *Node
	for i := range k {
		for j := range k {
			tap := window(xp, i, j, 1, s, ho, wo)
			if sum == nil {
				sum = tap
			} else {
				sum = Add(sum, tap)
			}
		}
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
	invNode := Reshape(ConvertDType(Const(x.Graph(), inv), x.DType()), 1, ho, wo, 1)
	return Mul(sum, invNode)
}

// batchNorm normalises x [B,H,W,C] (or [B,C]) per channel. In training mode
// it uses the batch statistics (gradients flow through them, as in PyTorch)
// and updates the running averages (momentum 0.1, unbiased variance, as
// PyTorch); in inference mode it uses the running averages. Variables:
// "scale" (γ, trainable), "offset" (β, trainable), "mean" and "variance"
// (running averages, not trainable).
func batchNorm(scope *model.Scope, x *Node, training bool) *Node {
	scope = scope.In("bn")
	g := x.Graph()
	rank := x.Rank()
	c := x.Shape().Dimensions[rank-1]
	vs := shapes.Make(x.DType(), c)
	gamma := scope.WithInitializer(initializer.One).VariableWithShape("scale", vs)
	beta := scope.WithInitializer(initializer.Zero).VariableWithShape("offset", vs)
	runMean := scope.WithInitializer(initializer.Zero).VariableWithShape("mean", vs).SetTrainable(false)
	runVar := scope.WithInitializer(initializer.One).VariableWithShape("variance", vs).SetTrainable(false)

	bdims := make([]int, rank)
	for i := range bdims {
		bdims[i] = 1
	}
	bdims[rank-1] = c
	axes := make([]int, rank-1)
	n := 1
	for i := range axes {
		axes[i] = i
		n *= x.Shape().Dimensions[i]
	}
	var mean, variance *Node
	if training {
		mean = ReduceMean(x, axes...)
		centred := Sub(x, Reshape(mean, bdims...))
		variance = ReduceMean(Square(centred), axes...)
		unbiased := variance
		if n > 1 {
			unbiased = MulScalar(variance, float64(n)/float64(n-1))
		}
		runMean.SetNodeValue(Add(MulScalar(runMean.NodeValue(g), 1-bnMomentum), MulScalar(StopGradient(mean), bnMomentum)))
		runVar.SetNodeValue(Add(MulScalar(runVar.NodeValue(g), 1-bnMomentum), MulScalar(StopGradient(unbiased), bnMomentum)))
		normed := Div(centred, Sqrt(AddScalar(Reshape(variance, bdims...), bnEpsilon)))
		return Add(Mul(normed, Reshape(gamma.NodeValue(g), bdims...)), Reshape(beta.NodeValue(g), bdims...))
	}
	mean, variance = runMean.NodeValue(g), runVar.NodeValue(g)
	normed := Div(Sub(x, Reshape(mean, bdims...)), Sqrt(AddScalar(Reshape(variance, bdims...), bnEpsilon)))
	return Add(Mul(normed, Reshape(gamma.NodeValue(g), bdims...)), Reshape(beta.NodeValue(g), bdims...))
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

// globalAvgPool averages over height and width: [B,H,W,C] → [B,C].
func globalAvgPool(x *Node) *Node {
	return ReduceMean(x, 1, 2)
}
