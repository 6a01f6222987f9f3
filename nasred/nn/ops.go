package nn

import (
	"fmt"
	"slices"

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

// Op applies the named operation of either space to x [B,H,W,C] with the
// given stride (1 or 2), keeping the channel count C, under scope (which
// holds the operation's variables). Names: "none", "skip_connect",
// "max_pool_3x3", "avg_pool_3x3", "sep_conv_3x3", "sep_conv_5x5",
// "dil_conv_3x3", "dil_conv_5x5", "nor_conv_1x1", "nor_conv_3x3".
//
// Stride 2 follows the DARTS conventions: skip_connect becomes a factorized
// reduce, pools and convolutions stride their first window, "none" returns
// zeros of the strided shape. Op panics on an unknown name (graph-building
// code; validate names with [KnownOp] first).
func Op(scope *model.Scope, name string, x *Node, stride int, training bool) *Node {
	c := x.Shape().Dimensions[3]
	switch name {
	case "none":
		if stride == 1 {
			return ZerosLike(x)
		}
		return ZerosLike(window(x, 0, 0, 1, stride, outSize(x.Shape().Dimensions[1], 1, 1, stride, 0), outSize(x.Shape().Dimensions[2], 1, 1, stride, 0)))
	case "skip_connect":
		if stride == 1 {
			return x
		}
		return FactorizedReduce(scope, x, c, training)
	case "max_pool_3x3":
		return maxPool3x3(x, stride)
	case "avg_pool_3x3":
		return avgPool(x, 3, stride, 1)
	case "sep_conv_3x3":
		return SepConv(scope, x, c, 3, stride, training)
	case "sep_conv_5x5":
		return SepConv(scope, x, c, 5, stride, training)
	case "dil_conv_3x3":
		return DilConv(scope, x, c, 3, stride, training)
	case "dil_conv_5x5":
		return DilConv(scope, x, c, 5, stride, training)
	case "nor_conv_1x1":
		return ReLUConvBN(scope, x, c, 1, stride, training)
	case "nor_conv_3x3":
		return ReLUConvBN(scope, x, c, 3, stride, training)
	}
	panic(fmt.Sprintf("nn: unknown operation %q (want one of %v or %v)", name, dartsOps, nb201Ops))
}

// ReLUConvBN is ReLU, a k×k convolution (no bias, padding k/2) with cOut
// output channels and the given stride, then batch norm.
func ReLUConvBN(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	y := conv2D(scope.In("conv"), relu(x), cOut, k, stride, 1, k/2)
	return batchNorm(scope, y, training)
}

// SepConv is the DARTS separable convolution: (ReLU, depthwise k×k,
// pointwise 1×1, BN) twice; the first depthwise convolution carries the
// stride, the first pointwise keeps the input channels, the second maps to
// cOut.
func SepConv(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	cin := x.Shape().Dimensions[3]
	y := depthwiseConv2D(scope.In("dw1"), relu(x), k, stride, 1, k/2)
	y = conv2D(scope.In("pw1"), y, cin, 1, 1, 1, 0)
	y = batchNorm(scope.In("bn1"), y, training)
	y = depthwiseConv2D(scope.In("dw2"), relu(y), k, 1, 1, k/2)
	y = conv2D(scope.In("pw2"), y, cOut, 1, 1, 1, 0)
	return batchNorm(scope.In("bn2"), y, training)
}

// DilConv is the DARTS dilated convolution: ReLU, depthwise k×k with
// dilation 2 (padding k-1), pointwise 1×1 to cOut, BN.
func DilConv(scope *model.Scope, x *Node, cOut, k, stride int, training bool) *Node {
	y := depthwiseConv2D(scope.In("dw"), relu(x), k, stride, 2, k-1)
	y = conv2D(scope.In("pw"), y, cOut, 1, 1, 1, 0)
	return batchNorm(scope, y, training)
}

// FactorizedReduce halves the spatial size: ReLU, then two 1×1 stride-2
// convolutions (cOut/2 and cOut-cOut/2 channels), the second on the input
// shifted by one pixel, concatenated on channels, then BN. Odd sizes are
// handled by zero-padding the shifted path (PyTorch would fail there).
func FactorizedReduce(scope *model.Scope, x *Node, cOut int, training bool) *Node {
	x = relu(x)
	dims := x.Shape().Dimensions
	h, w := dims[1], dims[2]
	a := conv2D(scope.In("conv1"), x, cOut/2, 1, 2, 1, 0)
	ho, wo := outSize(h, 1, 1, 2, 0), outSize(w, 1, 1, 2, 0)
	// Shifted path: rows/columns 1, 3, 5, ... (padded with a zero row/column when needed).
	shifted := x
	if h%2 == 1 {
		shifted = Concatenate([]*Node{shifted, ZerosLike(Slice(shifted, AxisRange(), AxisRange(0, 1), AxisRange(), AxisRange()))}, 1)
	}
	if w%2 == 1 {
		shifted = Concatenate([]*Node{shifted, ZerosLike(Slice(shifted, AxisRange(), AxisRange(), AxisRange(0, 1), AxisRange()))}, 2)
	}
	shifted = Slice(shifted, AxisRange(), AxisRange(1, 1+2*(ho-1)+1), AxisRange(1, 1+2*(wo-1)+1), AxisRange())
	b := conv2D(scope.In("conv2"), shifted, cOut-cOut/2, 1, 2, 1, 0)
	return batchNorm(scope, Concatenate([]*Node{a, b}, 3), training)
}

// ResidualReduce is NAS-Bench-201's residual reduction block
// (ResNetBasicblock with stride 2): ReLUConvBN 3×3 stride 2 to cOut, then
// ReLUConvBN 3×3 stride 1, plus a shortcut of 2×2 average pooling (stride 2)
// and a 1×1 convolution to cOut.
func ResidualReduce(scope *model.Scope, x *Node, cOut int, training bool) *Node {
	y := ReLUConvBN(scope.In("conv_a"), x, cOut, 3, 2, training)
	y = ReLUConvBN(scope.In("conv_b"), y, cOut, 3, 1, training)
	short := avgPool(x, 2, 2, 0)
	short = conv2D(scope.In("downsample"), short, cOut, 1, 1, 1, 0)
	// 3x3 stride 2 padding 1 gives ceil(n/2), the 2x2 pool floor(n/2): they agree for even sizes.
	if !slices.Equal(y.Shape().Dimensions, short.Shape().Dimensions) {
		panic(fmt.Sprintf("nn: residual reduction of a %v input: odd spatial size (main path %v, shortcut %v)", x.Shape().Dimensions, y.Shape().Dimensions, short.Shape().Dimensions))
	}
	return Add(y, short)
}

// BatchNorm is the package's batch normalisation over the last axis of x
// (see doc.go): batch statistics with full gradients in training mode (and
// running-average updates, momentum 0.1), running averages in inference.
func BatchNorm(scope *model.Scope, x *Node, training bool) *Node {
	return batchNorm(scope, x, training)
}

// MaxPool3x3 is a 3×3 max pooling, padding 1, with the given stride.
func MaxPool3x3(x *Node, stride int) *Node { return maxPool3x3(x, stride) }

// AvgPool is a k×k average pooling with stride and padding, dividing by the
// number of non-padded elements (count_include_pad=False).
func AvgPool(x *Node, k, stride, padding int) *Node { return avgPool(x, k, stride, padding) }
