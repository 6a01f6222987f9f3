package nn

import (
	"fmt"
	"slices"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// dartsOps lists the operation names of the DARTS (NB301) space, "none"
// included (the zero operation of pruned genotypes).
var dartsOps = []string{"max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5", "none"}

// nb201Ops lists the operation names of the NAS-Bench-201 space.
var nb201Ops = []string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"}

// DARTSOpNames returns the operation names of the DARTS (NB301) space:
// max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5,
// dil_conv_3x3, dil_conv_5x5 and none (the zero operation of pruned
// genotypes).
func DARTSOpNames() []string { return slices.Clone(dartsOps) }

// NB201OpNames returns the operation names of the NAS-Bench-201 space: none,
// skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.
func NB201OpNames() []string { return slices.Clone(nb201Ops) }

// KnownOp reports whether name is an operation of either space.
func KnownOp(name string) bool {
	return slices.Contains(dartsOps, name) || slices.Contains(nb201Ops, name)
}

// Op applies the named operation of either space to x [B,H,W,C] (NHWC)
// with the given stride (1 or 2), keeping the channel count C, under scope
// (which holds the operation's variables). Names: "none", "skip_connect",
// "max_pool_3x3", "avg_pool_3x3", "sep_conv_3x3", "sep_conv_5x5",
// "dil_conv_3x3", "dil_conv_5x5", "nor_conv_1x1", "nor_conv_3x3".
//
// Stride 2 follows the DARTS conventions: skip_connect becomes a factorized
// reduce, pools and convolutions stride their first window, "none" returns
// zeros of the strided shape. Op panics on an unknown name (graph-building
// code; validate names with [KnownOp] first).
func Op(scope *model.Scope, name string, x *Node, stride int, training bool) *Node {
	return fromCM(cmOp(scope, name, toCM(x), stride, training))
}

// cmOp is Op on a channel-major x [C,B,H,W].
func cmOp(scope *model.Scope, name string, x *Node, stride int, training bool) *Node {
	c, b, h, w := cmDims(x)
	switch name {
	case "none":
		if stride == 1 {
			return ZerosLike(x)
		}
		return Zeros(x.Graph(), shapes.Make(x.DType(), c, b, outSize(h, 1, 1, stride, 0), outSize(w, 1, 1, stride, 0)))
	case "skip_connect":
		if stride == 1 {
			return x
		}
		return cmFactorizedReduce(scope, x, c, training)
	case "max_pool_3x3":
		return cmMaxPool3x3(x, stride)
	case "avg_pool_3x3":
		return cmAvgPool(x, 3, stride, 1)
	case "sep_conv_3x3":
		return cmSepConv(scope, x, c, 3, stride, training)
	case "sep_conv_5x5":
		return cmSepConv(scope, x, c, 5, stride, training)
	case "dil_conv_3x3":
		return cmDilConv(scope, x, c, 3, stride, training)
	case "dil_conv_5x5":
		return cmDilConv(scope, x, c, 5, stride, training)
	case "nor_conv_1x1":
		return cmReLUConvBN(scope, x, c, 1, stride, training)
	case "nor_conv_3x3":
		return cmReLUConvBN(scope, x, c, 3, stride, training)
	}
	panic(fmt.Sprintf("nn: unknown operation %q (want one of %v or %v)", name, dartsOps, nb201Ops))
}

// ReLUConvBN is ReLU, a k×k convolution (no bias, padding k/2) with cOut
// output channels and the given stride, then batch norm; x and the result
// are NHWC.
func ReLUConvBN(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	return fromCM(cmReLUConvBN(scope, toCM(x), cOut, k, stride, training))
}

func cmReLUConvBN(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	if stride == 1 && k%2 == 1 {
		return convUnit(x, true, nil, scope.In("conv"), scope, cOut, k, 1, training)
	}
	return cmBatchNorm(scope, cmConv(scope.In("conv"), relu(x), cOut, k, stride, 1, k/2), training)
}

// SepConv is the DARTS separable convolution: (ReLU, depthwise k×k,
// pointwise 1×1, BN) twice; the first depthwise convolution carries the
// stride, the first pointwise keeps the input channels, the second maps to
// cOut. x and the result are NHWC.
func SepConv(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	return fromCM(cmSepConv(scope, toCM(x), cOut, k, stride, training))
}

func cmSepConv(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	cin, _, _, _ := cmDims(x)
	y := cmDepthwiseUnit(scope.In("dw1"), scope.In("pw1"), scope.In("bn1"), x, cin, k, stride, 1, training)
	return convUnit(y, true, scope.In("dw2"), scope.In("pw2"), scope.In("bn2"), cOut, k, 1, training)
}

// DilConv is the DARTS dilated convolution: ReLU, depthwise k×k with
// dilation 2 (padding k-1), pointwise 1×1 to cOut, BN. x and the result
// are NHWC.
func DilConv(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	return fromCM(cmDilConv(scope, toCM(x), cOut, k, stride, training))
}

func cmDilConv(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	return cmDepthwiseUnit(scope.In("dw"), scope.In("pw"), scope, x, cOut, k, stride, 2, training)
}

// cmDepthwiseUnit is ReLU, depthwise k×k (stride, dilation d, padding
// d(k-1)/2), pointwise 1×1 to cOut, batch norm: the fused convUnit for
// stride 1, separate operations (derived gradients) otherwise.
func cmDepthwiseUnit(dwScope, pwScope, bnScope *model.Scope, x *Node, cOut, k, stride, d int, training bool) *Node {
	if stride == 1 {
		return convUnit(x, true, dwScope, pwScope, bnScope, cOut, k, d, training)
	}
	c, b, _, _ := cmDims(x)
	taps, ho, wo := cmTaps(relu(x), k, d, stride, d*(k-1)/2, 0, "depthwise convolution")
	wdw := dwWeights(dwScope, x.DType(), k, c, x.Graph())
	y := Reshape(DotGeneral(wdw, []int{2}, []int{0}, Concatenate(tapRows(taps), 1), []int{1}, []int{0}), c, b, ho, wo)
	return cmBatchNorm(bnScope, cmConv(pwScope, y, cOut, 1, 1, 1, 0), training)
}

// FactorizedReduce halves the spatial size: ReLU, then two 1×1 stride-2
// convolutions (cOut/2 and cOut-cOut/2 channels), the second on the input
// shifted by one pixel, concatenated on channels, then BN. Odd sizes are
// handled by zero-padding the shifted path (PyTorch would fail there). x
// and the result are NHWC.
func FactorizedReduce(scope *model.Scope, x *Node, cOut int, training bool) *Node {
	return fromCM(cmFactorizedReduce(scope, toCM(x), cOut, training))
}

func cmFactorizedReduce(scope *model.Scope, x *Node, cOut int, training bool) *Node {
	x = relu(x)
	_, _, h, w := cmDims(x)
	a := cmConv(scope.In("conv1"), x, cOut/2, 1, 2, 1, 0)
	ho, wo := outSize(h, 1, 1, 2, 0), outSize(w, 1, 1, 2, 0)
	// Shifted path: rows/columns 1, 3, 5, ... (padded with a zero row/column when needed).
	shifted := x
	if h%2 == 1 {
		shifted = Concatenate([]*Node{shifted, ZerosLike(Slice(shifted, AxisRange(), AxisRange(), AxisRange(0, 1), AxisRange()))}, 2)
	}
	if w%2 == 1 {
		shifted = Concatenate([]*Node{shifted, ZerosLike(Slice(shifted, AxisRange(), AxisRange(), AxisRange(), AxisRange(0, 1)))}, 3)
	}
	shifted = Slice(shifted, AxisRange(), AxisRange(), AxisRange(1, 1+2*(ho-1)+1), AxisRange(1, 1+2*(wo-1)+1))
	b := cmConv(scope.In("conv2"), shifted, cOut-cOut/2, 1, 2, 1, 0)
	return cmBatchNorm(scope, Concatenate([]*Node{a, b}, 0), training)
}

// ResidualReduce is NAS-Bench-201's residual reduction block
// (ResNetBasicblock with stride 2): ReLUConvBN 3×3 stride 2 to cOut, then
// ReLUConvBN 3×3 stride 1, plus a shortcut of 2×2 average pooling (stride 2)
// and a 1×1 convolution to cOut. x and the result are NHWC.
func ResidualReduce(scope *model.Scope, x *Node, cOut int, training bool) *Node {
	return fromCM(cmResidualReduce(scope, toCM(x), cOut, training))
}

func cmResidualReduce(scope *model.Scope, x *Node, cOut int, training bool) *Node {
	y := cmReLUConvBN(scope.In("conv_a"), x, cOut, 3, 2, training)
	y = cmReLUConvBN(scope.In("conv_b"), y, cOut, 3, 1, training)
	short := cmAvgPool(x, 2, 2, 0)
	short = cmConv(scope.In("downsample"), short, cOut, 1, 1, 1, 0)
	// 3x3 stride 2 padding 1 gives ceil(n/2), the 2x2 pool floor(n/2): they agree for even sizes.
	if !slices.Equal(y.Shape().Dimensions, short.Shape().Dimensions) {
		panic(fmt.Sprintf("nn: residual reduction of a %v input (channel-major): odd spatial size (main path %v, shortcut %v)", x.Shape().Dimensions, y.Shape().Dimensions, short.Shape().Dimensions))
	}
	return Add(y, short)
}

// BatchNorm is the package's batch normalisation over the last axis of x
// (NHWC [B,H,W,C] or [B,C]; see doc.go): batch statistics with full
// gradients in training mode (and running-average updates, momentum 0.1),
// running averages in inference.
func BatchNorm(scope *model.Scope, x *Node, training bool) *Node {
	if x.Rank() == 2 {
		dims := x.Shape().Dimensions
		return Reshape(BatchNorm(scope, Reshape(x, dims[0], 1, 1, dims[1]), training), dims...)
	}
	return fromCM(cmBatchNorm(scope, toCM(x), training))
}

// MaxPool3x3 is a 3×3 max pooling, padding 1, with the given stride (NHWC).
func MaxPool3x3(x *Node, stride int) *Node { return fromCM(cmMaxPool3x3(toCM(x), stride)) }

// AvgPool is a k×k average pooling with stride and padding, dividing by the
// number of non-padded elements (count_include_pad=False) (NHWC).
func AvgPool(x *Node, k, stride, padding int) *Node {
	return fromCM(cmAvgPool(toCM(x), k, stride, padding))
}
