package nn

// Hand-written gradients.
//
// GoMLX derives gradients operation by operation, and on the pure-Go backend
// the derived graphs of this package's hot operations are expensive: the
// gradient of a matrix product with respect to its right operand transposes
// the (large) output gradient twice, the gradient of an im2col is nine
// zero-paddings and additions (col2im), and batch norm's gradient goes
// through seven broadcasts and reductions. customGrad lets an operation
// state its gradient directly, in terms of operations the backend runs well.

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
)

// customGrad returns fwd(xs) whose gradient with respect to each xs[i] is
// bwd(xs', y, v)[i] instead of the one autodiff derives from fwd, where v is
// the gradient with respect to the returned node, y is fwd's value and xs'
// are the inputs as fwd saw them (use those, not xs, in bwd: it lets the
// backend reuse the inputs' buffers). bwd may return nil for an input that
// needs no gradient.
//
// It works with GoMLX's reverse-mode autodiff, which visits nodes in
// decreasing creation order: every xs[i] passes through an identity whose
// gradient is taken from bwd's results, and the output passes through an
// identity whose gradient function calls bwd (it is created last, so it runs
// first). The gradient graph autodiff still derives for fwd's own operations
// is not used by any output and is never executed (the backend prunes it),
// so fwd may only use operations that have a gradient in GoMLX.
func customGrad(xs []*Node, fwd func(xs []*Node) *Node, bwd func(xs []*Node, y, v *Node) []*Node) *Node {
	var grads []*Node
	done := false
	inner := make([]*Node, len(xs))
	for i, x := range xs {
		inner[i] = IdentityWithCustomGradient(x, func(x, _ *Node) *Node {
			if !done {
				panic(fmt.Sprintf("nn: custom gradient of input %d (shape %s) requested before the output's: graph built out of order", i, x.Shape()))
			}
			if grads[i] == nil {
				return ZerosLike(x)
			}
			return grads[i]
		})
	}
	y := fwd(inner)
	return IdentityWithCustomGradient(y, func(y, v *Node) *Node {
		grads = bwd(inner, y, v)
		if len(grads) != len(xs) {
			panic(fmt.Sprintf("nn: custom gradient returned %d gradients for %d inputs", len(grads), len(xs)))
		}
		for i, g := range grads {
			if g != nil && !g.Shape().Equal(xs[i].Shape()) {
				panic(fmt.Sprintf("nn: custom gradient %d has shape %s, input has %s", i, g.Shape(), xs[i].Shape()))
			}
		}
		done = true
		return v
	})
}
