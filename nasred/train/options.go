package train

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"time"
)

// Options are the training recipe (the paper's training set-up) and the controls of one
// run. DefaultOptions gives the paper's proxy setup; every field is also a
// flag of `nasred train`.
type Options struct {
	// Epochs is the number of passes over the training set. It is used
	// when Steps is 0.
	Epochs int
	// Steps > 0 trains exactly Steps optimizer steps instead of Epochs
	// epochs; the schedules then run over steps instead of epochs.
	Steps int
	// BatchSize is the number of images per step (the last incomplete
	// batch of an epoch is dropped).
	BatchSize int
	// LearningRate is the initial learning rate; a cosine schedule takes
	// it to MinLearningRate at the end of training.
	LearningRate    float64
	MinLearningRate float64
	// Momentum, WeightDecay and ClipNorm configure SGD (see SGD).
	Momentum    float64
	WeightDecay float64
	ClipNorm    float64
	// AuxWeight weights the auxiliary head's loss (networks that have one).
	AuxWeight float64
	// DropPath is the final drop-path probability; as in DARTS it grows
	// linearly from 0 (p·epoch/epochs) for networks with drop-path.
	DropPath float64
	// Cutout is the side of the cutout square (0 disables).
	Cutout int
	// MixupAlpha is mixup's Beta(α, α) parameter (0 disables).
	MixupAlpha float64
	// Seed seeds weight initialisation, data order, augmentation and
	// drop-path masks: the same seed gives the same run.
	Seed uint64

	// RecalibrateBatches > 0 refreshes the batch-norm running averages
	// before every evaluation by running the network in training mode
	// (batch statistics, no weight update) over that many training batches
	// without augmentation (see nn.RecalibrateBatchNorm): after short runs
	// the averages lag the weights and inference accuracy falls far below
	// training accuracy. 0 (the paper's recipe) evaluates with the
	// averages accumulated during training.
	RecalibrateBatches int

	// EvalEvery > 0 adds an evaluation (a metrics row) every EvalEvery
	// steps; there is always one at the end of every epoch and at the end
	// of training.
	EvalEvery int
	// EvalBatch is the batch size of evaluation.
	EvalBatch int
	// LogEvery > 0 calls Progress every LogEvery steps (and at the end).
	LogEvery int
	// CheckpointEvery > 0 saves a checkpoint every CheckpointEvery steps;
	// one is always saved at every evaluation, at the end and when the
	// context is cancelled. It needs OutDir.
	CheckpointEvery int
	// StepTimeout bounds one training or evaluation step (the first one
	// gets extra time for compilation): a step that takes longer fails the
	// run loudly instead of hanging (the pure-Go backend can deadlock).
	StepTimeout time.Duration
	// OutDir, when set, receives metrics.csv and checkpoint.bin.
	OutDir string
	// Backend is the GoMLX backend configuration ("" = $GOMLX_BACKEND or
	// DefaultBackend), see NewBackend.
	Backend string
	// Fingerprint identifies what is trained (space, architecture, data,
	// network size); it is stored in checkpoints together with the recipe
	// so that a run resumes only from a checkpoint of the same
	// configuration.
	Fingerprint string
	// Progress, when set, receives a report every LogEvery steps.
	Progress func(Progress)
}

// DefaultOptions returns the paper's proxy-training recipe: 100 epochs,
// batch 96, SGD lr 0.025 momentum 0.9 weight decay 3e-4, cosine schedule
// to 0, auxiliary weight 0.4, drop-path 0.2, cutout 16, mixup α 0.2,
// gradient clipping 5.
func DefaultOptions() Options {
	return Options{
		Epochs: 100, BatchSize: 96,
		LearningRate: 0.025, Momentum: 0.9, WeightDecay: 3e-4, ClipNorm: 5,
		AuxWeight: 0.4, DropPath: 0.2, Cutout: 16, MixupAlpha: 0.2,
		EvalBatch: 256, LogEvery: 50, StepTimeout: 10 * time.Minute,
	}
}

// Validate checks the options.
func (o *Options) Validate() error {
	if o.Steps < 0 || o.Epochs < 0 || (o.Steps == 0 && o.Epochs == 0) {
		return fmt.Errorf("train: epochs %d, steps %d: expected epochs > 0 or steps > 0", o.Epochs, o.Steps)
	}
	if o.BatchSize <= 0 || o.EvalBatch <= 0 {
		return fmt.Errorf("train: batch %d, eval batch %d: expected > 0", o.BatchSize, o.EvalBatch)
	}
	sgd := o.sgd()
	if err := sgd.Validate(); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"min learning rate", o.MinLearningRate}, {"aux weight", o.AuxWeight}, {"mixup alpha", o.MixupAlpha}} {
		if !(p.v >= 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("train: %s %v: expected a finite number >= 0", p.name, p.v)
		}
	}
	if !(o.DropPath >= 0 && o.DropPath < 1) {
		return fmt.Errorf("train: drop-path %v: expected 0 <= p < 1", o.DropPath)
	}
	if o.RecalibrateBatches < 0 {
		return fmt.Errorf("train: recalibrate batches %d: expected >= 0", o.RecalibrateBatches)
	}
	if o.Cutout < 0 || o.EvalEvery < 0 || o.LogEvery < 0 || o.CheckpointEvery < 0 {
		return fmt.Errorf("train: cutout %d, eval-every %d, log-every %d, checkpoint-every %d: expected >= 0", o.Cutout, o.EvalEvery, o.LogEvery, o.CheckpointEvery)
	}
	if o.StepTimeout <= 0 {
		return fmt.Errorf("train: step timeout %v: expected > 0", o.StepTimeout)
	}
	return nil
}

func (o *Options) sgd() *SGD {
	return &SGD{LearningRate: o.LearningRate, Momentum: o.Momentum, WeightDecay: o.WeightDecay, ClipNorm: o.ClipNorm}
}

// recipeFingerprint hashes everything that changes the numbers a run
// produces (not the output folder, logging or timeouts).
func (o *Options) recipeFingerprint() string {
	s := fmt.Sprintf("v1|%s|e%d|s%d|b%d|lr%g|min%g|m%g|wd%g|c%g|aux%g|dp%g|co%d|mix%g|seed%d|ev%d|eb%d",
		o.Fingerprint, o.Epochs, o.Steps, o.BatchSize, o.LearningRate, o.MinLearningRate, o.Momentum,
		o.WeightDecay, o.ClipNorm, o.AuxWeight, o.DropPath, o.Cutout, o.MixupAlpha, o.Seed, o.EvalEvery, o.EvalBatch)
	if o.RecalibrateBatches > 0 { // absent when 0: older checkpoints stay valid
		s += fmt.Sprintf("|rc%d", o.RecalibrateBatches)
	}
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// schedule gives the learning rate and drop-path probability of step s
// (0-based) out of total, with nb steps per epoch. With Epochs set (and
// Steps 0) both follow DARTS and change once per epoch:
// lr = min + (lr0-min)(1+cos(π·e/E))/2 and p = DropPath·e/E for epoch e;
// with Steps set, e/E is replaced by s/Steps.
func (o *Options) schedule(s, nb int) (lr, dropPath float64) {
	var f float64
	if o.Steps > 0 {
		f = float64(s) / float64(o.Steps)
	} else {
		f = float64(s/nb) / float64(o.Epochs)
	}
	lr = o.MinLearningRate + (o.LearningRate-o.MinLearningRate)*(1+math.Cos(math.Pi*f))/2
	return lr, o.DropPath * f
}
