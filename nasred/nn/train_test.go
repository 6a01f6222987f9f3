package nn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// toyBatch makes images whose class (0 or 1) is which half (left or right) is
// brighter.
func toyBatch(rng *rand.Rand, b, h, w, c int) (*tensors.Tensor, *tensors.Tensor) {
	img := make([]float32, b*h*w*c)
	lab := make([]int32, b)
	for n := range b {
		lab[n] = int32(rng.IntN(2))
		for y := range h {
			for x := range w {
				for k := range c {
					v := float32(rng.NormFloat64())
					if (x < w/2) == (lab[n] == 0) {
						v += 1
					}
					img[((n*h+y)*w+x)*c+k] = v
				}
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(img, b, h, w, c), tensors.FromFlatDataAndDimensions(lab, b, 1)
}

// auxLoss is cross-entropy of logits plus 0.4 × that of the auxiliary logits.
func auxLoss(labels, predictions []*Node) *Node {
	l := ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits(labels, predictions[:1]))
	if len(predictions) > 1 {
		l = Add(l, MulScalar(ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits(labels, predictions[1:2])), 0.4))
	}
	return l
}

// TestTrainerLearnsToy trains tiny networks with GoMLX's train.Trainer on a
// trivially learnable task: the loss must drop.
func TestTrainerLearnsToy(t *testing.T) {
	backend := testBackend(t)
	nb, err := NewNB201Net(NB201Cell{"nor_conv_3x3", "skip_connect", "nor_conv_1x1", "avg_pool_3x3", "none", "nor_conv_3x3"},
		NB201Config{Channels: 4, CellsPerStage: 1, Classes: 2, InputChannels: 1})
	if err != nil {
		t.Fatal(err)
	}
	da, err := NewDARTSNet(DARTSV2(), DARTSConfig{Channels: 4, Cells: 3, Classes: 2, InputChannels: 1, DropPathProb: 0.1, Auxiliary: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, net := range map[string]Network{"nb201": nb, "darts": da} {
		t.Run(name, func(t *testing.T) {
			store := model.NewStore()
			if err := store.SetRNGStateFromSeed(7); err != nil {
				t.Fatal(err)
			}
			tr := train.NewTrainer(backend, store, ModelFn(net), auxLoss, optimizer.Adam().LearningRate(0.01).Done(), nil, nil)
			rng := rand.New(rand.NewPCG(3, 4))
			var first, last float64
			const steps = 25
			for step := range steps {
				x, y := toyBatch(rng, 16, 12, 12, 1)
				metrics, err := tr.TrainStep(train.Batch{Inputs: []*tensors.Tensor{x}, Labels: []*tensors.Tensor{y}})
				if err != nil {
					t.Fatal(err)
				}
				l := tensors.ToScalar[float32](metrics[0])
				switch {
				case step < 3:
					first += float64(l) / 3
				case step >= steps-3:
					last += float64(l) / 3
				}
			}
			t.Logf("%s: mean loss of the first 3 steps %.3f, last 3 steps %.3f", name, first, last)
			if !(last < 0.7*first) {
				t.Errorf("loss did not drop: first %.3f, last %.3f", first, last)
			}
			// Evaluation graph (inference mode, running averages) runs too.
			x, y := toyBatch(rng, 8, 12, 12, 1)
			if _, err := tr.EvalStep(train.Batch{Inputs: []*tensors.Tensor{x}, Labels: []*tensors.Tensor{y}}); err != nil {
				t.Fatal(err)
			}
			_ = dtypes.Float32
		})
	}
}

// TestDropPath checks that drop-path zeroes whole samples at the rate set by
// SetDropPathProb, without rebuilding the graph, and scales kept ones.
func TestDropPath(t *testing.T) {
	backend := testBackend(t)
	net, err := NewDARTSNet(DARTSV2(), DARTSConfig{Channels: 2, Cells: 1, Classes: 2, InputChannels: 1, DropPathProb: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(11); err != nil {
		t.Fatal(err)
	}
	const b = 4000
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, x *Node) *Node {
		net.Logits(scope, Slice(x, AxisRange(0, 2)), true) // creates the drop-path variable
		p := ConvertDType(scope.GetVariable(dropPathVar).NodeValue(x.Graph()), x.DType())
		return fromCM(dropPath(scope, toCM(x), p)) // dropPath works on channel-major tensors
	})
	if err != nil {
		t.Fatal(err)
	}
	ones := make([]float32, b*4*4)
	for i := range ones {
		ones[i] = 1
	}
	for _, p := range []float64{0.5, 0.2, 0} {
		if p != 0.5 {
			if err := net.SetDropPathProb(store.RootScope(), p); err != nil {
				t.Fatal(err)
			}
		}
		out, err := exec.Call1(tensors.FromFlatDataAndDimensions(append([]float32(nil), ones...), b, 4, 4, 1))
		if err != nil {
			t.Fatal(err)
		}
		vals := tensors.MustCopyFlatData[float32](out)
		dropped := 0
		for n := range b {
			v := vals[n*16]
			for _, w := range vals[n*16 : (n+1)*16] {
				if w != v {
					t.Fatalf("p=%v: sample %d not dropped as a whole", p, n)
				}
			}
			switch {
			case v == 0:
				dropped++
			case math.Abs(float64(v)-1/(1-p)) > 1e-5:
				t.Fatalf("p=%v: kept value %v, want %v", p, v, 1/(1-p))
			}
		}
		rate := float64(dropped) / b
		if math.Abs(rate-p) > 0.03 {
			t.Errorf("p=%v: dropped fraction %.3f", p, rate)
		}
	}
	if err := net.SetDropPathProb(store.RootScope(), 1); err == nil {
		t.Error("SetDropPathProb(1): no error")
	}
}

// TestRecalibrateBatchNorm: after recalibrating on one batch repeated, the
// running averages are that batch's statistics, so inference logits match
// training-mode logits of the batch (up to the unbiased-variance factor).
func TestRecalibrateBatchNorm(t *testing.T) {
	backend := testBackend(t)
	net, err := NewNB201Net(NB201Cell{"nor_conv_3x3", "skip_connect", "nor_conv_1x1", "avg_pool_3x3", "none", "nor_conv_3x3"},
		NB201Config{Channels: 4, CellsPerStage: 1, Classes: 3, InputChannels: 1})
	if err != nil {
		t.Fatal(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(5); err != nil {
		t.Fatal(err)
	}
	x, _ := toyBatch(rand.New(rand.NewPCG(1, 1)), 16, 12, 12, 1)
	logitsOf := func(training bool) []float32 {
		out, err := model.CallOnce(backend, store, func(scope *model.Scope, images *Node) *Node {
			l, _ := net.Logits(scope, images, training)
			return l
		}, x)
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float32](out)
	}
	want := logitsOf(true)
	batches := make([]*tensors.Tensor, 80)
	for i := range batches {
		batches[i] = x
	}
	calls := 0
	if err := RecalibrateBatchNorm(context.Background(), backend, store, net, batches, func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls != len(batches) {
		t.Errorf("progress called %d times, want %d", calls, len(batches))
	}
	got := logitsOf(false)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 0.02*(1+math.Abs(float64(want[i]))) {
			t.Fatalf("logit %d: inference %v, training-mode %v", i, got[i], want[i])
		}
	}
	if err := RecalibrateBatchNorm(context.Background(), backend, store, net, nil, nil); err == nil {
		t.Error("no batches: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := RecalibrateBatchNorm(ctx, backend, store, net, batches, nil); err == nil {
		t.Error("cancelled context: no error")
	}
}
