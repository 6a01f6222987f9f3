package train

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/nasred/nasred/nasred/dataset"
	"github.com/nasred/nasred/nasred/nn"
)

// benchTrainConfig is one configuration of scripts/bench-train.sh: the
// network, the batch and the image size; scripts/gpu/torch_darts.py builds
// the same network in PyTorch from the same flags.
type benchTrainConfig struct {
	name           string
	spec           NetworkSpec
	batch          int
	h, w, channels int
}

// nb201BestCIFAR10 is the best CIFAR-10 cell of NAS-Bench-201;
// nb201Readme is the cell of the README's MNIST command.
const (
	nb201BestCIFAR10 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
	nb201Readme      = benchNB201
)

// benchTrainConfigs are the configurations of issue 8: the two 32×32×3
// networks and the small MNIST networks of the training notebook (DARTS_V2
// with C=8 and 4 cells, analysis.DefaultTrainCellsOptions) and of the
// README's `nasred train --space nb201 ... --channels 8 --cells 1`.
var benchTrainConfigs = []benchTrainConfig{
	{"darts-c16-l8-b64-32x32x3", NetworkSpec{Space: SpaceDARTS, Arch: "DARTS_V2", Channels: 16, Cells: 8, Auxiliary: true, DropPath: 0.2}, 64, 32, 32, 3},
	{"nb201-c16-n5-b64-32x32x3", NetworkSpec{Space: SpaceNB201, Arch: nb201BestCIFAR10, Channels: 16, Cells: 5}, 64, 32, 32, 3},
	{"darts-c8-l4-b32-28x28x1", NetworkSpec{Space: SpaceDARTS, Arch: "DARTS_V2", Channels: 8, Cells: 4, Auxiliary: true, DropPath: 0.2}, 32, 28, 28, 1},
	{"nb201-c8-n1-b32-28x28x1", NetworkSpec{Space: SpaceNB201, Arch: nb201Readme, Channels: 8, Cells: 1}, 32, 28, 28, 1},
}

// BenchmarkTrainConfigs measures the steady-state training step of
// nasred's networks: forward, backward and the SGD update (momentum 0.9,
// weight decay 3e-4, gradient clipping 5; for DARTS the auxiliary head with
// weight 0.4 and drop-path at probability 0.1), no augmentation, one fixed
// batch of random images. It reports the images/s of the median of
// $NASRED_BENCH_STEPS (default 7) timed steps after two untimed ones (the
// first compiles), the CPU seconds per step, the compilation time and the
// process's peak resident memory. It is slow, so it runs only with
// NASRED_BENCH_TRAIN=1 (scripts/bench-train.sh, `make bench-train`).
func BenchmarkTrainConfigs(b *testing.B) {
	if os.Getenv("NASRED_BENCH_TRAIN") == "" {
		b.Skip("set NASRED_BENCH_TRAIN=1 (or run make bench-train): each configuration takes minutes")
	}
	steps := 7
	if s := os.Getenv("NASRED_BENCH_STEPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("NASRED_BENCH_STEPS=%q: want a positive integer", s)
		}
		steps = n
	}
	for _, cfg := range benchTrainConfigs {
		b.Run(cfg.name, func(b *testing.B) {
			for b.Loop() {
				r := benchTrainRun(b, cfg, steps)
				b.ReportMetric(r.imagesPerSecond, "images/s")
				b.ReportMetric(r.cpuPerStep, "cpu-s/step")
				b.ReportMetric(r.compileSeconds, "compile-s")
				b.ReportMetric(peakRSSMiB(), "peak-rss-MiB")
				b.ReportMetric(float64(r.params), "params")
			}
		})
	}
}

type benchTrainResult struct {
	imagesPerSecond, cpuPerStep, compileSeconds float64
	params                                      int
}

// benchTrainRun builds cfg's network and training graph as Train does and
// times steps training steps after two untimed ones.
func benchTrainRun(b *testing.B, cfg benchTrainConfig, steps int) benchTrainResult {
	b.Helper()
	spec := cfg.spec
	spec.Classes, spec.InputChannels = 10, cfg.channels
	net, _, err := BuildNetwork(spec)
	if err != nil {
		b.Fatal(err)
	}
	o := DefaultOptions()
	o.BatchSize, o.Steps, o.Cutout, o.MixupAlpha = cfg.batch, steps+2, 0, 0
	o.DropPath = spec.DropPath
	train, err := dataset.NewSynthetic(cfg.batch, cfg.h, cfg.w, cfg.channels, 10, 1)
	if err != nil {
		b.Fatal(err)
	}
	test, err := dataset.NewSynthetic(cfg.batch, cfg.h, cfg.w, cfg.channels, 10, 2)
	if err != nil {
		b.Fatal(err)
	}
	backend, err := NewBackend("")
	if err != nil {
		b.Fatal(err)
	}
	r, err := newRunner(backend, net, Data{Train: train, Test: test}, o)
	if err != nil {
		b.Fatal(err)
	}
	defer r.close()
	if dp, ok := net.(DropPathNetwork); ok && spec.DropPath > 0 {
		// Half the final probability, as scripts/gpu/torch_darts.py.
		if err := dp.SetDropPathProb(r.store.Scope("/"+ModelScope), spec.DropPath/2); err != nil {
			b.Fatal(err)
		}
	}
	bt, err := r.trainLoader.Batch(0, 0)
	if err != nil {
		b.Fatal(err)
	}
	step := func() time.Duration {
		start := time.Now()
		out, err := r.call("bench-train step", r.trainExec, &r.trainCalled,
			tensors.FromFlatDataAndDimensions(bt.Images, bt.Size, bt.Height, bt.Width, bt.Channels),
			tensors.FromFlatDataAndDimensions(bt.Labels, bt.Size),
			tensors.FromFlatDataAndDimensions(bt.MixLabels, bt.Size),
			tensors.FromValue(float32(1)), tensors.FromValue(float32(o.LearningRate)))
		if err != nil {
			b.Fatal(err)
		}
		loss, err := scalarValue(out[0])
		if err != nil || math.IsNaN(loss) {
			b.Fatalf("bench-train step: loss %v, %v", loss, err)
		}
		for _, t := range out {
			t.MustFinalizeAll()
		}
		return time.Since(start)
	}
	compile := step()
	rssCompiled := peakRSSMiB()
	step() // the second step still allocates buffer pools
	cpu0 := cpuSecondsSelf()
	times := make([]float64, steps)
	for i := range times {
		times[i] = step().Seconds()
	}
	cpu := (cpuSecondsSelf() - cpu0) / float64(steps)
	slices.Sort(times)
	median := times[steps/2]
	if steps%2 == 0 {
		median = (times[steps/2-1] + times[steps/2]) / 2
	}
	fmt.Fprintf(os.Stderr, "bench-train %s: step seconds %v; peak RSS after the first step %.0f MiB\n", cfg.name, times, rssCompiled)
	params, err := nn.NumParameters(backend, net.(nn.Network), cfg.h, cfg.w)
	if err != nil {
		b.Fatal(err)
	}
	return benchTrainResult{imagesPerSecond: float64(cfg.batch) / median, cpuPerStep: cpu, compileSeconds: compile.Seconds(), params: params}
}

// cpuSecondsSelf is the user+system CPU time of this process so far.
func cpuSecondsSelf() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// peakRSSMiB is the peak resident set size of this process in MiB (Linux
// reports ru_maxrss in KiB).
func peakRSSMiB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Maxrss) / 1024
}
