package nn

import (
	"fmt"
	"slices"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// DARTSEdge is one edge of a DARTS cell: an operation name (see [DARTSOpNames])
// applied to an input state: 0 = c_{k-2}, 1 = c_{k-1}, 2..5 = intermediate
// nodes 0..3 of the cell.
type DARTSEdge struct {
	Op    string
	Input int
}

// DARTSCell lists a cell's 8 edges: edges 2i and 2i+1 feed intermediate
// node i (state i+2), as in DARTS's Genotype lists.
type DARTSCell [8]DARTSEdge

// DARTSGenotype is a normal cell and a reduction cell.
type DARTSGenotype struct {
	Normal, Reduce DARTSCell
}

// DARTSV2 returns the DARTS (second-order) genotype published by Liu et al.
func DARTSV2() DARTSGenotype {
	return DARTSGenotype{
		Normal: DARTSCell{{"sep_conv_3x3", 0}, {"sep_conv_3x3", 1}, {"sep_conv_3x3", 0}, {"sep_conv_3x3", 1}, {"sep_conv_3x3", 1}, {"skip_connect", 0}, {"skip_connect", 0}, {"dil_conv_3x3", 2}},
		Reduce: DARTSCell{{"max_pool_3x3", 0}, {"max_pool_3x3", 1}, {"skip_connect", 2}, {"max_pool_3x3", 1}, {"max_pool_3x3", 0}, {"skip_connect", 2}, {"skip_connect", 2}, {"max_pool_3x3", 1}},
	}
}

// DARTSConfig sizes the DARTS evaluation network (NetworkCIFAR).
type DARTSConfig struct {
	// Channels is C, the initial cell width (the stem has 3C channels).
	Channels int
	// Cells is L, the number of cells; cells L/3 and 2L/3 reduce.
	Cells int
	// Classes is the number of output logits.
	Classes int
	// InputChannels is the number of image channels (1 grayscale, 3 colour).
	InputChannels int
	// DropPathProb is the initial drop-path probability (0 disables); it is
	// stored in a variable that [DARTSNet.SetDropPathProb] changes between
	// steps without rebuilding graphs.
	DropPathProb float64
	// Auxiliary adds the auxiliary head after cell 2L/3 (training only).
	Auxiliary bool
}

// DefaultDARTSConfig is the paper's proxy training network (NB301): C=32,
// 8 cells, 10 classes, colour input, drop-path 0.2, auxiliary head.
func DefaultDARTSConfig() DARTSConfig {
	return DARTSConfig{Channels: 32, Cells: 8, Classes: 10, InputChannels: 3, DropPathProb: 0.2, Auxiliary: true}
}

// DARTSNet is the DARTS evaluation network (NetworkCIFAR): stem conv 3×3 to
// 3C + BN; L cells, reduction cells at L/3 and 2L/3 (stride 2 on edges from
// the cell inputs, channels doubled); each cell preprocesses c_{k-2} and
// c_{k-1} with ReLU-conv1×1-BN (factorized reduce for c_{k-2} after a
// reduction cell), sums two edge operations per node and concatenates nodes
// 2..5; drop-path on non-identity edges in training; an optional auxiliary
// head after cell 2L/3; global average pool; linear classifier.
type DARTSNet struct {
	Genotype DARTSGenotype
	Config   DARTSConfig
}

// NewDARTSNet validates the genotype and configuration.
func NewDARTSNet(geno DARTSGenotype, cfg DARTSConfig) (*DARTSNet, error) {
	for _, cc := range []struct {
		name string
		cell DARTSCell
	}{{"normal", geno.Normal}, {"reduce", geno.Reduce}} {
		for i, e := range cc.cell {
			if !slices.Contains(dartsOps, e.Op) {
				return nil, fmt.Errorf("darts %s cell edge %d: unknown operation %q, want one of %v", cc.name, i, e.Op, dartsOps)
			}
			if node := i / 2; e.Input < 0 || e.Input > node+1 {
				return nil, fmt.Errorf("darts %s cell edge %d: input %d, want 0..%d (node %d may read c_{k-2}, c_{k-1} and earlier nodes)", cc.name, i, e.Input, node+1, node)
			}
		}
	}
	if err := checkSizes("darts", cfg.Channels, cfg.Cells, cfg.Classes, cfg.InputChannels); err != nil {
		return nil, err
	}
	if cfg.DropPathProb < 0 || cfg.DropPathProb >= 1 || cfg.DropPathProb != cfg.DropPathProb {
		return nil, fmt.Errorf("darts config: drop-path probability %v, want 0 <= p < 1", cfg.DropPathProb)
	}
	return &DARTSNet{Genotype: geno, Config: cfg}, nil
}

// InputChannels returns the number of image channels the stem expects.
func (n *DARTSNet) InputChannels() int { return n.Config.InputChannels }

// dropPathVar is the name of the scalar variable holding the drop-path
// probability, directly under the network's scope.
const dropPathVar = "drop_path_prob"

// SetDropPathProb sets the drop-path probability used by training graphs
// built under scope (the scope passed to Logits), e.g. to follow DARTS's
// linear schedule p·epoch/epochs. Call it after the graph was built once
// (or before: it then creates the variable).
func (n *DARTSNet) SetDropPathProb(scope *model.Scope, p float64) error {
	if p < 0 || p >= 1 || p != p {
		return fmt.Errorf("set drop-path probability %v: want 0 <= p < 1", p)
	}
	v := scope.GetVariable(dropPathVar)
	if v == nil {
		scope.VariableWithValue(dropPathVar, float32(p)).SetTrainable(false)
		return nil
	}
	if err := v.SetValue(tensors.FromValue(float32(p))); err != nil {
		return fmt.Errorf("set drop-path probability: %w", err)
	}
	return nil
}

// Logits builds the network on images [B,H,W,InputChannels] (NHWC, H and W
// multiples of 4) and returns logits [B,Classes] and, when training with
// Config.Auxiliary, the auxiliary head's logits [B,Classes] (nil otherwise).
func (n *DARTSNet) Logits(scope *model.Scope, images *Node, training bool) (logits, auxLogits *Node) {
	checkImages("darts", images, n.Config.InputChannels, 4)
	g := images.Graph()
	cfg := n.Config
	var dropProb *Node
	if training && cfg.DropPathProb > 0 {
		v := scope.GetVariable(dropPathVar)
		if v == nil {
			v = scope.VariableWithValue(dropPathVar, float32(cfg.DropPathProb)).SetTrainable(false)
		}
		dropProb = ConvertDType(v.NodeValue(g), images.DType())
	}

	c := cfg.Channels
	cCurr := 3 * c
	stemScope := scope.In("stem")
	stem := convUnit(toCM(images), false, nil, stemScope.In("conv"), stemScope, cCurr, 3, 1, training)
	s0, s1 := stem, stem
	cCurr = c
	reductionPrev := false
	for i := range cfg.Cells {
		reduction := i == cfg.Cells/3 || i == 2*cfg.Cells/3
		if reduction {
			cCurr *= 2
		}
		out := n.cell(scope.In("cell%d", i), s0, s1, cCurr, reduction, reductionPrev, training, dropProb)
		s0, s1 = s1, out
		reductionPrev = reduction
		if i == 2*cfg.Cells/3 && cfg.Auxiliary && training {
			auxLogits = cmAuxHead(scope.In("aux"), s1, cfg.Classes, training)
		}
	}
	logits = linear(scope.In("classifier"), cmGlobalAvgPool(s1), cfg.Classes)
	return logits, auxLogits
}

// cell builds one DARTS cell with c channels per node on channel-major
// states [C,B,H,W].
func (n *DARTSNet) cell(scope *model.Scope, s0, s1 *Node, c int, reduction, reductionPrev, training bool, dropProb *Node) *Node {
	if reductionPrev {
		s0 = cmFactorizedReduce(scope.In("pre0"), s0, c, training)
	} else {
		s0 = cmReLUConvBN(scope.In("pre0"), s0, c, 1, 1, training)
	}
	s1 = cmReLUConvBN(scope.In("pre1"), s1, c, 1, 1, training)
	geno := n.Genotype.Normal
	if reduction {
		geno = n.Genotype.Reduce
	}
	states := []*Node{s0, s1}
	for node := range 4 {
		var sum *Node
		for k := 2 * node; k < 2*node+2; k++ {
			e := geno[k]
			stride := 1
			if reduction && e.Input < 2 {
				stride = 2
			}
			h := cmOp(scope.In("edge%d", k), e.Op, states[e.Input], stride, training)
			isIdentity := e.Op == "skip_connect" && stride == 1
			if dropProb != nil && !isIdentity {
				h = dropPath(scope, h, dropProb)
			}
			if sum == nil {
				sum = h
			} else {
				sum = Add(sum, h)
			}
		}
		states = append(states, sum)
	}
	return Concatenate(states[2:], 0)
}

// dropPath zeroes whole samples of the channel-major x [C,B,H,W] with
// probability p and scales the kept ones by 1/(1-p).
func dropPath(scope *model.Scope, x, p *Node) *Node {
	keep := OneMinus(p)
	b := x.Shape().Dimensions[1]
	mask := scope.RandomBernoulli(keep, shapes.Make(x.DType(), 1, b, 1, 1))
	return Mul(x, Div(mask, keep))
}

// auxHead is DARTS's AuxiliaryHeadCIFAR: ReLU, 5×5 average pool (stride 3,
// no padding), conv 1×1 to 128 + BN + ReLU, conv 2×2 to 768 + BN + ReLU,
// linear. For inputs smaller than 8×8 (e.g. 7×7 from 28×28 images) the pool
// stride (and, below 6×6, its window) shrinks so that at least 2×2 remains;
// whatever the 2×2 convolution leaves is averaged before the linear layer.
// At 8×8 (32×32 images) it is exactly DARTS's head. x is NHWC.
func auxHead(scope *model.Scope, x *Node, classes int, training bool) *Node {
	return cmAuxHead(scope, toCM(x), classes, training)
}

// cmAuxHead is auxHead on a channel-major x [C,B,H,W].
func cmAuxHead(scope *model.Scope, x *Node, classes int, training bool) *Node {
	x = relu(x)
	_, _, h, w := cmDims(x)
	if h < 3 || w < 3 {
		panic(fmt.Sprintf("nn: darts auxiliary head: %dx%d input, want at least 3x3 (use larger images or disable Auxiliary)", h, w))
	}
	k := min(5, h-1, w-1)
	s := 3
	if min(outSize(h, k, 1, s, 0), outSize(w, k, 1, s, 0)) < 2 {
		s = max(1, min(h, w)-k)
	}
	x = cmAvgPool(x, k, s, 0)
	x = relu(convUnit(x, false, nil, scope.In("conv1"), scope.In("bn1"), 128, 1, 1, training))
	x = cmConv(scope.In("conv2"), x, 768, 2, 1, 1, 0)
	x = relu(cmBatchNorm(scope.In("bn2"), x, training))
	return linear(scope.In("classifier"), cmGlobalAvgPool(x), classes)
}
