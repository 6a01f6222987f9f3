package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/nasred/nasred/nasred/dataset"
)

// Network is a classifier that Train can train; nn.NB201Net and
// nn.DARTSNet implement it. Logits builds the network on NHWC float32
// images and returns logits [B, classes] and the auxiliary head's logits
// (nil when there is none or when not training).
type Network interface {
	Logits(scope *model.Scope, images *Node, training bool) (logits, auxLogits *Node)
}

// DropPathNetwork is a Network with drop-path whose probability Train
// schedules (set between steps, see Options.DropPath).
type DropPathNetwork interface {
	Network
	SetDropPathProb(scope *model.Scope, p float64) error
}

// ModelScope is the scope under which the network's variables live.
const ModelScope = "model"

// Data is what Train reads: a training set, an optional validation set
// (evaluated at every metrics row) and a test set (evaluated at the end).
// All must have the same image shape and number of classes.
type Data struct {
	Train, Val, Test *dataset.Set
}

// Result is the outcome of Train.
type Result struct {
	// Rows are all metrics rows (also in OutDir/metrics.csv).
	Rows []Row
	// Steps is the number of optimizer steps of the whole run.
	Steps int
	// StartStep is the step this process started from (> 0 after resuming).
	StartStep int
	// TestAccuracy is the final test accuracy; ValAccuracy the last
	// validation accuracy (NaN without a validation set).
	TestAccuracy, ValAccuracy float64
	// ImagesPerSecond is the training throughput of this process: images
	// per second of training step (batch preparation included, evaluation
	// excluded) after its first step, which includes compilation; 0 with
	// fewer than two steps.
	ImagesPerSecond float64
	// Store holds the trained variables.
	Store *model.Store
}

// ErrStepTimeout is returned (wrapped) when a step exceeds
// Options.StepTimeout.
var ErrStepTimeout = errors.New("step timed out")

// Train trains net on data with the recipe in opts and returns the final
// metrics. With opts.OutDir set it writes metrics.csv after every row and
// keeps a checkpoint; if OutDir already holds a checkpoint of the same
// configuration (opts.Fingerprint and the recipe), training resumes from it
// and produces exactly the numbers an uninterrupted run produces (metrics
// rows except their wall-clock seconds, and all variables); a checkpoint of
// another configuration is an error. When ctx is cancelled, Train finishes
// the running step, saves a checkpoint and returns ctx's error.
func Train(ctx context.Context, net Network, data Data, opts Options) (res *Result, err error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if err := data.check(); err != nil {
		return nil, err
	}
	backend, err := NewBackend(opts.Backend)
	if err != nil {
		return nil, err
	}
	r, err := newRunner(backend, net, data, opts)
	if err != nil {
		return nil, err
	}
	defer r.close()
	return r.run(ctx)
}

func (d *Data) check() error {
	if d.Train == nil || d.Test == nil {
		return errors.New("train: data needs a training and a test set")
	}
	for _, s := range []*dataset.Set{d.Train, d.Val, d.Test} {
		if s == nil {
			continue
		}
		if err := s.Validate(); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		if s.Len() == 0 {
			return fmt.Errorf("train: data set %s is empty", s.Name)
		}
		if s.Height != d.Train.Height || s.Width != d.Train.Width || s.Channels != d.Train.Channels || s.Classes != d.Train.Classes {
			return fmt.Errorf("train: data set %s has images %dx%dx%d and %d classes, training set %dx%dx%d and %d",
				s.Name, s.Height, s.Width, s.Channels, s.Classes, d.Train.Height, d.Train.Width, d.Train.Channels, d.Train.Classes)
		}
	}
	return nil
}

type runner struct {
	opts    Options
	net     Network
	data    Data
	backend compute.Backend
	store   *model.Store

	trainLoader *dataset.Loader
	mean, std   []float64
	nb, total   int

	trainExec, evalExec   *model.Exec
	trainCalled, evalCall bool
	// recalLoader and recalExec serve Options.RecalibrateBatches (nil
	// when 0).
	recalLoader *dataset.Loader
	recalExec   *model.Exec
	recalCalled bool
	// timedOut is set when a step exceeded its timeout.
	timedOut bool
}

