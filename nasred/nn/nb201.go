package nn

import (
	"fmt"
	"slices"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// NB201Cell holds the six operation names of a NAS-Bench-201 cell in the
// benchmark's string order: edges (0→1), (0→2), (1→2), (0→3), (1→3), (2→3).
type NB201Cell [6]string

// nb201Edges are the (from, to) nodes of the NB201Cell positions.
var nb201Edges = [6][2]int{{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}}

// NB201Config sizes the NAS-Bench-201 network.
type NB201Config struct {
	// Channels is C, the width of the first stage (stages have C, 2C, 4C).
	Channels int
	// CellsPerStage is N, the number of cells in each of the 3 stages.
	CellsPerStage int
	// Classes is the number of output logits.
	Classes int
	// InputChannels is the number of image channels (1 grayscale, 3 colour).
	InputChannels int
}

// DefaultNB201Config is the benchmark's network: C=16, N=5, 10 classes,
// colour input.
func DefaultNB201Config() NB201Config {
	return NB201Config{Channels: 16, CellsPerStage: 5, Classes: 10, InputChannels: 3}
}

// NB201Net is the NAS-Bench-201 network (TinyNetwork): stem conv 3×3 to C
// channels + BN; 3 stages of N cells with a residual reduction block between
// stages (C, 2C, 4C channels); BN + ReLU; global average pool; linear.
type NB201Net struct {
	Cell   NB201Cell
	Config NB201Config
}

// NewNB201Net validates the cell and configuration.
func NewNB201Net(cell NB201Cell, cfg NB201Config) (*NB201Net, error) {
	for i, op := range cell {
		if !slices.Contains(nb201Ops, op) {
			return nil, fmt.Errorf("nb201 cell edge %d (%d→%d): unknown operation %q, want one of %v", i, nb201Edges[i][0], nb201Edges[i][1], op, nb201Ops)
		}
	}
	if err := checkSizes("nb201", cfg.Channels, cfg.CellsPerStage, cfg.Classes, cfg.InputChannels); err != nil {
		return nil, err
	}
	return &NB201Net{Cell: cell, Config: cfg}, nil
}

func checkSizes(space string, channels, cells, classes, inputChannels int) error {
	switch {
	case channels < 1:
		return fmt.Errorf("%s config: channels %d, want >= 1", space, channels)
	case cells < 1:
		return fmt.Errorf("%s config: cells %d, want >= 1", space, cells)
	case classes < 1:
		return fmt.Errorf("%s config: classes %d, want >= 1", space, classes)
	case inputChannels < 1:
		return fmt.Errorf("%s config: input channels %d, want >= 1", space, inputChannels)
	}
	return nil
}

// InputChannels returns the number of image channels the stem expects.
func (n *NB201Net) InputChannels() int { return n.Config.InputChannels }

// Logits builds the network on images [B,H,W,InputChannels] (NHWC, H and W
// divisible by 4) and returns logits [B,Classes]. auxLogits is always nil
// (NB201 has no auxiliary head). Variables live under scope.
func (n *NB201Net) Logits(scope *model.Scope, images *Node, training bool) (logits, auxLogits *Node) {
	checkImages("nb201", images, n.Config.InputChannels, 4)
	c := n.Config.Channels
	stemScope := scope.In("stem")
	x := convUnit(toCM(images), false, nil, stemScope.In("conv"), stemScope, c, 3, 1, training)
	k := 0
	for stage := range 3 {
		if stage > 0 {
			c *= 2
			x = cmResidualReduce(scope.In("reduce%d", stage), x, c, training)
		}
		for range n.Config.CellsPerStage {
			x = n.cell(scope.In("cell%d", k), x, training)
			k++
		}
	}
	x = relu(cmBatchNorm(scope.In("lastact"), x, training))
	return linear(scope.In("classifier"), cmGlobalAvgPool(x), n.Config.Classes), nil
}

// cell computes node 3 of an NB201 cell: node j = Σ_{i<j} op_{i→j}(node i),
// on channel-major nodes [C,B,H,W].
func (n *NB201Net) cell(scope *model.Scope, x *Node, training bool) *Node {
	nodes := []*Node{x}
	for j := 1; j <= 3; j++ {
		var sum *Node
		for e, ft := range nb201Edges {
			if ft[1] != j {
				continue
			}
			y := cmOp(scope.In("edge%d", e), n.Cell[e], nodes[ft[0]], 1, training)
			if sum == nil {
				sum = y
			} else {
				sum = Add(sum, y)
			}
		}
		nodes = append(nodes, sum)
	}
	return nodes[3]
}

// checkImages panics with a clear message when images is not
// [B,H,W,channels] with H and W divisible by div.
func checkImages(space string, images *Node, channels, div int) {
	dims := images.Shape().Dimensions
	if len(dims) != 4 || dims[3] != channels || dims[1] < div || dims[2] < div || dims[1]%div != 0 || dims[2]%div != 0 {
		panic(fmt.Sprintf("nn: %s network: images of shape %v, want [batch, height, width, %d] (NHWC) with height and width multiples of %d", space, dims, channels, div))
	}
	if !images.DType().IsFloat() {
		panic(fmt.Sprintf("nn: %s network: images of dtype %s, want a float dtype", space, images.DType()))
	}
}
