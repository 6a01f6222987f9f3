package train

import (
	"fmt"
	"math"
	"path"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/gomlx/gomlx/support/exceptions"
)

// SGD is stochastic gradient descent with momentum, L2 weight decay and
// gradient clipping by global norm, computing exactly what PyTorch's
// torch.nn.utils.clip_grad_norm_ followed by torch.optim.SGD(momentum,
// weight_decay, dampening=0, nesterov=False) compute in the DARTS recipe:
//
//	c   = min(1, ClipNorm / (‖g‖₂ + 1e-6))   over all gradients together
//	d   = c·g + WeightDecay·w
//	buf = Momentum·buf + d                   (buf starts at 0)
//	w   = w − lr·buf
//
// GoMLX v0.28.0's built-in "sgd" has none of momentum, weight decay or
// clipping. SGD implements optimizer.Interface; the learning rate is read
// from GoMLX's learning-rate variable (optimizer.LearningRateVar), which
// the training loop sets every step from the schedule. The momentum buffers
// live under the scope MomentumScope and are saved with checkpoints.
type SGD struct {
	// LearningRate is the initial value of the learning-rate variable when
	// it does not exist yet.
	LearningRate float64
	Momentum     float64
	WeightDecay  float64
	// ClipNorm > 0 rescales the gradients so that their global L2 norm is
	// at most ClipNorm; 0 disables clipping.
	ClipNorm float64
}

// MomentumScope is the scope (under the store's root) of SGD's momentum
// buffers: the buffer of variable /a/b/w is /sgd_momentum/a/b/w.
const MomentumScope = "sgd_momentum"

var _ optimizer.Interface = (*SGD)(nil)

// Validate checks that the hyperparameters are finite and non-negative
// and that the momentum is below 1.
func (o *SGD) Validate() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"learning rate", o.LearningRate}, {"momentum", o.Momentum}, {"weight decay", o.WeightDecay}, {"clip norm", o.ClipNorm}} {
		if !(p.v >= 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("sgd: %s %v: expected a finite number >= 0", p.name, p.v)
		}
	}
	if o.Momentum >= 1 {
		return fmt.Errorf("sgd: momentum %v: expected < 1", o.Momentum)
	}
	return nil
}

// UpdateGraph implements optimizer.Interface: it builds the gradients of
// loss with respect to every trainable variable under scope and the
// update above. It increments GoMLX's global step.
func (o *SGD) UpdateGraph(scope *model.Scope, g *Graph, loss *Node) {
	if !loss.Shape().IsScalar() {
		exceptions.Panicf("sgd: loss must be a scalar, got shape %s", loss.Shape())
	}
	grads := scope.BuildTrainableVariablesGradientsGraph(loss)
	if len(grads) == 0 {
		return
	}
	dtype := loss.DType()
	lr := optimizer.LearningRateVar(scope, dtype, o.LearningRate).NodeValue(g)
	_ = optimizer.IncrementGlobalStep(g, dtypes.Int64)

	if o.ClipNorm > 0 {
		var sq *Node
		for _, gr := range grads {
			s := ReduceAllSum(Square(ConvertDType(gr, dtypes.Float32)))
			if sq == nil {
				sq = s
			} else {
				sq = Add(sq, s)
			}
		}
		coef := MinScalar(Div(Scalar(g, dtypes.Float32, o.ClipNorm), AddScalar(Sqrt(sq), 1e-6)), 1.0)
		for i := range grads {
			grads[i] = Mul(grads[i], ConvertDType(coef, grads[i].DType()))
		}
	}

	i := 0
	for v := range scope.IterVariables() {
		if !v.Trainable || !v.InUseByGraph(g) {
			continue
		}
		if i >= len(grads) {
			exceptions.Panicf("sgd: more trainable variables than gradients (%d)", len(grads))
		}
		grad := grads[i]
		i++
		w := v.NodeValue(g)
		d := grad
		if o.WeightDecay != 0 {
			d = Add(d, MulScalar(w, o.WeightDecay))
		}
		step := d
		if o.Momentum != 0 {
			buf := scope.Store().Scope(path.Join("/", MomentumScope, v.Scope())).
				WithInitializer(initializer.Zero).
				VariableWithShape(v.Name(), v.Shape()).SetTrainable(false)
			step = Add(MulScalar(buf.NodeValue(g), o.Momentum), d)
			buf.SetNodeValue(step)
		}
		lrv := lr
		if lrv.DType() != w.DType() {
			lrv = ConvertDType(lr, w.DType())
		}
		v.SetNodeValue(Sub(w, Mul(lrv, step)))
	}
	if i != len(grads) {
		exceptions.Panicf("sgd: %d gradients for %d trainable variables", len(grads), i)
	}
}

// Clear implements optimizer.Interface: it deletes the momentum buffers.
func (o *SGD) Clear(scope *model.Scope) error {
	return scope.Store().DeleteVariablesInScope("/" + MomentumScope)
}
