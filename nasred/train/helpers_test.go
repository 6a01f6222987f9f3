package train

import (
	"math/rand/v2"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/nasred/nasred/nasred/dataset"
)

// quadrantSet makes n images h×w×c whose label k in 0..3 is the quadrant
// holding a bright 3×3 blob, over uniform noise.
func quadrantSet(name string, n, h, w, c int, seed uint64) *dataset.Set {
	r := rand.New(rand.NewPCG(seed, 1))
	s := &dataset.Set{Name: name, Height: h, Width: w, Channels: c, Classes: 4}
	for range n {
		k := r.IntN(4)
		img := make([]byte, h*w*c)
		for i := range img {
			img[i] = byte(r.IntN(100))
		}
		cy := (k/2)*(h/2) + r.IntN(h/2-2)
		cx := (k%2)*(w/2) + r.IntN(w/2-2)
		for y := cy; y < cy+3; y++ {
			for x := cx; x < cx+3; x++ {
				for ch := range c {
					img[(y*w+x)*c+ch] = 250
				}
			}
		}
		s.Pixels = append(s.Pixels, img...)
		s.Labels = append(s.Labels, uint8(k))
	}
	return s
}

// tinyNet is a two-layer perceptron with dropout (to exercise the RNG
// state), a batch-statistics running mean (a non-trainable variable
// updated in training) and an optional auxiliary head; it implements
// DropPathNetwork through a recorded probability variable.
type tinyNet struct {
	hidden, classes int
	aux             bool
}

func (n tinyNet) Logits(scope *model.Scope, images *Node, training bool) (logits, aux *Node) {
	g := images.Graph()
	b := images.Shape().Dimensions[0]
	x := Reshape(images, b, -1)
	d := x.Shape().Dimensions[1]
	f32 := dtypes.Float32
	w1 := scope.VariableWithShape("w1", shapes.Make(f32, d, n.hidden)).NodeValue(g)
	b1 := scope.VariableWithShape("b1", shapes.Make(f32, n.hidden)).NodeValue(g)
	h := Max(Add(MatMul(x, w1), ExpandAxes(b1, 0)), ScalarZero(g, f32))
	run := scope.WithInitializer(func(g *Graph, s shapes.Shape) *Node { return Zeros(g, s) }).
		VariableWithShape("running_mean", shapes.Make(f32, n.hidden)).SetTrainable(false)
	if training {
		run.SetNodeValue(Add(MulScalar(run.NodeValue(g), 0.9), MulScalar(ReduceMean(h, 0), 0.1)))
		keep := GreaterThan(scope.RandomUniform(g, h.Shape()), Scalar(g, f32, 0.2))
		h = Where(keep, DivScalar(h, 0.8), ZerosLike(h))
	}
	w2 := scope.VariableWithShape("w2", shapes.Make(f32, n.hidden, n.classes)).NodeValue(g)
	logits = MatMul(h, w2)
	if training && n.aux {
		wa := scope.VariableWithShape("wa", shapes.Make(f32, d, n.classes)).NodeValue(g)
		aux = MatMul(x, wa)
	}
	return logits, aux
}

// SetDropPathProb records p in a variable, as nn.DARTSNet does.
func (n tinyNet) SetDropPathProb(scope *model.Scope, p float64) error {
	v := scope.GetVariable("drop_path_prob")
	if v == nil {
		scope.VariableWithValue("drop_path_prob", float32(p)).SetTrainable(false)
		return nil
	}
	return v.SetValue(tensorsFromValue(float32(p)))
}

func tensorsFromValue(v float32) *tensors.Tensor { return tensors.FromValue(v) }
