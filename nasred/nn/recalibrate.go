package nn

import (
	"context"
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// RecalibrateBatchNorm runs net in training mode (batch statistics) over
// batches of images without touching trainable variables, so that the batch
// norms' running averages (momentum 0.1) catch up with the current weights.
// After short runs with a high learning rate the averages lag the weights and
// inference accuracy can fall far below training accuracy (measured on MNIST:
// 0.70 before, 0.90 after 60 batches); call it before evaluating. Use at
// least 30 batches. progress, when not nil, is called after each batch.
// The images tensors are not freed.
func RecalibrateBatchNorm(ctx context.Context, backend compute.Backend, store *model.Store, net Network, batches []*tensors.Tensor, progress func(done, total int)) error {
	if len(batches) == 0 {
		return fmt.Errorf("recalibrate batch norm: no batches")
	}
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, images *graph.Node) *graph.Node {
		logits, _ := net.Logits(scope, images, true)
		return graph.ReduceAllSum(logits)
	})
	if err != nil {
		return fmt.Errorf("recalibrate batch norm: %w", err)
	}
	defer exec.Finalize()
	for i, b := range batches {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("recalibrate batch norm: batch %d of %d: %w", i, len(batches), err)
		}
		out, err := exec.Call1(b)
		if err != nil {
			return fmt.Errorf("recalibrate batch norm: batch %d of %d: %w", i, len(batches), err)
		}
		out.MustFinalizeAll()
		if progress != nil {
			progress(i+1, len(batches))
		}
	}
	return nil
}
