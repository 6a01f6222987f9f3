package nn

import (
	"fmt"
	"os"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	_ "github.com/gomlx/compute/gobackend" // pure-Go backend
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// Network is a cell-based image classifier: [NB201Net] or [DARTSNet].
type Network interface {
	// Logits builds the network on images [B,H,W,C] (NHWC, float) under
	// scope, in training mode (batch statistics, drop-path, auxiliary head)
	// or inference mode, and returns logits [B,classes] and the auxiliary
	// head's logits (nil when there is none).
	Logits(scope *model.Scope, images *graph.Node, training bool) (logits, auxLogits *graph.Node)
	// InputChannels is the number of image channels the stem expects.
	InputChannels() int
}

// ModelFn adapts net to GoMLX's train.ModelFn signature
// (func(scope, spec, inputs) predictions): inputs[0] are the images; the
// mode comes from scope.IsTraining(g) (set by train.Trainer). It returns
// [logits] in inference and [logits, auxLogits] in training when the network
// has an auxiliary head.
func ModelFn(net Network) func(scope *model.Scope, spec any, inputs []*graph.Node) []*graph.Node {
	return func(scope *model.Scope, spec any, inputs []*graph.Node) []*graph.Node {
		training := scope.IsTraining(inputs[0].Graph())
		logits, aux := net.Logits(scope, inputs[0], training)
		if aux != nil {
			return []*graph.Node{logits, aux}
		}
		return []*graph.Node{logits}
	}
}

// GoBackendConfig is the pure-Go backend configuration this package uses:
// parallelism=-1 avoids the deadlock of nested worker pools measured with
// GoMLX v0.28.0 (see doc.go).
const GoBackendConfig = "go:parallelism=-1"

// NewBackend returns the backend named by $GOMLX_BACKEND, or the pure-Go
// backend with [GoBackendConfig] when it is unset. A "go" backend without a
// parallelism setting gets parallelism=-1 added. Other backends (XLA) must
// be compiled in by the main package (this package only imports the pure-Go
// one); an unknown name is an error listing those available.
func NewBackend() (b compute.Backend, err error) {
	env, _ := os.LookupEnv(compute.ConfigEnvVar)
	cfg := backendConfig(env)
	defer func() {
		// compute.NewWithConfig panics on unknown backend names.
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("create GoMLX backend %q (from $%s=%q): %v (backends compiled in: %v)", cfg, compute.ConfigEnvVar, env, r, compute.List())
		}
	}()
	b, err = compute.NewWithConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("create GoMLX backend %q (from $%s=%q): %w", cfg, compute.ConfigEnvVar, env, err)
	}
	return b, nil
}

// backendConfig maps the $GOMLX_BACKEND value to the configuration used.
func backendConfig(env string) string {
	switch {
	case env == "" || env == "go":
		return GoBackendConfig
	case strings.HasPrefix(env, "go:") && !strings.Contains(env, "parallelism"):
		return env + ",parallelism=-1"
	}
	return env
}

// NumParameters returns the number of trainable parameters of net for
// images of height×width (batch 1, float32) in inference mode (so an
// auxiliary head is excluded, as DARTS's count_parameters_in_MB), building
// and compiling the graph once with a scratch store but not running it.
func NumParameters(backend compute.Backend, net Network, height, width int) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("count parameters: %v", r)
		}
	}()
	store := model.NewStore()
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, images *graph.Node) *graph.Node {
		logits, _ := net.Logits(scope, images, false)
		return logits
	})
	if err != nil {
		return 0, fmt.Errorf("count parameters: %w", err)
	}
	defer exec.Finalize()
	img := shapes.Make(dtypes.Float32, 1, height, width, net.InputChannels())
	if err := exec.PreCompile(tensors.FromShape(img)); err != nil {
		return 0, fmt.Errorf("count parameters: %w", err)
	}
	for v := range store.IterVariables() {
		if v.Trainable {
			n += v.Shape().Size()
		}
	}
	return n, nil
}