func newRunner(backend compute.Backend, net Network, data Data, opts Options) (*runner, error) {
	mean, std := data.Train.ChannelStats()
	for c := range std {
		if std[c] == 0 {
			std[c] = 1 // a constant channel: only centre it
		}
	}
	ld, err := dataset.NewLoader(data.Train, dataset.LoaderOptions{
		BatchSize: opts.BatchSize, Shuffle: true, DropLast: true, Seed: opts.Seed,
		Augment: dataset.DefaultAugment(data.Train.Channels, opts.Cutout, opts.MixupAlpha),
		Mean:    mean, Std: std,
	})
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	r := &runner{opts: opts, net: net, data: data, backend: backend, trainLoader: ld, mean: mean, std: std}
	r.nb = ld.NumBatches()
	r.total = opts.Steps
	if r.total == 0 {
		r.total = opts.Epochs * r.nb
	}
	r.store = model.NewStore()
	r.store.SetParam(model.ParamInitialSeed, int64(opts.Seed))
	if err := r.store.SetRNGStateFromSeed(int64(opts.Seed)); err != nil {
		return nil, fmt.Errorf("train: seed: %w", err)
	}
	if r.trainExec, err = model.NewExec(backend, r.store, r.trainGraph); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if r.evalExec, err = model.NewExec(backend, r.store, r.evalGraph); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if opts.RecalibrateBatches > 0 {
		if r.recalLoader, err = dataset.NewLoader(data.Train, dataset.LoaderOptions{
			BatchSize: min(opts.BatchSize, data.Train.Len()), Shuffle: true, DropLast: true, Seed: opts.Seed + 1,
			Mean: mean, Std: std,
		}); err != nil {
			return nil, fmt.Errorf("train: recalibration: %w", err)
		}
		if r.recalExec, err = model.NewExec(backend, r.store, r.recalGraph); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	return r, nil
}

func (r *runner) close() {
	if r.timedOut {
		// A step is still running (possibly deadlocked): finalizing the
		// executors could block on it. Leave them to the process exit.
		return
	}
	r.trainExec.Finalize()
	r.evalExec.Finalize()
	if r.recalExec != nil {
		r.recalExec.Finalize()
	}
}

// softmaxCE returns the per-example cross-entropy [B] of logits [B,K]
// against int32 labels [B].
func softmaxCE(logits, labels *Node) *Node {
	logp := LogSoftmax(logits, -1)
	oh := OneHot(labels, logits.Shape().Dimensions[1], logp.DType())
	return Neg(ReduceSum(Mul(oh, logp), -1))
}

// mixedCE is λ·CE(labels) + (1-λ)·CE(mixLabels), averaged over the batch.
func mixedCE(logits, labels, mixLabels, lam *Node) *Node {
	lam = ConvertDType(lam, logits.DType())
	a := ReduceAllMean(softmaxCE(logits, labels))
	b := ReduceAllMean(softmaxCE(logits, mixLabels))
	return Add(Mul(lam, a), Mul(OneMinus(lam), b))
}

func correct(logits, labels *Node) *Node {
	pred := ArgMax(logits, -1, dtypes.Int32)
	return ConvertDType(Equal(pred, labels), dtypes.Float32)
}

// trainGraph: inputs images, labels, mixLabels, λ, lr; outputs the main
// loss and the (λ-weighted) accuracy of the batch.
func (r *runner) trainGraph(scope *model.Scope, g *Graph, in []*Node) []*Node {
	images, labels, mixLabels, lam, lr := in[0], in[1], in[2], in[3], in[4]
	r.store.SetTraining(g, true)
	logits, aux := r.net.Logits(scope.In(ModelScope), images, true)
	logits = ConvertDType(logits, dtypes.Float32)
	loss := mixedCE(logits, labels, mixLabels, lam)
	total := loss
	if aux != nil && r.opts.AuxWeight > 0 {
		total = Add(total, MulScalar(mixedCE(ConvertDType(aux, dtypes.Float32), labels, mixLabels, lam), r.opts.AuxWeight))
	}
	optimizer.LearningRateVar(scope, dtypes.Float32, r.opts.LearningRate).SetNodeValue(lr)
	r.opts.sgd().UpdateGraph(scope, g, total)
	l32 := ConvertDType(lam, dtypes.Float32)
	acc := Add(Mul(l32, ReduceAllMean(correct(logits, labels))), Mul(OneMinus(l32), ReduceAllMean(correct(logits, mixLabels))))
	return []*Node{loss, acc}
}

// evalGraph: inputs images, labels; output 1/0 per example.
func (r *runner) evalGraph(scope *model.Scope, images, labels *Node) *Node {
	r.store.SetTraining(images.Graph(), false)
	logits, _ := r.net.Logits(scope.In(ModelScope), images, false)
	return correct(logits, labels)
}

// recalGraph runs the network in training mode (batch statistics, which
// updates the batch-norm running averages) without an optimizer step; its
// output only keeps the graph alive.
func (r *runner) recalGraph(scope *model.Scope, images *Node) *Node {
	r.store.SetTraining(images.Graph(), true)
	logits, _ := r.net.Logits(scope.In(ModelScope), images, true)
	return ReduceAllSum(logits)
}

// recalibrate refreshes the batch-norm running averages before the
// evaluation after step (see Options.RecalibrateBatches). The batches
// depend only on step, so resumed runs recalibrate identically.
func (r *runner) recalibrate(step int) error {
	if r.recalExec == nil {
		return nil
	}
	nb := r.recalLoader.NumBatches()
	for k := range r.opts.RecalibrateBatches {
		i := step*r.opts.RecalibrateBatches + k
		b, err := r.recalLoader.Batch(i/nb, i%nb)
		if err != nil {
			return fmt.Errorf("recalibrate batch norm: %w", err)
		}
		out, err := r.call(fmt.Sprintf("batch-norm recalibration batch %d after step %d", k+1, step), r.recalExec, &r.recalCalled,
			tensors.FromFlatDataAndDimensions(b.Images, b.Size, b.Height, b.Width, b.Channels))
		if err != nil {
			return err
		}
		for _, t := range out {
			t.MustFinalizeAll()
		}
	}
	return nil
}

// call runs exec with a timeout; the first call of each executor gets 10
// extra minutes for graph compilation.
func (r *runner) call(what string, exec *model.Exec, first *bool, args ...any) ([]*tensors.Tensor, error) {
	d := r.opts.StepTimeout
	if !*first {
		d += 10 * time.Minute
	}
	*first = true
	out, err := callWithTimeout(d, what, func() ([]*tensors.Tensor, error) { return exec.Call(args...) })
	if errors.Is(err, ErrStepTimeout) {
		r.timedOut = true
	}
	return out, err
}

// callWithTimeout runs fn in its own goroutine and returns its result, or
// an ErrStepTimeout error when it does not finish within d. A timed-out
// fn keeps running (Go cannot stop it): callers must treat the error as
// fatal. Panics in fn are returned as errors.
func callWithTimeout[T any](d time.Duration, what string, fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		defer func() {
			if p := recover(); p != nil {
				res.err = fmt.Errorf("%s: panic: %v\n%s", what, p, debug.Stack())
			}
			done <- res
		}()
		res.v, res.err = fn()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case res := <-done:
		return res.v, res.err
	case <-timer.C:
		var zero T
		return zero, fmt.Errorf("%s did not finish within %v: %w (the pure-Go backend can deadlock; rerun with GOMLX_BACKEND=go:parallelism=-1, resume continues from the last checkpoint, or raise the step timeout)", what, d, ErrStepTimeout)
	}
}

func scalarValue(t *tensors.Tensor) (float64, error) {
	switch v := t.Value().(type) {
	case float32:
		return float64(v), nil
	case float64:
		return v, nil
	}
	return 0, fmt.Errorf("expected a float scalar, got %s", t.Shape())
}

// evaluate returns the accuracy on s (no augmentation, eval batch size,
// the last batch padded so that one graph serves all batches).
func (r *runner) evaluate(s *dataset.Set) (float64, error) {
	eb := min(r.opts.EvalBatch, s.Len())
	ld, err := dataset.NewLoader(s, dataset.LoaderOptions{BatchSize: eb, Mean: r.mean, Std: r.std})
	if err != nil {
		return 0, fmt.Errorf("evaluate %s: %w", s.Name, err)
	}
	var hits float64
	for i := range ld.NumBatches() {
		b, err := ld.Batch(0, i)
		if err != nil {
			return 0, err
		}
		images, labels := b.Images, b.Labels
		if b.Size < eb {
			images = append(images, make([]float32, (eb-b.Size)*b.Height*b.Width*b.Channels)...)
			labels = append(labels, make([]int32, eb-b.Size)...)
		}
		out, err := r.call(fmt.Sprintf("evaluation batch %d of %s", i, s.Name), r.evalExec, &r.evalCall,
			tensors.FromFlatDataAndDimensions(images, eb, b.Height, b.Width, b.Channels),
			tensors.FromFlatDataAndDimensions(labels, eb))
		if err != nil {
			return 0, err
		}
		c := tensors.MustCopyFlatData[float32](out[0])
		for k := range b.Size {
			hits += float64(c[k])
		}
	}
	return hits / float64(s.Len()), nil
}

func (r *runner) run(ctx context.Context) (*Result, error) {
	opts := r.opts
	var st checkpointState
	st.Recipe = opts.recipeFingerprint()
	st.Description = opts.Fingerprint
	ckPath := ""
	if opts.OutDir != "" {
		ckPath = filepath.Join(opts.OutDir, CheckpointFile)
		ck, err := loadCheckpointFile(ckPath)
		if err != nil {
			return nil, err
		}
		if ck != nil {
			if ck.State.Recipe != st.Recipe {
				return nil, fmt.Errorf("train: %s holds a checkpoint of another configuration (%s, recipe %s; this run: %s, recipe %s): use another output folder or delete it",
					ckPath, ck.State.Description, ck.State.Recipe, st.Description, st.Recipe)
			}
			if ck.State.Step > r.total {
				return nil, fmt.Errorf("train: checkpoint %s is at step %d, beyond this run's %d steps", ckPath, ck.State.Step, r.total)
			}
			if err := ck.restore(r.store); err != nil {
				return nil, fmt.Errorf("train: %s: %w", ckPath, err)
			}
			st = ck.State
		}
	}
	var rows []Row
	for _, s := range st.Rows {
		row, _ := rowFromStrings(s) // checked by readCheckpoint
		rows = append(rows, row)
	}
	res := &Result{Steps: r.total, StartStep: st.Step, Store: r.store, ValAccuracy: math.NaN(), TestAccuracy: math.NaN()}
	save := func() error {
		if ckPath == "" {
			return nil
		}
		st.Rows = st.Rows[:0]
		for _, row := range rows {
			st.Rows = append(st.Rows, rowToStrings(row))
		}
		return saveCheckpoint(ckPath, r.store, st)
	}

	dpNet, hasDropPath := r.net.(DropPathNetwork)
	start := time.Now()
	secondsBefore := st.Seconds
	logT, logStep := start, st.Step
	var logLoss, logAcc float64
	var logN int
	var lr, dp float64
	// Throughput: time of the training steps (batch preparation
	// included) after this process's first one, which compiles.
	var timedSteps int
	var timedSeconds float64
	for st.Step < r.total {
		if err := ctx.Err(); err != nil {
			st.Seconds = secondsBefore + time.Since(start).Seconds()
			if serr := save(); serr != nil {
				return nil, fmt.Errorf("train: interrupted at step %d (%w); saving the checkpoint failed: %v", st.Step, err, serr)
			}
			return nil, fmt.Errorf("train: interrupted at step %d of %d (checkpoint saved): %w", st.Step, r.total, err)
		}
		s := st.Step
		stepStart := time.Now()
		lr, dp = opts.schedule(s, r.nb)
		if !hasDropPath {
			dp = 0 // reported as 0: the network has no drop-path
		}
		if hasDropPath && opts.DropPath > 0 {
			if err := dpNet.SetDropPathProb(r.store.Scope("/"+ModelScope), dp); err != nil {
				return nil, fmt.Errorf("train: step %d: %w", s, err)
			}
		}
		b, err := r.trainLoader.Batch(s/r.nb, s%r.nb)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		out, err := r.call(fmt.Sprintf("training step %d", s+1), r.trainExec, &r.trainCalled,
			tensors.FromFlatDataAndDimensions(b.Images, b.Size, b.Height, b.Width, b.Channels),
			tensors.FromFlatDataAndDimensions(b.Labels, b.Size),
			tensors.FromFlatDataAndDimensions(b.MixLabels, b.Size),
			tensors.FromValue(b.MixWeight),
			tensors.FromValue(float32(lr)))
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		loss, err1 := scalarValue(out[0])
		acc, err2 := scalarValue(out[1])
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("train: step %d: %w", s+1, err)
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return nil, fmt.Errorf("train: step %d: loss is %v: training diverged (lower the learning rate?)", s+1, loss)
		}
		st.Step++
		if st.Step > res.StartStep+1 {
			timedSteps++
			timedSeconds += time.Since(stepStart).Seconds()
		}
		st.LossSum += loss
		st.AccSum += acc
		st.AccCount++
		logLoss += loss
		logAcc += acc
		logN++

		if opts.Progress != nil && opts.LogEvery > 0 && (st.Step%opts.LogEvery == 0 || st.Step == r.total) {
			now := time.Now()
			opts.Progress(Progress{Step: st.Step, TotalSteps: r.total, Epoch: float64(st.Step) / float64(r.nb),
				Loss: logLoss / float64(logN), Accuracy: logAcc / float64(logN), LR: lr,
				ImagesPerSecond: float64((st.Step-logStep)*opts.BatchSize) / now.Sub(logT).Seconds(),
				Elapsed:         now.Sub(start)})
			logT, logStep, logLoss, logAcc, logN = now, st.Step, 0, 0, 0
		}

		evalNow := st.Step%r.nb == 0 || (opts.EvalEvery > 0 && st.Step%opts.EvalEvery == 0) || st.Step == r.total
		if evalNow {
			row := Row{Step: st.Step, Epoch: float64(st.Step) / float64(r.nb), LR: lr, DropPath: dp,
				TrainLoss: st.LossSum / float64(st.AccCount), TrainAccuracy: st.AccSum / float64(st.AccCount),
				ValAccuracy: math.NaN(), TestAccuracy: math.NaN()}
			if err := r.recalibrate(st.Step); err != nil {
				return nil, fmt.Errorf("train: %w", err)
			}
			if r.data.Val != nil {
				if row.ValAccuracy, err = r.evaluate(r.data.Val); err != nil {
					return nil, fmt.Errorf("train: %w", err)
				}
			}
			if st.Step == r.total {
				if row.TestAccuracy, err = r.evaluate(r.data.Test); err != nil {
					return nil, fmt.Errorf("train: %w", err)
				}
			}
			st.Seconds = secondsBefore + time.Since(start).Seconds()
			row.Seconds = st.Seconds
			rows = append(rows, row)
			st.LossSum, st.AccSum, st.AccCount = 0, 0, 0
			if opts.OutDir != "" {
				if err := writeMetrics(opts.OutDir, rows); err != nil {
					return nil, fmt.Errorf("train: %w", err)
				}
			}
		}
		if evalNow || (opts.CheckpointEvery > 0 && st.Step%opts.CheckpointEvery == 0) {
			st.Seconds = secondsBefore + time.Since(start).Seconds()
			if err := save(); err != nil {
				return nil, fmt.Errorf("train: %w", err)
			}
		}
	}
	if timedSteps > 0 {
		res.ImagesPerSecond = float64(timedSteps*opts.BatchSize) / timedSeconds
	}
	res.Rows = rows
	if n := len(rows); n > 0 {
		res.TestAccuracy = rows[n-1].TestAccuracy
		res.ValAccuracy = rows[n-1].ValAccuracy
	}
	if opts.OutDir != "" && len(rows) > 0 {
		if err := writeMetrics(opts.OutDir, rows); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	return res, nil
}
